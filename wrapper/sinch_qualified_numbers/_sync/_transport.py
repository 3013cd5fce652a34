# Generated from _async/_transport.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""The retrying transport and the network streams bounded by the attempt's deadline.

The asyncio code in `_async/` is the source; the blocking transport in `_sync/` is generated
from it by `make generate`. The rules (when to retry, how an answer maps to an error, the
bounded decoding) are plain functions in `.._transport` and `.._retry`: the loop here only
performs the attempts and the pauses they ask for.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from .. import _transport as rules
from .._concurrency import sleep
from .._exceptions import could_have_acted
from .._retry import RetryPolicy
from .._transport import Limits, SocketOption, deadline_left


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


def read_bounded(
    request: httpx.Request, response: httpx.Response, limits: Limits
) -> httpx.Response:
    """The answer's body, read by the attempt's deadline and decoded within its size bound."""
    try:
        if (read := rules.already_read(request, response, limits)) is not None:
            return read
        decoder = rules.Decoder(request, response, limits.max_response_bytes)
        raw: Iterator[bytes] = response.iter_raw()
        for chunk in raw:
            decoder.feed(chunk)
            rules.check_deadline(request)
        return decoder.finish(response)
    finally:
        response.close()


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self, inner: httpx.BaseTransport, policy: RetryPolicy, limits: Limits | None = None
    ) -> None:
        self._inner = inner
        self.policy = policy
        self.limits = limits or Limits()
        self.proxy = rules.proxy_of(inner)
        bound_network(inner)

    def _attempt(self, request: httpx.Request) -> httpx.Response:
        token = rules.start_attempt(request, self.limits)
        try:
            response = self._inner.handle_request(request)
            # Read the (small, JSON) body here, bounded, so a connection that breaks
            # mid-answer is retried or mapped like any other transport error.
            return read_bounded(request, response, self.limits)
        except httpcore.TimeoutException as exc:  # from a stream outside httpx's mapping
            raise httpx.ReadTimeout(str(exc), request=request) from None
        except httpx.DecodingError as exc:
            raise rules.undecodable(request, exc) from None
        finally:
            rules.end_attempt(token)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Attempt, and attempt again after the pause the rules give, until an answer passes
        up or the rules raise this package's error."""
        attempt = 0
        ambiguous = False
        while True:
            started = time.monotonic()
            outcome: httpx.Response | httpx.TransportError
            try:
                outcome = self._attempt(request)
            except httpx.TransportError as exc:
                outcome = exc
            delay = rules.answer_or_delay(
                request,
                outcome,
                rules.Attempt(attempt, started, ambiguous),
                self.policy,
                self.limits,
                self.proxy,
            )
            if isinstance(delay, httpx.Response):
                return delay
            ambiguous = ambiguous or could_have_acted(outcome)
            sleep(delay)
            attempt += 1

    def close(self) -> None:
        self._inner.close()
