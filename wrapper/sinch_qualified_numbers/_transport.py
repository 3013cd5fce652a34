"""The rules of the transports that retry, log and turn error answers into typed exceptions
(the transports themselves, and their deadline-bounded streams, are `_async/_transport.py`
and its generated blocking twin).

They wrap the real transport, so everything above them (the generated client, the auth flow)
sees either a successful answer, a 401 (left to the auth flow, which refreshes the token and
replays once) or one of this package's exceptions. The generated code therefore never has to
parse an error body.

Each attempt is bounded (`Limits`): in time, connecting to the last byte (the per-read timeout
alone lets a server that drips a byte at a time hold a call forever), and in size, the answer
decoded as it arrives (a gzip bomb is refused as it inflates). Any server text an error
quotes has the request's credentials masked (`_redact`).
"""

from __future__ import annotations

import functools
import os
import ssl
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from logging import DEBUG, INFO, WARNING
from typing import Any

import httpx

from ._config import DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ProxyError,
    RedirectError,
    ResponseTooLargeError,
    error_from_response,
    token_endpoint_error,
)
from ._logging import logger
from ._redact import Secrets, mask_url, redact, redact_text, secrets_of
from ._retry import RETRYABLE_STATUSES, TOKEN_REQUEST_EXTENSION, RetryPolicy, never_sent

#: Set by `_answers.answer_guard` around one generated call: the answers the service gave (None
#: for a token endpoint's: its body holds the token), so a ValueError after an answer means an
#: unreadable answer, named by its call and body, and before one a bug in the request.
answered: ContextVar[list[httpx.Response | None] | None] = ContextVar("answered", default=None)

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)

#: When the attempt under way must be over (monotonic clock), for the network streams below.
_deadline: ContextVar[float | None] = ContextVar("attempt_deadline", default=None)


@dataclass(frozen=True)
class Limits:
    """Bounds of one attempt: `attempt_timeout` seconds in all, `max_response_bytes` decoded;
    `secrets()` gives values to mask in any error beyond what the request itself carries."""

    attempt_timeout: float = DEFAULT_ATTEMPT_TIMEOUT
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    secrets: Callable[[], Iterable[str]] = tuple


def proxy_of(inner: object) -> str | None:
    """The proxy an httpx transport goes through (`scheme://host:port`, `***@` when it sends
    credentials), None when it connects directly or is not httpx's own. httpx keeps the proxy
    in its pool, the credentials moved to a `Proxy-Authorization` header (or SOCKS auth)."""
    httpcore = sys.modules.get("httpcore")  # not loaded: not httpx's own transport
    pool = getattr(inner, "_pool", None)
    url = getattr(pool, "_proxy_url", None)
    if httpcore is None or not isinstance(url, httpcore.URL):
        return None
    headers = getattr(pool, "_proxy_headers", None) or []
    credentials = getattr(pool, "_proxy_auth", None) is not None or any(
        name.lower() == b"proxy-authorization" for name, _ in headers
    )
    port = f":{url.port}" if url.port is not None else ""
    host = url.host.decode("ascii", "replace")
    return f"{url.scheme.decode('ascii')}://{'***@' if credentials else ''}{host}{port}"


def stream_timeouts() -> tuple[type[BaseException], ...]:
    """httpcore's timeouts, which the deadline-bounded streams raise outside httpx's mapping;
    none while httpcore is not loaded (it loads with httpx's transport: no stream ran yet)."""
    httpcore = sys.modules.get("httpcore")
    return () if httpcore is None else (httpcore.TimeoutException,)


