"""`list`, `get`, `delete` and `add`: the project's numbers."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..._adding import AddChunkOutcome
from ..._arguments import MAX_NUMBERS_PER_CALL
from ..._exceptions import AddNumbersError, QualifiedNumbersError
from .._context import Context, pass_context
from .._inputs import block_size, exit_if_empty, read_input, report_rejected
from .._output import (
    COLUMNS,
    RowWriter,
    complete_state,
    emit,
    err,
    escape,
    fail,
    full_states,
    one_by_one,
    order_by_option,
    output_option,
)
from .._rows import number_row


@click.command("list")
@click.option(
    "--state",
    "states",
    multiple=True,
    shell_complete=complete_state,
    help="Repeatable or comma-separated; default: every state.",
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
    chosen = full_states(states) or None
    pager = ctx.client().qualified_numbers.list(
        states=chosen, region_code=region, order_by=order_by, page_size=500, limit=limit
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


#: `add`'s rows: each number's state and whether this run added it or found it there.
ADD_COLUMNS = [*COLUMNS, "result"]
#: A number found held after a lost answer, in a state a fresh add gives too: this run may
#: have added it or the project held it before; the reads cannot tell which.
PRESENT = "present (added or held before)"


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
    exit_if_empty(file, len(parsed), parsed.rejected_count, "add")
    report_rejected(parsed)
    if not len(parsed):
        fail("no valid numbers to add", 2)
    client = ctx.client()
    added = 0
    failure: str | None = None
    existing: set[str] = set()  # of the block being added: the numbers the project had
    unsure: set[str] = set()  # ... and those found after a lost answer: added or held before
    new_count = existing_count = unsure_count = unknown_count = 0
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
        RowWriter(output, ADD_COLUMNS) as write,
    ):
        task = progress.add_task("add", total=len(parsed))

        def follow(chunk: AddChunkOutcome) -> None:
            existing.update(chunk.existing)
            unsure.update(chunk.held_or_added)
            progress.advance(task, len(chunk.numbers))

        # A block at a time (the rows of each written as it finishes): memory stays flat for a
        # million numbers, and a block keeps every call slot busy but for its last round.
        size = block_size(MAX_NUMBERS_PER_CALL, client.config.max_concurrency)
        for block in parsed.blocks(size):
            existing.clear()
            unsure.clear()
            unknown: list[str] = []
            try:
                done = client.qualified_numbers.add(
                    block, on_chunk_done=follow, skip_existing=not strict
                )
            except AddNumbersError as error:
                done, failure, unknown = error.added, str(error), list(error.unknown)
            except QualifiedNumbersError as error:
                if not added:
                    raise  # nothing went through: the boundary reports the call's own error
                done, failure = [], str(error)
            for number in done:
                phone = number.phone_number
                if phone in unsure:  # never "added" on a guess: the reads cannot tell
                    result, unsure_count = PRESENT, unsure_count + 1
                elif phone in existing:
                    result, existing_count = "already added", existing_count + 1
                else:
                    result, new_count = "added", new_count + 1
                write({**number_row(number), "result": result})
            for phone in unknown:  # an answer lost and the reads failed: it may be there
                write({"phoneNumber": phone, "result": "unknown"})
            unknown_count += len(unknown)
            if failure is not None:
                break
            added += len(block)
    present = f", {unsure_count} {PRESENT}" if unsure_count else ""
    unread = f", {unknown_count} unknown (rerun to settle them)" if unknown_count else ""
    err.print(f"{new_count} added, {existing_count} already added{present}{unread}", markup=False)
    if failure is not None:
        fail(escape(_with_earlier(failure, added, len(parsed))), 1)
    if parsed.rejected_count:
        sys.exit(1)


def _with_earlier(message: str, earlier: int, total: int) -> str:
    if not earlier:
        return message
    return f"{message} ({earlier} of {total} numbers were added by earlier calls, listed above)"
