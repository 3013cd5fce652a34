"""Bulk orders for the CLI (text enablement, imports): the library's, with a journal, progress
and a summary."""

from __future__ import annotations

import contextlib
import hashlib
import signal
import sys
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sinch_qualified_numbers_api.models import GlobalProcessState

from .. import QualifiedNumbersClient
from .._arguments import MAX_NUMBERS_PER_CALL
from .._challenges import ChallengeOutcome
from .._exceptions import (
    APIStatusError,
    AuthenticationError,
    PermissionDeniedError,
    QualifiedNumbersError,
    RateLimitError,
    RedirectError,
    could_have_acted,
)
from .._loa import Loa
from .._orders import (
    HOSTING_TAKEN,
    TEXT_ENABLEMENT,
    Chunk,
    ChunkOutcome,
    TextEnableResult,
    census_pages_allowed,
    is_hosting_failed,
    settle_known,
)
from .._phone import is_toll_free
from ._inputs import block_size
from ._journal import Journal, JournalState
from ._output import CsvWriter, print_whole, table_of

Row = dict[str, Any]


#: The numbers to send, `size` at a time (called more than once: once to count what a journal
#: already holds, once to send). `NumberFile.blocks` is one; `in_blocks(list)` another.
Numbers = Callable[[int], Iterable[list[str]]]

#: Failures listed on the terminal; all of them go to the failures file.
SHOWN_FAILURES = 20


def in_blocks(numbers: list[str]) -> Numbers:
    """Numbers held in a list, as `Numbers`."""
    return lambda size: (numbers[i : i + size] for i in range(0, len(numbers), size))


@dataclass
class Summary:
    """Counts, not numbers: the per-number rows went out block by block (`on_row`), the
    failures to the failures file, so memory does not grow with the input."""

    #: What a number that went through is called in the rows and the table.
    done_as: str = "enabled"
    #: Its word in the journal (one of `DONE_EVENTS`).
    journal_as: str = "enabled"
    done: int = 0
    failed: int = 0
    #: Refused for the number's own reason that sending again would not change (a wrong
    #: code the service checked): not failures of the run, but not done either.
    refused: int = 0
    refused_as: str = "refused"
    #: Numbers whose outcome could not be established (never resent until read).
    unknown: int = 0
    #: Found done before this run sent them (already enabled, already imported): not sent.
    already: int = 0
    #: Not in a state to be ordered (text enablement: not VERIFIED): not sent, not failures.
    not_ready: int = 0
    #: How many of `not_ready` are in each state (short names).
    not_ready_states: dict[str, int] = field(default_factory=dict)
    #: Of the numbers not ready: those an earlier order failed for (`HOSTING_FAILED`), with
    #: their own label rather than "not verified" (not in `not_ready`).
    hosting_failed: int = 0
    #: What those two are called in the rows and the table.
    already_as: str = "already enabled"
    not_ready_as: str = "not verified"
    #: The first failures, refusals and unknown outcomes (number, "failed", "refused" or
    #: "unknown", reason), for the terminal.
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: int = 0
    orders: set[str] = field(default_factory=set)
    #: Per hosting order holding numbers of this run (a resumed run's too): how many, and
    #: the orders of toll-free numbers.
    order_sizes: dict[str, int] = field(default_factory=dict)
    toll_free_orders: set[str] = field(default_factory=set)
    #: Numbers found taken by an order whose answer was lost (its ID unknown).
    without_order: int = 0
    #: Orders this run created whose answer was lost (found by reading their numbers: no
    #: ID), one per lost call; "orders created" counts them with `orders`.
    orders_without_id: int = 0
    #: Stopped by Ctrl-C: numbers of the call in flight then, and numbers never sent.
    interrupted: bool = False
    in_flight: list[str] = field(default_factory=list)
    not_sent: int = 0
    #: The summary table counts orders (bulk orders; not voice challenges).
    makes_orders: bool = True


RESULT_COLUMNS = ["phoneNumber", "result", "hostingOrderId", "reason"]


def _no_rows(row: Row) -> None:
    """Rows nobody asked for (the demo prints only the summary)."""


