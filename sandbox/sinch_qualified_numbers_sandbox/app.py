"""The sandbox as an ASGI application: routes from the spec's operationIds to one `HANDLERS`
registry (each resource's handlers; an operation without one answers 501 UNIMPLEMENTED), the
sandbox-only endpoints, the console, the error boundary, the Host check, the request-size
limits and the ticker. No state and no rule: those are the backend's (`backend.Backend`) and
its resources'.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .admin import endpoints as admin
from .auth import HANDLERS as TOKEN_ENDPOINT
from .console import routes as console_routes
from .faults import TOKEN_OPERATION, TOKEN_PATH
from .http.cross_site import READS, cross_site_refusal
from .http.errors import ApiError, unimplemented
from .http.hosts import checked_host
from .http.registry import Handler as ResourceHandler
from .http.registry import Handlers, handler_file
from .resources.callback_configuration.handlers import HANDLERS as CALLBACK_CONFIGURATION
from .resources.hosting_orders.handlers import HANDLERS as HOSTING_ORDERS
from .resources.imported_numbers.handlers import HANDLERS as IMPORTED_NUMBERS
from .resources.qualified_numbers.handlers import HANDLERS as QUALIFIED_NUMBERS
from .spec import api_versions, operation_tags, operations

if TYPE_CHECKING:
    from .service import Sandbox

log = logging.getLogger("sinch_qualified_numbers_sandbox")

Handler = Callable[[Request], Awaitable[Response]]


class SegmentConvertor(Convertor[str]):
    """A path segment without `:`, so `{phone:phone}` never swallows `:verifyVoiceChallenge`
    (nor `{order_id:segment}` a `:signLoa`)."""

    regex = "[^/:]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class VersionConvertor(Convertor[str]):
    """The API versions of the spec's server variable `version`, each served alike."""

    regex = "|".join(map(re.escape, api_versions()))

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("phone", SegmentConvertor())
register_url_convertor("segment", SegmentConvertor())
register_url_convertor("apiversion", VersionConvertor())


#: Path parameters of the spec, as this app's route parameters.
_PARAMETERS = {
    "{projectId}": "{project_id}",
    "{phoneNumber}": "{phone:phone}",
    "{hostingOrderId}": "{order_id}",
}


def api_routes() -> dict[str, dict[str, str]]:
    """Route path -> {METHOD: operationId}, from the spec's paths (one Route per path, so that
    a 405's Allow header lists every method of the path)."""
    routes: dict[str, dict[str, str]] = {}
    for method, template, operation_id in operations():
        path = "/{version:apiversion}" + template
        for name, replacement in _PARAMETERS.items():
            path = path.replace(name, replacement)
        routes.setdefault(path, {})[method] = operation_id
    return routes


def _registry(*parts: Handlers) -> Handlers:
    merged = Handlers()
    for part in parts:
        for operation_id, handler in part.items():
            merged.operation(operation_id)(handler)  # two handlers of one operation: an error
    return merged


#: operationId -> handler, every resource's.
HANDLERS = _registry(QUALIFIED_NUMBERS, HOSTING_ORDERS, IMPORTED_NUMBERS, CALLBACK_CONFIGURATION)


def unhandled_operations() -> list[str]:
    """The spec's operationIds that no resource handles (yet), in the spec's order."""
    return [op for _, _, op in operations() if op not in HANDLERS]


def _unimplemented(operation_id: str) -> ResourceHandler:
    """The answer to an operation the spec has and the sandbox does not handle yet: the
    service's error shape with gRPC's `UNIMPLEMENTED`, so one new operation in the spec never
    takes the other operations (or the sandbox) down."""

    async def not_handled(sb: Sandbox, request: Request) -> Response:
        raise unimplemented(operation_id)

    return not_handled


#: The unhandled operations already warned about: one warning per operation and process,
#: however many sandboxes it builds (each test of a suite may build its own).
_WARNED: set[str] = set()


def _warn_unhandled(missing: list[str]) -> None:
    new = [op for op in missing if op not in _WARNED]
    if not new:
        return
    _WARNED.update(new)
    tags = operation_tags()
    log.warning(
        "the spec has operations the sandbox does not handle yet; they answer 501 "
        "UNIMPLEMENTED: %s",
        ", ".join(f"{op} (its handler goes in {handler_file(tags[op])})" for op in new),
    )


