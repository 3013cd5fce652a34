"""`imported list|get|import|move|unlink|delete`: the numbers on the SMS platform."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..._exceptions import QualifiedNumbersError
from ..._imported_numbers import MoveResult
from .._context import Context, pass_context
from .._inputs import NumberFile, exit_if_empty, output_file, read_input, report_rejected
from .._journal import Journal
from .._order_runs import RESULT_COLUMNS, RunOutput, run_import
from .._output import (
    INTERRUPTED,
    RowWriter,
    emit,
    err,
    fail,
    one_by_one,
    order_by_option,
    output_option,
)
from .._rows import IMPORTED_COLUMNS, imported_row

MOVE_COLUMNS = ["phoneNumber", "result", "servicePlanId", "campaignId", "reason"]


@click.group()
def imported() -> None:
    """The numbers on the SMS platform: find, import, move, unlink and delete them."""


def _numbers(
    numbers: tuple[str, ...], file: Path | None, verb: str, empty_is_nothing: bool = False
) -> NumberFile:
    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    report_rejected(parsed)
    if empty_is_nothing and not numbers:
        exit_if_empty(file, len(parsed), parsed.rejected_count, verb)
    if not len(parsed):
        fail(f"no valid numbers to {verb}", 2)
    return parsed


file_option = click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)


@imported.command("list")
@click.option("--region", type=click.Choice(["US", "CA"]))
@click.option("--pattern", help="Digits the numbers start with (or see --search).")
@click.option("--search", type=click.Choice(["START", "CONTAIN", "END"]))
@click.option(
    "--service-plan-id",
    required=True,
    help="The service plan of the numbers (Sinch requires this filter).",
)
@click.option(
    "--campaign-id",
    default="",
    help="The 10DLC campaign of the numbers (Sinch requires this filter; empty, the default: "
    "the numbers linked to no campaign).",
)
@order_by_option
@click.option("--limit", type=click.IntRange(min=1))
@output_option
@pass_context
def list_imported(
    ctx: Context,
    region: str | None,
    pattern: str | None,
    search: str | None,
    service_plan_id: str,
    campaign_id: str,
    order_by: str | None,
    limit: int | None,
    output: str,
) -> None:
    """List the project's imported numbers of one service plan and campaign.

    Sinch documents both filters as required: without --campaign-id the numbers linked to
    no campaign are listed."""
    pager = ctx.client().imported_numbers.list(
        region_code=region,
        pattern=pattern,
        search_pattern=search,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        order_by=order_by,
        page_size=500,
        limit=limit,
    )
    emit((imported_row(n) for n in pager), output, IMPORTED_COLUMNS)
    if not campaign_id:  # an empty listing must not read as "no numbers at all"
        err.print("[dim](numbers without a campaign; --campaign-id C lists campaign C's)[/dim]")


@imported.command("get")
@click.argument("number")
@output_option
@pass_context
def get_imported(ctx: Context, number: str, output: str) -> None:
    """Show one imported number."""
    emit([imported_row(ctx.client().imported_numbers.get(number))], output, IMPORTED_COLUMNS)


@imported.command("import")
@click.argument("numbers", nargs=-1)
@file_option
@click.option("--service-plan-id", required=True)
@click.option("--campaign-id")
@click.option("--display-name")
@click.option("--callback-url")
@click.option("--journal", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--failures", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--max-per-order",
    type=click.IntRange(min=1, max=500),
    help="Numbers per import order (default 5, Sinch's default limit).",
)
@click.option("--max-concurrency", type=click.IntRange(min=1, max=64))
@output_option
@pass_context
def import_command(
    ctx: Context,
    numbers: tuple[str, ...],
    file: Path | None,
    service_plan_id: str,
    campaign_id: str | None,
    display_name: str | None,
    callback_url: str | None,
    journal: Path | None,
    failures: Path | None,
    max_per_order: int | None,
    max_concurrency: int | None,
    output: str,
) -> None:
    """Import numbers through hosting orders (5 per order unless --max-per-order), resumable
    with a journal like text-enable. Numbers imported already are reported as "already
    imported" (not sent, not a failure); a number refused by the service fails alone."""
    # Read once, first: an empty file is nothing to do (exit 0) before anything else is checked.
    parsed = _numbers(numbers, file, "import", empty_is_nothing=True)
    base = file or Path("imported-numbers")
    journal_path = output_file(
        journal or base.with_name(base.name + ".import-journal.jsonl"), "--journal"
    )
    failures_path = output_file(
        failures or base.with_name(base.name + ".import-failures.csv"), "--failures"
    )
    client = ctx.client()
    if max_per_order is not None or max_concurrency is not None:
        client = client.with_options(
            max_numbers_per_import_order=max_per_order
            or client.config.max_numbers_per_import_order,
            max_concurrency=max_concurrency or client.config.max_concurrency,
        )
    with RowWriter(output, RESULT_COLUMNS) as write:
        summary = run_import(
            client,
            parsed.blocks,
            service_plan_id=service_plan_id,
            campaign_id=campaign_id,
            display_name=display_name,
            callback_url=callback_url,
            output=RunOutput(Journal(journal_path), failures_path, err, write),
        )
    if summary.interrupted:
        sys.exit(INTERRUPTED)
    if summary.failed or summary.unknown or parsed.rejected_count:
        sys.exit(1)


