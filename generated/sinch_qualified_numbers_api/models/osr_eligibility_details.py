from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.process_status import ProcessStatus
from ..types import UNSET, Unset

_STATUS_MEMBERS: dict[Any, ProcessStatus] = ProcessStatus._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="OsrEligibilityDetails")


@_attrs_define(slots=False)
class OsrEligibilityDetails:
    """Details of the OSR eligibility check.

    Attributes:
        status (int | ProcessStatus | str | Unset):
        error (str | Unset):
    """

    status: int | ProcessStatus | str | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: int | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, ProcessStatus):
            status = self.status.value
        else:
            status = self.status

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"OsrEligibilityDetails must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        status = UNSET if (_v := d.pop("status", UNSET)) is None else _v
        if isinstance(status, str):
            status = _STATUS_MEMBERS.get(status, status)

        error = UNSET if (_v := d.pop("error", UNSET)) is None else _v

        values: dict[str, Any] = {
            "status": status,
            "error": error,
            "additional_properties": d,
        }
        osr_eligibility_details = object.__new__(cls)
        osr_eligibility_details.__dict__ = values
        return osr_eligibility_details

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.status, Unset):
            parts.append(f"status={self.status!r}")
        if not isinstance(self.error, Unset):
            parts.append(f"error={self.error!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"OsrEligibilityDetails({', '.join(parts)})"

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
