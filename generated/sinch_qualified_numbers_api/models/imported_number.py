from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.number_mno_configuration import NumberMnoConfiguration
from ..models.number_provisioning import NumberProvisioning
from ..models.sms_configuration import SmsConfiguration
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

T = TypeVar("T", bound="ImportedNumber")


@_attrs_define(slots=False)
class ImportedNumber:
    """A number on the SMS platform (imported directly or through a hosting order).

    Attributes:
        phone_number (str):
        project_id (str | Unset):
        region_code (str | Unset):
        display_name (str | Unset):
        sms_configuration (SmsConfiguration | Unset): The service plan and 10DLC campaign a number is linked to (absent
            or empty = none).
        callback_url (str | Unset):
        sms_provisioning (NumberProvisioning | Unset): The latest (de)provisioning of an imported number to the SMS
            platform or a campaign.
        campaign_provisioning (NumberProvisioning | Unset): The latest (de)provisioning of an imported number to the SMS
            platform or a campaign.
        mno_configuration (NumberMnoConfiguration | Unset):
    """

    phone_number: str
    project_id: str | Unset = UNSET
    region_code: str | Unset = UNSET
    display_name: str | Unset = UNSET
    sms_configuration: SmsConfiguration | Unset = UNSET
    callback_url: str | Unset = UNSET
    sms_provisioning: NumberProvisioning | Unset = UNSET
    campaign_provisioning: NumberProvisioning | Unset = UNSET
    mno_configuration: NumberMnoConfiguration | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        phone_number = self.phone_number

        project_id = self.project_id

        region_code = self.region_code

        display_name = self.display_name

        sms_configuration: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sms_configuration, Unset):
            sms_configuration = self.sms_configuration.to_dict()

        callback_url = self.callback_url

        sms_provisioning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sms_provisioning, Unset):
            sms_provisioning = self.sms_provisioning.to_dict()

        campaign_provisioning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.campaign_provisioning, Unset):
            campaign_provisioning = self.campaign_provisioning.to_dict()

        mno_configuration: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mno_configuration, Unset):
            mno_configuration = self.mno_configuration.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "phoneNumber": phone_number,
            }
        )
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if region_code is not UNSET:
            field_dict["regionCode"] = region_code
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if sms_configuration is not UNSET:
            field_dict["smsConfiguration"] = sms_configuration
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url
        if sms_provisioning is not UNSET:
            field_dict["smsProvisioning"] = sms_provisioning
        if campaign_provisioning is not UNSET:
            field_dict["campaignProvisioning"] = campaign_provisioning
        if mno_configuration is not UNSET:
            field_dict["mnoConfiguration"] = mno_configuration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"ImportedNumber must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        phone_number = d.pop("phoneNumber")

        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        region_code = UNSET if (_v := d.pop("regionCode", UNSET)) is None else _v

        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        _sms_configuration = UNSET if (_v := d.pop("smsConfiguration", UNSET)) is None else _v
        sms_configuration: SmsConfiguration | Unset
        if isinstance(_sms_configuration, Unset):
            sms_configuration = UNSET
        else:
            sms_configuration = SmsConfiguration.from_dict(_sms_configuration)

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        _sms_provisioning = UNSET if (_v := d.pop("smsProvisioning", UNSET)) is None else _v

        _campaign_provisioning = UNSET if (_v := d.pop("campaignProvisioning", UNSET)) is None else _v

        _mno_configuration = UNSET if (_v := d.pop("mnoConfiguration", UNSET)) is None else _v
        mno_configuration: NumberMnoConfiguration | Unset
        if isinstance(_mno_configuration, Unset):
            mno_configuration = UNSET
        else:
            mno_configuration = NumberMnoConfiguration.from_dict(_mno_configuration)

        values: dict[str, Any] = {
            "phone_number": phone_number,
            "project_id": project_id,
            "region_code": region_code,
            "display_name": display_name,
            "sms_configuration": sms_configuration,
            "callback_url": callback_url,
            "mno_configuration": mno_configuration,
            "additional_properties": d,
        }
        if isinstance(_sms_provisioning, dict):
            values["_raw_sms_provisioning"] = _sms_provisioning
        elif isinstance(_sms_provisioning, Unset):
            values["sms_provisioning"] = UNSET
        elif isinstance(_sms_provisioning, Mapping):
            values["sms_provisioning"] = NumberProvisioning.from_dict(_sms_provisioning)
        else:
            raise TypeError(f"smsProvisioning must be a JSON object, not {_sms_provisioning!r:.40}")
        if isinstance(_campaign_provisioning, dict):
            values["_raw_campaign_provisioning"] = _campaign_provisioning
        elif isinstance(_campaign_provisioning, Unset):
            values["campaign_provisioning"] = UNSET
        elif isinstance(_campaign_provisioning, Mapping):
            values["campaign_provisioning"] = NumberProvisioning.from_dict(_campaign_provisioning)
        else:
            raise TypeError(f"campaignProvisioning must be a JSON object, not {_campaign_provisioning!r:.40}")
        imported_number = object.__new__(cls)
        object.__setattr__(imported_number, "__dict__", values)
        return imported_number

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"phone_number={self.phone_number!r}")
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.region_code, Unset):
            parts.append(f"region_code={self.region_code!r}")
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.sms_configuration, Unset):
            parts.append(f"sms_configuration={self.sms_configuration!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        if not isinstance(self.sms_provisioning, Unset):
            parts.append(f"sms_provisioning={self.sms_provisioning!r}")
        if not isinstance(self.campaign_provisioning, Unset):
            parts.append(f"campaign_provisioning={self.campaign_provisioning!r}")
        if not isinstance(self.mno_configuration, Unset):
            parts.append(f"mno_configuration={self.mno_configuration!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"ImportedNumber({', '.join(parts)})"

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


setattr(ImportedNumber, "sms_provisioning", _LazyModel("sms_provisioning", NumberProvisioning.from_dict))
setattr(ImportedNumber, "campaign_provisioning", _LazyModel("campaign_provisioning", NumberProvisioning.from_dict))
_with_lazy_models(ImportedNumber)
