"""Where a client may be used: not after `close()`, and the async one on the event loop its
connections belong to.

httpx raised a bare `RuntimeError` for the first, and for the second whatever the connections
broke with (`Event loop is closed` on a second `asyncio.run`, `ValueError: list.remove(x)`
from threads each running a loop). The clients' httpx clients check both before each call and
raise `ClientUsageError` saying what to do. The state is the connection pool's, so a
`with_options` copy (which shares the pool) shares it too.

The checks run where each request is built (`build_request`, which httpx's `request` calls
before `send`), not around `send`: nothing of this module is on the stack while a request
travels (see CONTRIBUTING's "Following one call").
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

import httpx

from . import _extras as extras
from ._exceptions import ClientUsageError


def _ref(loop: object) -> Callable[[], object | None]:
    """A weak reference where the loop allows one (nothing kept alive for the check)."""
    try:
        return weakref.ref(loop)
    except TypeError:
        return lambda: loop


class Connections:
    """One connection pool's state: closed, and the event loop its connections belong to
    (the loop of its first async call)."""

    def __init__(self, client_name: str) -> None:
        self.client_name = client_name
        self.closed = False
        self._loop: Callable[[], object | None] | None = None
        self._lock = threading.Lock()

    def check_open(self) -> None:
        if self.closed:
            raise ClientUsageError(
                f"this {self.client_name} was closed (close(), the end of its `with` block, or "
                "the close of the client it was made from with with_options): make a new "
                "client for further calls"
            )

    def check_loop(self) -> None:
        # asyncio's loop, trio's token: what anyio (httpx's own async layer) names the loop by.
        import anyio.lowlevel

        current = anyio.lowlevel.current_token().native_token
        with self._lock:
            if self._loop is None:
                self._loop = _ref(current)
                return
            bound = self._loop()
        if bound is not current:
            raise ClientUsageError(
                f"this {self.client_name}'s connections belong to another event loop (the one "
                "of its first call: a client cannot move to a second asyncio.run, or be shared "
                "by threads each running a loop): make one client per event loop, e.g. "
                f"`async with {self.client_name}() as client:` inside the coroutine the loop "
                "runs"
            )


class Client(httpx.Client):
    """httpx's client, refusing calls once its connections are closed."""

    def __init__(self, connections: Connections, **settings: Any) -> None:
        super().__init__(**settings)
        self._connections = connections

    def build_request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Request:
        self._connections.check_open()
        # The caller's extra_headers/extra_query/extra_body, once per request (see `_extras`).
        return super().build_request(method, url, **extras.merged(method, options))


class AsyncClient(httpx.AsyncClient):
    """httpx's async client, refusing calls once its connections are closed or from an
    event loop other than theirs."""

    def __init__(self, connections: Connections, **settings: Any) -> None:
        super().__init__(**settings)
        self._connections = connections

    def build_request(self, method: str, url: httpx.URL | str, **options: Any) -> httpx.Request:
        self._connections.check_open()
        self._connections.check_loop()
        return super().build_request(method, url, **extras.merged(method, options))
