from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.region_code import RegionCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImportNumbersRequest")


@_attrs_define(slots=False)
class ImportNumbersRequest:
    """
    Attributes:
        region_code (RegionCode): ISO 3166-1 alpha-2 region code; number hosting is only available in the US and Canada.
        numbers (list[str]):
        service_plan_id (str):
        project_id (str | Unset): The project (the same as the path's).
        campaign_id (str | Unset):
        display_name (str | Unset):
        callback_url (str | Unset):
        migrate_to_sinch_tmo (bool | Unset):
    """

    region_code: RegionCode
    numbers: list[str]
    service_plan_id: str
    project_id: str | Unset = UNSET
    campaign_id: str | Unset = UNSET
    display_name: str | Unset = UNSET
    callback_url: str | Unset = UNSET
    migrate_to_sinch_tmo: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        region_code = self.region_code.value

        numbers = self.numbers

        service_plan_id = self.service_plan_id

        project_id = self.project_id

        campaign_id = self.campaign_id

        display_name = self.display_name

        callback_url = self.callback_url

        migrate_to_sinch_tmo = self.migrate_to_sinch_tmo

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "regionCode": region_code,
                "numbers": numbers,
                "servicePlanId": service_plan_id,
            }
        )
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if campaign_id is not UNSET:
            field_dict["campaignId"] = campaign_id
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url
        if migrate_to_sinch_tmo is not UNSET:
            field_dict["migrateToSinchTmo"] = migrate_to_sinch_tmo

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ImportNumbersRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        region_code = RegionCode._from_value(d.pop("regionCode"))

        numbers = cast(list[str], d.pop("numbers"))

        service_plan_id = d.pop("servicePlanId")

        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        campaign_id = UNSET if (_v := d.pop("campaignId", UNSET)) is None else _v

        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        migrate_to_sinch_tmo = UNSET if (_v := d.pop("migrateToSinchTmo", UNSET)) is None else _v

        values: dict[str, Any] = {
            "region_code": region_code,
            "numbers": numbers,
            "service_plan_id": service_plan_id,
            "project_id": project_id,
            "campaign_id": campaign_id,
            "display_name": display_name,
            "callback_url": callback_url,
            "migrate_to_sinch_tmo": migrate_to_sinch_tmo,
        }
        import_numbers_request = object.__new__(cls)
        import_numbers_request.__dict__ = values
        return import_numbers_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"region_code={self.region_code!r}")
        parts.append(f"numbers={self.numbers!r}")
        parts.append(f"service_plan_id={self.service_plan_id!r}")
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.campaign_id, Unset):
            parts.append(f"campaign_id={self.campaign_id!r}")
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        if not isinstance(self.migrate_to_sinch_tmo, Unset):
            parts.append(f"migrate_to_sinch_tmo={self.migrate_to_sinch_tmo!r}")
        return f"ImportNumbersRequest({', '.join(parts)})"
