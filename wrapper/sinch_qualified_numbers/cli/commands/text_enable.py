"""`text-enable`: a file's verified numbers, in chunks, resumable."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._context import Context, pass_context
from .._inputs import load_loa, read_input
from .._journal import Journal
from .._output import (
    INTERRUPTED,
    emit,
    err,
    fail,
    output_option,
    report_rejected,
)
from .._textenable import run_text_enable
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
    follow the hosting orders it created until they are COMPLETED or REJECTED."""
    limit = parse_duration(wait_timeout)
    loa = load_loa(loa_kind, loa_file)
    parsed = read_input((), file)
    report_rejected(parsed.rejected, file)
    if not parsed.valid:
        fail("no valid numbers to text-enable", 2)
    client = ctx.client()
    if max_concurrency is not None:
        client = client.with_options(max_concurrency=max_concurrency)
    summary = run_text_enable(
        client,
        parsed.valid,
        service_plan_id=service_plan_id,
        loa=loa,
        campaign_id=campaign_id,
        callback_url=callback_url,
        journal=Journal(journal or file.with_name(file.name + ".journal.jsonl")),
        failures_path=failures or file.with_name(file.name + ".failures.csv"),
        console=err,
    )
    emit(summary.rows(), output, ["phoneNumber", "result", "hostingOrderId", "reason"])
    if summary.interrupted:
        sys.exit(INTERRUPTED)
    code = 1 if summary.failed or summary.unknown or parsed.rejected else 0
    if follow_orders and summary.orders:
        rows, followed = follow(client, sorted(summary.orders), limit, 2.0)
        err.print(report_table(rows, "hosting orders"))  # stdout keeps the per-number rows
        code = code or followed
    if code:
        sys.exit(code)
