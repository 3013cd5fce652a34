"""`list`, `get`, `delete` and `add`: the project's numbers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sinch_qualified_numbers_api.models import QualifiedNumber

from ..._calls import MAX_NUMBERS_PER_CALL
from ..._exceptions import (
    AddNumbersError,
)
from ..._sync.qualified_numbers import AddChunkOutcome
from .._context import Context, pass_context
from .._inputs import read_input
from .._output import (
    COLUMNS,
    complete_state,
    emit,
    err,
    escape,
    fail,
    full_state,
    one_by_one,
    order_by_option,
    output_option,
    report_rejected,
)
from .._rows import number_row


@click.command("list")
@click.option(
    "--state",
    "states",
    multiple=True,
    shell_complete=complete_state,
    help="Repeatable; default: every state.",
)
@click.option("--region", type=click.Choice(["US", "CA"]))
@order_by_option
@click.option("--limit", type=click.IntRange(min=1))
@output_option
@pass_context
def list_command(
    ctx: Context,
    states: tuple[str, ...],
    region: str | None,
    order_by: str | None,
    limit: int | None,
    output: str,
) -> None:
    """List the project's numbers."""
    chosen = [full_state(s) for s in states] or None
    pager = ctx.client().qualified_numbers.list(
        states=chosen, region_code=region, order_by=order_by, page_size=500, limit=limit
    )
    emit([number_row(n) for n in pager], output, COLUMNS)


@click.command()
@click.argument("number")
@output_option
@pass_context
def get(ctx: Context, number: str, output: str) -> None:
    """Show one number."""
    emit([number_row(ctx.client().qualified_numbers.get(number))], output, COLUMNS)


@click.command()
@click.argument("numbers", nargs=-1, required=True)
@pass_context
def delete(ctx: Context, numbers: tuple[str, ...]) -> None:
    """Delete numbers from the project."""
    one_by_one(numbers, "deleted", ctx.client().qualified_numbers.delete)


#: `add`'s rows: each number's state and whether this run added it or found it there.
ADD_COLUMNS = [*COLUMNS, "result"]


@click.command()
@click.argument("numbers", nargs=-1)
@click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
@click.option(
    "--strict",
    is_flag=True,
    help="A number the project already has is an error (409), as the service answers; "
    "default: reported as 'already added' and counted as success, so a rerun is safe.",
)
@output_option
@pass_context
def add(
    ctx: Context, numbers: tuple[str, ...], file: Path | None, strict: bool, output: str
) -> None:
    """Add numbers (arguments or --file) to qualify; bad rows are reported and skipped.

    Rerunning the same file is safe: numbers already added are shown as "already added"."""
    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    report_rejected(parsed.rejected, file)
    if not parsed.valid:
        fail("no valid numbers to add", 2)
    existing: set[str] = set()

    def rows(added: list[QualifiedNumber]) -> list[dict[str, Any]]:
        return [
            {
                **number_row(n),
                "result": "already added" if n.phone_number in existing else "added",
            }
            for n in added
        ]

    def summary(added: list[QualifiedNumber]) -> None:
        new = len(added) - len(existing)
        err.print(f"{new} added, {len(existing)} already added", markup=False)

    with Progress(
        TextColumn("adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=len(parsed.valid) <= MAX_NUMBERS_PER_CALL,  # one call: nothing to follow
    ) as progress:
        task = progress.add_task("add", total=len(parsed.valid))

        def follow(chunk: AddChunkOutcome) -> None:
            existing.update(chunk.existing)
            progress.advance(task, len(chunk.numbers))

        try:
            added = ctx.client().qualified_numbers.add(
                parsed.valid, on_chunk_done=follow, skip_existing=not strict
            )
        except AddNumbersError as error:
            progress.stop()
            emit(rows(error.added), output, ADD_COLUMNS)
            summary(error.added)
            fail(escape(str(error)), 1)
    emit(rows(added), output, ADD_COLUMNS)
    summary(added)
    if parsed.rejected:
        sys.exit(1)
