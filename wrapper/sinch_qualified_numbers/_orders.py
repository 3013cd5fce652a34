"""Hosting orders in bulk, without I/O: chunks, reconciliation and the result shared by text
enablement and import orders, and text enablement's own plan and request bodies (an import's
are in `_imported_numbers`).

Numbers are validated before any request, grouped by region and toll-free or not, and sent
a chunk at a time (500 for text enablement). After an ambiguous failure (a timeout or 5xx once
the body was sent) the numbers' state is read before anything is sent again: nothing is ever
submitted twice.

A refusal is kept to the numbers it is about: when the service refuses a call because of some
of its numbers (field violations naming `numbers[i]`, or the numbers themselves in its text),
those numbers are settled with their own reason (already done, not ready with their state, or
failed) and the others go again at once in one call. A refusal that names no number is split
in halves until the culprits are found: at most `2 * ceil(log2(n))` extra calls per culprit in
a call of n numbers (18 for 500), for up to `SPLIT_CULPRITS` culprits per chunk; when the
halves and the quarters are all refused the refusal is taken as about the whole call (6 extra
calls).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
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

from ._arguments import (
    MAX_NUMBERS_PER_CALL,
    enum_argument,
    numbers_argument,
    optional_text,
    optional_time,
    or_unset,
    required_text,
)
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    InvalidArgumentError,
    QualifiedNumbersError,
    RateLimitError,
    TextEnableFailedError,
    could_have_acted,
)
from ._loa import BlanketLoa, DirectLoa, Loa, ResellerLoa
from ._phone import is_toll_free, region_of
from ._retry import exponential_sleep_generator, pause

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
#: A number in one of these is already text-enabled (or on its way): never sent again.
ALREADY_ENABLED = frozenset(
    {
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_DONE.value,
    }
)


def is_hosting_failed(state: str) -> bool:
    """A state saying an earlier order failed for the number (`HOSTING_FAILED`, or a failed
    hosting state the spec does not know yet): the number's own refusal, not "not verified"."""
    name = GlobalProcessState.short_name(state)
    return name.startswith("HOSTING_") and ("FAIL" in name or "REJECT" in name)


#: Every state a number can be in but VERIFIED: what the listing before a text enablement
#: asks for (`census`).
NOT_VERIFIED_STATES = tuple(
    state.value
    for state in GlobalProcessState
    if state
    not in (
        GlobalProcessState.GLOBAL_PROCESS_STATE_UNSPECIFIED,
        GlobalProcessState.GLOBAL_PROCESS_STATE_VERIFIED,
    )
)
#: A word of a refusal's text that may be a state's full name.
_WORD = re.compile(r"[A-Z][A-Z0-9_]*")
_E164 = re.compile(r"\+1[2-9][0-9]{9}\b")
_E164_WHOLE = re.compile(r"\+1[2-9][0-9]{9}")
_INDEXED = re.compile(r"^numbers\[(\d+)\]")


def _state_in_text(error: APIStatusError) -> str | None:
    """A number's state as a refusal about that number states it ("... is
    GLOBAL_PROCESS_STATE_NOT_ELIGIBLE, not VERIFIED"), or None."""
    for violation in error.field_violations:
        word: str
        for word in _WORD.findall(violation.description):
            if word in _KNOWN_STATES:
                return word
    return None


_KNOWN_STATES = frozenset(state.value for state in GlobalProcessState)


@dataclass(frozen=True)
class OrderKind:
    """What differs between text enablement and imports in the engine."""

    #: Read after an ambiguous failure: taken by an order (never resent) ...
    taken_states: frozenset[str]
    #: ... or provably not taken (safe to send again).
    resend_states: frozenset[str]
    #: Already done before this call: reported apart, never sent.
    already_states: frozenset[str]
    #: A refused number's state as the refusal states it (saves reading it), or None.
    state_in_refusal: Callable[[APIStatusError], str | None]


