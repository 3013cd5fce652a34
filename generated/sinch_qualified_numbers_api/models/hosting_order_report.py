from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HostingOrderReport")


@_attrs_define(slots=False)
class HostingOrderReport:
    """How many of the order's numbers went through each step (proto3 JSON: a count of 0 is
    left out, so an absent count is 0).

        Attributes:
            total (int | Unset): Numbers in the order.
            osr_updated (int | Unset): Numbers whose OSR (SMS routing) update is done.
            sms_provisioned (int | Unset): Numbers provisioned on the SMS platform.
            added_to_campaign (int | Unset): Numbers linked to the order's 10DLC campaign.
            ongoing_manual_action (int | Unset): Numbers waiting for a manual action at Sinch.
    """

    total: int | Unset = UNSET
    osr_updated: int | Unset = UNSET
    sms_provisioned: int | Unset = UNSET
    added_to_campaign: int | Unset = UNSET
    ongoing_manual_action: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        osr_updated = self.osr_updated

        sms_provisioned = self.sms_provisioned

        added_to_campaign = self.added_to_campaign

        ongoing_manual_action = self.ongoing_manual_action

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total is not UNSET:
            field_dict["total"] = total
        if osr_updated is not UNSET:
            field_dict["osrUpdated"] = osr_updated
        if sms_provisioned is not UNSET:
            field_dict["smsProvisioned"] = sms_provisioned
        if added_to_campaign is not UNSET:
            field_dict["addedToCampaign"] = added_to_campaign
        if ongoing_manual_action is not UNSET:
            field_dict["ongoingManualAction"] = ongoing_manual_action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"HostingOrderReport must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        total = UNSET if (_v := d.pop("total", UNSET)) is None else _v

        osr_updated = UNSET if (_v := d.pop("osrUpdated", UNSET)) is None else _v

        sms_provisioned = UNSET if (_v := d.pop("smsProvisioned", UNSET)) is None else _v

        added_to_campaign = UNSET if (_v := d.pop("addedToCampaign", UNSET)) is None else _v

        ongoing_manual_action = UNSET if (_v := d.pop("ongoingManualAction", UNSET)) is None else _v

        values: dict[str, Any] = {
            "total": total,
            "osr_updated": osr_updated,
            "sms_provisioned": sms_provisioned,
            "added_to_campaign": added_to_campaign,
            "ongoing_manual_action": ongoing_manual_action,
            "additional_properties": d,
        }
        hosting_order_report = object.__new__(cls)
        hosting_order_report.__dict__ = values
        return hosting_order_report

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.total, Unset):
            parts.append(f"total={self.total!r}")
        if not isinstance(self.osr_updated, Unset):
            parts.append(f"osr_updated={self.osr_updated!r}")
        if not isinstance(self.sms_provisioned, Unset):
            parts.append(f"sms_provisioned={self.sms_provisioned!r}")
        if not isinstance(self.added_to_campaign, Unset):
            parts.append(f"added_to_campaign={self.added_to_campaign!r}")
        if not isinstance(self.ongoing_manual_action, Unset):
            parts.append(f"ongoing_manual_action={self.ongoing_manual_action!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"HostingOrderReport({', '.join(parts)})"

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
