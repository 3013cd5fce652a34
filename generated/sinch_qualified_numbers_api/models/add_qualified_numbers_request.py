from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="AddQualifiedNumbersRequest")


@_attrs_define(slots=False)
class AddQualifiedNumbersRequest:
    """
    Attributes:
        phone_numbers (list[str]):
    """

    phone_numbers: list[str]

    def to_dict(self) -> dict[str, Any]:
        phone_numbers = self.phone_numbers

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phoneNumbers": phone_numbers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"AddQualifiedNumbersRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        phone_numbers = cast(list[str], d.pop("phoneNumbers"))

        values: dict[str, Any] = {
            "phone_numbers": phone_numbers,
        }
        add_qualified_numbers_request = object.__new__(cls)
        add_qualified_numbers_request.__dict__ = values
        return add_qualified_numbers_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"phone_numbers={self.phone_numbers!r}")
        return f"AddQualifiedNumbersRequest({', '.join(parts)})"
