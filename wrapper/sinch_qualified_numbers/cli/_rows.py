"""Flat rows of models, for tables, JSON and CSV."""

from __future__ import annotations

from typing import Any, Protocol

from sinch_qualified_numbers_api.models import ImportedNumber, NumberProvisioning, QualifiedNumber
from sinch_qualified_numbers_api.types import Unset

from .._states import state_of


class _Model(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def as_sent(model: _Model, shown: dict[str, Any]) -> dict[str, Any]:
    """A table's columns (`shown`) first, then every other field of the answer as the
    service sent it, fields the spec does not know yet included (the models keep them in
    `additional_properties`): JSON and CSV hold the whole answer, tables the columns."""
    return {**shown, **{k: v for k, v in model.to_dict().items() if k not in shown}}


def number_row(number: QualifiedNumber) -> dict[str, Any]:
    def text(value: object) -> str:
        if isinstance(value, Unset) or value is None:
            return ""
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    return as_sent(
        number,
        {
            "phoneNumber": text(number.phone_number),
            "regionCode": text(number.region_code),
            "globalProcessState": state_of(number) or "",
            "createdTime": text(number.created_time),
            "updatedTime": text(number.updated_time),
        },
    )


def _text(value: object) -> str:
    if isinstance(value, Unset) or value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


IMPORTED_COLUMNS = [
    "phoneNumber",
    "regionCode",
    "displayName",
    "servicePlanId",
    "campaignId",
    "smsProvisioning",
    "campaignProvisioning",
]


def imported_row(number: ImportedNumber) -> dict[str, Any]:
    sms = number.sms_configuration

    def track(provisioning: object) -> str:
        if not isinstance(provisioning, NumberProvisioning):
            return ""
        kind, state = _text(provisioning.type_), _text(provisioning.state)
        return f"{kind} {state}".strip()

    return as_sent(
        number,
        {
            "phoneNumber": _text(number.phone_number),
            "regionCode": _text(number.region_code),
            "displayName": _text(number.display_name),
            "servicePlanId": "" if isinstance(sms, Unset) else _text(sms.service_plan_id),
            "campaignId": "" if isinstance(sms, Unset) else _text(sms.campaign_id),
            "smsProvisioning": track(number.sms_provisioning),
            "campaignProvisioning": track(number.campaign_provisioning),
        },
    )
