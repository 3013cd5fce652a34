"""The sandbox in-process: httpx transports over its ASGI app, and `sinch_sandbox()`.

    from sinch_qualified_numbers_sandbox import sinch_sandbox

    with sinch_sandbox() as sandbox:          # or @sinch_sandbox() on a test function
        client = QualifiedNumbersClient()      # settings from sandbox.env: nothing to pass
        client.qualified_numbers.add(["+12025550134"])
        sandbox.voice_code("+12025550134")

`InProcessSandbox` serves one `Sandbox` without a port: `transport()` for the blocking client
and `async_transport()` for the asyncio one, over the same app and state, the OAuth2 token
endpoint included. The blocking transport runs the app on an event loop of the calling
thread's own, or, when that thread's loop is already running (a blocking call made inside async
code), on a private loop in a daemon thread, as anyio's blocking portal would (without its
non-daemon thread, which would keep the interpreter from exiting when a test forgets
`close()`); the async one runs it on the caller's loop through `httpx.ASGITransport`. No
private attribute of Starlette's TestClient is used.

How `sinch_sandbox()` reaches the application's own clients: by patching httpx's network
transports (`HTTPTransport.handle_request`, `AsyncHTTPTransport.handle_async_request`), as respx
does, rather than by a client hook. The reasons:

- a hook only reaches clients that consult it; the patch also stops any other httpx request
  of the code under test (a token fetched by hand, a helper's own `httpx.get`), so "nothing
  reaches the network" holds for every httpx user in the process, not only for our clients;
- the clients need no test-only code path: they build their default transport as in
  production, and the patch sits under it, so retries, limits and auth run unchanged;
- clients created by threads or by libraries the test never sees are reached the same way.

While active, a request to Sinch's hosts (those of the default base URL and token URL, plus
any `hosts=` given) is served by the sandbox; a request to any other host raises
`NetworkBlockedError` (an `AssertionError`, as respx's `assert_all_mocked` does) and is kept
in `blocked`, so that code that swallows exceptions still fails the test on exit. Requests
through a transport the code passed itself (`httpx.MockTransport`, respx) are not touched.
Other HTTP libraries (urllib, requests) are not patched.

Callbacks: the sandbox signs and sends its events itself; in-process, every delivery is
recorded (`callbacks()`, with its `X-Sinch-Signature`) and answered 200 without touching the
network. Any callback URL is recorded, the application's production one too (`CALLBACK_URL` is a
loopback one for tests that need one); only a served sandbox sends loopback ones on.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import json
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, Self, TypeVar, cast
from urllib.parse import urlsplit

import anyio
import httpcore
import httpx

from sinch_qualified_numbers._config import DEFAULT_BASE_URL, DEFAULT_TOKEN_URL
from sinch_qualified_numbers._redact import SavedEnvironment
from sinch_qualified_numbers._transport import _remaining as attempt_time_left

from .admin.client import SandboxAdmin
from .backend import Sandbox
from .callbacks import is_loopback
from .config import SandboxConfig

if TYPE_CHECKING:
    from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient

P = ParamSpec("P")
R = TypeVar("R")

#: Where the sandbox is reached in-process: Sinch's own URLs, so that a client built from
#: production settings (or none) is served unchanged.
BASE_URL = DEFAULT_BASE_URL
TOKEN_URL = DEFAULT_TOKEN_URL
#: A loopback callback URL for tests (in-process, every delivery is recorded, to any URL).
CALLBACK_URL = "http://127.0.0.1:8080/sinch/callbacks"
#: The first retry's wait under test: a fault costs milliseconds, not seconds.
FAST_RETRY_BACKOFF = 0.001
#: Settings that keep tests fast: no waiting for eligibility, hosting or the LOA signature.
FAST_SETTINGS: Mapping[str, Any] = {
    "eligibility_delay": 0.0,
    "hosting_delay": 0.0,
    "loa_signature_delay": 0.0,
    "provisioning_delay": 0.0,
}


class NetworkBlockedError(AssertionError):
    """A request tried to leave the process while `sinch_sandbox()` was active."""


@dataclass(frozen=True)
class CallbackDelivery:
    """One event the sandbox sent: where, the raw body and its `X-Sinch-Signature`.

    Verify it as your receiver would: `verify_signature(d.body, d.signature, secret)` or
    `CallbackVerifier(secret).verify(d.body, d.headers)` (both from the client package)."""

    url: str
    body: bytes
    signature: str
    headers: Mapping[str, str] = field(repr=False)

    def json(self) -> Any:
        """The event as a dict."""
        return json.loads(self.body)


#: Set while the sandbox's app runs a request (and in tasks it starts): what it sends then is
#: its own callback delivery. The value says whether it may also go out to loopback.
_serving: ContextVar[tuple[InProcessSandbox, bool] | None] = ContextVar(
    "sinch_sandbox_serving", default=None
)


def _wrap(app: Any, owner: InProcessSandbox) -> Any:
    async def serving(scope: Any, receive: Any, send: Any) -> None:
        token = _serving.set((owner, owner._send_out))
        try:
            await app(scope, receive, send)
        finally:
            _serving.reset(token)

    return serving


def _without_lifespan(app: Any) -> Any:
    """The app with its lifespan answered here: no background ticker on the server's own loop,
    so that callbacks are delivered when the test asks for them, through the in-process
    transport, and never by two event loops at once (the dispatcher's per-project locks
    belong to one loop)."""

    async def served(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    return served


class _Loop:
    """Where the blocking transport runs the app: an event loop of the calling thread's own
    (no thread hop: a request costs less than half), or, for a thread whose loop is already
    running (a blocking call inside async code), a private loop in a daemon thread."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()
        self._private: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def run(self, coro: Any) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._own().run_until_complete(coro)
        return asyncio.run_coroutine_threadsafe(coro, self._background()).result()

    def _own(self) -> asyncio.AbstractEventLoop:
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = self._local.loop = asyncio.new_event_loop()
            with self._lock:
                self._loops.add(loop)
            # Closed with its thread (a worker thread of the code under test), or by close().
            weakref.finalize(threading.current_thread(), loop.close)
        return loop

    def _background(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._private is None:
                self._private = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._private.run_forever, name="sinch-sandbox-loop", daemon=True
                )
                self._thread.start()
            return self._private

    def close(self) -> None:
        with self._lock:
            loops, self._loops = list(self._loops), weakref.WeakSet()
            private, thread, self._private = self._private, self._thread, None
        for loop in loops:
            if not loop.is_running() and not loop.is_closed():
                loop.close()
        if private is not None and thread is not None:
            private.call_soon_threadsafe(private.stop)
            thread.join(timeout=5)
            private.close()


