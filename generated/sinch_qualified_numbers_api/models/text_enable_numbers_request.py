from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.blanket_loa_info import BlanketLoaInfo
from ..models.direct_loa_info import DirectLoaInfo
from ..models.region_code import RegionCode
from ..models.reseller_loa_info import ResellerLoaInfo
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

T = TypeVar("T", bound="TextEnableNumbersRequest")


@_attrs_define(slots=False)
class TextEnableNumbersRequest:
    """Exactly one of `directLoaInfo`, `resellerLoaInfo` and `blanketLoaInfo` must be given
    (the service answers 400 otherwise; the wrapper enforces it before sending).

        Attributes:
            region_code (RegionCode): ISO 3166-1 alpha-2 region code; number hosting is only available in the US and Canada.
            numbers (list[str]): The numbers of the hosting order (at most 500, no duplicates).
            service_plan_id (str): The ID of the service plan to which the hosting order is associated.
            project_id (str | Unset): The ID of the project to which the hosting order is associated.
            display_name (str | Unset): The optional display name of the hosting order.
            nnid (str | Unset): Defaults to the Sinch NNID or what was configured on the customer account.
            campaign_id (str | Unset): The ID of the 10DLC campaign to which the hosting order is associated.
            direct_loa_info (DirectLoaInfo | Unset): Letter of Authorization for direct Sinch customers.
            reseller_loa_info (ResellerLoaInfo | Unset): Letter of Authorization for resellers.
            blanket_loa_info (BlanketLoaInfo | Unset): A blanket LOA set up with your account manager; send it as an empty
                object.
            scheduled_osr_update_time (datetime.datetime | Unset):
            callback_url (str | Unset): The client's callback URL to be called for text enablement updates.
    """

    region_code: RegionCode
    numbers: list[str]
    service_plan_id: str
    project_id: str | Unset = UNSET
    display_name: str | Unset = UNSET
    nnid: str | Unset = UNSET
    campaign_id: str | Unset = UNSET
    direct_loa_info: DirectLoaInfo | Unset = UNSET
    reseller_loa_info: ResellerLoaInfo | Unset = UNSET
    blanket_loa_info: BlanketLoaInfo | Unset = UNSET
    scheduled_osr_update_time: datetime.datetime | Unset = UNSET
    callback_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        region_code = self.region_code.value

        numbers = self.numbers

        service_plan_id = self.service_plan_id

        project_id = self.project_id

        display_name = self.display_name

        nnid = self.nnid

        campaign_id = self.campaign_id

        direct_loa_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.direct_loa_info, Unset):
            direct_loa_info = self.direct_loa_info.to_dict()

        reseller_loa_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.reseller_loa_info, Unset):
            reseller_loa_info = self.reseller_loa_info.to_dict()

        blanket_loa_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.blanket_loa_info, Unset):
            blanket_loa_info = self.blanket_loa_info.to_dict()

        scheduled_osr_update_time: str | Unset = UNSET
        if not isinstance(self.scheduled_osr_update_time, Unset):
            scheduled_osr_update_time = self.scheduled_osr_update_time.isoformat()

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "regionCode": region_code,
                "numbers": numbers,
                "servicePlanId": service_plan_id,
            }
        )
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if nnid is not UNSET:
            field_dict["nnid"] = nnid
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id
        if direct_loa_info is not UNSET:
            field_dict["directLoaInfo"] = direct_loa_info
        if reseller_loa_info is not UNSET:
            field_dict["resellerLoaInfo"] = reseller_loa_info
        if blanket_loa_info is not UNSET:
            field_dict["blanketLoaInfo"] = blanket_loa_info
        if scheduled_osr_update_time is not UNSET:
            field_dict["scheduledOsrUpdateTime"] = scheduled_osr_update_time
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"TextEnableNumbersRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        region_code = RegionCode._from_value(d.pop("regionCode"))

        numbers = cast(list[str], d.pop("numbers"))

        service_plan_id = d.pop("servicePlanId")

        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        nnid = UNSET if (_v := d.pop("nnid", UNSET)) is None else _v

        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        _direct_loa_info = UNSET if (_v := d.pop("directLoaInfo", UNSET)) is None else _v
        direct_loa_info: DirectLoaInfo | Unset
        if isinstance(_direct_loa_info, Unset):
            direct_loa_info = UNSET
        else:
            direct_loa_info = DirectLoaInfo.from_dict(_direct_loa_info)

        _reseller_loa_info = UNSET if (_v := d.pop("resellerLoaInfo", UNSET)) is None else _v
        reseller_loa_info: ResellerLoaInfo | Unset
        if isinstance(_reseller_loa_info, Unset):
            reseller_loa_info = UNSET
        else:
            reseller_loa_info = ResellerLoaInfo.from_dict(_reseller_loa_info)

        _blanket_loa_info = UNSET if (_v := d.pop("blanketLoaInfo", UNSET)) is None else _v

        _scheduled_osr_update_time = UNSET if (_v := d.pop("scheduledOsrUpdateTime", UNSET)) is None else _v
        scheduled_osr_update_time: datetime.datetime | Unset
        if isinstance(_scheduled_osr_update_time, Unset) or _scheduled_osr_update_time == "":
            scheduled_osr_update_time = UNSET
        else:
            try:
                scheduled_osr_update_time = datetime.datetime.fromisoformat(_scheduled_osr_update_time)

            except (TypeError, ValueError):
                scheduled_osr_update_time = UNSET
                d["scheduledOsrUpdateTime"] = _scheduled_osr_update_time
            else:
                if scheduled_osr_update_time.tzinfo is None:
                    scheduled_osr_update_time = scheduled_osr_update_time.replace(tzinfo=datetime.UTC)

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        values: dict[str, Any] = {
            "region_code": region_code,
            "numbers": numbers,
            "service_plan_id": service_plan_id,
            "project_id": project_id,
            "display_name": display_name,
            "nnid": nnid,
            "campaign_id": campaign_id,
            "direct_loa_info": direct_loa_info,
            "reseller_loa_info": reseller_loa_info,
            "scheduled_osr_update_time": scheduled_osr_update_time,
            "callback_url": callback_url,
            "additional_properties": d,
        }
        if isinstance(_blanket_loa_info, dict):
            values["_raw_blanket_loa_info"] = _blanket_loa_info
        elif isinstance(_blanket_loa_info, Unset):
            values["blanket_loa_info"] = UNSET
        elif isinstance(_blanket_loa_info, Mapping):
            values["blanket_loa_info"] = BlanketLoaInfo.from_dict(_blanket_loa_info)
        else:
            raise TypeError(f"blanketLoaInfo must be a JSON object, not {_blanket_loa_info!r:.40}")
        text_enable_numbers_request = object.__new__(cls)
        object.__setattr__(text_enable_numbers_request, "__dict__", values)
        return text_enable_numbers_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"region_code={self.region_code!r}")
        parts.append(f"numbers={self.numbers!r}")
        parts.append(f"service_plan_id={self.service_plan_id!r}")
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.nnid, Unset):
            parts.append(f"nnid={self.nnid!r}")
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        if not isinstance(self.direct_loa_info, Unset):
            parts.append(f"direct_loa_info={self.direct_loa_info!r}")
        if not isinstance(self.reseller_loa_info, Unset):
            parts.append(f"reseller_loa_info={self.reseller_loa_info!r}")
        if not isinstance(self.blanket_loa_info, Unset):
            parts.append(f"blanket_loa_info={self.blanket_loa_info!r}")
        if not isinstance(self.scheduled_osr_update_time, Unset):
            parts.append(f"scheduled_osr_update_time={self.scheduled_osr_update_time!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"TextEnableNumbersRequest({', '.join(parts)})"

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


setattr(TextEnableNumbersRequest, "blanket_loa_info", _LazyModel("blanket_loa_info", BlanketLoaInfo.from_dict))
_with_lazy_models(TextEnableNumbersRequest)
