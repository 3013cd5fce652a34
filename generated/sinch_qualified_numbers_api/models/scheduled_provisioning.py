from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduledProvisioning")


@_attrs_define(slots=False)
class ScheduledProvisioning:
    """A link or unlink of the number that is pending (read-only).

    Attributes:
        service_plan_id (str | Unset):
        campaign_id (str | Unset):
        status (int | str | Unset):
        last_updated_time (datetime.datetime | Unset):
        error_codes (list[int | str] | Unset):
    """

    service_plan_id: str | Unset = UNSET
    campaign_id: str | Unset = UNSET
    status: int | str | Unset = UNSET
    last_updated_time: datetime.datetime | Unset = UNSET
    error_codes: list[int | str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_plan_id = self.service_plan_id

        campaign_id = self.campaign_id

        status: int | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        last_updated_time: str | Unset = UNSET
        if not isinstance(self.last_updated_time, Unset):
            last_updated_time = self.last_updated_time.isoformat()

        error_codes: list[int | str] | Unset = UNSET
        if not isinstance(self.error_codes, Unset):
            error_codes = []
            for error_codes_item_data in self.error_codes:
                error_codes_item: int | str
                error_codes_item = error_codes_item_data
                error_codes.append(error_codes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if service_plan_id is not UNSET:
            field_dict["servicePlanId"] = service_plan_id
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id
        if status is not UNSET:
            field_dict["status"] = status
        if last_updated_time is not UNSET:
            field_dict["lastUpdatedTime"] = last_updated_time
        if error_codes is not UNSET:
            field_dict["errorCodes"] = error_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ScheduledProvisioning must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        service_plan_id = UNSET if (_v := d.pop("servicePlanId", UNSET)) is None else _v

        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        def _parse_status(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        status = _parse_status(UNSET if (_v := d.pop("status", UNSET)) is None else _v)

        _last_updated_time = UNSET if (_v := d.pop("lastUpdatedTime", UNSET)) is None else _v
        last_updated_time: datetime.datetime | Unset
        if isinstance(_last_updated_time, Unset) or _last_updated_time == "":
            last_updated_time = UNSET
        else:
            try:
                last_updated_time = datetime.datetime.fromisoformat(_last_updated_time)

            except (TypeError, ValueError):
                last_updated_time = UNSET
                d["lastUpdatedTime"] = _last_updated_time
            else:
                if last_updated_time.tzinfo is None:
                    last_updated_time = last_updated_time.replace(tzinfo=datetime.UTC)

        _error_codes = UNSET if (_v := d.pop("errorCodes", UNSET)) is None else _v
        error_codes: list[int | str] | Unset = UNSET
        if _error_codes is not UNSET:
            error_codes = []
            for error_codes_item_data in _error_codes:

                def _parse_error_codes_item(data: object) -> int | str:
                    return cast(int | str, data)

                error_codes_item = _parse_error_codes_item(error_codes_item_data)

                error_codes.append(error_codes_item)

        values: dict[str, Any] = {
            "service_plan_id": service_plan_id,
            "campaign_id": campaign_id,
            "status": status,
            "last_updated_time": last_updated_time,
            "error_codes": error_codes,
            "additional_properties": d,
        }
        scheduled_provisioning = object.__new__(cls)
        scheduled_provisioning.__dict__ = values
        return scheduled_provisioning

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.service_plan_id, Unset):
            parts.append(f"service_plan_id={self.service_plan_id!r}")
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        if not isinstance(self.status, Unset):
            parts.append(f"status={self.status!r}")
        if not isinstance(self.last_updated_time, Unset):
            parts.append(f"last_updated_time={self.last_updated_time!r}")
        if not isinstance(self.error_codes, Unset):
            parts.append(f"error_codes={self.error_codes!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ScheduledProvisioning({', '.join(parts)})"

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