def _time_left(request: httpx.Request) -> float | None:
    """How long the answer may take, as a socket would bound it: the request's httpx read
    timeout, cut to what is left of the client's attempt (`attempt_timeout`); read in the
    caller's context, where the attempt's deadline is set."""
    timeouts = request.extensions.get("timeout") or {}
    read = timeouts.get("read")
    try:
        return attempt_time_left(float(read) if read is not None else None)
    except httpcore.TimeoutException as exc:
        raise httpx.ReadTimeout(str(exc), request=request) from None


async def _serve(
    asgi: httpx.ASGITransport, request: httpx.Request, time_left: float | None = None
) -> httpx.Response:
    """One request through the app, body read; an app that fails mid-answer (an injected
    dropped connection) is what a server closing the connection looks like to httpx, and one
    that has not answered in `time_left` seconds what a read timeout looks like (the request
    may or may not have been processed, as over a socket)."""
    try:
        # anyio, not asyncio.timeout: the async transport also runs under trio.
        with anyio.fail_after(time_left):
            response = await asgi.handle_async_request(request)
            content = await response.aread()
    except TimeoutError:
        raise httpx.ReadTimeout(
            f"the in-process sandbox did not answer within {time_left:g} s", request=request
        ) from None
    except Exception as exc:
        raise httpx.RemoteProtocolError(
            f"the sandbox closed the connection ({type(exc).__name__})", request=request
        ) from None
    # A stream, not `content=`: the client reads the answer raw (bounded) as from a socket.
    return httpx.Response(
        response.status_code,
        headers=response.headers.raw,
        stream=httpx.ByteStream(content),
        request=request,
    )


class SandboxTransport(httpx.BaseTransport):
    """A blocking httpx transport served by an in-process sandbox (any URL, no port)."""

    def __init__(self, owner: InProcessSandbox) -> None:
        self._owner = owner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        time_left = _time_left(request)
        response: httpx.Response = self._owner._loop().run(
            _serve(self._owner._asgi, request, time_left)
        )
        return response


