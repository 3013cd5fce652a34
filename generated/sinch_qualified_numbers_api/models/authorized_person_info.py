from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthorizedPersonInfo")


@_attrs_define(slots=False)
class AuthorizedPersonInfo:
    """The authorised person of a hosting order, as the service answers it.

    Attributes:
        first_name (str | Unset): The first name of the authorised person.
        last_name (str | Unset): The last name of the authorised person.
        email (str | Unset): The email address of the authorised person.
    """

    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    email: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"AuthorizedPersonInfo must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        first_name = UNSET if (_v := d.pop("firstName", UNSET)) is None else _v

        last_name = UNSET if (_v := d.pop("lastName", UNSET)) is None else _v

        email = UNSET if (_v := d.pop("email", UNSET)) is None else _v

        values: dict[str, Any] = {
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "additional_properties": d,
        }
        authorized_person_info = object.__new__(cls)
        authorized_person_info.__dict__ = values
        return authorized_person_info

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.first_name, Unset):
            parts.append(f"first_name={self.first_name!r}")
        if not isinstance(self.last_name, Unset):
            parts.append(f"last_name={self.last_name!r}")
        if not isinstance(self.email, Unset):
            parts.append(f"email={self.email!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"AuthorizedPersonInfo({', '.join(parts)})"

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
