"""`text-enable`: a file's verified numbers, in chunks, resumable."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..._orders import TextEnableOptions, plan_text_enable
from ..._phone import is_toll_free
from .._context import Context, pass_context
from .._inputs import exit_if_empty, load_loa, output_file, read_input, report_rejected
from .._journal import Journal
from .._order_runs import RESULT_COLUMNS, RunOutput, Summary, run_text_enable
from .._output import (
    INTERRUPTED,
    RowWriter,
    err,
    fail,
    output_option,
    print_whole,
    table_of,
)
from .orders import follow, report_table
from .wait import parse_duration


@click.command("text-enable")
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--service-plan-id", required=True)
@click.option("--campaign-id")
@click.option(
    "--loa", "loa_kind", type=click.Choice(["direct", "reseller", "blanket"]), required=True
)
@click.option("--loa-file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--callback-url")
@click.option("--journal", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--failures", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--max-concurrency",
    type=click.IntRange(min=1, max=64),
    help="Calls in flight at once (default: the client's, 4).",
)
@click.option(
    "--wait", "follow_orders", is_flag=True, help="Then follow the orders until they finish."
)
@click.option("--wait-timeout", default="1h", show_default=True)
@output_option
@pass_context
def text_enable(
    ctx: Context,
    file: Path,
    service_plan_id: str,
    campaign_id: str | None,
    loa_kind: str,
    loa_file: Path | None,
    callback_url: str | None,
    journal: Path | None,
    failures: Path | None,
    max_concurrency: int | None,
    follow_orders: bool,
    wait_timeout: str,
    output: str,
) -> None:
    """Text-enable the verified numbers of a file, in chunks, resumable; with --wait, then
    follow the hosting orders it created until they are COMPLETED or REJECTED.

    Numbers that are not VERIFIED are not sent: each is reported as "not verified" with its
    state, and numbers already text-enabled (HOSTING_IN_PROGRESS, HOSTING_DONE) as "already
    enabled"; neither is a failure. A number refused by the service fails alone: the others
    of its call are sent again at once."""
    limit = parse_duration(wait_timeout)
    journal_path = output_file(journal or file.with_name(file.name + ".journal.jsonl"), "--journal")
    failures_path = output_file(
        failures or file.with_name(file.name + ".failures.csv"), "--failures"
    )
    loa = load_loa(loa_kind, loa_file)
    parsed = read_input((), file)
    report_rejected(parsed)
    exit_if_empty(file, len(parsed), parsed.rejected_count, "text-enable")
    if not len(parsed):
        fail("no valid numbers to text-enable", 2)
    # The file goes to the library in blocks, and the library checks a call's arguments before
    # sending any: check them here over the whole file (toll-free numbers need a direct or
    # reseller LOA), so that a bad argument still stops everything before the first call.
    toll_free = [n for block in parsed.blocks(100_000) for n in block if is_toll_free(n)]
    options = TextEnableOptions(service_plan_id, loa, campaign_id, callback_url=callback_url)
    plan_text_enable(toll_free or next(iter(parsed.blocks(1))), options, "US")
    client = ctx.client()
    if max_concurrency is not None:
        client = client.with_options(max_concurrency=max_concurrency)
    with RowWriter(output, RESULT_COLUMNS) as write:
        summary = run_text_enable(
            client,
            parsed.blocks,
            service_plan_id=service_plan_id,
            loa=loa,
            campaign_id=campaign_id,
            callback_url=callback_url,
            output=RunOutput(Journal(journal_path), failures_path, err, write),
        )
    show_orders(summary, service_plan_id, campaign_id, follow_orders)
    if summary.interrupted:
        sys.exit(INTERRUPTED)
    code = 1 if summary.failed or summary.unknown or parsed.rejected_count else 0
    if follow_orders and summary.orders:
        rows, followed = follow(client, sorted(summary.orders), limit, 2.0)
        print_whole(err, report_table(rows, "hosting orders"))  # stdout: the per-number rows
        code = code or followed
    if code:
        sys.exit(code)


def show_orders(
    summary: Summary, service_plan_id: str, campaign_id: str | None, following: bool
) -> None:
    """Which hosting orders hold the numbers (this run's and a resumed run's), and the exact
    command that follows them; a toll-free order placed without the campaign says so."""
    by_order = summary.order_sizes
    if by_order:
        table = table_of(
            [
                {
                    "hostingOrderId": order,
                    "numbers": count,
                    "kind": "toll-free" if order in summary.toll_free_orders else "local",
                    "campaignId": "" if order in summary.toll_free_orders else campaign_id or "",
                }
                for order, count in sorted(by_order.items())
            ],
            ["hostingOrderId", "numbers", "kind", "campaignId"],
            f"{len(by_order)} hosting orders hold these numbers",
        )
        print_whole(err, table)
        if not following:
            err.print(
                "Follow them: sinch-qn orders wait " + " ".join(sorted(by_order)),
                markup=False,
                soft_wrap=True,
                highlight=False,
            )
    toll_free = sorted(summary.toll_free_orders)
    if campaign_id and toll_free:
        err.print(
            f"{len(toll_free)} toll-free orders were placed without campaign {campaign_id}: "
            "Sinch does not link toll-free numbers to 10DLC campaigns. List them with "
            f"`sinch-qn orders list --state IN_PROGRESS --service-plan-id {service_plan_id}` "
            "(no --campaign-id: orders without a campaign).",
            markup=False,
            soft_wrap=True,
            highlight=False,
        )
    lost = summary.without_order
    if lost:
        err.print(
            f"{lost} numbers were found taken by an order whose answer was lost (its ID is "
            f"unknown): `sinch-qn orders list --service-plan-id {service_plan_id} ...` finds it.",
            markup=False,
            soft_wrap=True,
        )