class AsyncSandboxTransport(httpx.AsyncBaseTransport):
    """An asyncio httpx transport served by an in-process sandbox (any URL, no port)."""

    def __init__(self, owner: InProcessSandbox) -> None:
        self._owner = owner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return await _serve(self._owner._asgi, request, _time_left(request))


class _TestAdmin(SandboxAdmin):
    """`InProcessSandbox.admin`: every sandbox-only endpoint from one object. It sends the
    admin key (the clock, faults, resets and deliveries of the whole sandbox) and the test's
    project's key too, which the project's own views (voice calls, hosting orders,
    submissions, seeding, signing an LOA) take: with the admin key alone they answered 401."""

    def __init__(self, owner: InProcessSandbox) -> None:
        super().__init__(
            BASE_URL,
            admin_key=owner.config.admin_key,
            project_id=owner.project_id,
            transport=owner.transport(),
        )
        self._http.auth = httpx.BasicAuth(owner.key_id, owner.key_secret)
        self._project_key_id = owner.key_id

    def _caller(self) -> str:
        return (
            f"with the admin key and key ID {self._project_key_id!r} of project {self.project_id!r}"
        )


class InProcessSandbox:
    """One sandbox served in-process, with the helpers a test needs in one call.

    The credentials are the sandbox's first (`project_id`, `key_id`, `key_secret`); `env` holds
    the five `SINCH_*` variables (and a near-zero `SINCH_QN_RETRY_BACKOFF`) for code that reads
    its settings from the environment.
    """

    def __init__(self, config: SandboxConfig | None = None, **settings: Any) -> None:
        base = config or SandboxConfig()
        self.config = base.replace(**settings) if settings else base
        self.sandbox = Sandbox(self.config)
        # Every delivery is recorded (and only a loopback one ever sent on): any URL will do.
        self.sandbox.callbacks.loopback_only = False
        # Served under Sinch's own URLs, a refusal must not read as the real service's.
        self.sandbox.auth.refusal_hint = (
            " This is the in-process sandbox (sinch_sandbox): it takes its own key only"
            " (sinch_sandbox.env); a client made before it was active, e.g. at import time,"
            " keeps the credentials it was made with."
        )
        # Sinch's own names are the names this sandbox serves (its Host check).
        self.sandbox.served_hosts.update(_hosts_of([BASE_URL, TOKEN_URL])[0])
        credential = self.config.credentials[0]
        self.project_id = credential.project_id
        self.key_id = credential.key_id
        self.key_secret = credential.key_secret
        #: While served on a port (`serve_on_port`), deliveries also go to loopback receivers.
        self._send_out = False
        self._asgi = httpx.ASGITransport(app=_wrap(self.sandbox.app, self))
        self._runner = _Loop()
        self._lock = threading.Lock()
        self._deliveries: list[CallbackDelivery] = []
        self.admin: SandboxAdmin = _TestAdmin(self)
        self.project_admin = SandboxAdmin(
            BASE_URL,
            project_id=self.project_id,
            key_id=self.key_id,
            key_secret=self.key_secret,
            transport=self.transport(),
        )
        _install_patch()

    def __repr__(self) -> str:
        return f"InProcessSandbox(project_id={self.project_id!r}, key_id={self.key_id!r})"

    def _loop(self) -> _Loop:
        return self._runner

    # -- transports and clients --------------------------------------------------------------

    def transport(self) -> httpx.BaseTransport:
        """A blocking httpx transport to this sandbox (give it as `http_transport=`)."""
        return SandboxTransport(self)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An asyncio httpx transport to this sandbox."""
        return AsyncSandboxTransport(self)

    def app(self) -> Any:
        """The ASGI app, for serving on a port: what it sends is recorded (it sends callbacks
        when asked, `deliver_callbacks()`: no background ticker)."""
        return _without_lifespan(_wrap(self.sandbox.app, self))

    @property
    def env(self) -> dict[str, str]:
        """The five `SINCH_*` variables of this sandbox's project (and a near-zero backoff)."""
        return {
            "SINCH_PROJECT_ID": self.project_id,
            "SINCH_KEY_ID": self.key_id,
            "SINCH_KEY_SECRET": self.key_secret,
            "SINCH_QN_BASE_URL": BASE_URL,
            "SINCH_AUTH_URL": TOKEN_URL,
            "SINCH_QN_RETRY_BACKOFF": str(FAST_RETRY_BACKOFF),
        }

    def _client_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        for name, value in (
            ("project_id", self.project_id),
            ("key_id", self.key_id),
            ("key_secret", self.key_secret),
            ("base_url", BASE_URL),
            ("token_url", TOKEN_URL),
            ("retry_backoff", FAST_RETRY_BACKOFF),
        ):
            settings.setdefault(name, value)
        return settings

    def client(self, **settings: Any) -> QualifiedNumbersClient:
        """A blocking client of this sandbox (any setting may be overridden)."""
        from sinch_qualified_numbers import QualifiedNumbersClient

        settings.setdefault("http_transport", self.transport())
        return QualifiedNumbersClient(**self._client_settings(settings))

    def async_client(self, **settings: Any) -> AsyncQualifiedNumbersClient:
        """An asyncio client of this sandbox (any setting may be overridden)."""
        from sinch_qualified_numbers import AsyncQualifiedNumbersClient

        settings.setdefault("http_transport", self.async_transport())
        return AsyncQualifiedNumbersClient(**self._client_settings(settings))

    # -- the helpers -------------------------------------------------------------------------

    @property
    def blocked(self) -> list[str]:
        """The requests `sinch_sandbox()` blocked while routing to this sandbox (the innermost
        activation): a test that expected them clears this list, else they fail it at its end."""
        with _routes_lock:
            for route in reversed(_routes):
                if route.sandbox is self:
                    return route.blocked
        return []

    def voice_code(self, phone_number: str) -> str:
        """The code the latest voice call to `phone_number` spoke (`SandboxAdminError` if none)."""
        return self.project_admin.voice_code(phone_number)

    def voice_codes(self) -> dict[str, str]:
        """The code of each number's latest voice call."""
        return self.project_admin.voice_codes()

    def seed(self, phone_numbers: Iterable[str], state: str = "VERIFIED") -> int:
        """Put numbers straight into `state` (e.g. `VERIFIED`), without walking the process."""
        return self.project_admin.seed(phone_numbers, state)

    def sign_loa(self, hosting_order_id: str) -> dict[str, Any]:
        """The order's LOA is e-signed now; returns the order as the service writes it."""
        return self.project_admin.sign_loa(hosting_order_id)

    def hosting_orders(self) -> list[dict[str, Any]]:
        """The hosting orders created, as the service writes them."""
        return self.project_admin.hosting_orders()

    def advance(self, seconds: float) -> float:
        """Move the sandbox clock (what falls due happens, its callbacks are queued)."""
        return self.admin.advance_clock(seconds)

    def faults(self, **settings: Any) -> dict[str, Any]:
        """Inject faults (`rate_503=1.0`, `operations=["getQualifiedNumber"]`...): a 429's
        Retry-After is 0 unless `retry_after_s` is given, so retries cost nothing."""
        settings.setdefault("retry_after_s", 0)
        if isinstance(settings.get("operations"), str):
            settings["operations"] = [settings["operations"]]
        return self.admin.set_faults(**settings)

    def clear_faults(self) -> None:
        """Back to the faults the sandbox was configured with (none by default)."""
        self.sandbox.faults.reset()

    def deliver_callbacks(self) -> int:
        """Send the pending callbacks now; returns how many were delivered."""
        return self.admin.deliver_callbacks()

    def callbacks(self) -> list[CallbackDelivery]:
        """Every callback delivered since the last reset, oldest first (pending ones are
        delivered first)."""
        self.deliver_callbacks()
        with self._lock:
            return list(self._deliveries)

    def _record(self, request: httpx.Request) -> httpx.Response:
        body = request.content
        delivery = CallbackDelivery(
            url=str(request.url),
            body=body,
            signature=request.headers.get("x-sinch-signature", ""),
            headers=dict(request.headers),
        )
        with self._lock:
            self._deliveries.append(delivery)
        return httpx.Response(200, request=request)

    def reset(self) -> None:
        """Forget everything: numbers, orders, imported numbers, secrets, callbacks, faults,
        tokens and the clock (the backend's one reset, and the deliveries recorded here)."""
        self.sandbox.reset()
        with self._lock:
            self._deliveries.clear()

    def close(self) -> None:
        """Stop the private loop and close the sandbox's database."""
        self.admin.close()
        self.project_admin.close()
        self._runner.close()
        self.sandbox.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- interception --------------------------------------------------------------------------


