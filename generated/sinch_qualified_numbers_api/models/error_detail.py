from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.field_violation import FieldViolation
from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define(slots=False)
class ErrorDetail:
    """One detail of an error. Google-style services may spell `type` as `@type`; that key
    is kept among the additional properties.

        Attributes:
            type_ (str | Unset):
            field_violations (list[FieldViolation] | Unset):
    """

    type_: str | Unset = UNSET
    field_violations: list[FieldViolation] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field_violations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.field_violations, Unset):
            field_violations = []
            for field_violations_item_data in self.field_violations:
                field_violations_item = field_violations_item_data.to_dict()
                field_violations.append(field_violations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if field_violations is not UNSET:
            field_dict["fieldViolations"] = field_violations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ErrorDetail must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        type_ = UNSET if (_v := d.pop("type", UNSET)) is None else _v

        _field_violations = UNSET if (_v := d.pop("fieldViolations", UNSET)) is None else _v
        field_violations: list[FieldViolation] | Unset = UNSET
        if _field_violations is not UNSET:
            field_violations = []
            for field_violations_item_data in _field_violations:
                field_violations_item = FieldViolation.from_dict(field_violations_item_data)

                field_violations.append(field_violations_item)

        values: dict[str, Any] = {
            "type_": type_,
            "field_violations": field_violations,
            "additional_properties": d,
        }
        error_detail = object.__new__(cls)
        error_detail.__dict__ = values
        return error_detail

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.type_, Unset):
            parts.append(f"type_={self.type_!r}")
        if not isinstance(self.field_violations, Unset):
            parts.append(f"field_violations={self.field_violations!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ErrorDetail({', '.join(parts)})"

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
