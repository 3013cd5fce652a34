"""The bulk-order engine, without I/O: chunks, reconciliation and the result shared by text
enablement and import orders, and text enablement's own plan and request bodies (an import's
are in `_imported_numbers`).

Numbers are validated before any request, grouped by region and toll-free or not, and sent
a chunk at a time (500 for text enablement). After an ambiguous failure (a timeout or 5xx once
the body was sent) the numbers' state is read before anything is sent again: nothing is ever
submitted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from sinch_qualified_numbers_api.models import (
    GlobalProcessState,
    HostingOrder,
    RegionCode,
    TextEnableNumbersRequest,
    TextEnableTollFreeNumbersDirectRequest,
    TextEnableTollFreeNumbersResellerRequest,
)
from sinch_qualified_numbers_api.types import UNSET

from ._calls import (
    MAX_NUMBERS_PER_CALL,
    numbers_argument,
    optional_text,
    optional_time,
    or_unset,
    required_text,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    InternalServerError,
    InvalidArgumentError,
    QualifiedNumbersError,
    RateLimitError,
    TextEnableFailedError,
)
from ._loa import BlanketLoa, DirectLoa, Loa, ResellerLoa
from ._phone import is_toll_free, region_of
from ._steps import Procedure, ReadStates

HOSTING_TAKEN = frozenset(
    {
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_DONE.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_FAILED.value,
    }
)

VERIFIED = GlobalProcessState.GLOBAL_PROCESS_STATE_VERIFIED.value
#: Numbers a text-enable call provably did not take: safe to send again.
RESEND_STATES = frozenset({VERIFIED})


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
class Submit:
    """Send one order call (text enablement or import) for these numbers; the answer is a
    HostingOrder."""

    chunk: Chunk


@dataclass(frozen=True)
class Chunk:
    """One call's worth of numbers: one region, toll-free or not, at most the order kind's
    limit (500 for text enablement, the configured import limit for imports)."""

    region_code: str
    toll_free: bool
    numbers: list[str]


@dataclass(frozen=True)
class OrderResult:
    """One order call (text enablement or import) that created a hosting order.

    `hosting_order_id` is None when the order was created but its answer was lost (found by
    reading the numbers' state after a timeout or 5xx).
    """

    hosting_order_id: str | None
    numbers: list[str]
    region_code: str
    toll_free: bool
    order: HostingOrder | None = field(default=None, repr=False)


@dataclass(repr=False)
class OrderBatchResult:
    """What a bulk order call returns (text enablement, imports): every input number exactly
    once, in `accepted` (number -> the ID of the hosting order that took it; None when the
    order's answer was lost and the number was found taken by reading it) or `failed`
    (number -> the error); `orders` lists the orders created.

    `unknown` is the part of `failed` whose outcome could not be established: a call's answer
    was lost and the reads that would have told also failed, so the service may hold them.
    Read them before sending them again. `TextEnableResult` also calls `accepted` `enabled`,
    `ImportResult` `imported` (and their reprs say so).
    """

    orders: list[OrderResult] = field(default_factory=list)
    accepted: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)

    #: What the kind of order calls `accepted` (its alias, and the name in the repr).
    _accepted_as: ClassVar[str] = "accepted"
    #: Said after the count of unknown outcomes in `raise_for_failures`' message.
    _unknown_advice: ClassVar[str] = ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(orders={self.orders!r}, "
            f"{self._accepted_as}={self.accepted!r}, failed={self.failed!r}, "
            f"unknown={self.unknown!r})"
        )

    @property
    def ok(self) -> bool:
        return not self.failed

    def order_ids(self) -> list[str]:
        """The IDs of the hosting orders created, once each, in creation order (an order whose
        answer was lost has none: its numbers' state was read instead)."""
        return list(dict.fromkeys(o.hosting_order_id for o in self.orders if o.hosting_order_id))

    def raise_for_failures(self) -> None:
        """Raise the first failure (with the count) if any number failed."""
        if self.failed:
            first_number, first = next(iter(self.failed.items()))
            unknown = (
                f" ({len(self.unknown)} with an unknown outcome{self._unknown_advice})"
                if self.unknown
                else ""
            )
            raise self._failure(
                f"{len(self.failed)} numbers failed{unknown}, first {first_number}: {first}"
            )

    def _failure(self, message: str) -> QualifiedNumbersError:
        """The error `raise_for_failures` raises (each kind of order has its own)."""
        return QualifiedNumbersError(message)


class TextEnableResult(OrderBatchResult):
    """Every input number exactly once: in `enabled` (number -> hosting order ID) or `failed`.

    `unknown` is the part of `failed` whose outcome could not be established: a call's answer
    was lost and the reads that would have told also failed, so the service may hold them.
    Read their state (`read_states`) before sending them again.
    """

    _accepted_as = "enabled"
    _unknown_advice = ": read their state before sending them again"

    @property
    def enabled(self) -> dict[str, str | None]:
        """`accepted` by its text enablement name: number -> hosting order ID (None when the
        order's answer was lost)."""
        return self.accepted

    def _failure(self, message: str) -> QualifiedNumbersError:
        return TextEnableFailedError(self, message)


def plan_text_enable(
    numbers: Iterable[str], options: TextEnableOptions, default_region: str
) -> list[Chunk]:
    """Validate everything before any request, then group by region and kind, 500 per chunk."""
    parsed = numbers_argument(numbers, default_region, "numbers")
    required_text("service_plan_id", options.service_plan_id)
    for name in ("campaign_id", "display_name", "nnid", "callback_url"):
        optional_text(name, getattr(options, name))
    for name in ("scheduled_osr_update_time", "scheduled_zipwhip_provisioning_time"):
        optional_time(name, getattr(options, name))
    if not isinstance(options.loa, DirectLoa | ResellerLoa | BlanketLoa):
        raise InvalidArgumentError(
            f"loa must be a DirectLoa, ResellerLoa or BlanketLoa, not {options.loa!r}"
        )
    toll_free_numbers = [n for n in parsed if is_toll_free(n)]
    if isinstance(options.loa, BlanketLoa) and toll_free_numbers:
        raise InvalidArgumentError(
            "toll-free numbers need a DirectLoa or ResellerLoa, not a BlanketLoa: "
            + ", ".join(toll_free_numbers[:10])
            + (" ..." if len(toll_free_numbers) > 10 else "")
        )
    return split_into_chunks(parsed, MAX_NUMBERS_PER_CALL)


def split_into_chunks(numbers: list[str], size: int) -> list[Chunk]:
    """Group valid E.164 numbers by region and toll-free or not (each call takes one kind),
    `size` per chunk, in input order within each group."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for number in numbers:
        groups.setdefault((region_of(number), is_toll_free(number)), []).append(number)
    return [
        Chunk(region, toll_free, group[i : i + size])
        for (region, toll_free), group in groups.items()
        for i in range(0, len(group), size)
    ]


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
            "display_name": or_unset(options.display_name),
            "scheduled_zipwhip_provisioning_time": or_unset(
                options.scheduled_zipwhip_provisioning_time
            ),
            "callback_url": or_unset(options.callback_url),
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
        display_name=or_unset(options.display_name),
        nnid=or_unset(options.nnid),
        campaign_id=or_unset(options.campaign_id),
        direct_loa_info=loa._to_api() if isinstance(loa, DirectLoa) else UNSET,
        reseller_loa_info=loa._to_api() if isinstance(loa, ResellerLoa) else UNSET,
        blanket_loa_info=loa._to_api() if isinstance(loa, BlanketLoa) else UNSET,
        scheduled_osr_update_time=or_unset(options.scheduled_osr_update_time),
        callback_url=or_unset(options.callback_url),
    )


def is_ambiguous(error: QualifiedNumbersError) -> bool:
    """Could the service have acted on this POST although we got no good answer?

    A 2xx whose body cannot be read counts too: the order exists, so the numbers' state is
    read before anything is resent (never a second order for an answer we failed to parse).
    """
    if isinstance(error, APIConnectionError):  # timeouts included
        return error.request_sent
    if isinstance(error, APIResponseValidationError):
        return 200 <= error.status_code < 300
    return isinstance(error, InternalServerError)


#: Reads of a number's state while reconciling, each with the transport's own retries.
RECONCILE_READS = 4


def is_transient(error: QualifiedNumbersError) -> bool:
    """Worth asking again (for a safe read): no answer, rate limited or a 5xx."""
    return isinstance(error, APIConnectionError | RateLimitError | InternalServerError)


def reconcile_pause(attempt: int) -> float:
    return min(4.0, 0.25 * 2.0**attempt)


@dataclass(frozen=True)
class Reconciled:
    """What the numbers' state says after an ambiguous failure."""

    taken: list[str]  # already hosting: never send again
    resend: list[str]  # not taken (e.g. still VERIFIED): no order took them, safe to resend
    failed: dict[str, QualifiedNumbersError]
    unknown: list[str] = field(default_factory=list)  # of failed: the state could not be read


def reconcile(
    numbers: list[str],
    states: Mapping[str, str | QualifiedNumbersError],
    cause: QualifiedNumbersError,
    taken_states: frozenset[str] = HOSTING_TAKEN,
    resend_states: frozenset[str] = RESEND_STATES,
) -> Reconciled:
    taken: list[str] = []
    resend: list[str] = []
    failed: dict[str, QualifiedNumbersError] = {}
    unknown: list[str] = []
    for number in numbers:
        state = states.get(number)
        if isinstance(state, QualifiedNumbersError) or not state:
            # Unread (or read without a state): the order may hold it. Never a known failure.
            failed[number] = state if isinstance(state, QualifiedNumbersError) else cause
            unknown.append(number)
        elif state in taken_states:
            taken.append(number)
        elif state in resend_states:
            resend.append(number)
        else:
            failed[number] = cause
    return Reconciled(taken, resend, failed, unknown)


@dataclass
class ChunkOutcome:
    """What became of one chunk (given to `on_chunk_done=` of `text_enable` and
    `import_numbers`): the orders that took its numbers, and the numbers that failed with
    their errors; `unknown` is the part of `failed` whose outcome could not be established
    (see `OrderBatchResult.unknown`)."""

    chunk: Chunk
    orders: list[OrderResult] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)

    @property
    def accepted(self) -> dict[str, str | None]:
        """Number -> hosting order ID (None when the order's answer was lost)."""
        return {n: order.hosting_order_id for order in self.orders for n in order.numbers}

    @property
    def enabled(self) -> dict[str, str | None]:
        """`accepted` by its text enablement name (an import's chunk has the same)."""
        return self.accepted

    def _took(self, numbers: list[str], order: HostingOrder | None) -> None:
        order_id = None if order is None else order.hosting_order_id
        chunk = self.chunk
        self.orders.append(
            OrderResult(order_id, numbers, chunk.region_code, chunk.toll_free, order)
        )


EnableStep = Submit | ReadStates


def enable_chunk(
    chunk: Chunk,
    rounds: int = 3,
    taken_states: frozenset[str] = HOSTING_TAKEN,
    resend_states: frozenset[str] = RESEND_STATES,
) -> Procedure[EnableStep, ChunkOutcome]:
    """Put one chunk in a hosting order; after an ambiguous failure, read before resubmitting.

    A number the service already took (for text enablement HOSTING_*; for an import, one that
    is imported) is never sent again; numbers still as before (VERIFIED; not imported) are
    sent again, at most `rounds` submissions in all; anything else is reported failed with the
    error that caused it.
    """
    outcome = ChunkOutcome(chunk)
    pending = list(chunk.numbers)
    for attempt in range(max(1, rounds)):
        try:
            order = cast(
                HostingOrder, (yield Submit(Chunk(chunk.region_code, chunk.toll_free, pending)))
            )
        except QualifiedNumbersError as error:
            if not is_ambiguous(error):
                outcome.failed.update(dict.fromkeys(pending, error))
                return outcome
            states = cast(dict[str, str | QualifiedNumbersError], (yield ReadStates(pending)))
            found = reconcile(pending, states, error, taken_states, resend_states)
            if found.taken:
                outcome._took(found.taken, None)
            outcome.failed.update(found.failed)
            outcome.unknown.update(found.unknown)
            if attempt == max(1, rounds) - 1:
                outcome.failed.update(dict.fromkeys(found.resend, error))
            pending = found.resend
            if not pending:
                return outcome
        else:
            outcome._took(pending, order)
            return outcome
    return outcome


def merge(result: OrderBatchResult, outcome: ChunkOutcome) -> None:
    result.orders.extend(outcome.orders)
    result.accepted.update(outcome.accepted)
    result.failed.update(outcome.failed)
    result.unknown.update(outcome.unknown)
