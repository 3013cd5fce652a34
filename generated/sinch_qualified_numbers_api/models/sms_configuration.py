from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scheduled_provisioning import ScheduledProvisioning
from ..types import UNSET, Unset

T = TypeVar("T", bound="SmsConfiguration")


@_attrs_define(slots=False)
class SmsConfiguration:
    """The service plan and 10DLC campaign a number is linked to (absent or empty = none).

    Attributes:
        service_plan_id (str | Unset):
        campaign_id (str | Unset):
        migrate_to_sinch_tmo (bool | Unset): Whether the number needs migration to Sinch on T-Mobile's platform (read-
            only).
        scheduled_provisioning (ScheduledProvisioning | Unset): A link or unlink of the number that is pending (read-
            only).
    """

    service_plan_id: str | Unset = UNSET
    campaign_id: str | Unset = UNSET
    migrate_to_sinch_tmo: bool | Unset = UNSET
    scheduled_provisioning: ScheduledProvisioning | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_plan_id = self.service_plan_id

        campaign_id = self.campaign_id

        migrate_to_sinch_tmo = self.migrate_to_sinch_tmo

        scheduled_provisioning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.scheduled_provisioning, Unset):
            scheduled_provisioning = self.scheduled_provisioning.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if service_plan_id is not UNSET:
            field_dict["servicePlanId"] = service_plan_id
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id
        if migrate_to_sinch_tmo is not UNSET:
            field_dict["migrateToSinchTmo"] = migrate_to_sinch_tmo
        if scheduled_provisioning is not UNSET:
            field_dict["scheduledProvisioning"] = scheduled_provisioning

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"SmsConfiguration must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        service_plan_id = UNSET if (_v := d.pop("servicePlanId", UNSET)) is None else _v

        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        migrate_to_sinch_tmo = UNSET if (_v := d.pop("migrateToSinchTmo", UNSET)) is None else _v

        _scheduled_provisioning = UNSET if (_v := d.pop("scheduledProvisioning", UNSET)) is None else _v
        scheduled_provisioning: ScheduledProvisioning | Unset
        if isinstance(_scheduled_provisioning, Unset):
            scheduled_provisioning = UNSET
        else:
            scheduled_provisioning = ScheduledProvisioning.from_dict(_scheduled_provisioning)

        values: dict[str, Any] = {
            "service_plan_id": service_plan_id,
            "campaign_id": campaign_id,
            "migrate_to_sinch_tmo": migrate_to_sinch_tmo,
            "scheduled_provisioning": scheduled_provisioning,
            "additional_properties": d,
        }
        sms_configuration = object.__new__(cls)
        sms_configuration.__dict__ = values
        return sms_configuration

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.service_plan_id, Unset):
            parts.append(f"service_plan_id={self.service_plan_id!r}")
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        if not isinstance(self.migrate_to_sinch_tmo, Unset):
            parts.append(f"migrate_to_sinch_tmo={self.migrate_to_sinch_tmo!r}")
        if not isinstance(self.scheduled_provisioning, Unset):
            parts.append(f"scheduled_provisioning={self.scheduled_provisioning!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"SmsConfiguration({', '.join(parts)})"

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
