from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.process_status import ProcessStatus
from ..models.provisioning_type import ProvisioningType
from ..models.service_type import ServiceType
from ..types import UNSET, Unset

_SERVICE_TYPE_MEMBERS: dict[Any, ServiceType] = ServiceType._value2member_map_  # type: ignore[assignment]
_TYPE__MEMBERS: dict[Any, ProvisioningType] = ProvisioningType._value2member_map_  # type: ignore[assignment]
_STATE_MEMBERS: dict[Any, ProcessStatus] = ProcessStatus._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="NumberProvisioning")


@_attrs_define(slots=False)
class NumberProvisioning:
    """The latest (de)provisioning of an imported number to the SMS platform or a campaign.

    Attributes:
        service_type (ServiceType | str | Unset):
        service_id (str | Unset):
        type_ (ProvisioningType | str | Unset):
        state (int | ProcessStatus | str | Unset): The state of one step for one number (a known `ProcessStatus`, or any
            other value).
        update_time (datetime.datetime | Unset):
        error_code (str | Unset): `""` (or absent) when there is no error.
        error_message (str | Unset):
    """

    service_type: ServiceType | str | Unset = UNSET
    service_id: str | Unset = UNSET
    type_: ProvisioningType | str | Unset = UNSET
    state: int | ProcessStatus | str | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    error_code: str | Unset = UNSET
    error_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service_type: str | Unset
        if isinstance(self.service_type, Unset):
            service_type = UNSET
        elif isinstance(self.service_type, ServiceType):
            service_type = self.service_type.value
        else:
            service_type = self.service_type

        service_id = self.service_id

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ProvisioningType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        state: int | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, ProcessStatus):
            state = self.state.value
        else:
            state = self.state

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        error_code = self.error_code

        error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if service_type is not UNSET:
            field_dict["serviceType"] = service_type
        if service_id is not UNSET:
            field_dict["serviceId"] = service_id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if state is not UNSET:
            field_dict["state"] = state
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if error_code is not UNSET:
            field_dict["errorCode"] = error_code
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"NumberProvisioning must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        service_type = UNSET if (_v := d.pop("serviceType", UNSET)) is None else _v
        if isinstance(service_type, str):
            service_type = _SERVICE_TYPE_MEMBERS.get(service_type, service_type)

        service_id = UNSET if (_v := d.pop("serviceId", UNSET)) is None else _v

        type_ = UNSET if (_v := d.pop("type", UNSET)) is None else _v
        if isinstance(type_, str):
            type_ = _TYPE__MEMBERS.get(type_, type_)

        state = UNSET if (_v := d.pop("state", UNSET)) is None else _v
        if isinstance(state, str):
            state = _STATE_MEMBERS.get(state, state)

        _update_time = UNSET if (_v := d.pop("updateTime", UNSET)) is None else _v
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time == "":
            update_time = UNSET
        else:
            try:
                update_time = datetime.datetime.fromisoformat(_update_time)

            except (TypeError, ValueError):
                update_time = UNSET
                d["updateTime"] = _update_time
            else:
                if update_time.tzinfo is None:
                    update_time = update_time.replace(tzinfo=datetime.UTC)

        error_code = UNSET if (_v := d.pop("errorCode", UNSET)) is None else _v

        error_message = UNSET if (_v := d.pop("errorMessage", UNSET)) is None else _v

        values: dict[str, Any] = {
            "service_type": service_type,
            "service_id": service_id,
            "type_": type_,
            "state": state,
            "update_time": update_time,
            "error_code": error_code,
            "error_message": error_message,
            "additional_properties": d,
        }
        number_provisioning = object.__new__(cls)
        number_provisioning.__dict__ = values
        return number_provisioning

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.service_type, Unset):
            parts.append(f"service_type={self.service_type!r}")
        if not isinstance(self.service_id, Unset):
            parts.append(f"service_id={self.service_id!r}")
        if not isinstance(self.type_, Unset):
            parts.append(f"type_={self.type_!r}")
        if not isinstance(self.state, Unset):
            parts.append(f"state={self.state!r}")
        if not isinstance(self.update_time, Unset):
            parts.append(f"update_time={self.update_time!r}")
        if not isinstance(self.error_code, Unset):
            parts.append(f"error_code={self.error_code!r}")
        if not isinstance(self.error_message, Unset):
            parts.append(f"error_message={self.error_message!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"NumberProvisioning({', '.join(parts)})"

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