def _move_row(number: str, outcome: MoveResult | QualifiedNumbersError) -> dict[str, str]:
    if isinstance(outcome, QualifiedNumbersError):
        return {"phoneNumber": number, "result": "failed", "reason": str(outcome)}
    row = imported_row(outcome.number) if outcome.number is not None else {}
    return {
        "phoneNumber": number,
        "result": outcome.outcome,
        "servicePlanId": row.get("servicePlanId", ""),
        "campaignId": row.get("campaignId", ""),
        "reason": "" if outcome.error is None else f"{outcome.error} (move again to finish)",
    }


@imported.command("move")
@click.argument("numbers", nargs=-1)
@file_option
@click.option("--service-plan-id", required=True)
@click.option("--campaign-id", help="Default: no campaign.")
@output_option
@pass_context
def move(
    ctx: Context,
    numbers: tuple[str, ...],
    file: Path | None,
    service_plan_id: str,
    campaign_id: str | None,
    output: str,
) -> None:
    """Move numbers to another service plan / campaign (unlink, then link). Safe to run
    again: a number already moved is left as is, an unlinked one is linked."""
    valid = _numbers(numbers, file, "move").valid
    with (
        Progress(
            TextColumn("moving"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            redirect_stdout=sys.stdout.isatty(),  # rows to a file or pipe go there
        ) as progress,
        RowWriter(output, MOVE_COLUMNS) as write,
    ):
        task = progress.add_task("move", total=len(valid))

        def done(number: str, outcome: MoveResult | QualifiedNumbersError) -> None:
            write(_move_row(number, outcome))  # as each number settles
            progress.advance(task)

        result = ctx.client().imported_numbers.move_many(
            valid, service_plan_id=service_plan_id, campaign_id=campaign_id, on_done=done
        )
    if result.unlinked:
        err.print(
            f"{len(result.unlinked)} numbers are unlinked but not linked yet: run the same "
            "command again to finish.",
            markup=False,
        )
    if not result.ok:
        sys.exit(1)


@imported.command("unlink")
@click.argument("numbers", nargs=-1, required=True)
@pass_context
def unlink(ctx: Context, numbers: tuple[str, ...]) -> None:
    """Unlink numbers from their service plan and campaign."""
    one_by_one(numbers, "unlinked", ctx.client().imported_numbers.unlink)


@imported.command("delete")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def delete_imported(ctx: Context, numbers: tuple[str, ...], yes: bool) -> None:
    """Remove numbers from the SMS platform."""
    if not yes:
        click.confirm(f"Remove {len(numbers)} numbers from the SMS platform?", abort=True)
    one_by_one(numbers, "deleted", ctx.client().imported_numbers.delete)