def deadline_left(timeout: float | None) -> float | None:
    """`timeout` for one network operation, cut to what is left of the attempt."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        import httpcore  # loaded already: its streams are asking

        raise httpcore.ReadTimeout("the attempt's deadline (attempt_timeout) passed")
    return left if timeout is None else min(timeout, left)


def ssl_context() -> ssl.SSLContext:
    """The TLS settings of the clients' own transports, made once per CA source.

    What httpx would make for `verify=True` (certifi's CAs, or `SSL_CERT_FILE`/`SSL_CERT_DIR`),
    but loading the CA bundle takes tens of milliseconds: made for every client it was most of
    a client's construction (a test building one client per test paid it each time). An
    `SSLContext` is safe to share between connections and threads.
    """
    return _ssl_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.cache
def _ssl_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context()


class Decoder:
    """The answer's body decoded as it arrives, refused past `limit` bytes decoded."""

    def __init__(
        self, request: httpx.Request, response: httpx.Response, limit: int, decoded: bool = False
    ) -> None:
        self.request = request
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        header = "" if decoded else response.headers.get("content-encoding", "")
        encodings = [
            e.strip().lower()
            for e in header.split(",")
            if e.strip() and e.strip().lower() != "identity"
        ]
        if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
            raise httpx.DecodingError(
                f"unsupported content-encoding {response.headers.get('content-encoding')!r}",
                request=request,
            )
        self.encoding = encodings[0] if encodings else ""
        # 47: a gzip or zlib header; raw deflate is tried if a zlib header is not there.
        self._zlib = zlib.decompressobj(47) if self.encoding else None
        self._first = True

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise ResponseTooLargeError(
                f"{_describe(self.request)}: the answer is larger than max_response_bytes "
                f"({self.limit} bytes decoded); it was not read further",
                limit=self.limit,
                method=self.request.method,
                url=str(self.request.url.copy_with(query=None)),
            )
        if data:
            self.parts.append(data)

    def feed(self, raw: bytes) -> None:
        if self._zlib is None:
            self._keep(raw)
            return
        try:
            data = self._zlib.decompress(raw, self.limit - self.size + 1)
            while True:
                self._keep(data)
                tail = self._zlib.unconsumed_tail
                if not tail:
                    break
                data = self._zlib.decompress(tail, self.limit - self.size + 1)
        except zlib.error as exc:
            if self._first and self.encoding == "deflate":  # raw deflate, no zlib header
                self._zlib, self._first = zlib.decompressobj(-15), False
                self.feed(raw)
                return
            raise httpx.DecodingError(
                f"bad {self.encoding} body: {exc}", request=self.request
            ) from None
        self._first = False

    def finish(self, response: httpx.Response) -> httpx.Response:
        if self._zlib is not None:
            self._keep(self._zlib.flush())
        headers = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=b"".join(self.parts),
            request=self.request,
            extensions=response.extensions,
        )


def undecodable(request: httpx.Request, exc: httpx.DecodingError) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"{_describe(request)}: the answer could not be decoded ({exc})",
        status_code=0,
        body=b"",
        method=request.method,
        url=str(request.url.copy_with(query=None)),
    )


def check_deadline(request: httpx.Request) -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise httpx.ReadTimeout("the attempt's deadline (attempt_timeout) passed", request=request)


