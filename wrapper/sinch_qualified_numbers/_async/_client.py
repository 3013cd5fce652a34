"""The client: the asyncio one in `_async/` is the source, the blocking one in `_sync/` is
generated from it by `make generate`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

import httpx

from .. import _lifecycle as lifecycle
from .._base_client import BaseClient, made_once

# What only a request needs (the retrying transport and its rules, the resource context, the raw
# answers, the escape hatch) is imported by the methods below at the first request: a client
# only made costs little more than `import httpx`.
if TYPE_CHECKING:
    from ._resource_context import AsyncResourceContext
    from .callback_configuration import AsyncCallbackConfigurationResource
    from .hosting_orders import AsyncHostingOrders
    from .imported_numbers import AsyncImportedNumbers
    from .qualified_numbers import AsyncQualifiedNumbers


class AsyncQualifiedNumbersClient(BaseClient[httpx.AsyncBaseTransport]):
    """Client of the Sinch Qualified Numbers API.

    Settings come from the arguments, else from the environment (`SINCH_PROJECT_ID`,
    `SINCH_KEY_ID`, `SINCH_KEY_SECRET`, `SINCH_QN_BASE_URL`, `SINCH_QN_API_VERSION`,
    `SINCH_AUTH_URL`, `SINCH_QN_AUTH`, `SINCH_QN_PROXY`, and the limits' `SINCH_QN_*`
    variables such as `SINCH_QN_RETRY_BACKOFF`). Without `proxy`, the proxies of the
    environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) are used as httpx uses
    them.
    Use it as a context manager, or call `close()`.
    """

    _transport_class = httpx.AsyncBaseTransport

    @staticmethod
    def _http_transport(proxy: str | None) -> httpx.AsyncBaseTransport:
        from .._fork import renewed_after_fork
        from .._transport import ssl_context
        from ._network import bound_network  # httpcore's: with the transport, not the client

        # A forked child gets a pool of its own (see `_fork`).
        return renewed_after_fork(
            functools.partial(
                httpx.AsyncHTTPTransport, retries=0, verify=ssl_context(), proxy=proxy
            ),
            bound_network,
        )

    @property
    def _http(self) -> lifecycle.AsyncClient:
        """httpx's client, made at the first request (see `Transports`)."""
        return made_once(self, "_http_client", self._make_http)

    @property
    def _context(self) -> AsyncResourceContext:
        """What the resources use of the client, made with their first use."""
        from ._resource_context import AsyncResourceContext

        config, region = self.config, self.default_region
        return made_once(
            self, "_context_made", lambda: AsyncResourceContext(self._http, config, region)
        )

    def _make_http(self) -> lifecycle.AsyncClient:
        from .. import _raw_response as raw
        from .._retry import RetryPolicy
        from .._transport import Limits
        from ._transport import AsyncRetryTransport

        config = self.config
        policy = RetryPolicy(
            max_retries=config.max_retries,
            initial_delay=config.retry_backoff,
            max_retry_after=config.max_retry_after,
        )
        limits = Limits(config.attempt_timeout, config.max_response_bytes, self._auth_secrets)
        return lifecycle.AsyncClient(
            self._connections,
            base_url=config.api_base_url,
            transport=AsyncRetryTransport(self._inner, policy, limits),
            # Each proxy's transport retries and is bounded like the direct one; a None
            # (a NO_PROXY host) is the direct one.
            mounts={
                pattern: None if proxied is None else AsyncRetryTransport(proxied, policy, limits)
                for pattern, proxied in self._proxies.items()
            },
            auth=self._auth,
            # Collects the answers of a `with_raw_response` call (nothing otherwise).
            event_hooks=raw.hooks_for(httpx.AsyncClient),
            timeout=config.timeout,
            headers=self._headers(),
        )

    # Each resource, with its operations, models and rules, is imported at its first use: a
    # client costs little more than httpx until it is used, and a script that only lists
    # numbers never loads the hosting orders' code.

    @functools.cached_property
    def qualified_numbers(self) -> AsyncQualifiedNumbers:
        """The project's qualified numbers: add, list, get, delete, voice challenges, text
        enablement."""
        from .qualified_numbers import AsyncQualifiedNumbers

        return AsyncQualifiedNumbers(self._context)

    @functools.cached_property
    def callback_configuration(self) -> AsyncCallbackConfigurationResource:
        """The project's callback configuration (its signing secret)."""
        from .callback_configuration import AsyncCallbackConfigurationResource

        return AsyncCallbackConfigurationResource(self._context)

    @functools.cached_property
    def hosting_orders(self) -> AsyncHostingOrders:
        """The hosting orders: text enablement and import orders, their numbers and reports."""
        from .hosting_orders import AsyncHostingOrders

        return AsyncHostingOrders(self._context)

    @functools.cached_property
    def imported_numbers(self) -> AsyncImportedNumbers:
        """The numbers imported to the SMS platform: import, move, update, remove."""
        from .imported_numbers import AsyncImportedNumbers

        return AsyncImportedNumbers(self._context)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Call any operation of the API, one the client has no method for yet included:
        `path` is relative to the versioned base URL (`/projects/{project_id}/...`, where
        `{project_id}` is the client's). The client's auth, retries (a POST is not resent
        once it may have reached the service), limits, redaction and typed errors apply;
        returns the decoded JSON answer (None for an empty one)."""
        from .. import _escape_hatch as escape_hatch
        from .. import _extras as extras

        call = escape_hatch.call_of(method, path, self.config.project_id, params, json, headers)
        with extras.applied(extras.NONE):  # not those of a method it is called from (a hook)
            response = await self._http.request(
                call.method, call.url, params=call.params, json=call.json, headers=call.headers
            )
        return escape_hatch.decoded(response)

    async def close(self) -> None:
        """Close the connections (a client made by `with_options` leaves them to its parent).
        A call made afterwards raises `ClientUsageError`."""
        if not self._shares_connections:
            self._connections.closed = True
        if not self._owns_transport:
            return
        http: lifecycle.AsyncClient | None = vars(self).get("_http_client")
        if http is not None:
            await http.aclose()  # its transports with it
            return
        # Never used itself: the transports a `with_options` copy may have built.
        for transport in self._transports.built():
            await transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
