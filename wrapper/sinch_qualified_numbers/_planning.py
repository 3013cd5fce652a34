"""The rules of every operation, shared by the sync and async resources; no I/O here.

Argument checks, chunk planning, request bodies, reading answers, the accounting of bulk
results, reconciliation after an ambiguous failure and the wait_for bookkeeping all live here,
so the two resource classes only differ in how they wait for the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sinch_qualified_numbers_api.models import (
    AddQualifiedNumbersRequest,
    GlobalProcessState,
    HostingOrder,
    ListQualifiedNumbersOrderBy,
    ListQualifiedNumbersResponse,
    QualifiedNumber,
    RegionCode,
    TextEnableNumbersRequest,
    TextEnableTollFreeNumbersDirectRequest,
    TextEnableTollFreeNumbersResellerRequest,
)
from sinch_qualified_numbers_api.types import UNSET, Response, Unset

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    InvalidArgumentError,
    QualifiedNumbersError,
)
from ._loa import BlanketLoa, DirectLoa, Loa, ResellerLoa
from ._pagination import Page
from ._phone import is_toll_free, parse_phone_numbers, region_of

#: The service's limit per text-enable call; `add` keeps the same bound.
MAX_NUMBERS_PER_CALL = 500

HOSTING_TAKEN = frozenset(
    {
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_DONE.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_FAILED.value,
    }
)
VERIFIED = GlobalProcessState.GLOBAL_PROCESS_STATE_VERIFIED.value

T = TypeVar("T")


# -- reading answers -------------------------------------------------------------------------


def unreadable(exc: Exception) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"The service's answer could not be read ({type(exc).__name__}: {exc}).",
        status_code=200,
        body=b"",
    )


def read(call: Callable[[], Response[Any]], expected: type[T]) -> T:
    """Run a generated call and return its parsed model, or a clear error for a bad body.

    Error statuses never get here: the transport raises them as typed exceptions.
    """
    try:
        response = call()
    except QualifiedNumbersError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise unreadable(exc) from None
    return check(response, expected)


async def aread(call: Callable[[], Any], expected: type[T]) -> T:
    try:
        response = await call()
    except QualifiedNumbersError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise unreadable(exc) from None
    return check(response, expected)


def check(response: Response[Any], expected: type[T]) -> T:
    parsed = response.parsed
    if not isinstance(parsed, expected):
        raise APIResponseValidationError(
            f"Expected a {expected.__name__} from the service, got {type(parsed).__name__}.",
            status_code=int(response.status_code),
            body=response.content[:2000],
        )
    return parsed


def with_subject(error: APIStatusError, subject: str) -> APIStatusError:
    error.subject = subject
    return error


# -- list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    states: list[GlobalProcessState]
    region_code: RegionCode | Unset
    page_size: int | Unset
    order_by: ListQualifiedNumbersOrderBy | Unset


def _enum(kind: type[Any], value: object, name: str) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(v.value) for v in kind)
        raise InvalidArgumentError(f"{name}: {value!r} is not one of {allowed}") from None


def list_query(
    states: Iterable[GlobalProcessState | str] | GlobalProcessState | str | None,
    region_code: str | None,
    page_size: int | None,
    order_by: str | None,
) -> ListQuery:
    if states is None:
        chosen: list[GlobalProcessState] = list(GlobalProcessState)
    else:
        items = [states] if isinstance(states, str) else list(states)
        if not items:
            raise InvalidArgumentError("states: give at least one state (or None for all)")
        chosen = []
        for item in items:
            state = _enum(GlobalProcessState, _full_state(item), "states")
            if state not in chosen:
                chosen.append(state)
    if page_size is not None and (
        isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
    ):
        raise InvalidArgumentError(f"page_size must be an integer >= 1, not {page_size!r}")
    return ListQuery(
        states=chosen,
        region_code=UNSET if region_code is None else _enum(RegionCode, region_code, "region_code"),
        page_size=UNSET if page_size is None else page_size,
        order_by=UNSET
        if order_by is None
        else _enum(ListQualifiedNumbersOrderBy, order_by, "order_by"),
    )


def _full_state(value: object) -> object:
    """Accept `"VERIFIED"` as a short form of `"GLOBAL_PROCESS_STATE_VERIFIED"`."""
    if isinstance(value, str) and not value.startswith("GLOBAL_PROCESS_STATE_"):
        return "GLOBAL_PROCESS_STATE_" + value.upper()
    return value


def to_page(answer: ListQualifiedNumbersResponse) -> Page[QualifiedNumber]:
    items = [] if isinstance(answer.qualified_numbers, Unset) else answer.qualified_numbers
    token = "" if isinstance(answer.next_page_token, Unset) else answer.next_page_token
    total = None if isinstance(answer.total_size, Unset) else answer.total_size
    return Page(items, token, total)


# -- add --------------------------------------------------------------------------------------


def add_requests(
    phone_numbers: Iterable[str], default_region: str
) -> list[AddQualifiedNumbersRequest]:
    numbers = _numbers(phone_numbers, default_region, "phone_numbers")
    return [
        AddQualifiedNumbersRequest(phone_numbers=numbers[i : i + MAX_NUMBERS_PER_CALL])
        for i in range(0, len(numbers), MAX_NUMBERS_PER_CALL)
    ]


def _numbers(values: Iterable[str], default_region: str, name: str) -> list[str]:
    if isinstance(values, str):
        raise InvalidArgumentError(
            f"{name} must be a list of numbers, not a single string {values!r}"
        )
    numbers = parse_phone_numbers(values, default_region=default_region).raise_for_invalid()
    if not numbers:
        raise InvalidArgumentError(f"{name} is empty")
    return numbers


# -- text enablement --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextEnableOptions:
    service_plan_id: str
    loa: Loa
    campaign_id: str | None = None
    display_name: str | None = None
    nnid: str | None = None
    callback_url: str | None = None
    scheduled_osr_update_time: dt.datetime | None = None
    scheduled_zipwhip_provisioning_time: dt.datetime | None = None


@dataclass(frozen=True)
class Chunk:
    """One call's worth of numbers: one region, toll-free or not, at most 500."""

    region_code: str
    toll_free: bool
    numbers: list[str]


