from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.region_code import RegionCode
from ..models.reseller_loa_info import ResellerLoaInfo
from ..types import UNSET, Unset

T = TypeVar("T", bound="TextEnableTollFreeNumbersResellerRequest")


@_attrs_define(slots=False)
class TextEnableTollFreeNumbersResellerRequest:
    """
    Attributes:
        region_code (RegionCode): ISO 3166-1 alpha-2 region code; number hosting is only available in the US and Canada.
        numbers (list[str]):
        service_plan_id (str): The SMS service plan that the numbers will be linked to.
        reseller_loa_info (ResellerLoaInfo): Letter of Authorization for resellers.
        project_id (str | Unset):
        display_name (str | Unset): The display name of the numbers.
        scheduled_zipwhip_provisioning_time (datetime.datetime | Unset): When Zipwhip provisioning will be done (UTC).
        callback_url (str | Unset): The callback URL to be called for text enablement updates.
    """

    region_code: RegionCode
    numbers: list[str]
    service_plan_id: str
    reseller_loa_info: ResellerLoaInfo
    project_id: str | Unset = UNSET
    display_name: str | Unset = UNSET
    scheduled_zipwhip_provisioning_time: datetime.datetime | Unset = UNSET
    callback_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        region_code = self.region_code.value

        numbers = self.numbers

        service_plan_id = self.service_plan_id

        reseller_loa_info = self.reseller_loa_info.to_dict()

        project_id = self.project_id

        display_name = self.display_name

        scheduled_zipwhip_provisioning_time: str | Unset = UNSET
        if not isinstance(self.scheduled_zipwhip_provisioning_time, Unset):
            scheduled_zipwhip_provisioning_time = self.scheduled_zipwhip_provisioning_time.isoformat()

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "regionCode": region_code,
                "numbers": numbers,
                "servicePlanId": service_plan_id,
                "resellerLoaInfo": reseller_loa_info,
            }
        )
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if scheduled_zipwhip_provisioning_time is not UNSET:
            field_dict["scheduledZipwhipProvisioningTime"] = scheduled_zipwhip_provisioning_time
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"TextEnableTollFreeNumbersResellerRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        region_code = RegionCode._from_value(d.pop("regionCode"))

        numbers = cast(list[str], d.pop("numbers"))

        service_plan_id = d.pop("servicePlanId")

        reseller_loa_info = ResellerLoaInfo.from_dict(d.pop("resellerLoaInfo"))

        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        _scheduled_zipwhip_provisioning_time = (
            UNSET if (_v := d.pop("scheduledZipwhipProvisioningTime", UNSET)) is None else _v
        )
        scheduled_zipwhip_provisioning_time: datetime.datetime | Unset
        if isinstance(_scheduled_zipwhip_provisioning_time, Unset) or _scheduled_zipwhip_provisioning_time == "":
            scheduled_zipwhip_provisioning_time = UNSET
        else:
            try:
                scheduled_zipwhip_provisioning_time = datetime.datetime.fromisoformat(
                    _scheduled_zipwhip_provisioning_time
                )

            except (TypeError, ValueError):
                scheduled_zipwhip_provisioning_time = UNSET
                d["scheduledZipwhipProvisioningTime"] = _scheduled_zipwhip_provisioning_time
            else:
                if scheduled_zipwhip_provisioning_time.tzinfo is None:
                    scheduled_zipwhip_provisioning_time = scheduled_zipwhip_provisioning_time.replace(
                        tzinfo=datetime.UTC
                    )

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        values: dict[str, Any] = {
            "region_code": region_code,
            "numbers": numbers,
            "service_plan_id": service_plan_id,
            "reseller_loa_info": reseller_loa_info,
            "project_id": project_id,
            "display_name": display_name,
            "scheduled_zipwhip_provisioning_time": scheduled_zipwhip_provisioning_time,
            "callback_url": callback_url,
            "additional_properties": d,
        }
        text_enable_toll_free_numbers_reseller_request = object.__new__(cls)
        text_enable_toll_free_numbers_reseller_request.__dict__ = values
        return text_enable_toll_free_numbers_reseller_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"region_code={self.region_code!r}")
        parts.append(f"numbers={self.numbers!r}")
        parts.append(f"service_plan_id={self.service_plan_id!r}")
        parts.append(f"reseller_loa_info={self.reseller_loa_info!r}")
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.scheduled_zipwhip_provisioning_time, Unset):
            parts.append(f"scheduled_zipwhip_provisioning_time={self.scheduled_zipwhip_provisioning_time!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"TextEnableTollFreeNumbersResellerRequest({', '.join(parts)})"

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
