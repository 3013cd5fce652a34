"""`list`, `get`, `delete` and `add`: the project's numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..._calls import MAX_NUMBERS_PER_CALL
from ..._exceptions import (
    AddNumbersError,
)
from .._context import Context, pass_context
from .._inputs import read_input
from .._output import (
    COLUMNS,
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
@click.option("--state", "states", multiple=True, help="Repeatable; default: every state.")
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


@click.command()
@click.argument("numbers", nargs=-1)
@click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
@output_option
@pass_context
def add(ctx: Context, numbers: tuple[str, ...], file: Path | None, output: str) -> None:
    """Add numbers (arguments or --file) to qualify; bad rows are reported and skipped."""
    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    report_rejected(parsed.rejected, file)
    if not parsed.valid:
        fail("no valid numbers to add", 2)
    with Progress(
        TextColumn("adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=len(parsed.valid) <= MAX_NUMBERS_PER_CALL,  # one call: nothing to follow
    ) as progress:
        task = progress.add_task("add", total=len(parsed.valid))
        try:
            added = ctx.client().qualified_numbers.add(
                parsed.valid,
                on_chunk_done=lambda chunk: progress.advance(task, len(chunk.numbers)),
            )
        except AddNumbersError as error:
            progress.stop()
            emit([number_row(n) for n in error.added], output, COLUMNS)
            fail(escape(str(error)), 1)
    emit([number_row(n) for n in added], output, COLUMNS)
    if parsed.rejected:
        sys.exit(1)
