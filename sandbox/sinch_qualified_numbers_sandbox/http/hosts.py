"""The Host a request names must be the sandbox's: its own address, a loopback name or
address, or a name it was told to serve (DNS rebinding).

A page of `attacker.example` whose name is then rebound to 127.0.0.1 reaches the sandbox
from the user's browser as a same-origin page, with `Host: attacker.example`; the default
credentials are public, so the Host is the only thing that tells it apart. A request without
a Host header (HTTP/1.0, no browser) is answered.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sinch_qualified_numbers.callbacks import is_loopback_host

from .errors import ApiError

#: The longest Host quoted back in a refusal.
_QUOTED = 100


def host_name(host: str) -> str:
    """The host part of a Host header value (or of a name given to serve), without its port,
    brackets or trailing dot, lower case: how hosts are compared."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    name, _, port = host.rpartition(":")
    if name and port.isdigit():
        host = name
    return host.rstrip(".")


def _is_loopback(name: str) -> bool:
    # `*.localhost` never resolves by DNS (RFC 6761): no other site can be rebound to it.
    return name.endswith(".localhost") or is_loopback_host(name)


def host_refusal(scope: dict[str, Any], served: Collection[str]) -> str | None:
    """Why the request's Host is not this sandbox's, or None when it is: a loopback name or
    address, the address the request was received on, or one of `served` (lower case)."""
    raw = next((value for key, value in scope.get("headers", []) if key == b"host"), None)
    if raw is None:
        return None
    host = raw.decode("latin-1")
    name = host_name(host)
    server = scope.get("server")
    own = str(server[0]).lower().strip("[]") if server else None
    if name and (_is_loopback(name) or name == own or name in served):
        return None
    shown = host[:_QUOTED] + ("..." if len(host) > _QUOTED else "")
    return (
        f"The Host header {shown!r} is not this sandbox's address: call it on 127.0.0.1 or "
        "localhost, or start it with --allowed-host NAME to serve another name."
    )


def checked_host(app: Any, served: Collection[str]) -> Any:
    """`app` answering 400 to a request whose Host is not the sandbox's (see `host_refusal`);
    `served` is read at each request, so names added later are served too."""

    async def checked(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            reason = host_refusal(scope, served)
            if reason is not None:
                await ApiError(400, reason)(scope, receive, send)
                return
        await app(scope, receive, send)

    return checked
