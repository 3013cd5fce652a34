from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HostingOrderNumberImportType0")


@_attrs_define(slots=False)
class HostingOrderNumberImportType0:
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"HostingOrderNumberImportType0 must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)

        values: dict[str, Any] = {
            "additional_properties": d,
        }
        hosting_order_number_import_type_0 = object.__new__(cls)
        hosting_order_number_import_type_0.__dict__ = values
        return hosting_order_number_import_type_0

    def __repr__(self) -> str:
        parts: list[str] = []
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"HostingOrderNumberImportType0({', '.join(parts)})"

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