@dataclass
class _Route:
    sandbox: InProcessSandbox
    hosts: frozenset[str]
    allow: frozenset[tuple[str, int]]
    blocked: list[str]
    #: `hosts=` entries with a port: served on that port only.
    addresses: frozenset[tuple[str, int]] = frozenset()
    #: `allow=` entries without a port: every port of the host may be reached.
    allow_hosts: frozenset[str] = frozenset()


_routes: list[_Route] = []
_routes_lock = threading.Lock()
_original_sync = httpx.HTTPTransport.handle_request
_original_async = httpx.AsyncHTTPTransport.handle_async_request
_patched = False
#: Addresses where `serve_on_port` serves a sandbox: reachable while requests are routed.
_served: set[tuple[str, int]] = set()


def _port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _route(request: httpx.Request) -> tuple[str, InProcessSandbox | None]:
    """What to do with a request that reached httpx's network transport: "record" (the
    sandbox's own callback), "record+send", "sandbox", "block" or "network"."""
    serving = _serving.get()
    if serving is not None:
        return ("record+send" if serving[1] else "record"), serving[0]
    with _routes_lock:
        route = _routes[-1] if _routes else None
    if route is None:
        return "network", None
    host = (request.url.host or "").lower()
    if host in route.hosts or (host, _port(request.url)) in route.addresses:
        return "sandbox", route.sandbox
    if host in route.allow_hosts or (host, _port(request.url)) in route.allow | _served:
        return "network", None
    message = (
        f"sinch_sandbox() blocked {request.method} {request.url.copy_with(query=None)}: "
        f"only {', '.join(sorted(route.hosts | {f'{h}:{p}' for h, p in route.addresses}))} "
        "are served (by the in-process sandbox) and "
        "nothing may reach the network meanwhile"
    )
    route.blocked.append(message)
    raise NetworkBlockedError(message)


