"""The process-wide router under httpx: which sandbox serves a request, and what is blocked.

How `sinch_sandbox()` reaches the application's own clients: by patching httpx's network
transports (`HTTPTransport.handle_request`, `AsyncHTTPTransport.handle_async_request`), as respx
does, rather than by a client hook. The reasons:

- a hook only reaches clients that consult it; the patch also stops any other httpx request
  of the code under test (a token fetched by hand, a helper's own `httpx.get`), so "nothing
  reaches the network" holds for every httpx user in the process, not only for our clients;
- the clients need no test-only code path: they build their default transport as in
  production, and the patch sits under it, so retries, limits and auth run unchanged;
- clients created by threads or by libraries the test never sees are reached the same way.

While a route is active, a request to its hosts is served by its sandbox; a request to any
other host raises `NetworkBlockedError` and is kept in the route's `blocked`. What the
sandbox's own app sends while it serves a request (its callbacks) is recorded by it instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from ..callbacks import is_loopback

if TYPE_CHECKING:
    from .server import InProcessServer


class NetworkBlockedError(AssertionError):
    """A request tried to leave the process while `sinch_sandbox()` was active."""


#: Set while the sandbox's app runs a request (and in tasks it starts): what it sends then is
#: its own callback delivery. The value says whether it may also go out to loopback.
_serving: ContextVar[tuple[InProcessServer, bool] | None] = ContextVar(
    "sinch_sandbox_serving", default=None
)


def marked_serving(app: Any, owner: InProcessServer) -> Any:
    async def serving(scope: Any, receive: Any, send: Any) -> None:
        token = _serving.set((owner, owner._send_out))
        try:
            await app(scope, receive, send)
        finally:
            _serving.reset(token)

    return serving


@dataclass
class Route:
    sandbox: InProcessServer
    hosts: frozenset[str]
    allow: frozenset[tuple[str, int]]
    blocked: list[str]
    #: `hosts=` entries with a port: served on that port only.
    addresses: frozenset[tuple[str, int]] = frozenset()
    #: `allow=` entries without a port: every port of the host may be reached.
    allow_hosts: frozenset[str] = frozenset()


routes: list[Route] = []
routes_lock = threading.Lock()
_original_sync = httpx.HTTPTransport.handle_request
_original_async = httpx.AsyncHTTPTransport.handle_async_request
_patched = False
#: Addresses where `serve_on_port` serves a sandbox: reachable while requests are routed.
served: set[tuple[str, int]] = set()


def port_of(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


def _route(request: httpx.Request) -> tuple[str, InProcessServer | None]:
    """What to do with a request that reached httpx's network transport: "record" (the
    sandbox's own callback), "record+send", "sandbox", "block" or "network"."""
    serving = _serving.get()
    if serving is not None:
        return ("record+send" if serving[1] else "record"), serving[0]
    with routes_lock:
        route = routes[-1] if routes else None
    if route is None:
        return "network", None
    host = (request.url.host or "").lower()
    if host in route.hosts or (host, port_of(request.url)) in route.addresses:
        return "sandbox", route.sandbox
    if host in route.allow_hosts or (host, port_of(request.url)) in route.allow | served:
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


def install_patch() -> None:
    """Put the router under httpx's network transports, once per process. With no
    `sinch_sandbox()` active it passes every request on unchanged (only the sandbox's own
    callback deliveries are recorded)."""
    global _patched
    with routes_lock:
        if _patched:
            return
        httpx.HTTPTransport.handle_request = _patched_handle_request  # type: ignore[method-assign]
        httpx.AsyncHTTPTransport.handle_async_request = _patched_handle_async_request  # type: ignore[method-assign]
        _patched = True


def hosts_of(
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
