from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address import Address
from ..models.authorized_person import AuthorizedPerson

T = TypeVar("T", bound="ResellerLoaInfo")


@_attrs_define(slots=False)
class ResellerLoaInfo:
    """Letter of Authorization for resellers.

    Attributes:
        business_name (str): The name of the business.
        authorised_person (AuthorizedPerson): The person authorised and responsible for the hosting order.
        address (Address): The address of the business.
        current_voice_carrier (str): The carrier currently used for voice services for the numbers.
    """

    business_name: str
    authorised_person: AuthorizedPerson
    address: Address
    current_voice_carrier: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        business_name = self.business_name

        authorised_person = self.authorised_person.to_dict()

        address = self.address.to_dict()

        current_voice_carrier = self.current_voice_carrier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "businessName": business_name,
                "authorisedPerson": authorised_person,
                "address": address,
                "currentVoiceCarrier": current_voice_carrier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ResellerLoaInfo must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        business_name = d.pop("businessName")

        authorised_person = AuthorizedPerson.from_dict(d.pop("authorisedPerson"))

        address = Address.from_dict(d.pop("address"))

        current_voice_carrier = d.pop("currentVoiceCarrier")

        values: dict[str, Any] = {
            "business_name": business_name,
            "authorised_person": authorised_person,
            "address": address,
            "current_voice_carrier": current_voice_carrier,
            "additional_properties": d,
        }
        reseller_loa_info = object.__new__(cls)
        reseller_loa_info.__dict__ = values
        return reseller_loa_info

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"business_name={self.business_name!r}")
        parts.append(f"authorised_person={self.authorised_person!r}")
        parts.append(f"address={self.address!r}")
        parts.append(f"current_voice_carrier={self.current_voice_carrier!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ResellerLoaInfo({', '.join(parts)})"

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
