"""The handlers' registry: each resource's `handlers` module registers one coroutine per
operationId of its spec tag; `app` routes the spec's paths to them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from ..backend import Sandbox

Handler = Callable[["Sandbox", Request], Awaitable[Response]]


class Handlers(dict[str, Handler]):
    """operationId -> handler, filled by `@HANDLERS.operation("operationId")`."""

    def operation(self, operation_id: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if operation_id in self:
                raise RuntimeError(f"{operation_id} has two handlers")
            self[operation_id] = handler
            return handler

        return register
