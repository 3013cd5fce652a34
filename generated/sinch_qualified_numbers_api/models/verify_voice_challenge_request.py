from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VerifyVoiceChallengeRequest")


@_attrs_define(slots=False)
class VerifyVoiceChallengeRequest:
    """
    Attributes:
        code (str): The code spoken by the voice challenge call. Example: 1234.
    """

    code: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"VerifyVoiceChallengeRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        code = d.pop("code")

        values: dict[str, Any] = {
            "code": code,
        }
        verify_voice_challenge_request = object.__new__(cls)
        verify_voice_challenge_request.__dict__ = values
        return verify_voice_challenge_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"code={self.code!r}")
        return f"VerifyVoiceChallengeRequest({', '.join(parts)})"
