from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hosting_order import HostingOrder
from ..types import UNSET, Unset

T = TypeVar("T", bound="ListHostingOrdersResponse")


@_attrs_define(slots=False)
class ListHostingOrdersResponse:
    """
    Attributes:
        hosting_orders (list[HostingOrder] | Unset):
        next_page_token (str | Unset):
        total_size (int | Unset):
    """

    hosting_orders: list[HostingOrder] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hosting_orders: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.hosting_orders, Unset):
            hosting_orders = []
            for hosting_orders_item_data in self.hosting_orders:
                hosting_orders_item = hosting_orders_item_data.to_dict()
                hosting_orders.append(hosting_orders_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if hosting_orders is not UNSET:
            field_dict["hostingOrders"] = hosting_orders
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ListHostingOrdersResponse must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        _hosting_orders = UNSET if (_v := d.pop("hostingOrders", UNSET)) is None else _v
        hosting_orders: list[HostingOrder] | Unset = UNSET
        if _hosting_orders is not UNSET:
            hosting_orders = []
            for hosting_orders_item_data in _hosting_orders:
                hosting_orders_item = HostingOrder.from_dict(hosting_orders_item_data)

                hosting_orders.append(hosting_orders_item)

        next_page_token = UNSET if (_v := d.pop("nextPageToken", UNSET)) is None else _v

        total_size = UNSET if (_v := d.pop("totalSize", UNSET)) is None else _v

        values: dict[str, Any] = {
            "hosting_orders": hosting_orders,
            "next_page_token": next_page_token,
            "total_size": total_size,
            "additional_properties": d,
        }
        list_hosting_orders_response = object.__new__(cls)
        list_hosting_orders_response.__dict__ = values
        return list_hosting_orders_response

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.hosting_orders, Unset):
            parts.append(f"hosting_orders={self.hosting_orders!r}")
        if not isinstance(self.next_page_token, Unset):
            parts.append(f"next_page_token={self.next_page_token!r}")
        if not isinstance(self.total_size, Unset):
            parts.append(f"total_size={self.total_size!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ListHostingOrdersResponse({', '.join(parts)})"

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
