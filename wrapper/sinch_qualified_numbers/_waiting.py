"""`wait_for`'s rules without I/O, for numbers and hosting orders alike: the arguments, the
`Waiter` that keeps what arrived and what ended, and the intervals between polls. The polling
loop itself is `_async/_waiting.py` (the blocking one generated)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sinch_qualified_numbers_api.models import GlobalProcessState, QualifiedNumber

from ._arguments import hook_argument, list_query, numbers_argument
from ._exceptions import InvalidArgumentError, UnreachableStateError
from ._retry import exponential_sleep_generator
from ._states import StateFilter, state_of

#: The longest a `wait_for` may be asked to wait (30 days): hosting takes days, not months.
MAX_WAIT_SECONDS = 30 * 86400


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


#: The longest pause between two polls, however long the first.
MAX_POLL_INTERVAL = 30.0


def poll_intervals(first: float) -> Iterator[float]:
    """The pauses between polls: the interval asked for, then half as long again each time,
    up to `MAX_POLL_INTERVAL` (`exponential_sleep_generator`)."""
    grown = exponential_sleep_generator(first, MAX_POLL_INTERVAL, multiplier=1.5)
    return itertools.chain([first], itertools.islice(grown, 1, None))


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


#: Final states a number never leaves that mean it failed: waiting for any other state of
#: such a number would only run out the timeout. (`HOSTING_DONE` is final too, but listing
#: every hosted number of a project at each poll would cost more than it saves.)
DEAD_ENDS = (
    GlobalProcessState.GLOBAL_PROCESS_STATE_NOT_ELIGIBLE,
    GlobalProcessState.GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED,
    GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_FAILED,
)


@dataclass
class Waiter(Generic[T]):
    """Bookkeeping of a `wait_for`, of numbers or of hosting orders: which of `keys` arrived
    in a wanted state, which ended in a final state they can never leave (`dead_ends`), the
    last state seen of each, and how long to sleep next."""

    keys: list[str]
    wanted: frozenset[str]
    dead_ends: frozenset[str]
    timeout: float
    intervals: Iterator[float]
    state_of: Callable[[T], str | None]
    #: How a final state is named in `UnreachableStateError` and `WaitTimeoutError`.
    final_name: Callable[[str | None], str]
    on_poll: Callable[[WaitProgress[T]], None] | None = None
    what: str = "numbers"
    arrived: dict[str, T] = field(default_factory=dict)
    ended: dict[str, T] = field(default_factory=dict)
    last: dict[str, str | None] = field(default_factory=dict)

    @property
    def pending(self) -> list[str]:
        return [k for k in self.keys if k not in self.arrived and k not in self.ended]

    def see(self, key: str, item: T) -> None:
        if key not in self._keys:
            return
        state = self.state_of(item)
        self.last[key] = state
        if state in self.wanted:
            self.arrived[key] = item
            self.ended.pop(key, None)
        elif state in self.dead_ends:
            self.ended[key] = item

    def final(self) -> dict[str, str]:
        return {k: self.final_name(self.last.get(k)) for k in self.keys if k in self.ended}

    def last_of(self, keys: list[str]) -> dict[str, str | None]:
        """The last state seen of each of `keys` (None: never seen with one)."""
        return {k: self.last.get(k) for k in keys}

    def in_order(self) -> dict[str, T]:
        return {k: self.arrived[k] for k in self.keys if k in self.arrived}

    def settled(self) -> dict[str, T]:
        """Once nothing is pending: what arrived, in input order, or `UnreachableStateError`
        when some ended in a state they can never leave."""
        arrived = self.in_order()
        if self.ended:
            raise UnreachableStateError(self.final(), self.ended, arrived, what=self.what)
        return arrived

    def next_sleep(self, remaining: float) -> float:
        """The pause before the next poll, never past the deadline."""
        return min(next(self.intervals), max(0.0, remaining))

    def __post_init__(self) -> None:
        self._keys = set(self.keys)
        self.dead_ends = self.dead_ends - self.wanted


def watched(states: list[StateFilter]) -> list[StateFilter]:
    """What each poll of numbers lists: the wanted states and the dead ends not wanted."""
    return states + [s for s in DEAD_ENDS if s not in states]


def wait_arguments(
    phone_numbers: Iterable[str],
    states: Iterable[StateFilter | str] | StateFilter | str,
    timeout: float,
    poll_interval: float,
    default_region: str,
    on_poll: Callable[[WaitProgress[QualifiedNumber]], None] | None = None,
) -> tuple[Waiter[QualifiedNumber], list[StateFilter]]:
    """The waiter of a `wait_for` of numbers, and the states each poll lists."""
    numbers = numbers_argument(phone_numbers, default_region, "phone_numbers")
    query = list_query(states, None, None, None)
    seconds, interval = check_wait(timeout, poll_interval, on_poll)
    waiter = Waiter(
        numbers,
        frozenset(s.value for s in query.states),
        frozenset(s.value for s in DEAD_ENDS),
        seconds,
        poll_intervals(interval),
        state_of,
        lambda state: GlobalProcessState.short_name(state or ""),
        on_poll,
    )
    return waiter, watched(query.states)
