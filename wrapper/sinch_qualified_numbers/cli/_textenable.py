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

from .. import NotFoundError, QualifiedNumbersClient, QualifiedNumbersError
from .._loa import Loa
from .._text_enable import HOSTING_TAKEN, Chunk, ChunkOutcome
from ._journal import Journal


@dataclass
class Summary:
    #: What a number that went through is called in the rows and the table.
    done_as: str = "enabled"
    enabled: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    #: Numbers whose outcome could not be established (not sent again until read): reasons.
    unknown: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    orders: set[str] = field(default_factory=set)
    #: Stopped by Ctrl-C: numbers of the call in flight then, and numbers never sent.
    interrupted: bool = False
    in_flight: list[str] = field(default_factory=list)
    not_sent: int = 0

    def rows(self) -> list[dict[str, Any]]:
        rows = [
            {"phoneNumber": n, "result": self.done_as, "hostingOrderId": o or "", "reason": ""}
            for n, o in self.enabled.items()
        ]
        rows += [
            {"phoneNumber": n, "result": "failed", "hostingOrderId": "", "reason": r}
            for n, r in self.failed.items()
        ]
        rows += [
            {"phoneNumber": n, "result": "unknown", "hostingOrderId": "", "reason": r}
            for n, r in self.unknown.items()
        ]
        return rows


#: Why a number is reported unknown, after the error that left it so.
UNKNOWN_ADVICE = "outcome unknown, the service may hold it; run again to check before resending"

#: Which numbers left in flight the service took, and which could not be read (-> why).
Checked = tuple[list[str], dict[str, str]]


def _taken_by_text_enable(client: QualifiedNumbersClient, numbers: list[str]) -> Checked:
    """Numbers the journal left in flight that the service took (never to be sent again), and
    those whose state could not be read (not sent either)."""
    states = client.qualified_numbers.read_states(numbers) if numbers else {}
    taken = [n for n in numbers if states.get(n) in HOSTING_TAKEN]
    unread = {
        n: f"{state} ({UNKNOWN_ADVICE})"
        for n in numbers
        for state in [states.get(n)]
        if isinstance(state, QualifiedNumbersError) or not state
    }
    return taken, unread


def _taken_by_import(client: QualifiedNumbersClient, numbers: list[str]) -> Checked:
    taken = []
    unread: dict[str, str] = {}
    for number in numbers:
        try:
            client.imported_numbers.get(number)
        except NotFoundError:
            continue
        except QualifiedNumbersError as error:
            unread[number] = f"{error} ({UNKNOWN_ADVICE})"
            continue
        taken.append(number)
    return taken, unread


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


def run_orders(
    numbers: list[str],
    place: Callable[[list[str], Callable[[Chunk], None], Callable[[ChunkOutcome], None]], None],
    taken_of: Callable[[list[str]], Checked],
    summary: Summary,
    journal: Journal,
    failures_path: Path,
    console: Console,
) -> Summary:
    """`place(todo, on_start, on_done)` (the library's bulk call: its concurrency, its
    reconciliation) with a journal and a progress bar kept by its hooks, a resume step before
    it (`taken_of` says which numbers left in flight the service took, and which it could not
    read) and a summary after. The journal is locked for the whole run."""
    with journal.lock():
        return _run_locked(numbers, place, taken_of, summary, journal, failures_path, console)


def _run_locked(
    numbers: list[str],
    place: Callable[[list[str], Callable[[Chunk], None], Callable[[ChunkOutcome], None]], None],
    taken_of: Callable[[list[str]], Checked],
    summary: Summary,
    journal: Journal,
    failures_path: Path,
    console: Console,
) -> Summary:
    previous = journal.load()
    for line in previous.skipped_lines:
        console.print(
            f"{journal.path} line {line} was cut short (a crash mid-write) and is skipped.",
            markup=False,
        )
    wanted = set(numbers)
    done = {n: o for n, o in previous.enabled.items() if n in wanted}
    summary.enabled.update(done)
    in_flight = [n for n in numbers if n in previous.in_flight and n not in done]
    if done or in_flight:
        console.print(
            f"Resuming from {journal.path}: {len(done)} numbers already {summary.done_as}, "
            f"{len(in_flight)} were in flight and are checked first."
        )
    taken, unread = taken_of(in_flight) if in_flight else ([], {})
    if taken:
        journal.write("enabled", taken, order=None, reconciled=True)
        summary.enabled.update(dict.fromkeys(taken))
    # Still unreadable: never resent blindly; the journal keeps them in flight for next time.
    summary.unknown.update(unread)
    summary.skipped = len(done) + len(taken)
    todo = [n for n in numbers if n not in summary.enabled and n not in summary.unknown]
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
            failed = {n: e for n, e in outcome.failed.items() if n not in outcome.unknown}
            unknown = {n: e for n, e in outcome.failed.items() if n in outcome.unknown}
            for number, error in failed.items():
                summary.failed[number] = str(error)
            for number, error in unknown.items():
                summary.unknown[number] = f"{error} ({UNKNOWN_ADVICE})"
            if failed:
                journal.write("failed", list(failed), reason=str(next(iter(failed.values()))))
            if unknown:
                journal.write("unknown", list(unknown), reason=str(next(iter(unknown.values()))))
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
            settled_numbers = (
                summary.enabled.keys() | summary.failed.keys() | summary.unknown.keys()
            )
            summary.in_flight = [
                n for chunk in started.values() for n in chunk if n not in settled_numbers
            ]
            accounted = settled_numbers | set(summary.in_flight)
            summary.not_sent = sum(1 for n in todo if n not in accounted)
    _write_failures(failures_path, summary)
    headings = ["orders created", f"numbers {summary.done_as}", "skipped (already done)"]
    counts = [len(summary.orders), len(summary.enabled), summary.skipped]
    headings.append("numbers failed")
    counts.append(len(summary.failed))
    if summary.unknown:  # a column only when there is something to say (the table stays narrow)
        headings.append("outcome unknown")
        counts.append(len(summary.unknown))
    table = Table(*headings)
    table.add_row(*(str(count) for count in counts))
    console.print(table)
    problems = {**summary.failed, **summary.unknown}
    if problems:
        reasons = Table("number", "reason", title=f"failures (also in {failures_path})")
        for number, reason in list(problems.items())[:20]:
            reasons.add_row(number, reason)
        console.print(reasons)
    if summary.interrupted:
        console.print(
            f"Interrupted: {len(summary.in_flight)} numbers were in flight (their state is "
            f"checked before anything is resent) and {summary.not_sent} were not sent. "
            f"Run the same command again to resume; the journal is {journal.path}",
            markup=False,
        )
    return summary


def _write_failures(path: Path, summary: Summary) -> None:
    if not summary.failed and not summary.unknown:
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["phoneNumber", "reason"])
        writer.writerows(summary.failed.items())
        writer.writerows(summary.unknown.items())
