"""`challenge send` and `challenge verify`: prove ownership with a voice call, one number or
a whole file (concurrent, with progress, a result per number, resumable like text-enable)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sinch_qualified_numbers_api.models import GlobalProcessState

from ..._states import state_of
from .._codes import read_code_file
from .._context import Context, pass_context
from .._inputs import (
    exit_if_empty,
    output_file,
    read_input,
    report_rejected,
    report_rejected_rows,
)
from .._journal import Journal
from .._order_runs import RunOutput, Summary, run_challenges
from .._output import INTERRUPTED, RowWriter, err, fail, output_option

#: The per-number rows of a bulk challenge.
RESULT_COLUMNS = ["phoneNumber", "result", "reason"]

_file_option = click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
_journal_option = click.option(
    "--journal",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Default: next to --file. A rerun skips what it says is done.",
)
_fresh_option = click.option(
    "--fresh", is_flag=True, help="Forget the journal and start over (e.g. codes expired)."
)
_concurrency_option = click.option(
    "--max-concurrency",
    type=click.IntRange(min=1, max=64),
    help="Requests in flight at once (default: the client's, 4).",
)


@click.group()
def challenge() -> None:
    """Prove ownership with a voice call: one number, or every number of a file."""


def bulk_challenges(
    ctx: Context,
    numbers: list[str],
    codes: dict[str, str] | None,
    file: Path,
    kind: str,
    journal: Path | None,
    fresh: bool,
    max_concurrency: int | None,
    output: str | None,
    not_called: dict[str, str] | None = None,
) -> Summary:
    """The runner's rows go out as each block settles (see `run_orders`)."""
    path = output_file(journal or file.with_name(f"{file.name}.{kind}-journal.jsonl"), "--journal")
    failures = output_file(file.with_name(f"{file.name}.{kind}-failures.csv"), "the failures file")
    if fresh:
        path.unlink(missing_ok=True)
    client = ctx.client()
    if max_concurrency is not None:
        client = client.with_options(max_concurrency=max_concurrency)
    with RowWriter(output, RESULT_COLUMNS) as write:
        return run_challenges(
            client,
            numbers,
            codes=codes,
            output=RunOutput(Journal(path), failures, err, write),
            not_called=not_called,
        )


def finish_challenges(summary: Summary, rejected_rows: bool) -> None:
    if summary.interrupted:
        sys.exit(INTERRUPTED)
    if summary.failed or summary.refused or summary.unknown or rejected_rows:
        sys.exit(1)


@challenge.command("send")
@click.argument("numbers", nargs=-1)
@_file_option
@_journal_option
@_fresh_option
@_concurrency_option
@output_option
@pass_context
def challenge_send(
    ctx: Context,
    numbers: tuple[str, ...],
    file: Path | None,
    journal: Path | None,
    fresh: bool,
    max_concurrency: int | None,
    output: str,
) -> None:
    """Call each NUMBER (or every number of --file); each call speaks a code.

    With --file the calls go out concurrently with a progress bar, a result per number, and
    a journal (<file>.send-journal.jsonl): a rerun calls only the numbers not called yet."""
    if file is None:
        if not numbers:
            raise click.UsageError("give one or more NUMBERS, or --file")
        if len(numbers) == 1:
            answer = ctx.client().qualified_numbers.send_voice_challenge(numbers[0])
            click.echo(f"{answer.phone_number} {state_of(answer)}")
            return
        # Several: one bulk call (each number once, lost answers reconciled), a line each.
        result = ctx.client().qualified_numbers.send_voice_challenges(list(numbers))
        for phone, sent in result.succeeded.items():
            click.echo(f"{phone} {state_of(sent)}")
        for phone, error in result.failed.items():
            err.print(f"{phone} failed: {error}", markup=False, highlight=False, soft_wrap=True)
        for phone, error in result.unknown.items():
            err.print(
                f"{phone} unknown (the call may have gone out; run again to check): {error}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if result.failed or result.unknown:
            sys.exit(1)
        return
    if numbers:
        raise click.UsageError("give NUMBER or --file, not both")
    parsed = read_input((), file)
    exit_if_empty(file, len(parsed), parsed.rejected_count, "call")
    report_rejected(parsed)
    if not len(parsed):
        fail("no valid numbers to call", 2)
    summary = bulk_challenges(
        ctx, parsed.valid, None, file, "send", journal, fresh, max_concurrency, output
    )
    finish_challenges(summary, bool(parsed.rejected_count))


@challenge.command("verify")
@click.argument("number", required=False)
@click.argument("code", required=False)
@_file_option
@_journal_option
@_fresh_option
@_concurrency_option
@output_option
@pass_context
def challenge_verify(
    ctx: Context,
    number: str | None,
    code: str | None,
    file: Path | None,
    journal: Path | None,
    fresh: bool,
    max_concurrency: int | None,
    output: str,
) -> None:
    """Verify NUMBER with the CODE the call spoke, or every row of --file (a CSV with a number
    and a code column, as an operations team collects them); exit 1 unless all are VERIFIED.

    With --file: concurrent, a progress bar, a result per number, and a journal
    (<file>.verify-journal.jsonl): a rerun verifies only the numbers not verified yet."""
    if file is None:
        if number is None or code is None:
            raise click.UsageError("give NUMBER and CODE, or --file")
        answer = ctx.client().qualified_numbers.verify_voice_challenge(number, code)
        state = state_of(answer)
        click.echo(f"{answer.phone_number} {state}")
        if state != GlobalProcessState.VERIFIED:
            sys.exit(1)
        return
    if number is not None:
        raise click.UsageError("give NUMBER CODE or --file, not both")
    parsed = read_code_file(file)
    exit_if_empty(file, len(parsed.valid), len(parsed.rejected), "verify")
    report_rejected_rows(parsed.rejected, file)
    if not parsed.valid:
        fail("no valid rows (number and code) to verify", 2)
    summary = bulk_challenges(
        ctx,
        list(parsed.valid),
        parsed.valid,
        file,
        "verify",
        journal,
        fresh,
        max_concurrency,
        output,
    )
    finish_challenges(summary, bool(parsed.rejected))
