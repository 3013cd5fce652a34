"""Bulk orders for the CLI (text enablement, imports): the library's, with a journal, progress
and a summary."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import NotFoundError, QualifiedNumbersClient
from .._challenges import ChallengeOutcome
from .._exceptions import QualifiedNumbersError
from .._loa import Loa
from .._text_enable import HOSTING_TAKEN, Chunk, ChunkOutcome, OrderResult
from ._journal import Journal
from ._output import print_whole, table_of


@dataclass
class Summary:
    #: What a number that went through is called in the rows and the table.
    done_as: str = "enabled"
    enabled: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    orders: set[str] = field(default_factory=set)
    #: Stopped by Ctrl-C: numbers of the call in flight then, and numbers never sent.
    interrupted: bool = False
    in_flight: list[str] = field(default_factory=list)
    not_sent: int = 0
    #: The summary table counts orders (bulk orders; not voice challenges).
    makes_orders: bool = True

    def rows(self) -> list[dict[str, Any]]:
        rows = [
            {"phoneNumber": n, "result": self.done_as, "hostingOrderId": o or "", "reason": ""}
            for n, o in self.enabled.items()
        ]
        rows += [
            {"phoneNumber": n, "result": "failed", "hostingOrderId": "", "reason": r}
            for n, r in self.failed.items()
        ]
        return rows


def _taken_by_text_enable(client: QualifiedNumbersClient, numbers: list[str]) -> list[str]:
    """Numbers the journal left in flight that the service took (never to be sent again)."""
    states = client.qualified_numbers.read_states(numbers) if numbers else {}
    return [n for n in numbers if states.get(n) in HOSTING_TAKEN]


def _taken_by_import(client: QualifiedNumbersClient, numbers: list[str]) -> list[str]:
    taken = []
    for number in numbers:
        try:
            client.imported_numbers.get(number)
        except NotFoundError:
            continue
        taken.append(number)
    return taken


def run_text_enable(
    client: QualifiedNumbersClient,
    numbers: list[str],
    *,
    service_plan_id: str,
    loa: Loa,
    campaign_id: str | None,
    callback_url: str | None,
    journal: Journal,
    failures_path: Path,
    console: Console,
) -> Summary:
    def place(todo: list[str], on_start: Any, on_done: Any) -> None:
        client.qualified_numbers.text_enable(
            todo,
            service_plan_id=service_plan_id,
            loa=loa,
            campaign_id=campaign_id,
            callback_url=callback_url,
            on_chunk_start=on_start,
            on_chunk_done=on_done,
        )

    return run_orders(
        numbers,
        place,
        lambda in_flight: _taken_by_text_enable(client, in_flight),
        Summary("enabled"),
        journal,
        failures_path,
        console,
    )


def run_import(
    client: QualifiedNumbersClient,
    numbers: list[str],
    *,
    service_plan_id: str,
    campaign_id: str | None,
    display_name: str | None,
    callback_url: str | None,
    journal: Journal,
    failures_path: Path,
    console: Console,
) -> Summary:
    def place(todo: list[str], on_start: Any, on_done: Any) -> None:
        client.hosting_orders.import_numbers(
            todo,
            service_plan_id=service_plan_id,
            campaign_id=campaign_id,
            display_name=display_name,
            callback_url=callback_url,
            on_chunk_start=on_start,
            on_chunk_done=on_done,
        )

    return run_orders(
        numbers,
        place,
        lambda in_flight: _taken_by_import(client, in_flight),
        Summary("imported"),
        journal,
        failures_path,
        console,
    )


#: States that show a challenge call went out (a rerun does not call such a number again).
#: `VERIFICATION_FAILED` is not one: it may be from before; calling again costs one call.
_CALLED = {"GLOBAL_PROCESS_STATE_VERIFICATION_PENDING", "GLOBAL_PROCESS_STATE_VERIFIED"}


def run_challenges(
    client: QualifiedNumbersClient,
    numbers: list[str],
    *,
    codes: dict[str, str] | None,
    journal: Journal,
    failures_path: Path,
    console: Console,
) -> Summary:
    """Voice challenges in bulk through the same runner (journal, resume, progress, summary):
    `send_voice_challenges`, or with `codes`, `verify_voice_challenges`. Each number is its
    own "chunk". A number left in flight by a crash counts as done when its state shows the
    call went out (send) or that it is VERIFIED (verify); a wrong code is a failure."""
    qn = client.qualified_numbers

    def place(todo: list[str], on_start: Any, on_done: Any) -> None:
        chunks: dict[str, Chunk] = {}

        def started(number: str) -> None:
            chunks[number] = Chunk("", False, [number])
            on_start(chunks[number])

        def done(outcome: ChallengeOutcome) -> None:
            number = outcome.phone_number
            chunk = chunks.pop(number, None) or Chunk("", False, [number])
            if outcome.answer is None or (codes is not None and not outcome.verified):
                error = outcome.error or QualifiedNumbersError(
                    f"wrong code: the number is now {outcome.answer.state or 'unknown'}"
                    if outcome.answer is not None
                    else "no answer"
                )
                on_done(ChunkOutcome(chunk, failed={number: error}))
            else:
                on_done(ChunkOutcome(chunk, orders=[OrderResult(None, [number], "", False)]))

        if codes is None:
            qn.send_voice_challenges(todo, on_start=started, on_done=done)
        else:
            qn.verify_voice_challenges({n: codes[n] for n in todo}, on_start=started, on_done=done)

    wanted = _CALLED if codes is None else {"GLOBAL_PROCESS_STATE_VERIFIED"}

    def taken(in_flight: list[str]) -> list[str]:
        states = qn.read_states(in_flight)
        return [n for n in in_flight if states.get(n) in wanted]

    summary = Summary("sent" if codes is None else "verified", makes_orders=False)
    return run_orders(numbers, place, taken, summary, journal, failures_path, console)


def run_orders(
    numbers: list[str],
    place: Callable[[list[str], Callable[[Chunk], None], Callable[[ChunkOutcome], None]], None],
    taken_of: Callable[[list[str]], list[str]],
    summary: Summary,
    journal: Journal,
    failures_path: Path,
    console: Console,
) -> Summary:
    """`place(todo, on_start, on_done)` (the library's bulk call: its concurrency, its
    reconciliation) with a journal and a progress bar kept by its hooks, a resume step before
    it (`taken_of` says which numbers left in flight the service took) and a summary after."""
    previous = journal.load()
    wanted = set(numbers)
    done = {n: o for n, o in previous.enabled.items() if n in wanted}
    summary.enabled.update(done)
    in_flight = [n for n in numbers if n in previous.in_flight and n not in done]
    if done or in_flight:
        console.print(
            f"Resuming from {journal.path}: {len(done)} numbers already {summary.done_as}, "
            f"{len(in_flight)} were in flight and are checked first."
        )
    taken = taken_of(in_flight) if in_flight else []
    if taken:
        journal.write("enabled", taken, order=None, reconciled=True)
        summary.enabled.update(dict.fromkeys(taken))
    summary.skipped = len(done) + len(taken)
    todo = [n for n in numbers if n not in summary.enabled]
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    started: dict[int, list[str]] = {}
    settled = 0
    with Progress(*columns, console=console, transient=False) as progress:
        overall = progress.add_task("numbers settled", total=len(todo))

        def on_start(chunk: Chunk) -> None:
            # Written before the call: after a crash these numbers are checked, not resent.
            journal.write("submitting", chunk.numbers)
            started[id(chunk)] = chunk.numbers

        def on_done(outcome: ChunkOutcome) -> None:
            nonlocal settled
            for order in outcome.orders:
                journal.write("enabled", order.numbers, order=order.hosting_order_id)
                if order.hosting_order_id:
                    summary.orders.add(order.hosting_order_id)
            summary.enabled.update(outcome.enabled)
            for number, error in outcome.failed.items():
                summary.failed[number] = str(error)
            if outcome.failed:
                first = str(next(iter(outcome.failed.values())))
                journal.write("failed", list(outcome.failed), reason=first)
            started.pop(id(outcome.chunk), None)
            settled += len(outcome.chunk.numbers)
            progress.update(overall, completed=settled)

        try:
            if todo:
                place(todo, on_start, on_done)
        except KeyboardInterrupt:
            # Ctrl-C can land anywhere, even inside a hook after its journal line: the journal
            # is the record, so what it says was enabled counts as enabled. Calls in flight
            # finished before this point but were not recorded: the journal says "submitting"
            # for them, so the next run reads their state before resending.
            summary.interrupted = True
            recorded = journal.load().enabled
            summary.enabled.update({n: o for n, o in recorded.items() if n in wanted})
            settled_numbers = summary.enabled.keys() | summary.failed.keys()
            summary.in_flight = [
                n for chunk in started.values() for n in chunk if n not in settled_numbers
            ]
            accounted = settled_numbers | set(summary.in_flight)
            summary.not_sent = sum(1 for n in todo if n not in accounted)
    _write_failures(failures_path, summary)
    headers = [f"numbers {summary.done_as}", "skipped (already done)", "numbers failed"]
    counts = [str(len(summary.enabled)), str(summary.skipped), str(len(summary.failed))]
    if summary.makes_orders:
        headers, counts = ["orders created", *headers], [str(len(summary.orders)), *counts]
    table = Table(*headers)
    table.add_row(*counts)
    console.print(table)
    if summary.failed:
        shown = [
            {"phoneNumber": number, "reason": reason}
            for number, reason in list(summary.failed.items())[:20]
        ]  # the shared builder: a number is never cut however long the reason
        print_whole(
            console,
            table_of(shown, ["phoneNumber", "reason"], f"failures (also in {failures_path})"),
        )
    if summary.interrupted:
        console.print(
            f"Interrupted: {len(summary.in_flight)} numbers were in flight (their state is "
            f"checked before anything is resent) and {summary.not_sent} were not sent. "
            f"Run the same command again to resume; the journal is {journal.path}",
            markup=False,
        )
    return summary


def _write_failures(path: Path, summary: Summary) -> None:
    if not summary.failed:
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["phoneNumber", "reason"])
        writer.writerows(summary.failed.items())
