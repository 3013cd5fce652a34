"""The sandbox as an ASGI application: routes from the spec's paths, and the plumbing.

Each concern has its module: `auth` (who is calling), `requests` (reading input strictly),
`operations` (one handler per operationId), `process` (the state machine), `paging`,
`render` (proto3 JSON), `store` (persistence), `admin` (the sandbox-only endpoints), `faults`
and `callbacks`. This module only wires them together.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from . import process as pr
from .admin import ROUTES as ADMIN_ROUTES
from .admin import Admin
from .auth import Auth
from .callbacks import CallbackDispatcher
from .config import SandboxConfig
from .console import SandboxConsole
from .errors import ApiError
from .faults import TOKEN_OPERATION, TOKEN_PATH, FaultInjector
from .imported_operations import ImportedOperations
from .operations import Operations
from .spec import operations
from .store import Store

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
    regex = "v1beta1|v1"

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


class Sandbox:
    """State and rules of the fake service; `app` is the ASGI application serving it."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.store = Store(self.config.db_path, seed=self.config.seed)
        # The addresses this sandbox is served on, learnt from the requests it receives:
        # callbacks are never delivered back to them.
        self.own_addresses: set[tuple[str, int]] = set()
        self.auth = Auth(self.config, self.store.clock)
        self.faults = FaultInjector(self.config.faults)
        self.faults.project_of_key = self._project_of_key
        self.callbacks = CallbackDispatcher(
            self.store, self.config.callback_secret, self.own_addresses
        )
        self.operations = Operations(
            self.config, self.store, self.auth, self.callbacks, self.own_addresses
        )
        self.imported = ImportedOperations(self.operations, self.operations.imported)
        self.admin = Admin(
            self.config,
            self.store,
            self.auth,
            self.callbacks,
            self.faults,
            self.operations.imported,
        )
        self.console = SandboxConsole(self.config, self.store, self.operations.imported, self.admin)
        self.app = self._build_app()

    def _project_of_key(self, key_id: str) -> str | None:
        found = self.config.credential_for(key_id)
        return found.project_id if found is not None else None

    def settle(self) -> None:
        """Apply the transitions that are due, and queue their callbacks."""
        transitions = self.store.settle(pr.ERRORS)
        self.callbacks.on_transitions(transitions)
        imported = self.operations.imported
        imported.after_transitions(transitions)
        self.callbacks.on_imported_events(imported.settle())

    def _build_app(self) -> Any:
        handlers = {**self.operations.handlers(), **self.imported.handlers()}
        missing = {op for by_method in api_routes().values() for op in by_method.values()}
        missing -= set(handlers)
        if missing:
            raise RuntimeError(f"the spec has operations without a handler: {sorted(missing)}")
        routes = [
            Route(path, self._endpoint({m: (op, handlers[op]) for m, op in by_method.items()}),
                  methods=list(by_method))
            for path, by_method in api_routes().items()
        ]  # fmt: skip
        routes.append(
            Route(
                TOKEN_PATH,
                self._endpoint({"POST": (TOKEN_OPERATION, self.auth.token_endpoint)}),
                methods=["POST"],
            )
        )
        routes.extend(self.console.routes(self._page))
        for methods, path, name, attribute in ADMIN_ROUTES:
            handler = getattr(self.admin, attribute)
            routes.append(
                Route(
                    path,
                    self._endpoint({m: (name, handler) for m in methods}),
                    methods=list(methods),
                )
            )

        async def http_error(request: Request, exc: Exception) -> Response:
            status = exc.status_code if isinstance(exc, HTTPException) else 500
            detail = exc.detail if isinstance(exc, HTTPException) else ""
            message = "The resource could not be found." if status == 404 else str(detail)
            headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
            return ApiError(status, message, headers=headers).response()

        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            task = asyncio.create_task(self._ticker())
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                await self.callbacks.aclose()

        starlette = Starlette(
            routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan
        )
        return self.faults.wrap(_size_limits(starlette))

    async def _ticker(self) -> None:
        while True:
            try:
                self.settle()
                self.callbacks.start_deliveries()
            except Exception:  # the ticker must outlive any one bad round
                log.exception("sandbox ticker")
            await asyncio.sleep(self.config.callback_interval)

    def _page(self, handler: Handler) -> Handler:
        """A console page: state settled first; a bug is a logged 500, never a traceback."""

        async def page(request: Request) -> Response:
            try:
                self.settle()
                response: Response = await handler(request)
                return response
            except Exception:
                log.exception("sandbox console bug")
                return Response("Internal error.", status_code=500, media_type="text/plain")

        return page

    def _endpoint(self, by_method: Mapping[str, tuple[str, Handler]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            operation, handler = by_method[request.method]
            request.scope["sandbox_operation"] = operation
            server = request.scope.get("server")
            if server and server[1] is not None:
                self.own_addresses.add((str(server[0]), int(server[1])))
            try:
                self.settle()
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


def create_app(config: SandboxConfig | None = None) -> Any:
    """The ASGI application of a new sandbox (see `Sandbox` to reach its state too)."""
    return Sandbox(config).app
