from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.process_status import ProcessStatus
from ..types import UNSET, Unset

_STATE_MEMBERS: dict[Any, ProcessStatus] = ProcessStatus._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="CampaignProvisioning")


@_attrs_define(slots=False)
class CampaignProvisioning:
    """
    Attributes:
        campaign_id (str | Unset):
        state (int | ProcessStatus | str | Unset): The state of one step for one number (a known `ProcessStatus`, or any
            other value).
    """

    campaign_id: str | Unset = UNSET
    state: int | ProcessStatus | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        campaign_id = self.campaign_id

        state: int | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, ProcessStatus):
            state = self.state.value
        else:
            state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"CampaignProvisioning must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        state = UNSET if (_v := d.pop("state", UNSET)) is None else _v
        if isinstance(state, str):
            state = _STATE_MEMBERS.get(state, state)

        values: dict[str, Any] = {
            "campaign_id": campaign_id,
            "state": state,
            "additional_properties": d,
        }
        campaign_provisioning = object.__new__(cls)
        campaign_provisioning.__dict__ = values
        return campaign_provisioning

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        if not isinstance(self.state, Unset):
            parts.append(f"state={self.state!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"CampaignProvisioning({', '.join(parts)})"

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
