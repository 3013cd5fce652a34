from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddressInfo")


@_attrs_define(slots=False)
class AddressInfo:
    """The business address of a hosting order, as the service answers it.

    Attributes:
        building_number (str | Unset): The building number of the address.
        street (str | Unset): The street name of the address.
        city (str | Unset): The city name of the address.
        state (str | Unset): The state name of the address.
        postal_code (str | Unset): The postal code of the address.
        country (str | Unset): The country of the address.
    """

    building_number: str | Unset = UNSET
    street: str | Unset = UNSET
    city: str | Unset = UNSET
    state: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    country: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        building_number = self.building_number

        street = self.street

        city = self.city

        state = self.state

        postal_code = self.postal_code

        country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if building_number is not UNSET:
            field_dict["buildingNumber"] = building_number
        if street is not UNSET:
            field_dict["street"] = street
        if city is not UNSET:
            field_dict["city"] = city
        if state is not UNSET:
            field_dict["state"] = state
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"AddressInfo must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        building_number = UNSET if (_v := d.pop("buildingNumber", UNSET)) is None else _v

        street = UNSET if (_v := d.pop("street", UNSET)) is None else _v

        city = UNSET if (_v := d.pop("city", UNSET)) is None else _v

        state = UNSET if (_v := d.pop("state", UNSET)) is None else _v

        postal_code = UNSET if (_v := d.pop("postalCode", UNSET)) is None else _v

        country = UNSET if (_v := d.pop("country", UNSET)) is None else _v

        values: dict[str, Any] = {
            "building_number": building_number,
            "street": street,
            "city": city,
            "state": state,
            "postal_code": postal_code,
            "country": country,
            "additional_properties": d,
        }
        address_info = object.__new__(cls)
        address_info.__dict__ = values
        return address_info

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.building_number, Unset):
            parts.append(f"building_number={self.building_number!r}")
        if not isinstance(self.street, Unset):
            parts.append(f"street={self.street!r}")
        if not isinstance(self.city, Unset):
            parts.append(f"city={self.city!r}")
        if not isinstance(self.state, Unset):
            parts.append(f"state={self.state!r}")
        if not isinstance(self.postal_code, Unset):
            parts.append(f"postal_code={self.postal_code!r}")
        if not isinstance(self.country, Unset):
            parts.append(f"country={self.country!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"AddressInfo({', '.join(parts)})"

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
