"""`wait_for` without I/O: poll until everything waited for arrived (numbers: one paged listing
per round; hosting orders: see `_hosting_orders`). The timing rules are shared."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

from sinch_qualified_numbers_api.models import GlobalProcessState, QualifiedNumber

from ._calls import StateFilter, hook_argument, list_query, numbers_argument, state_of
from ._exceptions import (
    InvalidArgumentError,
    QualifiedNumbersError,
    UnreachableStateError,
    WaitTimeoutError,
)
from ._steps import Now, Procedure, ReadStates, Sleep

#: The longest a `wait_for` may be asked to wait (30 days): hosting takes days, not months.
MAX_WAIT_SECONDS = 30 * 86400


@dataclass(frozen=True)
class PollList:
    """List every number in these states (all pages); the answer is a list of QualifiedNumber."""

    states: list[StateFilter]


T = TypeVar("T")


@dataclass(frozen=True)
class WaitProgress(Generic[T]):
    """Given to `wait_for(on_poll=...)` after each poll: what arrived (numbers or orders, by
    number or order ID), what is still pending, and the seconds elapsed."""

    arrived: dict[str, T]
    pending: list[str]
    elapsed: float
    #: Those that ended in a final state outside the wanted ones: they can never arrive.
    ended: dict[str, T] = field(default_factory=dict)


@dataclass
class Backoff:
    """The pause before the next poll: grows by half each time, up to `max_interval`, never
    past the deadline."""

    interval: float
    max_interval: float = 30.0

    def next_sleep(self, remaining: float) -> float:
        delay = min(self.interval, max(0.0, remaining))
        self.interval = min(self.interval * 1.5, self.max_interval)
        return delay


def _seconds(name: str, value: object) -> float:
    # NaN compares false with everything and inf never elapses: both would wait forever.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentError(f"{name} must be a number of seconds, not {value!r:.80}")
    if not 0 < value <= MAX_WAIT_SECONDS:
        raise InvalidArgumentError(
            f"{name} must be a number of seconds above 0 and at most {MAX_WAIT_SECONDS}, "
            f"not {value!r}"
        )
    return float(value)


def check_wait(timeout: object, poll_interval: object, on_poll: object) -> tuple[float, float]:
    """The shared argument rules of every `wait_for`: (timeout, first interval) in seconds."""
    hook_argument("on_poll", on_poll)
    return _seconds("timeout", timeout), _seconds("poll_interval", poll_interval)


WaitStep = PollList | ReadStates | Sleep | Now

#: Final states a number never leaves that mean it failed: waiting for any other state of
#: such a number would only run out the timeout. (`HOSTING_DONE` is final too, but listing
#: every hosted number of a project at each poll would cost more than it saves.)
DEAD_ENDS = (
    GlobalProcessState.GLOBAL_PROCESS_STATE_NOT_ELIGIBLE,
    GlobalProcessState.GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED,
    GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_FAILED,
)


@dataclass
class Waiter:
    """Bookkeeping of wait_for: which numbers arrived or ended, and how long to sleep next."""

    numbers: list[str]
    states: list[StateFilter]
    timeout: float
    backoff: Backoff
    on_poll: Callable[[WaitProgress[QualifiedNumber]], None] | None = None
    arrived: dict[str, QualifiedNumber] = field(default_factory=dict)
    #: Numbers seen in a dead end that is not wanted: they can never arrive.
    ended: dict[str, QualifiedNumber] = field(default_factory=dict)

    @property
    def pending(self) -> list[str]:
        return [n for n in self.numbers if n not in self.arrived and n not in self.ended]

    @property
    def watched(self) -> list[StateFilter]:
        """What each poll lists: the wanted states and the dead ends that are not wanted."""
        return self.states + [s for s in DEAD_ENDS if s not in self.states]

    def see(self, number: QualifiedNumber) -> None:
        phone = number.phone_number
        if phone not in self._wanted:
            return
        state = state_of(number)
        if state in self._state_values:
            self.arrived[phone] = number
            self.ended.pop(phone, None)
        elif state in self._dead_ends:
            self.ended[phone] = number

    def final(self) -> dict[str, str]:
        return {
            n: GlobalProcessState.short_name(state_of(self.ended[n]) or "")
            for n in self.numbers
            if n in self.ended
        }

    def __post_init__(self) -> None:
        self._wanted = set(self.numbers)
        self._state_values = {s.value for s in self.states}
        self._dead_ends = {s.value for s in DEAD_ENDS} - self._state_values


def wait_arguments(
    phone_numbers: Iterable[str],
    states: Iterable[StateFilter | str] | StateFilter | str,
    timeout: float,
    poll_interval: float,
    default_region: str,
    on_poll: Callable[[WaitProgress[QualifiedNumber]], None] | None = None,
) -> Waiter:
    numbers = numbers_argument(phone_numbers, default_region, "phone_numbers")
    query = list_query(states, None, None, None)
    seconds, interval = check_wait(timeout, poll_interval, on_poll)
    return Waiter(numbers, query.states, seconds, Backoff(interval), on_poll=on_poll)


def wait(waiter: Waiter) -> Procedure[WaitStep, dict[str, QualifiedNumber]]:
    """Poll one paged listing per round until every number is in a wanted state, or in a dead
    end it can never leave (then `UnreachableStateError`, once nothing else is pending)."""
    if not waiter.numbers:
        return {}  # nothing to wait for: not even one listing
    start = cast(float, (yield Now()))
    while True:
        for listed in cast(list[QualifiedNumber], (yield PollList(waiter.watched))):
            waiter.see(listed)
        elapsed = cast(float, (yield Now())) - start
        if waiter.on_poll is not None:
            waiter.on_poll(
                WaitProgress(dict(waiter.arrived), waiter.pending, elapsed, dict(waiter.ended))
            )
        arrived = {n: waiter.arrived[n] for n in waiter.numbers if n in waiter.arrived}
        if not waiter.pending:
            if waiter.ended:
                raise UnreachableStateError(waiter.final(), waiter.ended, arrived)
            return arrived
        remaining = waiter.timeout - elapsed
        if remaining <= 0:
            states = cast(
                dict[str, str | QualifiedNumbersError], (yield ReadStates(waiter.pending))
            )
            last: dict[str, str | None] = {}
            for number in waiter.pending:
                state = states.get(number)
                last[number] = state if isinstance(state, str) else None
            raise WaitTimeoutError(last, waiter.timeout, final=waiter.final(), arrived=arrived)
        yield Sleep(waiter.backoff.next_sleep(remaining))
