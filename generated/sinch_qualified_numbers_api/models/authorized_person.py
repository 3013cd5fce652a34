from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuthorizedPerson")


@_attrs_define(slots=False)
class AuthorizedPerson:
    """The person authorised and responsible for the hosting order.

    Attributes:
        first_name (str): The first name of the authorised person.
        last_name (str): The last name of the authorised person.
        email (str): The email address of the authorised person.
    """

    first_name: str
    last_name: str
    email: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"AuthorizedPerson must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        first_name = d.pop("firstName")

        last_name = d.pop("lastName")

        email = d.pop("email")

        values: dict[str, Any] = {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "additional_properties": d,
        }
        authorized_person = object.__new__(cls)
        authorized_person.__dict__ = values
        return authorized_person

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"first_name={self.first_name!r}")
        parts.append(f"last_name={self.last_name!r}")
        parts.append(f"email={self.email!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"AuthorizedPerson({', '.join(parts)})"

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
