from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Address")


@_attrs_define(slots=False)
class Address:
    """The address of the business.

    Attributes:
        building_number (str): The building number of the address.
        street (str): The street name of the address.
        city (str): The city name of the address.
        state (str): The state name of the address.
        postal_code (str): The postal code of the address.
        country (str): The country of the address.
    """

    building_number: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str
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
        field_dict.update(
            {
                "buildingNumber": building_number,
                "street": street,
                "city": city,
                "state": state,
                "postalCode": postal_code,
                "country": country,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"Address must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        building_number = d.pop("buildingNumber")

        street = d.pop("street")

        city = d.pop("city")

        state = d.pop("state")

        postal_code = d.pop("postalCode")

        country = d.pop("country")

        values: dict[str, Any] = {
            "building_number": building_number,
            "street": street,
            "city": city,
            "state": state,
            "postal_code": postal_code,
            "country": country,
            "additional_properties": d,
        }
        address = object.__new__(cls)
        address.__dict__ = values
        return address

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"building_number={self.building_number!r}")
        parts.append(f"street={self.street!r}")
        parts.append(f"city={self.city!r}")
        parts.append(f"state={self.state!r}")
        parts.append(f"postal_code={self.postal_code!r}")
        parts.append(f"country={self.country!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"Address({', '.join(parts)})"

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