def _sends_on(what: str, request: httpx.Request) -> bool:
    """Does a recorded delivery also go out? Only while served on a port, and only to a
    receiver on this machine (the sandbox never calls anything else)."""
    return what == "record+send" and is_loopback(str(request.url))


def blocked_message(blocked: list[str]) -> str:
    """What a test that let requests be blocked is told at its end."""
    return (
        f"{len(blocked)} request(s) were blocked: {blocked[0]} (if the test expected that, "
        "clear them: sinch_sandbox.blocked.clear())"
    )


def _patched_handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
    what, owner = _route(request)
    if what == "network":
        return _original_sync(self, request)
    assert owner is not None
    if what == "sandbox":
        return owner.transport().handle_request(request)
    request.read()
    response = owner._record(request)
    return _original_sync(self, request) if _sends_on(what, request) else response


async def _patched_handle_async_request(
    self: httpx.AsyncHTTPTransport, request: httpx.Request
) -> httpx.Response:
    what, owner = _route(request)
    if what == "network":
        return await _original_async(self, request)
    assert owner is not None
    if what == "sandbox":
        return await owner.async_transport().handle_async_request(request)
    await request.aread()
    response = owner._record(request)
    return await _original_async(self, request) if _sends_on(what, request) else response


def _install_patch() -> None:
    """Put the router under httpx's network transports, once per process. With no
    `sinch_sandbox()` active it passes every request on unchanged (only the sandbox's own
    callback deliveries are recorded)."""
    global _patched
    with _routes_lock:
        if _patched:
            return
        httpx.HTTPTransport.handle_request = _patched_handle_request  # type: ignore[method-assign]
        httpx.AsyncHTTPTransport.handle_async_request = _patched_handle_async_request  # type: ignore[method-assign]
        _patched = True


def _hosts_of(
    entries: Iterable[str], what: str = "hosts"
) -> tuple[frozenset[str], frozenset[tuple[str, int]]]:
    """The hosts served (or for `allow`, reached) on any port (a name, a URL without a port)
    and the `(host, port)` addresses on theirs only (`localhost:8000`, a URL with a port); an
    entry that names no host is refused at once, naming it, rather than never matching."""
    hosts: set[str] = set()
    addresses: set[tuple[str, int]] = set()
    for entry in entries:
        parts = urlsplit(entry if "://" in entry else f"//{entry}")
        try:
            port = parts.port
        except ValueError:
            port = -1
        host = parts.hostname or ""
        if port == -1 or not re.fullmatch(r"[a-z0-9_.\-]+|[0-9a-f:.]+", host):
            raise ValueError(
                f"sinch_sandbox() {what}: {entry!r} names no host "
                f"{'to serve' if what == 'hosts' else 'to let through'} (give a name, "
                "host:port, or a URL)"
            )
        if port is None:
            hosts.add(host)
        else:
            addresses.add((host, port))
    return frozenset(hosts), frozenset(addresses)


