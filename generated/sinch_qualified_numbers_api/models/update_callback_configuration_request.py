from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="UpdateCallbackConfigurationRequest")


@_attrs_define(slots=False)
class UpdateCallbackConfigurationRequest:
    """
    Attributes:
        hmac_secret (str): The new secret: 1 to 512 characters, not only whitespace, no control characters (a
            pasted line break or NUL would sign differently on each side); use a long random one.
    """

    hmac_secret: str

    def to_dict(self) -> dict[str, Any]:
        hmac_secret = self.hmac_secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "hmacSecret": hmac_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"UpdateCallbackConfigurationRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        hmac_secret = d.pop("hmacSecret")

        values: dict[str, Any] = {
            "hmac_secret": hmac_secret,
        }
        update_callback_configuration_request = object.__new__(cls)
        update_callback_configuration_request.__dict__ = values
        return update_callback_configuration_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append("hmac_secret='***'")
        return f"UpdateCallbackConfigurationRequest({', '.join(parts)})"
