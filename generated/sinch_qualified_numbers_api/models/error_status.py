from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_detail import ErrorDetail
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorStatus")


@_attrs_define(slots=False)
class ErrorStatus:
    """The fields of an error, as sent inside the wrapped form.

    Attributes:
        code (int | str | Unset):
        message (str | Unset):
        status (str | Unset):
        details (list[ErrorDetail] | Unset):
    """

    code: int | str | Unset = UNSET
    message: str | Unset = UNSET
    status: str | Unset = UNSET
    details: list[ErrorDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: int | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        message = self.message

        status = self.status

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message
        if status is not UNSET:
            field_dict["status"] = status
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ErrorStatus must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)

        def _parse_code(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        code = _parse_code(UNSET if (_v := d.pop("code", UNSET)) is None else _v)

        message = UNSET if (_v := d.pop("message", UNSET)) is None else _v

        status = UNSET if (_v := d.pop("status", UNSET)) is None else _v

        _details = UNSET if (_v := d.pop("details", UNSET)) is None else _v
        details: list[ErrorDetail] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = ErrorDetail.from_dict(details_item_data)

                details.append(details_item)

        values: dict[str, Any] = {
            "code": code,
            "message": message,
            "status": status,
            "details": details,
            "additional_properties": d,
        }
        error_status = object.__new__(cls)
        error_status.__dict__ = values
        return error_status

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.code, Unset):
            parts.append(f"code={self.code!r}")
        if not isinstance(self.message, Unset):
            parts.append(f"message={self.message!r}")
        if not isinstance(self.status, Unset):
            parts.append(f"status={self.status!r}")
        if not isinstance(self.details, Unset):
            parts.append(f"details={self.details!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ErrorStatus({', '.join(parts)})"

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