@dataclass(frozen=True)
class OrderResult:
    """One text-enable call that created a hosting order.

    `hosting_order_id` is None when the order was created but its answer was lost (found by
    reading the numbers' state after a timeout or 5xx).
    """

    hosting_order_id: str | None
    numbers: list[str]
    region_code: str
    toll_free: bool
    order: HostingOrder | None = field(default=None, repr=False)


@dataclass
class TextEnableResult:
    """Every input number exactly once: in `enabled` (number -> hosting order ID) or `failed`."""

    orders: list[OrderResult] = field(default_factory=list)
    enabled: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def raise_for_failures(self) -> None:
        """Raise the first failure (with the count) if any number failed."""
        if self.failed:
            first_number, first = next(iter(self.failed.items()))
            raise TextEnableFailedError(
                self, f"{len(self.failed)} numbers failed, first {first_number}: {first}"
            )

    def _record_order(
        self, chunk: Chunk, numbers: list[str], order: HostingOrder | None, order_id: str | None
    ) -> None:
        self.orders.append(
            OrderResult(order_id, numbers, chunk.region_code, chunk.toll_free, order)
        )
        for number in numbers:
            self.enabled[number] = order_id

    def _record_failure(self, numbers: Iterable[str], error: QualifiedNumbersError) -> None:
        for number in numbers:
            self.failed[number] = error


class TextEnableFailedError(QualifiedNumbersError):
    """Raised by `TextEnableResult.raise_for_failures`; `result` has the whole account."""

    def __init__(self, result: TextEnableResult, message: str) -> None:
        super().__init__(message)
        self.result = result


