"""`wait`: until numbers reach a state (the library's `wait_for`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from ..._exceptions import (
    UnreachableStateError,
    WaitTimeoutError,
)
from ..._states import state_of
from ..._waiting import WaitProgress
from .._context import Context, pass_context
from .._inputs import exit_if_empty, read_input, report_rejected
from .._output import (
    COLUMNS,
    complete_state,
    emit,
    err,
    fail,
    for_people,
    full_states,
    output_option,
)
from .._rows import number_row


def parse_duration(text: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not a duration like 30s, 10m or 1h")
    value = float(match.group(1))
    return value * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]


#: Up to this many numbers, `wait` shows a line per number; beyond, a count.
WAIT_TABLE_LIMIT = 20


@click.command()
@click.argument("numbers", nargs=-1)
@click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
@click.option(
    "--state",
    "states",
    multiple=True,
    required=True,
    shell_complete=complete_state,
    help="Repeatable: ELIGIBLE, VERIFIED, HOSTING_DONE, ...",
)
@click.option("--timeout", default="10m", show_default=True)
@click.option("--interval", default="2s", show_default=True)
@output_option
@pass_context
def wait(
    ctx: Context,
    numbers: tuple[str, ...],
    file: Path | None,
    states: tuple[str, ...],
    timeout: str,
    interval: str,
    output: str,
) -> None:
    """Wait until every NUMBER (or every number of --file) is in one of the --state values."""
    from rich.live import Live

    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    exit_if_empty(file, len(parsed), parsed.rejected_count, "wait for")
    report_rejected(parsed)
    if parsed.rejected and not file:
        fail(f"invalid number: {parsed.rejected[0][1]!r} ({parsed.rejected[0][2]})", 2)
    if not parsed.valid:
        fail("no valid numbers to wait for", 2)
    wanted = full_states(states)
    qn = ctx.client().qualified_numbers
    targets = parsed.valid

    def view(progress: WaitProgress[Any]) -> Table:
        title = f"{len(progress.arrived)}/{len(targets)} arrived ({progress.elapsed:.0f}s)"
        if len(targets) > WAIT_TABLE_LIMIT:
            return Table(title=title)
        table = Table("number", "state", title=title)
        for phone in targets:
            number = progress.arrived.get(phone) or progress.ended.get(phone)
            table.add_row(phone, for_people(str(state_of(number))) if number else "waiting")
        return table

    seen: dict[str, Any] = {}

    def show(progress: WaitProgress[Any], live: Live) -> None:
        # What arrived or ended, also when the wait then times out.
        seen.update(progress.arrived)
        seen.update(progress.ended)
        live.update(view(progress), refresh=True)

    late: dict[str, str | None] = {}
    ended: dict[str, str] = {}
    with Live(console=err, transient=True, auto_refresh=False) as live:
        try:
            seen.update(
                qn.wait_for(
                    targets,
                    states=wanted,
                    timeout=parse_duration(timeout),
                    poll_interval=parse_duration(interval),
                    on_poll=lambda progress: show(progress, live),
                )
            )
        except WaitTimeoutError as error:
            late, ended = error.pending, error.final
        except UnreachableStateError as error:
            seen.update(error.ended)
            ended = error.final
    rows = [
        number_row(seen[n])
        if n in seen
        else {"phoneNumber": n, "globalProcessState": late.get(n) or ""}
        for n in targets
    ]
    emit(rows, output, COLUMNS)
    if ended:
        shown = ", ".join(f"{n} ({s})" for n, s in list(ended.items())[:WAIT_TABLE_LIMIT])
        more = f" and {len(ended) - WAIT_TABLE_LIMIT} more" if len(ended) > WAIT_TABLE_LIMIT else ""
        err.print(
            f"{len(ended)} numbers ended in a final state and can never reach "
            f"{', '.join(states)}: {shown}{more}",
            markup=False,
            soft_wrap=True,
        )
    if late:
        fail(f"{len(late)} numbers did not reach {', '.join(states)} in {timeout}", 1)
    if ended or parsed.rejected:  # rejected rows of --file: a partial failure, as for add
        sys.exit(1)
