from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FieldViolation")


@_attrs_define(slots=False)
class FieldViolation:
    """
    Attributes:
        field (str | Unset):
        description (str | Unset):
    """

    field: str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field = self.field

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field is not UNSET:
            field_dict["field"] = field
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"FieldViolation must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        field = UNSET if (_v := d.pop("field", UNSET)) is None else _v

        description = UNSET if (_v := d.pop("description", UNSET)) is None else _v

        values: dict[str, Any] = {
            "field": field,
            "description": description,
            "additional_properties": d,
        }
        field_violation = object.__new__(cls)
        field_violation.__dict__ = values
        return field_violation

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.field, Unset):
            parts.append(f"field={self.field!r}")
        if not isinstance(self.description, Unset):
            parts.append(f"description={self.description!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"FieldViolation({', '.join(parts)})"

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
