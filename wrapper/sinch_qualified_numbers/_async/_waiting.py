"""The polling loop of every `wait_for` (numbers and hosting orders); its rules are
`.._waiting.Waiter`. The clock and the sleep are arguments, so a test runs it without waiting."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from .._exceptions import WaitTimeoutError
from .._waiting import Waiter, WaitProgress

T = TypeVar("T")


async def wait(
    waiter: Waiter[T],
    poll: Callable[[list[str]], Awaitable[Mapping[str, T]]],
    read_late: Callable[[list[str]], Awaitable[Mapping[str, T]]],
    now: Callable[[], float],
    sleep: Callable[[float], Awaitable[None]],
) -> dict[str, T]:
    """Poll (`poll(pending)`: what it found, by key) until every key is in a wanted state, or
    in a dead end it can never leave (then `UnreachableStateError`, once nothing else is
    pending); past the timeout, the pending keys are read once more (`read_late(pending)`: what it
    could read, by key), as a listing may lag behind the records: what that read finds arrived or
    ended counts as such, and `WaitTimeoutError` names the rest with their last state."""
    if not waiter.keys:
        return {}  # nothing to wait for: not even one poll
    start = now()
    while True:
        for key, item in (await poll(waiter.pending)).items():
            waiter.see(key, item)
        elapsed = now() - start
        if waiter.on_poll is not None:
            waiter.on_poll(
                WaitProgress(dict(waiter.arrived), waiter.pending, elapsed, dict(waiter.ended))
            )
        if not waiter.pending:
            return waiter.settled()
        remaining = waiter.timeout - elapsed
        if remaining <= 0:
            for key, item in (await read_late(waiter.pending)).items():
                waiter.see(key, item)
            if not waiter.pending:
                return waiter.settled()
            raise WaitTimeoutError(
                waiter.last_of(waiter.pending),
                waiter.timeout,
                what=waiter.what,
                final=waiter.final(),
                arrived=waiter.in_order(),
            )
        await sleep(waiter.next_sleep(remaining))
