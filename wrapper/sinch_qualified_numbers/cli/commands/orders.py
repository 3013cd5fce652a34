"""`orders get|report|numbers|wait`: follow hosting orders (those `text-enable` and `imported
import` created)."""

from __future__ import annotations

from typing import Any

import click
from rich.live import Live
from rich.table import Table

from ... import HostingOrderReport, QualifiedNumbersClient
from ..._exceptions import WaitTimeoutError
from ..._waiting import WaitProgress
from .._context import Context, pass_context
from .._output import emit, err, fail, for_people, order_by_option, output_option, table_of
from .wait import parse_duration

ORDER_COLUMNS = [
    "hostingOrderId",
    "state",
    "regionCode",
    "servicePlanId",
    "campaignId",
    "createdTime",
    "updatedTime",
]
REPORT_COLUMNS = [
    "hostingOrderId",
    "state",
    "total",
    "osrUpdated",
    "smsProvisioned",
    "addedToCampaign",
    "ongoingManualAction",
]


def report_table(rows: list[dict[str, Any]], title: str) -> Table:
    """The report counts as a table: the same builder and headers as the final output, so
    the live view and the result read alike, and an order ID is never cut."""
    return table_of(rows, REPORT_COLUMNS, title)


STEP_STATES = click.Choice(["STATE_UNSPECIFIED", "WAITING", "IN_PROGRESS", "DONE", "FAILED"])


def report_row(order_id: str, state: str, report: HostingOrderReport) -> dict[str, Any]:
    return {
        "hostingOrderId": order_id,
        "state": state,
        "total": report.total,
        "osrUpdated": report.osr_updated,
        "smsProvisioned": report.sms_provisioned,
        "addedToCampaign": report.added_to_campaign,
        "ongoingManualAction": report.ongoing_manual_action,
    }


@click.group()
def orders() -> None:
    """Follow the hosting orders that text-enable created."""


ORDER_STATES = click.Choice(
    ["DRAFT", "SUBMITTED", "WAITING_FOR_LOA_SIGNATURE", "IN_PROGRESS", "COMPLETED", "REJECTED"]
)


@orders.command("list")
@click.option("--state", "states", multiple=True, type=ORDER_STATES, required=True)
@click.option("--service-plan-id", required=True)
@click.option(
    "--campaign-id",
    default="",
    help="The campaign's orders. Not given (or empty): the orders WITHOUT a campaign, "
    "toll-free ones included, not every order.",
)
@click.option("--type", "order_type", default="TYPE_TEXT_ENABLE", show_default=True)
@click.option("--region", type=click.Choice(["US", "CA"]))
@order_by_option
@click.option("--limit", type=click.IntRange(min=1))
@output_option
@pass_context
def orders_list(
    ctx: Context,
    states: tuple[str, ...],
    service_plan_id: str,
    campaign_id: str,
    order_type: str,
    region: str | None,
    order_by: str | None,
    limit: int | None,
    output: str,
) -> None:
    """The project's hosting orders in some states, for a service plan and campaign.

    Sinch requires all four filters: without --campaign-id this lists the orders that have
    no campaign (toll-free orders, and 10DLC orders placed without one), not every order."""
    pager = ctx.client().hosting_orders.list(
        states=list(states),
        type=order_type,
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region,
        order_by=order_by,
        page_size=500,
        limit=limit,
    )
    emit([order.to_dict() for order in pager], output, ORDER_COLUMNS)
    if not campaign_id:
        err.print("[dim](orders without a campaign; --campaign-id C lists campaign C's)[/dim]")


@orders.command("get")
@click.argument("order_ids", nargs=-1, required=True)
@output_option
@pass_context
def orders_get(ctx: Context, order_ids: tuple[str, ...], output: str) -> None:
    """Show hosting orders and their state."""
    hosting = ctx.client().hosting_orders
    emit([hosting.get(o).to_dict() for o in order_ids], output, ORDER_COLUMNS)


