# Generated from _async/_network.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""The network streams bounded by the attempt's deadline, given to httpx's own transports.

Apart from the retrying transport because they are httpcore's classes: httpcore loads with
httpx's transport, at a client's first request, and so does this module.

The asyncio code in `_async/` is the source; the blocking one in `_sync/` is generated from it
by `make generate`.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore

from .._transport import SocketOption, deadline_left


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the attempt's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, deadline_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, deadline_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # The handshake too: an `https://` proxy that speaks plain HTTP waits for a request
        # line while the client waits for TLS, and a connect timeout alone may be long or None.
        stream = self._inner.start_tls(ssl_context, server_hostname, deadline_left(timeout))
        return _DeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, deadline_left(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, deadline_left(timeout), socket_options)
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bound_network(inner: object) -> None:
    """Give httpx's own transport network streams that keep the attempt's deadline. Another
    transport (a mock, a user's own) keeps its streams; the deadline is then checked between
    the chunks of the answer only."""
    pool = getattr(inner, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
