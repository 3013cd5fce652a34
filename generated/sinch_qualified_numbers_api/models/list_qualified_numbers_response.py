from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.qualified_number import QualifiedNumber
from ..types import UNSET, Unset

T = TypeVar("T", bound="ListQualifiedNumbersResponse")


@_attrs_define(slots=False)
class ListQualifiedNumbersResponse:
    """
    Attributes:
        qualified_numbers (list[QualifiedNumber] | Unset):
        next_page_token (str | Unset): Token of the next page; empty or absent on the last page.
        total_size (int | Unset): Number of numbers matching the filter, across all pages.
    """

    qualified_numbers: list[QualifiedNumber] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        qualified_numbers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.qualified_numbers, Unset):
            qualified_numbers = []
            for qualified_numbers_item_data in self.qualified_numbers:
                qualified_numbers_item = qualified_numbers_item_data.to_dict()
                qualified_numbers.append(qualified_numbers_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if qualified_numbers is not UNSET:
            field_dict["qualifiedNumbers"] = qualified_numbers
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ListQualifiedNumbersResponse must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        _qualified_numbers = UNSET if (_v := d.pop("qualifiedNumbers", UNSET)) is None else _v
        qualified_numbers: list[QualifiedNumber] | Unset = UNSET
        if _qualified_numbers is not UNSET:
            qualified_numbers = []
            for qualified_numbers_item_data in _qualified_numbers:
                qualified_numbers_item = QualifiedNumber.from_dict(qualified_numbers_item_data)

                qualified_numbers.append(qualified_numbers_item)

        next_page_token = UNSET if (_v := d.pop("nextPageToken", UNSET)) is None else _v

        total_size = UNSET if (_v := d.pop("totalSize", UNSET)) is None else _v

        values: dict[str, Any] = {
            "qualified_numbers": qualified_numbers,
            "next_page_token": next_page_token,
            "total_size": total_size,
            "additional_properties": d,
        }
        list_qualified_numbers_response = object.__new__(cls)
        list_qualified_numbers_response.__dict__ = values
        return list_qualified_numbers_response

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.qualified_numbers, Unset):
            parts.append(f"qualified_numbers={self.qualified_numbers!r}")
        if not isinstance(self.next_page_token, Unset):
            parts.append(f"next_page_token={self.next_page_token!r}")
        if not isinstance(self.total_size, Unset):
            parts.append(f"total_size={self.total_size!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ListQualifiedNumbersResponse({', '.join(parts)})"

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