def plan_text_enable(
    numbers: Iterable[str], options: TextEnableOptions, default_region: str
) -> list[Chunk]:
    """Validate everything before any request, then group by region and kind, 500 per chunk."""
    parsed = _numbers(numbers, default_region, "numbers")
    if not isinstance(options.service_plan_id, str) or not options.service_plan_id.strip():
        raise InvalidArgumentError("service_plan_id is required")
    if not isinstance(options.loa, DirectLoa | ResellerLoa | BlanketLoa):
        raise InvalidArgumentError(
            f"loa must be a DirectLoa, ResellerLoa or BlanketLoa, not {options.loa!r}"
        )
    groups: dict[tuple[str, bool], list[str]] = {}
    for number in parsed:
        groups.setdefault((region_of(number), is_toll_free(number)), []).append(number)
    if isinstance(options.loa, BlanketLoa) and any(toll_free for _, toll_free in groups):
        toll_free_numbers = [n for (_, tf), ns in groups.items() if tf for n in ns]
        raise InvalidArgumentError(
            "toll-free numbers need a DirectLoa or ResellerLoa, not a BlanketLoa: "
            + ", ".join(toll_free_numbers[:10])
            + (" ..." if len(toll_free_numbers) > 10 else "")
        )
    return [
        Chunk(region, toll_free, group[i : i + MAX_NUMBERS_PER_CALL])
        for (region, toll_free), group in groups.items()
        for i in range(0, len(group), MAX_NUMBERS_PER_CALL)
    ]


def _opt(value: T | None) -> T | Unset:
    return UNSET if value is None else value


TextEnableBody = (
    TextEnableNumbersRequest
    | TextEnableTollFreeNumbersDirectRequest
    | TextEnableTollFreeNumbersResellerRequest
)


def text_enable_body(project_id: str, chunk: Chunk, options: TextEnableOptions) -> TextEnableBody:
    region = RegionCode(chunk.region_code)
    loa = options.loa
    if chunk.toll_free:
        common: dict[str, Any] = {
            "region_code": region,
            "numbers": list(chunk.numbers),
            "service_plan_id": options.service_plan_id,
            "project_id": project_id,
            "display_name": _opt(options.display_name),
            "scheduled_zipwhip_provisioning_time": _opt(
                options.scheduled_zipwhip_provisioning_time
            ),
            "callback_url": _opt(options.callback_url),
        }
        if isinstance(loa, DirectLoa):
            return TextEnableTollFreeNumbersDirectRequest(direct_loa_info=loa._to_api(), **common)
        assert isinstance(loa, ResellerLoa)  # plan_text_enable refused a blanket LOA
        return TextEnableTollFreeNumbersResellerRequest(reseller_loa_info=loa._to_api(), **common)
    return TextEnableNumbersRequest(
        region_code=region,
        numbers=list(chunk.numbers),
        service_plan_id=options.service_plan_id,
        project_id=project_id,
        display_name=_opt(options.display_name),
        nnid=_opt(options.nnid),
        campaign_id=_opt(options.campaign_id),
        direct_loa_info=loa._to_api() if isinstance(loa, DirectLoa) else UNSET,
        reseller_loa_info=loa._to_api() if isinstance(loa, ResellerLoa) else UNSET,
        blanket_loa_info=loa._to_api() if isinstance(loa, BlanketLoa) else UNSET,
        scheduled_osr_update_time=_opt(options.scheduled_osr_update_time),
        callback_url=_opt(options.callback_url),
    )


def order_id_of(order: HostingOrder) -> str:
    return order.hosting_order_id


def is_ambiguous(error: QualifiedNumbersError) -> bool:
    """Could the service have acted on this POST although we got no good answer?"""
    if isinstance(error, APIConnectionError):  # timeouts included
        return error.request_sent
    return isinstance(error, InternalServerError)


#: Reads of a number's state while reconciling, each with the transport's own retries.
RECONCILE_READS = 4


