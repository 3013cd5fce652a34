"""`list`, `get`, `delete` and `add`: the project's numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..._calls import MAX_NUMBERS_PER_CALL
from ..._exceptions import AddNumbersError, QualifiedNumbersError
from .._context import Context, pass_context
from .._inputs import block_size, read_input, report_rejected
from .._output import (
    COLUMNS,
    RowWriter,
    emit,
    err,
    escape,
    fail,
    full_state,
    one_by_one,
    output_option,
)
from .._rows import number_row


@click.command("list")
@click.option("--state", "states", multiple=True, help="Repeatable; default: every state.")
@click.option("--region", type=click.Choice(["US", "CA"]))
@click.option("--limit", type=click.IntRange(min=1))
@output_option
@pass_context
def list_command(
    ctx: Context, states: tuple[str, ...], region: str | None, limit: int | None, output: str
) -> None:
    """List the project's numbers."""
    chosen = [full_state(s) for s in states] or None
    pager = ctx.client().qualified_numbers.list(
        states=chosen, region_code=region, page_size=500, limit=limit
    )
    emit((number_row(n) for n in pager), output, COLUMNS)


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
    report_rejected(parsed)
    if not len(parsed):
        fail("no valid numbers to add", 2)
    client = ctx.client()
    added = 0
    failure: str | None = None
    with (
        Progress(
            TextColumn("adding"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=len(parsed) <= MAX_NUMBERS_PER_CALL,  # one call: nothing to follow
            redirect_stdout=sys.stdout.isatty(),  # rows to a file or pipe go there, not stderr
        ) as progress,
        RowWriter(output, COLUMNS) as write,
    ):
        task = progress.add_task("add", total=len(parsed))
        # A block at a time (the rows of each written as it finishes): memory stays flat for a
        # million numbers, and a block keeps every call slot busy but for its last round.
        size = block_size(MAX_NUMBERS_PER_CALL, client.config.max_concurrency)
        for block in parsed.blocks(size):
            try:
                done = client.qualified_numbers.add(
                    block,
                    on_chunk_done=lambda chunk: progress.advance(task, len(chunk.numbers)),
                )
            except AddNumbersError as error:
                done, failure = error.added, str(error)
            except QualifiedNumbersError as error:
                if not added:
                    raise  # nothing went through: the boundary reports the call's own error
                done, failure = [], str(error)
            for number in done:
                write(number_row(number))
            if failure is not None:
                break
            added += len(block)
    if failure is not None:
        fail(escape(_with_earlier(failure, added, len(parsed))), 1)
    if parsed.rejected_count:
        sys.exit(1)


def _with_earlier(message: str, earlier: int, total: int) -> str:
    if not earlier:
        return message
    return f"{message} ({earlier} of {total} numbers were added by earlier calls, listed above)"
