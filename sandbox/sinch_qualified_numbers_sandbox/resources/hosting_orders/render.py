"""The service's `HostingOrder` documents (text-enable and import orders), their numbers and
reports, from the sandbox's rows (proto3: `http.render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import process as pr
from ...http.render import rfc3339

if TYPE_CHECKING:
    from ..qualified_numbers.state import Row
    from .state import StoredOrder


def hosting_order(
    project: str, order_id: str, body: dict[str, Any], loa: str, now: float
) -> dict[str, Any]:
    """The service's `HostingOrder` for a text-enable request (before proto3 stripping)."""
    stamp = rfc3339(now)
    info: dict[str, Any] = {"serviceProvider": "Sinch America Inc."}
    if loa != "blanketLoaInfo":
        letter = body[loa]
        info.update(
            {
                k: letter[k]
                for k in ("businessName", "authorisedPerson", "address", "currentVoiceCarrier")
                if k in letter
            }
        )
        info["loaType"] = "DIRECT" if loa == "directLoaInfo" else "RESELLER"
    info["nnid"] = body.get("nnid") or "104029"
    order: dict[str, Any] = {
        "projectId": project,
        "hostingOrderId": order_id,
        "regionCode": body["regionCode"],
        "state": "SUBMITTED",
        "type": "TYPE_TEXT_ENABLE",
        "createdTime": stamp,
        "updatedTime": stamp,
        "servicePlanId": body["servicePlanId"],
        "migrateToSinchTmo": False,
        "hostingOrderInfo": info,
    }
    for key in ("displayName", "campaignId", "scheduledOsrUpdateTime", "callbackUrl"):
        if key in body:
            order[key] = body[key]
    return order


def hosting_order_now(stored: StoredOrder, rows: list[Row], now: float) -> dict[str, Any]:
    """A stored order as a GET answers it now: its state from its LOA and its numbers'."""
    current = dict(stored.body)
    current["state"] = pr.order_state([row.state for row in rows], stored.loa_signed > now)
    times = [row.updated for row in rows]
    if stored.loa_signed <= now:
        times.append(stored.loa_signed)
    if times:
        current["updatedTime"] = rfc3339(max(times))
    return current


def hosting_order_number(stored: StoredOrder, row: Row, now: float) -> dict[str, Any]:
    """One number of an order (`HostingOrderNumber`)."""
    order = stored.body
    campaign = order.get("campaignId")
    steps = pr.order_steps(row.state, row.phone, bool(campaign), stored.loa_signed > now)
    body: dict[str, Any] = {
        "projectId": row.project,
        "hostingOrderId": order["hostingOrderId"],
        "phoneNumber": row.phone,
        "osrUpdate": {
            "nnid": order.get("hostingOrderInfo", {}).get("nnid", ""),
            "state": steps["osrUpdate"],
        },
        "platformProvisioning": {
            "servicePlanId": order.get("servicePlanId", ""),
            "state": steps["platformProvisioning"],
        },
    }
    if campaign:
        body["campaignProvisioning"] = {
            "campaignId": campaign,
            "state": steps.get("campaignProvisioning", ""),
        }
    return body


def hosting_order_report(numbers: list[dict[str, Any]]) -> dict[str, Any]:
    """The counts of an order's report, from its numbers as `hosting_order_number` writes them."""

    def done(step: str) -> int:
        return sum(n.get(step, {}).get("state") == "DONE" for n in numbers)

    return {
        "total": len(numbers),
        "osrUpdated": done("osrUpdate"),
        "smsProvisioned": done("platformProvisioning"),
        "addedToCampaign": done("campaignProvisioning"),
        "ongoingManualAction": 0,  # nothing in the sandbox waits for a person
    }


def import_order(project: str, order_id: str, body: dict[str, Any], now: float) -> dict[str, Any]:
    """The service's `HostingOrder` of type `IMPORT` (before proto3 stripping)."""
    stamp = rfc3339(now)
    order: dict[str, Any] = {
        "projectId": project,
        "hostingOrderId": order_id,
        "regionCode": body["regionCode"],
        "state": "SUBMITTED",
        "type": "IMPORT",
        "createdTime": stamp,
        "updatedTime": stamp,
        "servicePlanId": body["servicePlanId"],
        "migrateToSinchTmo": bool(body.get("migrateToSinchTmo", False)),
    }
    for key in ("displayName", "campaignId", "callbackUrl"):
        if key in body:
            order[key] = body[key]
    return order