def is_transient(error: QualifiedNumbersError) -> bool:
    """Worth asking again (for a safe read): no answer, rate limited or a 5xx."""
    from ._exceptions import RateLimitError

    return isinstance(error, APIConnectionError | RateLimitError | InternalServerError)


def reconcile_pause(attempt: int) -> float:
    return min(4.0, 0.25 * 2.0**attempt)


@dataclass(frozen=True)
class Reconciled:
    """What the numbers' state says after an ambiguous failure."""

    taken: list[str]  # already hosting: never send again
    resend: list[str]  # still VERIFIED: the order was not created, safe to send once more
    failed: dict[str, QualifiedNumbersError]


def reconcile(
    numbers: list[str],
    states: Mapping[str, str | QualifiedNumbersError],
    cause: QualifiedNumbersError,
) -> Reconciled:
    taken: list[str] = []
    resend: list[str] = []
    failed: dict[str, QualifiedNumbersError] = {}
    for number in numbers:
        state = states.get(number)
        if isinstance(state, QualifiedNumbersError):
            failed[number] = state
        elif state in HOSTING_TAKEN:
            taken.append(number)
        elif state == VERIFIED:
            resend.append(number)
        else:
            failed[number] = cause
    return Reconciled(taken, resend, failed)


def state_of(number: QualifiedNumber) -> str | None:
    state = number.global_process_state
    if isinstance(state, Unset):
        return None
    return state.value if isinstance(state, GlobalProcessState) else str(state)


# -- wait_for ---------------------------------------------------------------------------------


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
        if (
            not isinstance(phone, Unset)
            and phone in self._wanted
            and state_of(number) in self._state_values
        ):
            self.arrived[phone] = number

    def __post_init__(self) -> None:
        self._wanted = set(self.numbers)
        self._state_values = {s.value for s in self.states}

    def next_sleep(self, remaining: float) -> float:
        delay = min(self.interval, max(0.0, remaining))
        self.interval = min(self.interval * 1.5, self.max_interval)
        return delay


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
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise InvalidArgumentError(
                f"{name} must be a positive number of seconds, not {value!r}"
            )
    return Waiter(numbers, query.states, float(timeout), float(poll_interval))


# -- sans-I/O procedures ------------------------------------------------------------------------
# Multi-step procedures are generators that yield the I/O they need and receive its result (or
# have its exception thrown in). The sync and async resources each drive them with their own
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


@dataclass
class ChunkOutcome:
    chunk: Chunk
    orders: list[tuple[list[str], HostingOrder | None]] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)


def enable_chunk(chunk: Chunk, rounds: int = 3) -> Any:
    """Text-enable one chunk; after an ambiguous failure, read before resubmitting anything.

    A number the service already took (HOSTING_*) is never sent again; numbers still VERIFIED
    are sent again, at most `rounds` submissions in all; anything else is reported failed with
    the error that caused it.
    """
    outcome = ChunkOutcome(chunk)
    pending = list(chunk.numbers)
    for attempt in range(max(1, rounds)):
        try:
            order = yield Submit(Chunk(chunk.region_code, chunk.toll_free, pending))
        except QualifiedNumbersError as error:
            if not is_ambiguous(error):
                outcome.failed.update(dict.fromkeys(pending, error))
                return outcome
            states = yield ReadStates(pending)
            found = reconcile(pending, states, error)
            if found.taken:
                outcome.orders.append((found.taken, None))
            outcome.failed.update(found.failed)
            if attempt == max(1, rounds) - 1:
                outcome.failed.update(dict.fromkeys(found.resend, error))
            pending = found.resend
            if not pending:
                return outcome
        else:
            outcome.orders.append((pending, order))
            return outcome
    return outcome


def merge(result: TextEnableResult, outcome: ChunkOutcome) -> None:
    for numbers, order in outcome.orders:
        result._record_order(
            outcome.chunk, numbers, order, None if order is None else order_id_of(order)
        )
    for number, error in outcome.failed.items():
        result.failed[number] = error


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
