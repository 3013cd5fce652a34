from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BlanketLoaInfo")


@_attrs_define(slots=False)
class BlanketLoaInfo:
    """A blanket LOA set up with your account manager; send it as an empty object."""

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        values: dict[str, Any] = {}
        blanket_loa_info = object.__new__(cls)
        blanket_loa_info.__dict__ = values
        return blanket_loa_info

    def __repr__(self) -> str:
        parts: list[str] = []
        return f"BlanketLoaInfo({', '.join(parts)})"
