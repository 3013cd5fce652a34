"""The handlers' registry: each resource's `handlers` module registers one coroutine per
operationId of its spec tag; `app` routes the spec's paths to them."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from ..service import Sandbox

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


def tag_folder(tag: str) -> str:
    """The resource folder of a spec tag: `HostingOrders` -> `hosting_orders`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", tag).lower()


def handler_module(tag: str) -> str:
    """The module that holds the handlers of a spec tag's operations."""
    return f"sinch_qualified_numbers_sandbox.resources.{tag_folder(tag)}.handlers"


def handler_file(tag: str) -> str:
    """`handler_module(tag)` as a path inside the sandbox package."""
    return f"resources/{tag_folder(tag)}/handlers.py"
