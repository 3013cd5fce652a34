from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CallbackConfiguration")


@_attrs_define(slots=False)
class CallbackConfiguration:
    """The project's callback configuration (proto3 JSON: any field may be absent).

    Attributes:
        project_id (str | Unset):
        hmac_secret (str | Unset): The secret that signs `X-Sinch-Signature`; absent when none is set.
    """

    project_id: str | Unset = UNSET
    hmac_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_id = self.project_id

        hmac_secret = self.hmac_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if hmac_secret is not UNSET:
            field_dict["hmacSecret"] = hmac_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"CallbackConfiguration must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        hmac_secret = UNSET if (_v := d.pop("hmacSecret", UNSET)) is None else _v

        values: dict[str, Any] = {
            "project_id": project_id,
            "hmac_secret": hmac_secret,
            "additional_properties": d,
        }
        callback_configuration = object.__new__(cls)
        callback_configuration.__dict__ = values
        return callback_configuration

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.hmac_secret, Unset):
            parts.append("hmac_secret='***'")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"CallbackConfiguration({', '.join(parts)})"

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