def build_app(sb: Sandbox, *, ticker: Ticker | None) -> Any:
    """The ASGI application serving the backend `sb`, its lifespan running `ticker`. Without
    one it starts no background rounds: the in-process sandbox served on a port delivers
    callbacks when the test asks for them, through its own transport, never by two event loops
    at once (the dispatcher's per-project locks belong to one loop)."""
    missing = unhandled_operations()
    _warn_unhandled(missing)
    handlers = {**HANDLERS, **{op: _unimplemented(op) for op in missing}}

    def bound(
        handler: ResourceHandler,
        refusal: Callable[[Request], ApiError | None] | None = cross_site_refusal,
    ) -> Handler:
        """`handler` served for `sb`: a request that changes state refused first when another
        site's page could have sent it (`refusal`; None for the token endpoint, which changes
        no state another site could use)."""

        async def call(request: Request) -> Response:
            # A bodiless POST (a voice call) needs no JSON: another site's form could send it.
            if (
                refusal is not None
                and request.method not in READS
                and (refused := refusal(request))
            ):
                raise refused
            return await handler(sb, request)

        return call

    routes = [
        Route(path, _endpoint(sb, {m: (op, bound(handlers[op])) for m, op in by_method.items()}),
              methods=list(by_method))
        for path, by_method in api_routes().items()
    ]  # fmt: skip
    token = bound(TOKEN_ENDPOINT[TOKEN_OPERATION], refusal=None)
    routes.append(
        Route(TOKEN_PATH, _endpoint(sb, {"POST": (TOKEN_OPERATION, token)}), methods=["POST"])
    )
    routes.extend(console_routes(sb, lambda handler: _page(sb, handler)))
    for methods, path, name in admin.ROUTES:
        handler = bound(admin.HANDLERS[name], refusal=admin.cross_site_refusal)
        routes.append(
            Route(path, _endpoint(sb, {m: (name, handler) for m in methods}), methods=list(methods))
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else ""
        message = "The resource could not be found." if status == 404 else str(detail)
        headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
        return ApiError(status, message, headers=headers).response()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        assert ticker is not None
        task = asyncio.create_task(ticker.run())
        try:
            yield
        finally:
            ticker.stop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await sb.callbacks.aclose()

    starlette = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan if ticker is not None else None,
    )
    return checked_host(sb.faults.wrap(_size_limits(starlette)), sb.served_hosts)


class Ticker:
    """A served sandbox's background rounds, one every `callback_interval`: what fell due
    settled, the pending callbacks' deliveries started. A round reads and writes the database
    on the server's thread while the owner may be closing it on another (a server stopped
    while a request keeps it running): `stop`, from any thread, waits for a round under way
    and lets none start after it, so the database is closed only once nothing of the ticker
    can touch it."""

    def __init__(self, sb: Sandbox) -> None:
        self._sb = sb
        # Held for a whole round: a round has no await, so the loop never waits on it.
        self._lock = threading.Lock()
        self._stopped = False

    async def run(self) -> None:
        sb = self._sb
        while True:
            with self._lock:
                if self._stopped:
                    return
                try:
                    sb.settle()
                    sb.callbacks.start_deliveries()
                except Exception:  # the ticker must outlive any one bad round
                    log.exception("sandbox ticker")
            await asyncio.sleep(sb.config.callback_interval)

    def stop(self) -> None:
        """No round after this returns (one under way is finished first)."""
        with self._lock:
            self._stopped = True


def _page(sb: Sandbox, handler: Handler) -> Handler:
    """A console page: state settled first; a bug is a logged 500, never a traceback."""

    async def page(request: Request) -> Response:
        try:
            sb.settle()
            response: Response = await handler(request)
            return response
        except Exception:
            log.exception("sandbox console bug")
            return Response("Internal error.", status_code=500, media_type="text/plain")

    return page


def _endpoint(sb: Sandbox, by_method: Mapping[str, tuple[str, Handler]]) -> Handler:
    async def endpoint(request: Request) -> Response:
        operation, handler = by_method[request.method]
        request.scope["sandbox_operation"] = operation
        server = request.scope.get("server")
        if server and server[1] is not None:
            sb.own_addresses.add((str(server[0]), int(server[1])))
        try:
            sb.settle()
            return await handler(request)
        except ApiError as exc:
            return exc.response()
        except ClientDisconnect:
            # The client gave up (e.g. timed out during injected latency): not a bug.
            log.debug("client left during %s", operation)
            return Response(status_code=499)
        except Exception:
            log.exception("sandbox bug in %s", operation)
            return ApiError(500, "Internal error.").response()

    return endpoint


#: What a request line and its headers may hold; servers answer 414 and 431 beyond, as here.
#: (The HTTP server reads up to `MAX_REQUEST_HEAD_BYTES` so that the answer can be given.)
MAX_TARGET_BYTES = 16_384
MAX_HEADER_BYTES = 65_536
MAX_REQUEST_HEAD_BYTES = 2_097_152


def _size_limits(app: Any) -> Any:
    async def limited(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            headers = sum(len(k) + len(v) for k, v in scope.get("headers", []))
            for size, limit, status, message in (
                (target, MAX_TARGET_BYTES, 414, "The request target is too long."),
                (headers, MAX_HEADER_BYTES, 431, "The request headers are too large."),
            ):
                if size > limit:
                    await ApiError(status, message, status="INVALID_ARGUMENT")(scope, receive, send)
                    return
        await app(scope, receive, send)

    return limited
