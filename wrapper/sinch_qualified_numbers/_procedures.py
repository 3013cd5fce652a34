"""Multi-step procedures without I/O, driven by the sync and the async resources.

A procedure is a generator that yields the I/O it needs (a step below) and receives its result,
or has its error thrown in; `drive` and `adrive` run it with blocking or asyncio I/O. Every
decision of a procedure therefore exists once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sinch_qualified_numbers_api.models import GlobalProcessState, QualifiedNumber

from ._calls import _numbers, list_query, state_of
from ._exceptions import InvalidArgumentError, QualifiedNumbersError

if TYPE_CHECKING:
    from ._text_enable import Chunk

# I/O, so the procedure itself - every decision - exists once.


@dataclass(frozen=True)
class Submit:
    """Send one text-enable call for these numbers; the answer is a HostingOrder."""

    chunk: Chunk


@dataclass(frozen=True)
class ReadStates:
    """Read the current state of these numbers: number -> state string, or the error."""

    numbers: list[str]


@dataclass(frozen=True)
class PollList:
    """List every number in these states (all pages); the answer is a list of QualifiedNumber."""

    states: list[GlobalProcessState]


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Now:
    """The monotonic clock, in seconds."""


Step = Submit | ReadStates | PollList | Sleep | Now


def drive(procedure: Any, do: Callable[[Any], Any]) -> Any:
    """Run a procedure with synchronous I/O."""
    try:
        step = next(procedure)
        while True:
            try:
                answer = do(step)
            except QualifiedNumbersError as error:
                step = procedure.throw(error)
            else:
                step = procedure.send(answer)
    except StopIteration as stop:
        return stop.value


async def adrive(procedure: Any, do: Callable[[Any], Any]) -> Any:
    """Run a procedure with asynchronous I/O (`do` returns awaitables)."""
    try:
        step = next(procedure)
        while True:
            try:
                answer = await do(step)
            except QualifiedNumbersError as error:
                step = procedure.throw(error)
            else:
                step = procedure.send(answer)
    except StopIteration as stop:
        return stop.value


@dataclass
class Waiter:
    """Bookkeeping of wait_for: which numbers arrived, and how long to sleep next."""

    numbers: list[str]
    states: list[GlobalProcessState]
    timeout: float
    interval: float
    max_interval: float = 30.0
    arrived: dict[str, QualifiedNumber] = field(default_factory=dict)

    @property
    def pending(self) -> list[str]:
        return [n for n in self.numbers if n not in self.arrived]

    def see(self, number: QualifiedNumber) -> None:
        phone = number.phone_number
        if phone in self._wanted and state_of(number) in self._state_values:
            self.arrived[phone] = number

    def __post_init__(self) -> None:
        self._wanted = set(self.numbers)
        self._state_values = {s.value for s in self.states}

    def next_sleep(self, remaining: float) -> float:
        delay = min(self.interval, max(0.0, remaining))
        self.interval = min(self.interval * 1.5, self.max_interval)
        return delay


#: The longest a `wait_for` may be asked to wait (30 days): hosting takes days, not months.
MAX_WAIT_SECONDS = 30 * 86400


def wait_arguments(
    phone_numbers: Iterable[str],
    states: Iterable[GlobalProcessState | str] | GlobalProcessState | str,
    timeout: float,
    poll_interval: float,
    default_region: str,
) -> Waiter:
    numbers = _numbers(phone_numbers, default_region, "phone_numbers")
    query = list_query(states, None, None, None)
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        # NaN compares false with everything and inf never elapses: both would wait forever.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 < value <= MAX_WAIT_SECONDS
        ):
            raise InvalidArgumentError(
                f"{name} must be a number of seconds above 0 and at most {MAX_WAIT_SECONDS}, "
                f"not {value!r}"
            )
    return Waiter(numbers, query.states, float(timeout), float(poll_interval))


def wait(waiter: Waiter) -> Any:
    """Poll one paged listing per round until every number is in a wanted state."""
    from ._exceptions import WaitTimeoutError

    start = yield Now()
    while True:
        for number in (yield PollList(waiter.states)):
            waiter.see(number)
        if not waiter.pending:
            return {n: waiter.arrived[n] for n in waiter.numbers}
        remaining = waiter.timeout - ((yield Now()) - start)
        if remaining <= 0:
            last: dict[str, str | None] = {}
            states = yield ReadStates(waiter.pending)
            for number in waiter.pending:
                state = states.get(number)
                last[number] = state if isinstance(state, str) else None
            raise WaitTimeoutError(last, waiter.timeout)
        yield Sleep(waiter.next_sleep(remaining))