TEXT_ENABLEMENT = OrderKind(
    HOSTING_TAKEN,
    RESEND_STATES,
    ALREADY_ENABLED,
    _state_in_text,
)


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
    order's answer was lost and the number was found taken by reading it), `already` (done
    before: number -> its state), `not_ready` (not in a state to be ordered: number -> its
    state), `failed` (number -> the error, its own: a number never fails because another
    number of its call was refused) or `unknown`; `orders` lists the orders created. `ok` is
    true when nothing failed and nothing is unknown: `already` and `not_ready` are not
    failures.

    `unknown` (number -> the error that left it so) holds the numbers whose outcome could not
    be established: a call's answer was lost and the reads that would have told also failed,
    so the service may hold them. They are not failed; read them before sending them again.
    `TextEnableResult` also calls `accepted` `enabled`, `ImportResult` `imported` (and their
    reprs say so).
    """

    orders: list[OrderResult] = field(default_factory=list)
    accepted: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    #: Numbers whose outcome could not be established -> the error that left them so (not
    #: failed: the service may hold them).
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    #: Numbers already done before this call (number -> the state that says so): not sent,
    #: not a failure. `already_enabled` / `already_imported` by each kind's name.
    already: dict[str, str] = field(default_factory=dict)
    #: Numbers not in a state to be ordered (number -> that state, e.g. a text enablement's
    #: `GLOBAL_PROCESS_STATE_NOT_ELIGIBLE`): not sent or refused for it, not a failure.
    #: `not_verified` by its text enablement name.
    not_ready: dict[str, str] = field(default_factory=dict)

    #: What the kind of order calls `accepted` (its alias, and the name in the repr).
    _accepted_as: ClassVar[str] = "accepted"
    #: And `already`, `not_ready`.
    _already_as: ClassVar[str] = "already"
    _not_ready_as: ClassVar[str] = "not_ready"
    #: Said after the count of unknown outcomes in `raise_for_failures`' message.
    _unknown_advice: ClassVar[str] = ""

    def __repr__(self) -> str:
        return (
            f"{type(self).__qualname__}(orders={self.orders!r}, "
            f"{self._accepted_as}={self.accepted!r}, failed={self.failed!r}, "
            f"unknown={self.unknown!r}, {self._already_as}={self.already!r}, "
            f"{self._not_ready_parts()})"
        )

    def _not_ready_parts(self) -> str:
        return f"{self._not_ready_as}={self.not_ready!r}"

    @property
    def ok(self) -> bool:
        """Nothing failed and nothing is unknown."""
        return not self.failed and not self.unknown

    def order_ids(self) -> list[str]:
        """The IDs of the hosting orders created, once each, in creation order (an order whose
        answer was lost has none: its numbers' state was read instead)."""
        return list(dict.fromkeys(o.hosting_order_id for o in self.orders if o.hosting_order_id))

    def raise_for_failures(self) -> None:
        """Raise (this kind's error, with this result) if any number failed or has an
        unknown outcome: how many of each, and the first of each with its error."""
        parts = []
        if self.failed:
            number, error = next(iter(self.failed.items()))
            parts.append(f"{len(self.failed)} numbers failed, first {number}: {error}")
        if self.unknown:
            number, error = next(iter(self.unknown.items()))
            parts.append(
                f"{len(self.unknown)} numbers have an unknown outcome{self._unknown_advice}, "
                f"first {number}: {error}"
            )
        if parts:
            raise self._failure("; ".join(parts))

    def _failure(self, message: str) -> QualifiedNumbersError:
        """The error `raise_for_failures` raises (each kind of order has its own)."""
        return QualifiedNumbersError(message)


class TextEnableResult(OrderBatchResult):
    """Every input number exactly once: in `enabled` (number -> hosting order ID),
    `already_enabled` (already `HOSTING_IN_PROGRESS` or `HOSTING_DONE`: not sent again),
    `not_verified` (number -> its state, e.g. `GLOBAL_PROCESS_STATE_NOT_ELIGIBLE`: not
    text-enabled, not a failure), `hosting_failed` (number -> `HOSTING_FAILED`: an earlier
    order failed for it, the service refuses it again; not sent), `failed` or `unknown`
    (`not_verified` and `hosting_failed` together are `not_ready`).

    `unknown` (number -> the error that left it so) holds the numbers whose outcome could not
    be established: a call's answer was lost and the reads that would have told also failed,
    so the service may hold them. They are not failed; read their state (`read_states`)
    before sending them again.
    """

    _accepted_as = "enabled"
    _already_as = "already_enabled"
    _not_ready_as = "not_verified"
    _unknown_advice = " (read their state before sending them again)"

    @property
    def enabled(self) -> dict[str, str | None]:
        """`accepted` by its text enablement name: number -> hosting order ID (None when the
        order's answer was lost)."""
        return self.accepted

    @property
    def already_enabled(self) -> dict[str, str]:
        """`already` by its text enablement name: number -> `HOSTING_IN_PROGRESS` or
        `HOSTING_DONE` (full state names)."""
        return self.already

    @property
    def not_verified(self) -> dict[str, str]:
        """The numbers of `not_ready` that are not `VERIFIED` yet (or no longer: `NOT_ELIGIBLE`,
        `VERIFICATION_FAILED`...): number -> its state. Not those whose hosting failed
        (`hosting_failed`)."""
        return {n: s for n, s in self.not_ready.items() if not is_hosting_failed(s)}

    @property
    def hosting_failed(self) -> dict[str, str]:
        """The numbers of `not_ready` an earlier order failed for (`HOSTING_FAILED`): number ->
        its state. The service refuses to text-enable them again; not sent."""
        return {n: s for n, s in self.not_ready.items() if is_hosting_failed(s)}

    def _not_ready_parts(self) -> str:
        return f"not_verified={self.not_verified!r}, hosting_failed={self.hosting_failed!r}"

    def _failure(self, message: str) -> QualifiedNumbersError:
        return TextEnableFailedError(self, message)


def plan_text_enable(
    numbers: Iterable[str], options: TextEnableOptions, default_region: str
) -> list[Chunk]:
    """Validate everything before any request, then group by region and kind, 500 per chunk
    (no numbers: no chunks)."""
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


#: Reads of a number's state while reconciling, each with the transport's own retries.
RECONCILE_READS = 4


def is_transient(error: QualifiedNumbersError) -> bool:
    """Worth asking again (for a safe read): no answer, rate limited or a 5xx."""
    return isinstance(error, APIConnectionError | RateLimitError | InternalServerError)


def reconcile_pause(attempt: int) -> float:
    return pause(attempt, exponential_sleep_generator(0.25, 4.0))


@dataclass(frozen=True)
class Reconciled:
    """What the numbers' state says after an ambiguous failure."""

    taken: list[str]  # already hosting: never send again
    resend: list[str]  # not taken (e.g. still VERIFIED): no order took them, safe to resend
    #: Read in a state neither taken nor sendable: not taken, with the cause.
    failed: dict[str, QualifiedNumbersError]
    #: The state could not be read: the order may hold them (number -> the read's error).
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)


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
    unknown: dict[str, QualifiedNumbersError] = {}
    for number in numbers:
        state = states.get(number)
        if isinstance(state, QualifiedNumbersError) or not state:
            # Unread (or read without a state): the order may hold it. Never a failure.
            unknown[number] = state if isinstance(state, QualifiedNumbersError) else cause
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
    `import_numbers`): the orders that took its numbers, the numbers already done (`already`,
    number -> state), not ready (`not_ready`, number -> state), failed with their errors, and
    those whose outcome could not be established (`unknown`, number -> the error that left
    it so; not failed: see `OrderBatchResult.unknown`). Each number of the chunk is in
    exactly one of them."""

    chunk: Chunk
    orders: list[OrderResult] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    already: dict[str, str] = field(default_factory=dict)
    not_ready: dict[str, str] = field(default_factory=dict)

    @property
    def accepted(self) -> dict[str, str | None]:
        """Number -> hosting order ID (None when the order's answer was lost)."""
        return {n: order.hosting_order_id for order in self.orders for n in order.numbers}

    @property
    def enabled(self) -> dict[str, str | None]:
        """Deprecated: `accepted` (a chunk of an import is not text-enabled). Kept for one
        minor release with a `DeprecationWarning`."""
        warnings.warn(
            "ChunkOutcome.enabled is deprecated: use ChunkOutcome.accepted",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.accepted

    def _took(self, numbers: list[str], order: HostingOrder | None) -> None:
        order_id = None if order is None else order.hosting_order_id
        chunk = self.chunk
        self.orders.append(
            OrderResult(order_id, numbers, chunk.region_code, chunk.toll_free, order)
        )


#: Culprits of refusals that name no number found exactly per chunk by splitting; past that
#: the parts still refused fail with the refusal (a bound on the calls, documented).
SPLIT_CULPRITS = 4


def split_budget(size: int) -> int:
    """Extra calls a chunk of `size` numbers may spend splitting refusals that name no number:
    each culprit is found within `2 * ceil(log2(size))` calls (two halves per level)."""
    if size < 2:
        return 0
    return 2 * math.ceil(math.log2(size)) * SPLIT_CULPRITS


def culprits(error: QualifiedNumbersError, sent: list[str]) -> dict[str, APIStatusError]:
    """The numbers of `sent` that a refusal names, each with an error of its own (the same
    status, only its own field violations, the number as subject): from `numbers[i]` field
    violations, else from the numbers quoted in the violations and the message. Empty when
    the refusal names none of them."""
    if not isinstance(error, APIStatusError) or could_have_acted(error):
        return {}
    if isinstance(error, RateLimitError) or error.status_code in (401, 403):
        return {}  # about the caller, never about a number
    wanted = set(sent)
    own: dict[str, list[dict[str, str]]] = {}
    for violation in error.field_violations:
        entry = {"field": violation.field, "description": violation.description}
        indexed = _INDEXED.match(violation.field)
        if indexed and int(indexed.group(1)) < len(sent):
            own.setdefault(sent[int(indexed.group(1))], []).append(entry)
            continue
        for number in _E164.findall(violation.description):
            if number in wanted:
                own.setdefault(number, []).append(entry)
    if not own:
        for number in _E164.findall(error.message):
            if number in wanted:
                own.setdefault(number, [])
    return {number: _own_error(error, number, mine) for number, mine in own.items()}


def _own_error(
    error: APIStatusError, number: str, violations: list[dict[str, str]]
) -> APIStatusError:
    """A copy of `error` about `number` alone: its own violations, and a message that names
    no other number."""
    others = [n for n in _E164.findall(error.message) if n != number]
    message = error.message
    if others:
        message = "; ".join(v["description"] for v in violations) or f"{number} was refused"
    own = type(error)(
        message,
        status_code=error.status_code,
        code=error.code,
        status=error.status,
        details=[{"type": "BadRequest", "fieldViolations": violations}] if violations else [],
        body=error.body,
        headers=error.headers,
        method=error.method,
        url=error.url,
        subject=number,
    )
    own.retry_after = error.retry_after
    return own


def splittable(error: QualifiedNumbersError) -> bool:
    """May this refusal be about some of the call's numbers (so splitting the call finds
    them)? Only when it names no field at all: one naming a field (another one, or `numbers`
    as a whole, such as its size) is about the whole call, and one about the caller (401,
    403, 429) or ambiguous is not a refusal of numbers."""
    if not isinstance(error, APIStatusError) or could_have_acted(error):
        return False
    if error.status_code not in (400, 404, 409, 412, 422):
        return False
    return all(_INDEXED.match(v.field) for v in error.field_violations)


def answer_numbers(order: HostingOrder) -> list[str] | None:
    """The phone numbers an order's answer names, where it names any (the published answer
    does not; some gateways and later versions add `numbers`, or put them in `numberImport`);
    None when it names none."""
    places: list[object] = [
        order.additional_properties.get("numbers"),
        order.additional_properties.get("phoneNumbers"),
    ]
    number_import: Any = order.number_import
    if isinstance(number_import, str) and number_import.strip().startswith("{"):
        try:
            number_import = json.loads(number_import)
        except ValueError:
            number_import = None
    elif hasattr(number_import, "additional_properties"):
        number_import = number_import.additional_properties
    if isinstance(number_import, Mapping):
        places += [number_import.get("numbers"), number_import.get("phoneNumbers")]
    # Only phone numbers count: a list of anything else under those names is no statement
    # about the numbers (any property may hold any value), and reads as none.
    found = [
        item
        for place in places
        if isinstance(place, list)
        for entry in place
        for item in [entry.get("phoneNumber") if isinstance(entry, Mapping) else entry]
        if isinstance(item, str) and _E164_WHOLE.fullmatch(item)
    ]
    return found or None


def check_answer(order: HostingOrder, sent: Chunk) -> str:
    """Why an order's answer cannot be the answer to this call ("" when it can): it names a
    number that was not sent. (Its other fields are not judged: the service's answers may
    carry any value, and a region or project that differs proves nothing about the numbers.)"""
    named = answer_numbers(order)
    if named is None:
        return ""
    foreign = sorted(set(named) - set(sent.numbers))
    if not foreign:
        return ""
    return f"{len(foreign)} numbers that were not sent ({', '.join(foreign[:5])})"


def _unchecked(order: HostingOrder, sent: Chunk, problem: str) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"the answer to an order of {len(sent.numbers)} numbers is not about them: {problem} "
        f"(order {order.hosting_order_id!r:.60}); their state is read before anything is sent "
        "again",
        status_code=200,
        body=b"",
    )


#: Split parts refused in a row, none taken, after which a refusal naming no number is taken
#: as about the whole call (the two halves and the four quarters of a call all refused: at
#: least four culprits, one in each quarter, or none at all); the parts already made are still
#: sent, none is split further.
CALL_WIDE_REFUSALS = 6


@dataclass
class Part:
    """Numbers sent together; `attempt` counts the sends after ambiguous failures; `split`
    says the part was made by splitting a refused one."""

    numbers: list[str]
    attempt: int = 0
    split: bool = False
    #: Set on a part whose call was refused without naming a number: split it (or not) when
    #: its turn comes, once the parts before it in the queue were sent.
    refusal: APIStatusError | None = None


@dataclass(frozen=True)
class Doubt:
    """Numbers an ambiguous failure left open, read before anything is sent again: `cause`
    the failure; `keep_cause`, a number left unknown is so with `cause` (an answer not about
    the call) rather than the read's error; `order`, the answered order the numbers were sent
    in (numbers its answer left out), which holds those found taken (else the lost call's
    order holds them, its ID unknown)."""

    part: Part
    cause: QualifiedNumbersError
    keep_cause: bool = False
    order: HostingOrder | None = None


@dataclass
class ChunkPlan:
    """The decisions of putting one chunk in hosting orders (`_async/_order_engine.order_chunk`
    does the I/O), every number settled exactly once in `outcome`.

    - After an ambiguous failure the numbers are read before anything is resent: one the
      service took is never sent again, one still as before is sent again (at most `rounds`
      submissions in all), an unreadable one is unknown.
    - A refusal naming some numbers settles those with their own reason (read first when the
      refusal does not state them: already done, not ready, or failed) and sends the others
      again at once, together; one naming no number is split in halves (`split_budget`).
    - An answer that is not about the call (`check_answer`) is treated like a lost one: the
      numbers are read, never counted as done on its word; a sent number missing from an
      answer that names numbers is read too.
    """

    chunk: Chunk
    kind: OrderKind
    rounds: int = 3
    outcome: ChunkOutcome = field(init=False)
    parts: list[Part] = field(init=False)
    budget: int = field(init=False)
    split_refused: int = 0
    split_taken: int = 0

    def __post_init__(self) -> None:
        self.rounds = max(1, self.rounds)
        self.outcome = ChunkOutcome(self.chunk)
        self.parts = [Part(list(self.chunk.numbers))]
        self.budget = split_budget(len(self.chunk.numbers))

    def next_part(self) -> Part | None:
        """The next part to send (None: the chunk is settled). A part refused without naming
        a number is split in halves here, or failed with its refusal once the split budget is
        spent or the refusal looks call-wide."""
        while self.parts:
            part = self.parts.pop(0)
            if part.refusal is None:
                return part
            call_wide = self.split_refused >= CALL_WIDE_REFUSALS and not self.split_taken
            if self.budget >= 2 and not call_wide:
                self.budget -= 2
                half = len(part.numbers) // 2
                self.parts += [
                    Part(part.numbers[:half], part.attempt, split=True),
                    Part(part.numbers[half:], part.attempt, split=True),
                ]
            else:
                self.outcome.failed.update(dict.fromkeys(part.numbers, part.refusal))
        return None

    def request(self, part: Part) -> Chunk:
        """The chunk one call sends for `part`."""
        return Chunk(self.chunk.region_code, self.chunk.toll_free, part.numbers)

    def refused(self, part: Part, error: QualifiedNumbersError) -> dict[str, APIStatusError]:
        """A call refused (`error` could not have acted): the numbers to settle by their state
        (`unstated`, `settle_refused`), the others queued again, split later, or failed."""
        named = culprits(error, part.numbers)
        if named:
            rest = [n for n in part.numbers if n not in named]
            if rest:
                self.parts.insert(0, Part(rest, part.attempt))
            return named
        self.split_refused += part.split
        if splittable(error) and len(part.numbers) > 1:
            # Split when its turn comes: level by level, so that a refusal of the whole
            # call shows (every part of a level refused) before many calls are spent.
            refusal = cast(APIStatusError, error)  # splittable: a status error
            self.parts.append(Part(part.numbers, part.attempt, part.split, refusal))
        elif splittable(error) and len(part.numbers) == 1:
            return {part.numbers[0]: cast(APIStatusError, error)}  # splittable: a status error
        else:
            self.outcome.failed.update(dict.fromkeys(part.numbers, error))
        return {}

    def answered(self, part: Part, order: HostingOrder) -> Doubt | None:
        """A call answered: the numbers its answer says the order took are settled; those to
        read before anything is sent again (the answer is not about the call, or leaves some
        out) are returned."""
        sent = self.request(part)
        problem = check_answer(order, sent)
        if problem:
            return Doubt(part, _unchecked(order, sent, problem), keep_cause=True)
        answered = answer_numbers(order)
        named_in_answer = set(part.numbers if answered is None else answered)
        took = [n for n in part.numbers if n in named_in_answer]
        if took:
            self.outcome._took(took, order)
            self.split_taken += part.split
        missing = [n for n in part.numbers if n not in named_in_answer]
        if not missing:
            return None
        incomplete = APIResponseValidationError(
            f"the answer (order {order.hosting_order_id!r:.60}) does not name "
            f"{len(missing)} of the numbers sent; their state is read before anything is "
            "sent again",
            status_code=200,
            body=b"",
        )
        # Those found taken are this answered order's (one order per call, counted once).
        return Doubt(Part(missing, part.attempt), incomplete, keep_cause=True, order=order)

    def reconciled(self, doubt: Doubt, states: Mapping[str, str | QualifiedNumbersError]) -> None:
        """Settle what the reads after an ambiguous failure tell, and queue first the numbers
        to send again (none after the last round)."""
        part, error = doubt.part, doubt.cause
        kind = self.kind
        found = reconcile(part.numbers, states, error, kind.taken_states, kind.resend_states)
        if found.taken:
            self.outcome._took(found.taken, doubt.order)
        for number in found.failed:
            state = states.get(number)
            assert isinstance(state, str)  # `reconcile`: read, neither taken nor sendable
            self.outcome.not_ready[number] = state  # its state says why
        for number, unread in found.unknown.items():
            self.outcome.unknown[number] = error if doubt.keep_cause else unread
        if part.attempt >= self.rounds - 1:
            self.outcome.failed.update(dict.fromkeys(found.resend, error))
        elif found.resend:
            self.parts.insert(0, Part(found.resend, part.attempt + 1))

    def unstated(self, named: Mapping[str, APIStatusError]) -> list[str]:
        """The refused numbers whose state the refusal does not state: to be read."""
        return [n for n, error in named.items() if not self.kind.state_in_refusal(error)]

    def settle_refused(
        self,
        named: Mapping[str, APIStatusError],
        read: Mapping[str, str | QualifiedNumbersError],
    ) -> None:
        """Settle numbers a refusal is about, by their state (stated in the refusal, else
        `read`): already done, not ready (with the state), or failed with their own error."""
        kind = self.kind
        outcome = self.outcome
        for number, error in named.items():
            stated = kind.state_in_refusal(error)
            got = read.get(number)
            state = stated or (got if isinstance(got, str) and got else None)
            if state in kind.already_states:
                outcome.already[number] = state
            elif state and state not in kind.resend_states:
                outcome.not_ready[number] = state  # e.g. NOT_ELIGIBLE, or HOSTING_FAILED
            else:
                outcome.failed[number] = error


def settle_known(
    numbers: list[str], known: Mapping[str, str], kind: OrderKind, result: OrderBatchResult
) -> list[str]:
    """Numbers whose state is known before sending (a listing): the already done and the not
    ready go to `result` unsent; the rest are returned to be sent."""
    todo = []
    for number in numbers:
        state = known.get(number)
        if state is None or state in kind.resend_states:
            todo.append(number)
        elif state in kind.already_states:
            result.already[number] = state
        else:
            result.not_ready[number] = state
    return todo


def known_states_argument(known: object) -> Mapping[str, str] | None:
    """`known_states=`: None, or a mapping of E.164 numbers to state names."""
    if known is None:
        return None
    if not isinstance(known, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in known.items()
    ):
        raise InvalidArgumentError(
            f"known_states must map numbers to state names (str -> str), not {known!r:.80}"
        )
    return known


def region_codes_argument(region_codes: object) -> list[str]:
    """`region_codes=`: one region code or several (`US`, `CA`)."""
    if isinstance(region_codes, str):
        region_codes = [region_codes]
    if not isinstance(region_codes, Iterable) or isinstance(region_codes, bytes | Mapping):
        raise InvalidArgumentError(
            f"region_codes must be region codes such as ['US', 'CA'], not {region_codes!r:.80}"
        )
    regions = [enum_argument(RegionCode, r, "region_codes").value for r in region_codes]
    if not regions:
        raise InvalidArgumentError("region_codes: give at least one region code")
    return list(dict.fromkeys(regions))


def max_pages_argument(max_pages: object) -> int:
    if max_pages is None:
        return 2**31
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise InvalidArgumentError(f"max_pages must be an integer >= 1, not {max_pages!r:.40}")
    return max_pages


#: The page size of the listing before a text enablement (the most the service serves).
CENSUS_PAGE_SIZE = 1000


def census_pages_allowed(chunks: int) -> int:
    """Pages the listing before a text enablement may take: it is done only where it costs
    less than the refused calls it saves (at worst one per chunk), so never for one chunk."""
    return chunks if chunks >= 2 else 0


def census_worth_it(
    total_size: int | None, region_pages: int, pages_read: int, allowed: int
) -> bool:
    """Read another page of the listing? Not past `allowed` pages in all, nor once a region's
    count (`total_size`, after its first page) says its remaining pages would go past it."""
    if pages_read >= allowed:
        return False
    if total_size is None:
        return True
    remaining = math.ceil(total_size / CENSUS_PAGE_SIZE) - region_pages
    return pages_read + remaining <= allowed


def merge(result: OrderBatchResult, outcome: ChunkOutcome) -> None:
    result.orders.extend(outcome.orders)
    result.accepted.update(outcome.accepted)
    result.failed.update(outcome.failed)
    result.unknown.update(outcome.unknown)
    result.already.update(outcome.already)
    result.not_ready.update(outcome.not_ready)


@dataclass
class _Budget:
    """When the reconciliation reads of one bulk operation must stop (set by its first)."""

    deadline: float | None = None


_budget: ContextVar[_Budget | None] = ContextVar("reconcile_budget", default=None)


@contextlib.contextmanager
def reconcile_budget() -> Iterator[None]:
    """One `reconcile_timeout` for every reconciliation of the operation inside (all the
    calls of an `add`, all the orders of a text enablement), counted from its first read:
    reconciling does not take the bound once per call."""
    token = _budget.set(_Budget())
    try:
        yield
    finally:
        _budget.reset(token)


def budget_deadline(bound: float, clock: Callable[[], float]) -> float:
    """When the current operation's reconciliation reads must stop, on `clock`: `bound`
    after its first read (or after now, outside `reconcile_budget`)."""
    budget = _budget.get()
    if budget is None:
        return clock() + bound
    if budget.deadline is None:
        budget.deadline = clock() + bound
    return budget.deadline
