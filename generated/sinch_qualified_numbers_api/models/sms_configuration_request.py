from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SmsConfigurationRequest")


@_attrs_define(slots=False)
class SmsConfigurationRequest:
    """
    Attributes:
        service_plan_id (str):
        campaign_id (str | Unset):
    """

    service_plan_id: str
    campaign_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        service_plan_id = self.service_plan_id

        campaign_id = self.campaign_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "servicePlanId": service_plan_id,
            }
        )
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"SmsConfigurationRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        service_plan_id = d.pop("servicePlanId")

        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        values: dict[str, Any] = {
            "service_plan_id": service_plan_id,
            "campaign_id": campaign_id,
        }
        sms_configuration_request = object.__new__(cls)
        sms_configuration_request.__dict__ = values
        return sms_configuration_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"service_plan_id={self.service_plan_id!r}")
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        return f"SmsConfigurationRequest({', '.join(parts)})"
