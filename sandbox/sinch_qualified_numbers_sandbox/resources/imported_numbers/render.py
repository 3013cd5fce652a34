"""The service's `ImportedNumber` documents from the sandbox's rows (proto3: `http.render`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...http.render import rfc3339

if TYPE_CHECKING:
    from .state import Imported


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
