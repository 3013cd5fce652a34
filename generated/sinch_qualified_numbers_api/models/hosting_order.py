from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hosting_order_number_import_type_0 import HostingOrderNumberImportType0
from ..models.hosting_order_state import HostingOrderState
from ..models.hosting_order_type import HostingOrderType
from ..models.text_enable_info import TextEnableInfo
from ..types import UNSET, Unset

_STATE_MEMBERS: dict[Any, HostingOrderState] = HostingOrderState._value2member_map_  # type: ignore[assignment]
_TYPE__MEMBERS: dict[Any, HostingOrderType] = HostingOrderType._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="HostingOrder")


@_attrs_define(slots=False)
class HostingOrder:
    """A hosting order that text-enables numbers.

    Attributes:
        hosting_order_id (str): The unique ID of the hosting order.
        project_id (str | Unset): The project to which the hosting order is associated.
        display_name (str | Unset): The friendly name of the hosting order.
        region_code (str | Unset): US or CA.
        state (HostingOrderState | str | Unset):
        type_ (HostingOrderType | str | Unset):
        created_time (datetime.datetime | Unset):
        updated_time (datetime.datetime | Unset):
        scheduled_osr_update_time (datetime.datetime | Unset):
        service_plan_id (str | Unset):
        campaign_id (str | Unset):
        callback_url (str | Unset): The client's callback URL, called with text-enablement events.
        migrate_to_sinch_tmo (bool | Unset): Whether a number is assigned to another aggregator in T-Mobile's platform
            and
            requires migration to Sinch. Read-only: the server ignores it in requests.
        number_import (HostingOrderNumberImportType0 | str | Unset): What an `IMPORT` order imports (absent on text-
            enable orders).
        hosting_order_info (TextEnableInfo | Unset): The LOA and business details of a hosting order.
        text_enable_info (TextEnableInfo | Unset): The LOA and business details of a hosting order.
    """

    hosting_order_id: str
    project_id: str | Unset = UNSET
    display_name: str | Unset = UNSET
    region_code: str | Unset = UNSET
    state: HostingOrderState | str | Unset = UNSET
    type_: HostingOrderType | str | Unset = UNSET
    created_time: datetime.datetime | Unset = UNSET
    updated_time: datetime.datetime | Unset = UNSET
    scheduled_osr_update_time: datetime.datetime | Unset = UNSET
    service_plan_id: str | Unset = UNSET
    campaign_id: str | Unset = UNSET
    callback_url: str | Unset = UNSET
    migrate_to_sinch_tmo: bool | Unset = UNSET
    number_import: HostingOrderNumberImportType0 | str | Unset = UNSET
    hosting_order_info: TextEnableInfo | Unset = UNSET
    text_enable_info: TextEnableInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hosting_order_id = self.hosting_order_id

        project_id = self.project_id

        display_name = self.display_name

        region_code = self.region_code

        state: str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, HostingOrderState):
            state = self.state.value
        else:
            state = self.state

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, HostingOrderType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        created_time: str | Unset = UNSET
        if not isinstance(self.created_time, Unset):
            created_time = self.created_time.isoformat()

        updated_time: str | Unset = UNSET
        if not isinstance(self.updated_time, Unset):
            updated_time = self.updated_time.isoformat()

        scheduled_osr_update_time: str | Unset = UNSET
        if not isinstance(self.scheduled_osr_update_time, Unset):
            scheduled_osr_update_time = self.scheduled_osr_update_time.isoformat()

        service_plan_id = self.service_plan_id

        campaign_id = self.campaign_id

        callback_url = self.callback_url

        migrate_to_sinch_tmo = self.migrate_to_sinch_tmo

        number_import: dict[str, Any] | str | Unset
        if isinstance(self.number_import, Unset):
            number_import = UNSET
        elif isinstance(self.number_import, HostingOrderNumberImportType0):
            number_import = self.number_import.to_dict()
        else:
            number_import = self.number_import

        hosting_order_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hosting_order_info, Unset):
            hosting_order_info = self.hosting_order_info.to_dict()

        text_enable_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text_enable_info, Unset):
            text_enable_info = self.text_enable_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hostingOrderId": hosting_order_id,
            }
        )
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if region_code is not UNSET:
            field_dict["regionCode"] = region_code
        if state is not UNSET:
            field_dict["state"] = state
        if type_ is not UNSET:
            field_dict["type"] = type_
        if created_time is not UNSET:
            field_dict["createdTime"] = created_time
        if updated_time is not UNSET:
            field_dict["updatedTime"] = updated_time
        if scheduled_osr_update_time is not UNSET:
            field_dict["scheduledOsrUpdateTime"] = scheduled_osr_update_time
        if service_plan_id is not UNSET:
            field_dict["servicePlanId"] = service_plan_id
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url
        if migrate_to_sinch_tmo is not UNSET:
            field_dict["migrateToSinchTmo"] = migrate_to_sinch_tmo
        if number_import is not UNSET:
            field_dict["numberImport"] = number_import
        if hosting_order_info is not UNSET:
            field_dict["hostingOrderInfo"] = hosting_order_info
        if text_enable_info is not UNSET:
            field_dict["textEnableInfo"] = text_enable_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"HostingOrder must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        hosting_order_id = d.pop("hostingOrderId")

        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        region_code = UNSET if (_v := d.pop("regionCode", UNSET)) is None else _v

        state = UNSET if (_v := d.pop("state", UNSET)) is None else _v
        if isinstance(state, str):
            state = _STATE_MEMBERS.get(state, state)

        type_ = UNSET if (_v := d.pop("type", UNSET)) is None else _v
        if isinstance(type_, str):
            type_ = _TYPE__MEMBERS.get(type_, type_)

        _created_time = UNSET if (_v := d.pop("createdTime", UNSET)) is None else _v
        created_time: datetime.datetime | Unset
        if isinstance(_created_time, Unset) or _created_time == "":
            created_time = UNSET
        else:
            try:
                created_time = datetime.datetime.fromisoformat(_created_time)

            except (TypeError, ValueError):
                created_time = UNSET
                d["createdTime"] = _created_time
            else:
                if created_time.tzinfo is None:
                    created_time = created_time.replace(tzinfo=datetime.UTC)

        _updated_time = UNSET if (_v := d.pop("updatedTime", UNSET)) is None else _v
        updated_time: datetime.datetime | Unset
        if isinstance(_updated_time, Unset) or _updated_time == "":
            updated_time = UNSET
        else:
            try:
                updated_time = datetime.datetime.fromisoformat(_updated_time)

            except (TypeError, ValueError):
                updated_time = UNSET
                d["updatedTime"] = _updated_time
            else:
                if updated_time.tzinfo is None:
                    updated_time = updated_time.replace(tzinfo=datetime.UTC)

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

        service_plan_id = UNSET if (_v := d.pop("servicePlanId", UNSET)) is None else _v

        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        migrate_to_sinch_tmo = UNSET if (_v := d.pop("migrateToSinchTmo", UNSET)) is None else _v

        def _parse_number_import(data: object) -> HostingOrderNumberImportType0 | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                number_import_type_0 = HostingOrderNumberImportType0.from_dict(data)

                return number_import_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HostingOrderNumberImportType0 | str | Unset, data)

        number_import = _parse_number_import(UNSET if (_v := d.pop("numberImport", UNSET)) is None else _v)

        _hosting_order_info = UNSET if (_v := d.pop("hostingOrderInfo", UNSET)) is None else _v
        hosting_order_info: TextEnableInfo | Unset
        if isinstance(_hosting_order_info, Unset):
            hosting_order_info = UNSET
        else:
            hosting_order_info = TextEnableInfo.from_dict(_hosting_order_info)

        _text_enable_info = UNSET if (_v := d.pop("textEnableInfo", UNSET)) is None else _v
        text_enable_info: TextEnableInfo | Unset
        if isinstance(_text_enable_info, Unset):
            text_enable_info = UNSET
        else:
            text_enable_info = TextEnableInfo.from_dict(_text_enable_info)

        values: dict[str, Any] = {
            "hosting_order_id": hosting_order_id,
            "project_id": project_id,
            "display_name": display_name,
            "region_code": region_code,
            "state": state,
            "type_": type_,
            "created_time": created_time,
            "updated_time": updated_time,
            "scheduled_osr_update_time": scheduled_osr_update_time,
            "service_plan_id": service_plan_id,
            "campaign_id": campaign_id,
            "callback_url": callback_url,
            "migrate_to_sinch_tmo": migrate_to_sinch_tmo,
            "number_import": number_import,
            "hosting_order_info": hosting_order_info,
            "text_enable_info": text_enable_info,
            "additional_properties": d,
        }
        hosting_order = object.__new__(cls)
        hosting_order.__dict__ = values
        return hosting_order

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"hosting_order_id={self.hosting_order_id!r}")
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.region_code, Unset):
            parts.append(f"region_code={self.region_code!r}")
        if not isinstance(self.state, Unset):
            parts.append(f"state={self.state!r}")
        if not isinstance(self.type_, Unset):
            parts.append(f"type_={self.type_!r}")
        if not isinstance(self.created_time, Unset):
            parts.append(f"created_time={self.created_time!r}")
        if not isinstance(self.updated_time, Unset):
            parts.append(f"updated_time={self.updated_time!r}")
        if not isinstance(self.scheduled_osr_update_time, Unset):
            parts.append(f"scheduled_osr_update_time={self.scheduled_osr_update_time!r}")
        if not isinstance(self.service_plan_id, Unset):
            parts.append(f"service_plan_id={self.service_plan_id!r}")
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        if not isinstance(self.migrate_to_sinch_tmo, Unset):
            parts.append(f"migrate_to_sinch_tmo={self.migrate_to_sinch_tmo!r}")
        if not isinstance(self.number_import, Unset):
            parts.append(f"number_import={self.number_import!r}")
        if not isinstance(self.hosting_order_info, Unset):
            parts.append(f"hosting_order_info={self.hosting_order_info!r}")
        if not isinstance(self.text_enable_info, Unset):
            parts.append(f"text_enable_info={self.text_enable_info!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"HostingOrder({', '.join(parts)})"

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