@dataclass(frozen=True)
class RunOutput:
    """Where a run's record and report go, built once by the command: the journal (locked for
    the run), the failures file, the console of the progress bar and the summary, and
    `on_row`, which gets each number's row as its block settles."""

    journal: Journal
    failures_path: Path
    console: Console
    on_row: Callable[[Row], None] = _no_rows


@dataclass
class Settled:
    """What one unit of a run came to: a chunk of orders, one voice challenge, or numbers
    settled before sending (their state known). Each of `numbers` is in exactly one of
    `done` (grouped by the hosting order that took them: its ID, or None when its answer was
    lost or no order is made, as for a voice challenge), `failed`, `unknown`, `already` or
    `not_ready`."""

    numbers: list[str]
    done: list[tuple[str | None, list[str]]] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    already: dict[str, str] = field(default_factory=dict)
    not_ready: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_chunk(cls, outcome: ChunkOutcome) -> Settled:
        """A chunk of orders as the library settled it (`on_chunk_done`)."""
        return cls(
            outcome.chunk.numbers,
            [(order.hosting_order_id, order.numbers) for order in outcome.orders],
            dict(outcome.failed),
            dict(outcome.unknown),
            dict(outcome.already),
            dict(outcome.not_ready),
        )

    @property
    def accepted(self) -> dict[str, str | None]:
        """Number -> the ID of the order that took it (None: unknown, or no order)."""
        return {number: order for order, numbers in self.done for number in numbers}


def result_row(number: str, result: str, order: str | None = None, reason: str = "") -> Row:
    return {
        "phoneNumber": number,
        "result": result,
        "hostingOrderId": order or "",
        "reason": reason,
    }


#: The row of a number an earlier order failed for (`HOSTING_FAILED`): refused for that.
HOSTING_FAILED_AS = "hosting failed"

#: Why a number is reported unknown, after the error that left it so.
UNKNOWN_ADVICE = "outcome unknown, the service may hold it; run again to check before resending"

#: Which numbers left in flight the service took, and which could not be read (-> why).
Checked = tuple[list[str], dict[str, str]]


def _taken(numbers: list[str], found: Mapping[str, object], wanted: Collection[object]) -> Checked:
    """Numbers the journal left in flight that the library's reconciliation read (`found`)
    shows taken (`wanted`: never sent again), and those it could not read (not sent either)."""
    taken = [n for n in numbers if found.get(n) in wanted]
    unread = {
        n: f"{state} ({UNKNOWN_ADVICE})"
        for n in numbers
        for state in [found.get(n)]
        if isinstance(state, QualifiedNumbersError) or state is None or state == ""
    }
    return taken, unread


def _taken_in_state(
    client: QualifiedNumbersClient, numbers: list[str], wanted: Collection[str]
) -> Checked:
    """Left in flight and now in one of the states `wanted` (`read_states`, within
    `reconcile_timeout` as after a lost answer: a number not read by then stays unknown)."""
    found = client.qualified_numbers.read_states(numbers, reconciling=True) if numbers else {}
    return _taken(numbers, found, wanted)


def _taken_by_import(client: QualifiedNumbersClient, numbers: list[str]) -> Checked:
    """Left in flight and now imported (`read_imported`: concurrent, retried, within
    `reconcile_timeout`)."""
    found = client.imported_numbers.read_imported(numbers, reconciling=True) if numbers else {}
    return _taken(numbers, found, {True})


#: `place(todo, on_start, on_done)`: sends `todo`, calling `on_start(numbers)` just before a
#: unit's first call and `on_done(settled)` when it is settled (`settled.numbers` is the list
#: `on_start` got).
Place = Callable[[list[str], Callable[[list[str]], None], Callable[[Settled], None]], None]


def _chunk_started(on_start: Callable[[list[str]], None]) -> Callable[[Chunk], None]:
    return lambda chunk: on_start(chunk.numbers)


def _chunk_done(on_done: Callable[[Settled], None]) -> Callable[[ChunkOutcome], None]:
    return lambda outcome: on_done(Settled.of_chunk(outcome))


