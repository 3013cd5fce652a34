"""The retrying transport (the network streams bounded by the attempt's deadline are in
`_network`).

The asyncio code in `_async/` is the source; the blocking transport in `_sync/` is generated
from it by `make generate`. The rules (when to retry, how an answer maps to an error, the
bounded decoding) are plain functions in `.._transport` and `.._retry`: the loop here only
performs the attempts and the pauses they ask for.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx

from .. import _transport as rules
from .._concurrency import asleep
from .._exceptions import could_have_acted
from .._retry import RetryPolicy
from .._transport import Limits


async def read_bounded(
    request: httpx.Request, response: httpx.Response, limits: Limits
) -> httpx.Response:
    """The answer's body, read by the attempt's deadline and decoded within its size bound."""
    try:
        if (read := rules.already_read(request, response, limits)) is not None:
            return read
        decoder = rules.Decoder(request, response, limits.max_response_bytes)
        raw: AsyncIterator[bytes] = response.aiter_raw()
        async for chunk in raw:
            decoder.feed(chunk)
            rules.check_deadline(request)
        return decoder.finish(response)
    finally:
        await response.aclose()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(
        self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy, limits: Limits | None = None
    ) -> None:
        self._inner = inner
        self.policy = policy
        self.limits = limits or Limits()
        self.proxy = rules.proxy_of(inner)
        # Built with httpx's transport, at the first request: httpcore is loaded by then.
        from ._network import bound_network

        bound_network(inner)

    async def _attempt(self, request: httpx.Request) -> httpx.Response:
        token = rules.start_attempt(request, self.limits)
        try:
            response = await self._inner.handle_async_request(request)
            # Read the (small, JSON) body here, bounded, so a connection that breaks
            # mid-answer is retried or mapped like any other transport error.
            return await read_bounded(request, response, self.limits)
        except rules.stream_timeouts() as exc:  # from a stream outside httpx's mapping
            raise httpx.ReadTimeout(str(exc), request=request) from None
        except httpx.DecodingError as exc:
            raise rules.undecodable(request, exc) from None
        finally:
            rules.end_attempt(token)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Attempt, and attempt again after the pause the rules give, until an answer passes
        up or the rules raise this package's error."""
        attempt = 0
        ambiguous = False
        while True:
            started = time.monotonic()
            outcome: httpx.Response | httpx.TransportError
            try:
                outcome = await self._attempt(request)
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
            await asleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        await self._inner.aclose()
