"""`client.callback_configuration`: the secret that signs the project's callbacks."""

from __future__ import annotations

from sinch_qualified_numbers_api.api.callback_configuration import (
    get_callback_configuration,
    update_callback_configuration,
)
from sinch_qualified_numbers_api.models import (
    CallbackConfiguration as ApiCallbackConfiguration,
)

from .. import _extras as extras
from .._callback_configuration import CallbackConfiguration, from_api, update_request
from .._extras import Body, Headers, Query
from ._resource_context import AsyncResourceContext


class AsyncCallbackConfigurationResource:
    """Read and set the project's callback secret."""

    def __init__(self, context: AsyncResourceContext) -> None:
        self._context = context

    @extras.accepted
    async def get(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> CallbackConfiguration:
        """The project's configuration; `hmac_secret` is what `CallbackVerifier` needs."""
        context = self._context
        answer = await self._context.read(
            lambda: get_callback_configuration.asyncio_detailed(
                context.project_id, client=context.api
            ),
            ApiCallbackConfiguration,
        )
        return from_api(answer)

    @extras.accepted
    async def update(
        self,
        *,
        hmac_secret: str,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> CallbackConfiguration:
        """Set the secret that signs the project's callbacks from now on."""
        body = update_request(hmac_secret)
        context = self._context
        answer = await self._context.read(
            lambda: update_callback_configuration.asyncio_detailed(
                context.project_id, client=context.api, body=body
            ),
            ApiCallbackConfiguration,
        )
        return from_api(answer)
