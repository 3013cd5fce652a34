"""httpx transports over the sandbox's ASGI app: no port, no socket.

The blocking transport runs the app on an event loop of the calling thread's own, or, when that
thread's loop is already running (a blocking call made inside async code), on a private loop in
a daemon thread, as anyio's blocking portal would (without its non-daemon thread, which would
keep the interpreter from exiting when a test forgets `close()`); the async one runs it on the
caller's loop through `httpx.ASGITransport`. No private attribute of Starlette's TestClient is
used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio
import httpx

if TYPE_CHECKING:
    from .server import InProcessServer


def _time_left(request: httpx.Request) -> float | None:
    """How long the answer may take, as a socket would bound it: the request's httpx read
    timeout, which the client's transport cuts to its attempt's length (`attempt_timeout`)."""
    read = (request.extensions.get("timeout") or {}).get("read")
    return float(read) if read is not None else None


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

    def __init__(self, owner: InProcessServer) -> None:
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

    def __init__(self, owner: InProcessServer) -> None:
        self._owner = owner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return await _serve(self._owner._asgi, request, _time_left(request))