@orders.command("report")
@click.argument("order_ids", nargs=-1, required=True)
@output_option
@pass_context
def orders_report(ctx: Context, order_ids: tuple[str, ...], output: str) -> None:
    """How many numbers of each order went through each step."""
    emit(reports(ctx.client(), list(order_ids)), output, REPORT_COLUMNS)


def reports(client: QualifiedNumbersClient, order_ids: list[str]) -> list[dict[str, Any]]:
    hosting = client.hosting_orders
    return [
        report_row(o, for_people(str(hosting.get(o).state)), hosting.report(o)) for o in order_ids
    ]


@orders.command("numbers")
@click.argument("order_id")
@click.option("--osr-update-state", type=STEP_STATES)
@click.option("--platform-provisioning-state", type=STEP_STATES)
@click.option("--campaign-provisioning-state", type=STEP_STATES)
@order_by_option
@click.option("--limit", type=click.IntRange(min=1))
@output_option
@pass_context
def orders_numbers(
    ctx: Context,
    order_id: str,
    osr_update_state: str | None,
    platform_provisioning_state: str | None,
    campaign_provisioning_state: str | None,
    order_by: str | None,
    limit: int | None,
    output: str,
) -> None:
    """The numbers of an order and the state of each of their steps."""
    pager = ctx.client().hosting_orders.numbers(
        order_id,
        osr_update_state=osr_update_state,
        platform_provisioning_state=platform_provisioning_state,
        campaign_provisioning_state=campaign_provisioning_state,
        order_by=order_by,
        page_size=500,
        limit=limit,
    )
    rows = []
    for number in pager:
        data = number.to_dict()
        rows.append(
            {
                "phoneNumber": data.get("phoneNumber", ""),
                "osrUpdate": data.get("osrUpdate", {}).get("state", ""),
                "platformProvisioning": data.get("platformProvisioning", {}).get("state", ""),
                "campaignProvisioning": data.get("campaignProvisioning", {}).get("state", ""),
            }
        )
    emit(rows, output, ["phoneNumber", "osrUpdate", "platformProvisioning", "campaignProvisioning"])


def follow(
    client: QualifiedNumbersClient, order_ids: list[str], timeout: float, interval: float
) -> tuple[list[dict[str, Any]], int]:
    """Wait for the orders to finish with a live table of their report counts; the final rows
    and the exit code (0 all completed, 1 some rejected or not finished)."""
    hosting = client.hosting_orders

    def view(progress: WaitProgress[Any]) -> Table:
        finished = f"{len(progress.arrived)}/{len(order_ids)} finished"
        return report_table(reports(client, order_ids), f"{finished} ({progress.elapsed:.0f}s)")

    late: dict[str, str | None] = {}
    with Live(console=err, transient=True, auto_refresh=False) as live:
        try:
            hosting.wait_for(
                order_ids,
                timeout=timeout,
                poll_interval=interval,
                on_poll=lambda progress: live.update(view(progress), refresh=True),
            )
        except WaitTimeoutError as error:
            late = error.pending
    rows = reports(client, order_ids)
    rejected = [r for r in rows if r["state"] == "REJECTED"]
    return rows, 1 if late or rejected else 0


@orders.command("wait")
@click.argument("order_ids", nargs=-1, required=True)
@click.option("--timeout", default="1h", show_default=True)
@click.option("--interval", default="5s", show_default=True)
@output_option
@pass_context
def orders_wait(
    ctx: Context, order_ids: tuple[str, ...], timeout: str, interval: str, output: str
) -> None:
    """Wait until every order is COMPLETED or REJECTED, showing their report counts; exit 1
    if one was rejected or did not finish in time."""
    rows, code = follow(
        ctx.client(), list(order_ids), parse_duration(timeout), parse_duration(interval)
    )
    emit(rows, output, REPORT_COLUMNS)
    if code:
        fail("some orders were rejected or did not finish in time", code)
