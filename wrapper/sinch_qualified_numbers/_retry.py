"""When to retry and how long to wait: one set of rules for the sync and async transports.

GET and DELETE are retried on connection errors, timeouts, 429, 500, 502, 503 and 504. POSTs
change state, so they are retried only when the service provably did not act on them: a 429,
or a connect error (the request never left). A timeout or a 5xx after a POST body was sent is
ambiguous and is raised for the caller to reconcile (text enablement reads the numbers' state
before resubmitting anything).
"""

from __future__ import annotations

import email.utils
import itertools
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})
#: Request extension that marks a POST as safe to repeat (the OAuth2 token request).
IDEMPOTENT_EXTENSION = "sinch_qn_idempotent"
#: Request extension that marks the OAuth2 token request: its error answers are the token
#: endpoint's (`TokenEndpointError`), never read as the API's (a 404 there is not a number).
TOKEN_REQUEST_EXTENSION = "sinch_qn_token_request"
NEVER_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    # A failed CONNECT: the proxy opened no tunnel, so nothing went to the service.
    httpx.ProxyError,
)


def exponential_sleep_generator(
    initial: float, maximum: float, multiplier: float = 2.0
) -> Iterator[float]:
    """The pauses between tries, as google-api-core's: `initial`, then `multiplier` times
    longer each time, never above `maximum`. The one backoff of the client: retries of an
    attempt (with jitter), reads that reconcile a lost answer, and the polls of `wait_for`."""
    for n in itertools.count():
        yield min(maximum, initial * multiplier**n)


def pause(attempt: int, sleeps: Iterator[float]) -> float:
    """The pause after try number `attempt` (from 0) of a fresh `exponential_sleep_generator`."""
    return float(next(itertools.islice(sleeps, attempt, None)))


def is_idempotent(request: httpx.Request) -> bool:
    return request.method in IDEMPOTENT_METHODS or bool(
        request.extensions.get(IDEMPOTENT_EXTENSION)
    )


def never_sent(exc: BaseException) -> bool:
    """True when the request provably never reached the server."""
    return isinstance(exc, NEVER_SENT)


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            seconds = when.timestamp() - now()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    #: A Retry-After longer than this is not waited for: the error is raised at once (with
    #: the server's `retry_after`) for the caller to decide.
    max_retry_after: float = 60.0
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: between half and all of initial * 2**attempt."""
        ceiling = pause(attempt, exponential_sleep_generator(self.initial_delay, self.max_delay))
        return ceiling * (0.5 + self.jitter() / 2)

    def delay_after_status(
        self, request: httpx.Request, response: httpx.Response, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying this answer, or None to give up."""
        status = response.status_code
        if attempt >= self.max_retries or status not in RETRYABLE_STATUSES:
            return None
        if status != 429 and not is_idempotent(request):
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        return self.backoff(attempt)

    def delay_after_error(
        self, request: httpx.Request, exc: BaseException, attempt: int
    ) -> float | None:
        """Seconds to wait before retrying after a transport error, or None to give up."""
        if attempt >= self.max_retries or not isinstance(exc, httpx.TransportError):
            return None
        if isinstance(exc, httpx.UnsupportedProtocol):
            return None
        if never_sent(exc) or is_idempotent(request):
            return self.backoff(attempt)
        return None