def _placing(order: Callable[..., Any], **options: Any) -> Place:
    """A block's orders: `order` (text enablement or an import) with its options, reporting
    each chunk to the runner's hooks."""

    def place(
        todo: list[str], on_start: Callable[[list[str]], None], on_done: Callable[[Settled], None]
    ) -> None:
        order(
            todo,
            on_chunk_start=_chunk_started(on_start),
            on_chunk_done=_chunk_done(on_done),
            **options,
        )

    return place


def run_text_enable(
    client: QualifiedNumbersClient,
    numbers: Numbers,
    *,
    service_plan_id: str,
    loa: Loa,
    campaign_id: str | None,
    callback_url: str | None,
    output: RunOutput,
) -> Summary:
    """Text-enable the verified numbers of `numbers`: the states of the project's numbers
    that are not VERIFIED are read once for the whole file (one paged listing, where it costs
    fewer calls than the refusals it saves: `census_pages_allowed`), so that numbers already
    enabled or not verified are reported without being sent; the library's refusal handling
    settles the rest."""
    qn = client.qualified_numbers
    known: dict[str, str] = {}

    def prepare(total: int) -> None:
        allowed = census_pages_allowed(-(-total // MAX_NUMBERS_PER_CALL))
        if allowed:
            known.update(qn.not_verified_states(max_pages=allowed) or {})

    def place(
        todo: list[str], on_start: Callable[[list[str]], None], on_done: Callable[[Settled], None]
    ) -> None:
        settled = TextEnableResult()
        todo = settle_known(todo, known, TEXT_ENABLEMENT, settled)
        if settled.already or settled.not_ready:  # never sent: reported like a chunk's
            unsent = [*settled.already, *settled.not_ready]
            on_done(Settled(unsent, already=settled.already, not_ready=settled.not_ready))
        qn.text_enable(
            todo,
            service_plan_id=service_plan_id,
            loa=loa,
            campaign_id=campaign_id,
            callback_url=callback_url,
            known_states=known,  # listed once for the whole file, not once per block
            on_chunk_start=_chunk_started(on_start),
            on_chunk_done=_chunk_done(on_done),
        )

    run = OrderRun(
        numbers,
        block_size(MAX_NUMBERS_PER_CALL, client.config.max_concurrency),
        place,
        lambda in_flight: _taken_in_state(client, in_flight, HOSTING_TAKEN),
        output,
        prepare=prepare,
    )
    return run_orders(run, Summary("enabled"))


def run_import(
    client: QualifiedNumbersClient,
    numbers: Numbers,
    *,
    service_plan_id: str,
    campaign_id: str | None,
    display_name: str | None,
    callback_url: str | None,
    output: RunOutput,
) -> Summary:
    place = _placing(
        client.hosting_orders.import_numbers,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        display_name=display_name,
        callback_url=callback_url,
    )
    config = client.config
    run = OrderRun(
        numbers,
        block_size(config.max_numbers_per_import_order, config.max_concurrency),
        place,
        lambda in_flight: _taken_by_import(client, in_flight),
        output,
    )
    return run_orders(
        run, Summary("imported", journal_as="imported", already_as="already imported")
    )


#: A verify run's advice for a number whose code the service refused.
NEW_CODE_ADVICE = "get a new code with `sinch-qn challenge send`"


class WrongCode(QualifiedNumbersError):
    """The service checked the code and refused it (the library's `rejected`): the number's
    own refusal, reported `refused` (`wrong_code: ...`, never `failed`), journaled `refused`
    with the code's fingerprint, and that code is never sent again."""


def code_fingerprint(number: str, code: str) -> str:
    """What the journal keeps of a refused code: enough to know it again, not the code."""
    return hashlib.sha256(f"{number}\n{code}".encode()).hexdigest()[:16]


def _verify_reconciled(client: QualifiedNumbersClient, numbers: list[str]) -> Checked:
    """A code left in flight (or unknown), read as the library reads it after a lost answer:
    `VERIFIED` took it; `VERIFICATION_FAILED` stays unknown (a wrong code checked and one
    that never arrived read alike: sending it again could count a wrong code twice); any other
    state is sent again (the service then answers for itself)."""
    found = client.qualified_numbers.read_states(numbers, reconciling=True) if numbers else {}
    taken, unread = _taken(numbers, found, {GlobalProcessState.VERIFIED.value})
    for number in numbers:
        if found.get(number) == GlobalProcessState.VERIFICATION_FAILED:
            unread[number] = (
                "VERIFICATION_FAILED: the code may have been checked and refused, and sending "
                f"it again could count a second wrong code; {NEW_CODE_ADVICE} (or --fresh to "
                "send this one again)"
            )
    return taken, unread


#: States that show a challenge call went out (a rerun does not call such a number again).
#: `VERIFICATION_FAILED` is not one: it may be from before; calling again costs one call.
_CALLED = {GlobalProcessState.VERIFICATION_PENDING.value, GlobalProcessState.VERIFIED.value}


def run_challenges(
    client: QualifiedNumbersClient,
    numbers: list[str],
    *,
    codes: dict[str, str] | None,
    output: RunOutput,
    not_called: Mapping[str, str] | None = None,
) -> Summary:
    """Voice challenges in bulk through the same runner (journal, resume, progress, summary):
    `send_voice_challenges`, or with `codes`, `verify_voice_challenges`. Each number is its
    own unit of the run. A number left in flight by a crash counts as done when its state shows the
    call went out (send) or that it is VERIFIED (verify); a wrong code is a failure, an outcome
    the library could not establish is unknown (read on the next run before anything is sent
    again). `not_called` (number -> state; among `numbers`, without a code): numbers never
    called, each with a row `not called` and its state, counted, never sent."""
    qn = client.qualified_numbers
    skipped = dict(not_called or {})

    def place(
        todo: list[str], on_start: Callable[[list[str]], None], on_done: Callable[[Settled], None]
    ) -> None:
        # One number a challenge: its own unit of the run, started and settled alone.
        units: dict[str, list[str]] = {}

        def started(number: str) -> None:
            units[number] = [number]
            on_start(units[number])

        def done(outcome: ChallengeOutcome) -> None:
            on_done(_challenge_settled(outcome, units.pop(outcome.phone_number, None), codes))

        for number in todo:
            if number in skipped:
                on_done(Settled([number], not_ready={number: skipped[number]}))
        todo = [n for n in todo if n not in skipped]
        if not todo:
            return
        if codes is None:
            qn.send_voice_challenges(todo, on_start=started, on_done=done)
        else:
            qn.verify_voice_challenges({n: codes[n] for n in todo}, on_start=started, on_done=done)

    summary = Summary("sent" if codes is None else "verified", makes_orders=False)
    summary.not_ready_as = "not called"
    summary.refused_as = "refused (wrong code)"
    size = block_size(1, client.config.max_concurrency)  # a number is its own call
    if codes is None:
        run = OrderRun(
            in_blocks(numbers),
            size,
            place,
            lambda in_flight: _taken_in_state(client, in_flight, _CALLED),
            output,
        )
    else:
        run = OrderRun(
            in_blocks(numbers),
            size,
            place,
            lambda in_flight: _verify_reconciled(client, in_flight),
            output,
            fingerprint=lambda number: code_fingerprint(number, codes.get(number, "")),
        )
    return run_orders(run, summary)


def _challenge_settled(
    outcome: ChallengeOutcome, unit: list[str] | None, codes: Mapping[str, str] | None
) -> Settled:
    """One voice challenge as the run counts it: done (called, or verified), a wrong code
    refused (`WrongCode`), failed, or unknown (the call or code may have gone through)."""
    number = outcome.phone_number
    unit = unit or [number]
    if outcome.answer is not None and (codes is None or outcome.verified):
        return Settled(unit, done=[(None, [number])])
    error = outcome.error or QualifiedNumbersError("no answer")
    if outcome.answer is not None:
        state = outcome.answer.state or "unknown"  # the model gives it short
        final = state == "VERIFICATION_BLOCKED"
        error = WrongCode(
            f"wrong_code: the service checked the code and refused it, the number "
            f"is now {state}; " + ("final, it can take no other code" if final else NEW_CODE_ADVICE)
        )
    if outcome.unknown:  # the call (or code) may have gone through: read it first
        return Settled(unit, unknown={number: error})
    return Settled(unit, failed={number: error})


@dataclass(frozen=True)
class OrderRun:
    """One run's settings, the runner's every step reads them (`run_orders`): the numbers,
    sent `size` at a time by `place(todo, on_start, on_done)` (the library's bulk call: its
    concurrency, its reconciliation); `taken_of`, which says which numbers an earlier run left
    in flight the service took, and which it could not read; where the record and the report
    go (`output`); `prepare(total)`, called once the numbers are counted, before anything is
    sent; and `fingerprint` (of what is sent for a number: its voice code), with which a
    number refused before with the same is not sent again: it is reported with the refusal,
    without a call."""

    numbers: Numbers
    size: int
    place: Place
    taken_of: Callable[[list[str]], Checked]
    output: RunOutput
    prepare: Callable[[int], None] | None = None
    fingerprint: Callable[[str], str] | None = None

    def refused_again(self, previous: JournalState, number: str) -> bool:
        """Refused before (`previous`) for the same thing it would be sent with now: not sent
        again."""
        known = previous.refused_code.get(number)
        return (
            self.fingerprint is not None and known is not None and known == self.fingerprint(number)
        )


def run_orders(run: OrderRun, summary: Summary) -> Summary:
    """`run.place` with a journal and a progress bar kept by its hooks, a resume step before
    it and `summary` counted and printed after. The journal is locked for the whole run.

    The numbers go `run.size` at a time, one block after another: each number's row goes to
    `run.output.on_row` as it settles and each failure to the failures file, so a million
    numbers take the memory of one block."""
    with run.output.journal.lock():
        return _run_locked(run, summary)


def _run_locked(run: OrderRun, summary: Summary) -> Summary:
    """The run, in its steps: what the journal holds (`_resume`), the blocks sent
    (`_send_blocks`), the summary printed (`_print_summary`)."""
    output = run.output
    previous = output.journal.load()
    total = _resume(run, previous, summary)
    if run.prepare is not None:
        run.prepare(total)
    failures = _FailuresFile(output.failures_path)
    try:
        _send_blocks(run, total, summary, _Block(summary, failures, output.on_row), previous)
    finally:
        failures.close()
    _print_summary(summary, output)
    return summary


def _resume(run: OrderRun, previous: JournalState, summary: Summary) -> int:
    """Say what the journal of an earlier run holds (a line cut short, numbers done, in
    flight, refused) and count the numbers: their total."""
    journal, console = run.output.journal, run.output.console
    for line in previous.skipped_lines:
        console.print(
            f"{journal.path} line {line} was cut short (a crash mid-write) and is skipped.",
            markup=False,
        )
    if previous.skipped_lines:
        journal.end_cut_line()  # before this run appends: the next run finds a whole journal
    total = 0
    if previous.done or previous.in_flight or previous.refused:
        done_count = in_flight_count = refused_count = kept_count = 0
        for part in run.numbers(run.size):
            total += len(part)
            done_count += sum(1 for n in part if n in previous.done)
            in_flight_count += sum(
                1 for n in part if n in previous.in_flight and n not in previous.done
            )
            refused_before = [n for n in part if n in previous.refused]
            kept_count += sum(1 for n in refused_before if run.refused_again(previous, n))
            refused_count += len(refused_before)
        if done_count or in_flight_count or refused_count:
            said = [f"{done_count} numbers already {summary.done_as}"]
            if in_flight_count:
                said.append(f"{in_flight_count} were in flight and are checked first")
            if kept_count:
                said.append(f"{kept_count} refused, not sent again (the same code)")
            if refused_count - kept_count:
                said.append(f"{refused_count - kept_count} were refused and are tried again")
            console.print(f"Resuming from {journal.path}: " + ", ".join(said) + ".")
    else:
        total = sum(len(part) for part in run.numbers(run.size))
    return total


@dataclass
class _Block:
    """The block being sent: what settled, kept by single dict updates (Ctrl-C can land
    between any two steps of a hook), and written out as rows once the block is over
    (`flush`)."""

    summary: Summary
    failures: _FailuresFile
    emit_row: Callable[[Row], None]
    done: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    #: The number's own refusal (a wrong code): not a failure.
    refused: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)
    already: dict[str, str] = field(default_factory=dict)
    not_ready: dict[str, str] = field(default_factory=dict)

    def settled(self) -> set[str]:
        """Every number of the block settled so far."""
        found = self.done.keys() | self.failed.keys() | self.unknown.keys()
        return found | self.already.keys() | self.refused.keys() | self.not_ready.keys()

    def flush(self) -> None:
        """The row of each settled number out (and failures to the failures file), counted."""
        summary, emit_row, failures = self.summary, self.emit_row, self.failures
        done, failed, refused = self.done, self.failed, self.refused
        unknown, already, not_ready = self.unknown, self.already, self.not_ready
        for number, state in already.items():
            emit_row(
                result_row(number, summary.already_as, reason=GlobalProcessState.short_name(state))
            )
        for number, state in not_ready.items():
            short = GlobalProcessState.short_name(state)
            if is_hosting_failed(state):  # its own refusal: an earlier order failed for it
                emit_row(result_row(number, HOSTING_FAILED_AS, reason=short))
                summary.hosting_failed += 1
                continue
            emit_row(result_row(number, summary.not_ready_as, reason=short))
            summary.not_ready_states[short] = summary.not_ready_states.get(short, 0) + 1
            summary.not_ready += 1
        summary.already += len(already)
        already.clear()
        not_ready.clear()
        for number, order_id in done.items():
            emit_row(result_row(number, summary.done_as, order_id))
            if order_id:
                summary.order_sizes[order_id] = summary.order_sizes.get(order_id, 0) + 1
                if is_toll_free(number):
                    summary.toll_free_orders.add(order_id)
            else:
                summary.without_order += 1
        for result, settled in (("failed", failed), ("refused", refused), ("unknown", unknown)):
            for number, reason in settled.items():
                if len(summary.failures) < SHOWN_FAILURES:
                    summary.failures.append((number, result, reason))
                failures.write(number, result, reason)
                emit_row(result_row(number, result, reason=reason))
        summary.done += len(done)
        summary.failed += len(failed)
        summary.refused += len(refused)
        summary.unknown += len(unknown)
        done.clear()
        failed.clear()
        refused.clear()
        unknown.clear()

    def record(
        self, outcome: Settled, journal: Journal, fingerprint: Callable[[str], str] | None
    ) -> None:
        """A unit settled: journaled at once (each number with its own reason), kept for
        the rows."""
        summary = self.summary
        done, failed, refused = self.done, self.failed, self.refused
        unknown, already, not_ready = self.unknown, self.already, self.not_ready
        for order_id, took in outcome.done:
            journal.write(summary.journal_as, took, order=order_id)
            if order_id:
                summary.orders.add(order_id)
            elif summary.makes_orders:
                summary.orders_without_id += 1  # one lost call's order, found by reading
        if outcome.already:
            journal.write(summary.journal_as, list(outcome.already), order=None, already=True)
        done.update(outcome.accepted)
        lost = {n: str(e) for n, e in outcome.unknown.items()}
        # A definite refusal (the service answered no) is journaled as refused: a rerun
        # never calls it in flight. Any other failure may hide a lost answer (a voice
        # challenge's, say): `failed`, read before it is sent again. An unknown outcome
        # stays unknown. Each number with its own reason.
        definite = {n: str(e) for n, e in outcome.failed.items() if _definite(e)}
        definite.update({n: GlobalProcessState.short_name(s) for n, s in outcome.not_ready.items()})
        other = {n: str(e) for n, e in outcome.failed.items() if not _definite(e)}
        if fingerprint is not None:  # one line each: the code refused is each number's
            for number, error in outcome.failed.items():
                if _about_what_was_sent(error):
                    journal.write(
                        "refused",
                        [number],
                        reason=definite.pop(number),
                        code=fingerprint(number),
                    )
        for event, settled in (("refused", definite), ("failed", other), ("unknown", lost)):
            for reason, group in _by_reason(settled).items():
                journal.write(event, group, reason=reason)
        failed.update({n: str(e) for n, e in outcome.failed.items() if not _own(e)})
        refused.update({n: str(e) for n, e in outcome.failed.items() if _own(e)})
        unknown.update({n: f"{reason} ({UNKNOWN_ADVICE})" for n, reason in lost.items()})
        already.update(outcome.already)
        not_ready.update(outcome.not_ready)


def _send_blocks(
    run: OrderRun, total: int, summary: Summary, current: _Block, previous: JournalState
) -> None:
    """Send the numbers a block at a time with a progress bar: each block's numbers left in
    flight are read first (`run.taken_of`), those refused before for the same code reported
    again, the rest placed; a Ctrl-C is counted (in flight, not sent) and ends the run."""
    journal = run.output.journal
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    started: dict[int, list[str]] = {}
    done, refused, unknown = current.done, current.refused, current.unknown
    flush = current.flush
    # Rows to a file or a pipe go there while the bar runs; on a terminal, above the bar.
    with Progress(
        *columns, console=run.output.console, transient=False, redirect_stdout=sys.stdout.isatty()
    ) as progress:
        overall = progress.add_task("numbers settled", total=total)

        def on_start(unit: list[str]) -> None:
            # Written before the call: after a crash these numbers are checked, not resent.
            journal.write("submitting", unit)
            started[id(unit)] = unit

        def on_done(outcome: Settled) -> None:
            current.record(outcome, journal, run.fingerprint)
            started.pop(id(outcome.numbers), None)
            progress.advance(overall, len(outcome.numbers))

        block: list[str] = []
        try:
            for block in run.numbers(run.size):
                done.update({n: previous.done[n] for n in block if n in previous.done})
                in_flight = [n for n in block if n in previous.in_flight and n not in done]
                taken, unread = run.taken_of(in_flight) if in_flight else ([], {})
                if taken:
                    journal.write(summary.journal_as, taken, order=None, reconciled=True)
                    done.update(dict.fromkeys(taken))
                # Still unreadable: never resent blindly; the journal keeps them in flight.
                unknown.update(unread)
                # Refused before for the same code: reported again, never sent again.
                again = {
                    n: previous.refused[n]
                    for n in block
                    if n not in done and n not in unread and run.refused_again(previous, n)
                }
                refused.update(again)
                summary.skipped += len(done)
                progress.advance(overall, len(done) + len(unread) + len(again))
                todo = [n for n in block if n not in done and n not in unread and n not in again]
                if todo:
                    run.place(todo, on_start, on_done)
                with _interrupt_deferred():  # each row out exactly once
                    flush()
                    block = []  # all written: a Ctrl-C from here on is about the next block
        except KeyboardInterrupt:
            # Ctrl-C can land anywhere, even inside a hook after its journal line: the journal
            # is the record, so what it says was done counts as done. Calls in flight are
            # abandoned, not waited for: the journal says "submitting" for them, so the next
            # run reads their state before resending.
            summary.interrupted = True
            recorded = journal.load().done
            done.update(
                {n: recorded[n] for n in block if n in recorded and n not in current.already}
            )
            settled = current.settled()
            summary.in_flight = [n for chunk in started.values() for n in chunk if n not in settled]
            flush()
            summary.not_sent = (
                total
                - summary.done
                - summary.failed
                - summary.refused
                - summary.unknown
                - summary.already
                - summary.not_ready
                - summary.hosting_failed
                - len(summary.in_flight)
            )


def _print_summary(summary: Summary, output: RunOutput) -> None:
    """The run's table of counts, what the numbers not sent were, the first failures, and
    how to resume after a Ctrl-C."""
    journal, failures_path, console = output.journal, output.failures_path, output.console
    headers = [f"numbers {summary.done_as}", "of which done earlier", "numbers failed"]
    counts = [str(summary.done), str(summary.skipped), str(summary.failed)]
    if summary.makes_orders:
        created = len(summary.orders) + summary.orders_without_id
        headers, counts = ["orders created", *headers], [str(created), *counts]
    # A column only when there is something to say (the table stays narrow).
    for count, header in (
        (summary.already, summary.already_as),
        (summary.not_ready, summary.not_ready_as),
        (summary.hosting_failed, HOSTING_FAILED_AS),
        (summary.refused, summary.refused_as),
        (summary.unknown, "outcome unknown"),
    ):
        if count:
            headers, counts = [*headers, header], [*counts, str(count)]
    table = Table(*headers)
    table.add_row(*counts)
    console.print(table)
    if summary.already:
        console.print(
            f"{summary.already} numbers were {summary.already_as} before this run: not sent "
            "again, not failures.",
            markup=False,
            soft_wrap=True,
        )
    if summary.not_ready:
        states = ", ".join(f"{state} {count}" for state, count in summary.not_ready_states.items())
        console.print(
            f"{summary.not_ready} numbers are {summary.not_ready_as} ({states}): not sent, not "
            "failures; their rows say each one's state.",
            markup=False,
            soft_wrap=True,
        )
    if summary.hosting_failed:
        console.print(
            f"{summary.hosting_failed} numbers are {HOSTING_FAILED_AS} (HOSTING_FAILED: an "
            "earlier order failed for them, the service refuses them again): not sent; "
            "`sinch-qn orders list` shows the orders that failed.",
            markup=False,
            soft_wrap=True,
        )
    if summary.failed or summary.refused or summary.unknown:
        shown = [
            {"phoneNumber": number, "result": result, "reason": reason}
            for number, result, reason in summary.failures
        ]
        # The shared builder: a number is never cut however long the reason.
        reasons = table_of(
            shown,
            ["phoneNumber", "result", "reason"],
            f"failed{', refused' if summary.refused else ''} or unknown (also in {failures_path})",
        )
        problems = summary.failed + summary.refused + summary.unknown
        if problems > len(summary.failures):
            reasons.caption = f"... and {problems - len(summary.failures)} more"
        print_whole(console, reasons)
    if summary.interrupted:
        console.print(
            f"Interrupted: {len(summary.in_flight)} numbers were in flight (their state is "
            f"checked before anything is resent) and {summary.not_sent} were not sent. "
            f"Run the same command again to resume; the journal is {journal.path}",
            markup=False,
        )


def _own(error: QualifiedNumbersError) -> bool:
    """Refused for the number's own reason, reported `refused` (a wrong code)."""
    return isinstance(error, WrongCode)


def _definite(error: QualifiedNumbersError) -> bool:
    """Did the service itself refuse (an error status that cannot hide a lost answer)?"""
    if isinstance(error, WrongCode):
        return True
    return isinstance(error, APIStatusError) and not could_have_acted(error)


def _about_what_was_sent(error: QualifiedNumbersError) -> bool:
    """A refusal that sending the same again would get again (a wrong code, a 400, a 404);
    not credentials, permissions, a rate limit or a redirect, which say nothing of it."""
    if isinstance(error, WrongCode):
        return True
    return (
        _definite(error)
        and not isinstance(
            error, (AuthenticationError, PermissionDeniedError, RateLimitError, RedirectError)
        )
        and 400 <= getattr(error, "status_code", 0) < 500
    )


def _by_reason(reasons: Mapping[str, str]) -> dict[str, list[str]]:
    """Numbers grouped by their reason, so that each journal line says each number's own."""
    groups: dict[str, list[str]] = {}
    for number, reason in reasons.items():
        groups.setdefault(reason, []).append(number)
    return groups


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done (then raises as usual)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


class _FailuresFile:
    """The failures CSV (phoneNumber, result: `failed`, `refused` or `unknown`, reason),
    created at the first of them and written as they come."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None
        self._writer: CsvWriter | None = None

    def write(self, number: str, result: str, reason: str) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", newline="", encoding="utf-8")
            self._writer = CsvWriter(self._fh)  # formulas neutralised, numbers as they are
            self._writer.writerow(["phoneNumber", "result", "reason"])
        self._writer.writerow([number, result, reason])

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