class sinch_sandbox:
    """Route every httpx request to Sinch's hosts to an in-process sandbox, and block the
    rest: a context manager (`with sinch_sandbox() as sandbox:`) and a decorator.

    `config`/`settings` configure the sandbox (fast defaults: `FAST_SETTINGS`); `sandbox` uses
    an existing `InProcessSandbox` instead (it is then neither reset nor closed). `hosts` adds
    hosts served by the sandbox; `allow` lists what may still be reached (a local receiver):
    `host:port` (or a URL with a port) that port only, a host alone every port of it; an
    entry naming no host is refused at once. `env=True` sets the `SINCH_*` variables of
    `sandbox.env` meanwhile, so `QualifiedNumbersClient()` needs no arguments. On exit, a
    blocked request that the code swallowed still raises `NetworkBlockedError`.
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        sandbox: InProcessSandbox | None = None,
        hosts: Iterable[str] = (),
        allow: Iterable[str] = (),
        env: bool = True,
        **settings: Any,
    ) -> None:
        self._config = config
        self._settings = settings
        self._given = sandbox
        self._hosts, self._addresses = _hosts_of([BASE_URL, TOKEN_URL, *hosts])
        # As pytest-socket's --allow-hosts and a respx route by host: a host alone, each port.
        self._allow_hosts, self._allow = _hosts_of(allow, "allow")
        self._env = env
        self._active: list[tuple[_Route, InProcessSandbox, SavedEnvironment]] = []

    @property
    def blocked(self) -> list[str]:
        """The requests blocked so far by the innermost activation."""
        return list(self._active[-1][0].blocked) if self._active else []

    def start(self) -> InProcessSandbox:
        """Activate (what `with` does); `stop()` undoes it."""
        if self._given is not None:
            owner = self._given
        else:
            settings = {**FAST_SETTINGS, **self._settings}
            owner = InProcessSandbox(self._config, **settings)
        route = _Route(owner, self._hosts, self._allow, [], self._addresses, self._allow_hosts)
        # `hosts=` are its names too (its Host check compares names, not ports).
        owner.sandbox.served_hosts.update({*self._hosts, *(h for h, _ in self._addresses)})
        # What the variables held (the shell's real key secret, say) is kept masked: a
        # traceback's locals (pytest --showlocals) would print a plain dict.
        saved = SavedEnvironment()
        if self._env:
            saved.set(os.environ, owner.env)
        with _routes_lock:
            _routes.append(route)
        self._active.append((route, owner, saved))
        return owner

    def stop(self) -> None:
        route, owner, saved = self._active.pop()
        with _routes_lock:
            _routes.remove(route)
        saved.restore(os.environ)
        if owner is not self._given:
            owner.close()
        if route.blocked:
            raise NetworkBlockedError(blocked_message(route.blocked))

    def __enter__(self) -> InProcessSandbox:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.stop()
            return
        with contextlib.suppress(NetworkBlockedError):  # the exception under way says more
            self.stop()

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        """As a decorator: active around each call (a coroutine function too)."""
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await func(*args, **kwargs)

            return cast(Callable[P, R], run_async)

        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with self:
                return func(*args, **kwargs)

        return run


@contextlib.contextmanager
def serve_on_port(owner: InProcessSandbox) -> Iterator[tuple[str, dict[str, str]]]:
    """Serve `owner`'s sandbox (the same state) on a free 127.0.0.1 port: `(url, env)`.
    Meanwhile its callbacks, delivered by `deliver_callbacks()` or `callbacks()`, also go to
    receivers on loopback (a subprocess's server), besides being recorded."""
    from .server import serve_app_in_thread

    running = serve_app_in_thread(owner.app())
    env = {
        **owner.env,
        "SINCH_QN_BASE_URL": running.url,
        "SINCH_AUTH_URL": f"{running.url}/oauth2/token",
    }
    (address,) = _hosts_of([running.url])[1]  # its URL has a port
    with _routes_lock:
        _served.add(address)
    owner._send_out = True
    try:
        yield running.url, env
    finally:
        owner._send_out = False
        with _routes_lock:
            _served.discard(address)
        running.stop()
