"""Answers written as the service writes them: proto3 JSON, default values left out; the
service's resources (qualified numbers, hosting orders and their numbers, import orders,
imported numbers) from the sandbox's rows.

The real service is a gRPC API behind a JSON gateway: a field holding its default value
(`""`, `0`, `false`, an empty list or an unset message) is not written. The sandbox answers the
same way so that clients are tested against answers shaped like the real ones.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse

from .. import process as pr

if TYPE_CHECKING:
    from ..resources.hosting_orders.state import StoredOrder
    from ..resources.imported_numbers.state import Imported
    from ..resources.qualified_numbers.state import Row


def is_default(value: Any) -> bool:
    """proto3's default values: what the service's JSON gateway leaves out."""
    if isinstance(value, bool):
        return value is False
    if isinstance(value, int | float):
        return value == 0
    return value is None or value == "" or value == [] or value == {}


def proto3(value: Any) -> Any:
    """`value` with every default-valued field left out, at any depth."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            cleaned = proto3(item)
            if not is_default(cleaned):
                out[key] = cleaned
        return out
    if isinstance(value, list):
        return [proto3(item) for item in value]
    return value


class Proto3Response(JSONResponse):
    """A JSON answer of a service operation, written as proto3 JSON."""

    def render(self, content: Any) -> bytes:
        return super().render(proto3(content))


def rfc3339(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts * 1000) % 1000:03d}Z"


def number(row: Row) -> dict[str, Any]:
    """The service's `QualifiedNumber`, detail objects following the state."""
    body: dict[str, Any] = {
        "phoneNumber": row.phone,
        "projectId": row.project,
        "regionCode": row.region,
        "globalProcessState": row.state,
        "createdTime": rfc3339(row.created),
        "updatedTime": rfc3339(row.updated),
    }
    osr, ownership, hosted = _details(row.state, row.error)
    if osr is not None:
        body["osrEligibility"] = osr
    if ownership is not None:
        body["ownershipVerification"] = ownership
    if hosted is not None:
        body["hostedNumber"] = hosted
    return body


Detail = dict[str, Any] | None


def _details(state: str, error: str | None) -> tuple[Detail, Detail, Detail]:
    def detail(status: str | int, err: str | None = None) -> dict[str, Any]:
        return {"status": status, **({"error": err} if err else {})}

    if state == pr.PENDING:
        return detail("IN_PROGRESS"), None, None
    if state == pr.NOT_ELIGIBLE:
        return detail("FAILED", error), None, None
    osr = detail("DONE")
    if state == pr.ELIGIBLE:
        return osr, detail("WAITING"), None
    if state == pr.VERIFICATION_PENDING:
        return osr, detail("IN_PROGRESS"), None
    if state in (pr.VERIFICATION_FAILED, pr.VERIFICATION_BLOCKED):
        return osr, detail("FAILED", error), None
    ownership = detail("DONE")
    if state == pr.VERIFIED:
        return osr, ownership, None
    if state == pr.HOSTING_IN_PROGRESS:
        return osr, ownership, detail(0)
    if state == pr.HOSTING_DONE:
        return osr, ownership, detail(1)
    if state == pr.HOSTING_FAILED:
        return osr, ownership, detail(2, error)
    return None, None, None


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


def _provisioning(
    service_type: str, service: str, kind: str, state: str, updated: float | None
) -> dict[str, Any]:
    body: dict[str, Any] = {"serviceType": service_type, "serviceId": service, "type": kind}
    body["state"] = state
    if updated is not None:
        body["updateTime"] = rfc3339(updated)
    if state == "FAILED":
        body["errorCode"] = (
            "CAMPAIGN_NOT_AVAILABLE" if service_type == "CAMPAIGN" else "PROVISIONING_FAILED"
        )
        body["errorMessage"] = (
            "The campaign is not available."
            if service_type == "CAMPAIGN"
            else "Provisioning to the SMS platform failed."
        )
    return body


#: `scheduledProvisioning.status` while a link or unlink is pending (Sinch publishes the field
#: as an integer enum without names).
SCHEDULED_PENDING = 1


def imported_number(number: Imported) -> dict[str, Any]:
    """The service's `ImportedNumber` (before proto3 stripping)."""
    body: dict[str, Any] = {
        "projectId": number.project,
        "phoneNumber": number.phone,
        "regionCode": number.region,
        "displayName": number.display_name,
        "smsConfiguration": {
            "servicePlanId": number.service_plan_id,
            "campaignId": number.campaign_id,
        },
        "callbackUrl": number.callback_url,
    }
    if number.pending:
        # Sinch's read-only `scheduledProvisioning`: the link (or unlink, values "") under way.
        # Its integer `status` has no published names; the sandbox says 1 while pending.
        changed = [t for t in (number.sms_updated, number.campaign_updated) if t is not None]
        scheduled: dict[str, Any] = {
            "servicePlanId": number.service_plan_id,
            "campaignId": number.campaign_id,
            "status": SCHEDULED_PENDING,
        }
        if changed:
            scheduled["lastUpdatedTime"] = rfc3339(max(changed))
        body["smsConfiguration"]["scheduledProvisioning"] = scheduled
    if number.sms_type:
        body["smsProvisioning"] = _provisioning(
            "SMS",
            number.service_plan_id,
            number.sms_type,
            number.sms_state,
            number.sms_updated,
        )
        if number.sms_type == "PROVISIONING":
            carrier = {"state": number.sms_state, "operation": "PROVISIONING"}
            if number.sms_updated is not None:
                carrier["updateTime"] = rfc3339(number.sms_updated)
            body["mnoConfiguration"] = {"smsAtt": carrier, "smsTmo": dict(carrier)}
    if number.campaign_type:
        body["campaignProvisioning"] = _provisioning(
            "CAMPAIGN",
            number.campaign_id,
            number.campaign_type,
            number.campaign_state,
            number.campaign_updated,
        )
    return body


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