def already_read(
    request: httpx.Request, response: httpx.Response, limits: Limits
) -> httpx.Response | None:
    """The answer of a transport that returns it already read (`httpx.MockTransport`, any
    response built with `content=`): httpx has decoded its body, so there is no raw stream left
    to read; the body is kept as it is, still refused past `max_response_bytes`."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    decoder = Decoder(request, response, limits.max_response_bytes, decoded=True)
    decoder.feed(content)
    return decoder.finish(response)


def _describe(request: httpx.Request) -> str:
    return f"{request.method} {request.url.raw_path.decode('ascii', 'replace')}"


def _log(
    level: int,
    request: httpx.Request,
    outcome: str,
    attempt: int,
    started: float,
    then: str = "",
) -> None:
    """One line per attempt: DEBUG when it answered, INFO when it is retried or answered an
    error, WARNING when the client gives up on a failure it retried or could not retry."""
    if logger.isEnabledFor(level):
        elapsed = (time.monotonic() - started) * 1000
        logger.log(
            level,
            "%s -> %s (attempt %d, %.0f ms)%s",
            _describe(request),
            outcome,
            attempt + 1,
            elapsed,
            then,
        )


def _retrying(delay: float) -> str:
    return f"; retrying in {delay:.3g} s"


def _proxy_refused(exc: BaseException) -> bool:
    """A CONNECT the proxy answered 407 (httpcore's message is the status line)."""
    return isinstance(exc, httpx.ProxyError) and str(exc).startswith("407")


def _target(request: httpx.Request) -> str:
    host = f"{request.url.scheme}://{request.url.netloc.decode('ascii', 'replace')}"
    return f"{request.method} {host}{request.url.raw_path.decode('ascii', 'replace')}"


def proxy_auth_error(request: httpx.Request, proxy: str) -> ProxyError:
    return ProxyError(
        f"the proxy {proxy} refused its credentials (407 Proxy Authentication Required) for "
        f"{_target(request)}: check the user and password of the proxy URL (the proxy "
        "argument, $SINCH_QN_PROXY, $HTTPS_PROXY or $HTTP_PROXY); the request never reached "
        "the service",
        proxy=proxy,
        status_code=407,
        method=request.method,
        url=str(request.url.copy_with(query=None)),
    )


def connection_error(
    exc: httpx.TransportError,
    request: httpx.Request,
    secrets: Iterable[str] = (),
    proxy: str | None = None,
) -> APIConnectionError:
    """Map an httpx transport error to this package's error, keeping what is known (a
    protocol error may quote the server's bytes: credentials are masked). Through a proxy,
    the proxy is named too: it is what a refused connection refused."""
    if proxy is not None and _proxy_refused(exc):
        return proxy_auth_error(request, proxy)
    sent = not never_sent(exc)
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    kind = "timed out" if cls is APITimeoutError else "failed"
    reached = "; it may have reached the service" if sent else "; it never reached the service"
    hidden = Secrets((*secrets_of(request.headers.get("authorization")), *secrets))
    # The host is named: "connection refused" means little without where it was tried.
    through = f" through the proxy {proxy}" if proxy else ""
    message = (
        f"{_target(request)} {kind}{through} "
        f"({type(exc).__name__}: {redact_text(str(exc), hidden)}){reached}"
    )
    fields: dict[str, Any] = {
        "method": request.method,
        "url": str(request.url.copy_with(query=None)),
    }
    if proxy is not None and isinstance(exc, httpx.ProxyError):
        status = str(exc).split(" ", 1)[0]
        return ProxyError(
            message, proxy=proxy, status_code=int(status) if status.isdigit() else 0, **fields
        )
    return cls(message, request_sent=sent, proxy=proxy, **fields)


def _raise_for_status(
    request: httpx.Request,
    response: httpx.Response,
    content: bytes,
    ambiguous: bool,
    secrets: Iterable[str] = (),
) -> None:
    hidden = Secrets((*secrets_of(request.headers.get("authorization")), *secrets))
    url = str(request.url.copy_with(query=None))
    if request.extensions.get(TOKEN_REQUEST_EXTENSION):
        # The token endpoint's answer, not the API's: a 404 there is a wrong token_url.
        error = token_endpoint_error(
            response.status_code, content, response.headers, token_url=url, secrets=hidden
        )
    else:
        error = error_from_response(
            response.status_code,
            content,
            response.headers,
            method=request.method,
            url=url,
            secrets=hidden,
        )
    error.after_ambiguous_attempt = ambiguous
    raise error


def redirect_error(
    request: httpx.Request, response: httpx.Response, secrets: Iterable[str] = ()
) -> RedirectError:
    hidden = Secrets((*secrets_of(request.headers.get("authorization")), *secrets))
    location = response.headers.get("location")
    shown = mask_url(redact_text(location, hidden)) if location else None
    to = f" to {shown}" if shown else " (no Location)"
    return RedirectError(
        f"{_target(request)} answered {response.status_code} {response.reason_phrase}, a redirect"
        f"{to}: it was not followed (the client never follows redirects: they would carry the "
        "credentials elsewhere); check base_url ($SINCH_QN_BASE_URL)",
        location=shown,
        status_code=response.status_code,
        code=None,
        status=None,
        details=[],
        body=None,
        headers={
            name: (shown or "") if name.lower() == "location" else value
            for name, value in redact(dict(response.headers), hidden).items()
        },
        method=request.method,
        url=str(request.url.copy_with(query=None)),
    )


def start_attempt(request: httpx.Request, limits: Limits) -> Token[float | None]:
    """Set the attempt's deadline (read by the bounded network streams and reads), and cut the
    request's read timeout to the attempt's length: httpx's own channel, so that any
    transport (a mock, the sandbox's in-process one, a user's own) bounds its wait for the
    answer by `attempt_timeout` without knowing this package. The same at every attempt."""
    timeouts = request.extensions.get("timeout")
    if isinstance(timeouts, dict):
        read = timeouts.get("read")
        cut = limits.attempt_timeout if read is None else min(read, limits.attempt_timeout)
        request.extensions["timeout"] = {**timeouts, "read": cut}
    return _deadline.set(time.monotonic() + limits.attempt_timeout)


def end_attempt(token: Token[float | None]) -> None:
    _deadline.reset(token)


@dataclass(frozen=True)
class Attempt:
    """Which attempt this was (from 0), when it began (monotonic) and whether an earlier one
    may have reached the service."""

    number: int
    started: float
    ambiguous: bool


def answer_or_delay(
    request: httpx.Request,
    outcome: httpx.Response | httpx.TransportError,
    attempt: Attempt,
    policy: RetryPolicy,
    limits: Limits,
    proxy: str | None = None,
) -> httpx.Response | float:
    """The retry rules, without I/O, of both transports: the answer to pass up, or the
    seconds to pause before the next attempt; raises this package's error when giving up."""
    number, started = attempt.number, attempt.started
    if isinstance(outcome, httpx.TransportError):
        # A proxy refusing its credentials refuses them again: never retried.
        refused = proxy is not None and _proxy_refused(outcome)
        delay = None if refused else policy.delay_after_error(request, outcome, number)
        what = type(outcome).__name__
        if delay is None:
            _log(WARNING, request, what, number, started, "; giving up")
            raise connection_error(outcome, request, limits.secrets(), proxy) from None
        _log(INFO, request, what, number, started, _retrying(delay))
        return delay
    status = outcome.status_code
    if status == 407 and proxy is not None:  # a forward proxy's own answer
        _log(WARNING, request, str(status), number, started)
        raise proxy_auth_error(request, proxy)
    # A redirect is never followed; the token endpoint's is a TokenEndpointError.
    if 300 <= status < 400 and not request.extensions.get(TOKEN_REQUEST_EXTENSION):
        _log(INFO, request, str(status), number, started)
        raise redirect_error(request, outcome, limits.secrets())
    if status < 400 or status == 401:
        _log(DEBUG, request, str(status), number, started)
        if (answers := answered.get()) is not None:
            answers.append(None if request.extensions.get(TOKEN_REQUEST_EXTENSION) else outcome)
        return outcome
    delay = policy.delay_after_status(request, outcome, number)
    if delay is None:
        # A failure that retrying could have cured (5xx, 429) and did not is a warning; an
        # answer about the request itself (a 404, a 409) is the caller's.
        if status in RETRYABLE_STATUSES:
            _log(WARNING, request, str(status), number, started, "; giving up")
        else:
            _log(INFO, request, str(status), number, started)
        _raise_for_status(request, outcome, outcome.content, attempt.ambiguous, limits.secrets())
    _log(INFO, request, str(status), number, started, _retrying(delay or 0.0))
    return delay or 0.0
