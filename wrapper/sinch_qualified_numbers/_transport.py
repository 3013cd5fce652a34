"""httpx transports that retry, log and turn error answers into typed exceptions.

They wrap the real transport, so everything above them (the generated client, the auth flow)
sees either a successful answer, a 401 (left to the auth flow, which refreshes the token and
replays once) or one of this package's exceptions. The generated code therefore never has to
parse an error body.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Generator
from contextvars import ContextVar

import httpx

from ._exceptions import APIConnectionError, APITimeoutError, error_from_response
from ._logging import logger
from ._retry import RetryPolicy, never_sent

#: Set by `_calls.answer_guard` around one generated call: whether the service answered, so a
#: ValueError after an answer means an unreadable answer, and before one a bug in the request.
answered: ContextVar[list[bool] | None] = ContextVar("answered", default=None)

#: Module-level so tests can replace the waiting without slowing down.
_sleep = time.sleep
_async_sleep = asyncio.sleep


def _describe(request: httpx.Request) -> str:
    return f"{request.method} {request.url.raw_path.decode('ascii', 'replace')}"


def _log(request: httpx.Request, outcome: str, attempt: int, started: float) -> None:
    if logger.isEnabledFor(20):
        elapsed = (time.monotonic() - started) * 1000
        logger.info(
            "%s -> %s (attempt %d, %.0f ms)", _describe(request), outcome, attempt + 1, elapsed
        )


def connection_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    """Map an httpx transport error to this package's error, keeping what is known."""
    sent = not never_sent(exc)
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    kind = "timed out" if cls is APITimeoutError else "failed"
    reached = "; it may have reached the service" if sent else "; it never reached the service"
    # The host is named: "connection refused" means little without where it was tried.
    host = f"{request.url.scheme}://{request.url.netloc.decode('ascii', 'replace')}"
    return cls(
        f"{request.method} {host}{request.url.raw_path.decode('ascii', 'replace')} {kind} "
        f"({type(exc).__name__}: {exc}){reached}",
        method=request.method,
        url=str(request.url.copy_with(query=None)),
        request_sent=sent,
    )


def _raise_for_status(
    request: httpx.Request, response: httpx.Response, content: bytes, ambiguous: bool
) -> None:
    error = error_from_response(
        response.status_code,
        content,
        response.headers,
        method=request.method,
        url=str(request.url.copy_with(query=None)),
    )
    error.after_ambiguous_attempt = ambiguous
    raise error


def _ambiguous(response: httpx.Response | None, exc: BaseException | None) -> bool:
    """Did this attempt possibly reach the service and act, without us knowing?"""
    if exc is not None:
        return not never_sent(exc)
    return response is not None and response.status_code >= 500


def _attempts(
    request: httpx.Request, policy: RetryPolicy
) -> Generator[float | None, httpx.Response | httpx.TransportError | None, httpx.Response]:
    """The retry loop, without I/O, shared by both transports.

    It yields None to ask for an attempt (and receives the answer, body read, or the transport
    error) and a number of seconds to ask for a pause; it returns the answer to pass up, or
    raises this package's error.
    """
    attempt = 0
    ambiguous = False
    while True:
        started = time.monotonic()
        outcome = yield None
        assert outcome is not None, "an attempt always has an outcome"
        if isinstance(outcome, httpx.TransportError):
            delay = policy.delay_after_error(request, outcome, attempt)
            _log(request, type(outcome).__name__, attempt, started)
            if delay is None:
                raise connection_error(outcome, request) from None
            ambiguous = ambiguous or _ambiguous(None, outcome)
        else:
            _log(request, str(outcome.status_code), attempt, started)
            if outcome.status_code < 400 or outcome.status_code == 401:
                if (flag := answered.get()) is not None:
                    flag[0] = True
                return outcome
            delay = policy.delay_after_status(request, outcome, attempt)
            if delay is None:
                _raise_for_status(request, outcome, outcome.content, ambiguous)
            ambiguous = ambiguous or _ambiguous(outcome, None)
        yield delay or 0.0
        attempt += 1


class RetryTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        loop = _attempts(request, self.policy)
        step = next(loop)
        while True:
            outcome: httpx.Response | httpx.TransportError | None = None
            if step is None:
                try:
                    outcome = self._inner.handle_request(request)
                    # Read the (small, JSON) body here, so a connection that breaks mid-answer
                    # is retried or mapped like any other transport error.
                    outcome.read()
                except httpx.TransportError as exc:
                    outcome = exc
            else:
                _sleep(step)
            try:
                step = loop.send(outcome)
            except StopIteration as done:
                response: httpx.Response = done.value
                return response

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = _attempts(request, self.policy)
        step = next(loop)
        while True:
            outcome: httpx.Response | httpx.TransportError | None = None
            if step is None:
                try:
                    outcome = await self._inner.handle_async_request(request)
                    await outcome.aread()
                except httpx.TransportError as exc:
                    outcome = exc
            else:
                await _async_sleep(step)
            try:
                step = loop.send(outcome)
            except StopIteration as done:
                response: httpx.Response = done.value
                return response

    async def aclose(self) -> None:
        await self._inner.aclose()
