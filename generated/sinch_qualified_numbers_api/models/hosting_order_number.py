from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.campaign_provisioning import CampaignProvisioning
from ..models.mno_configuration import MnoConfiguration
from ..models.osr_update import OsrUpdate
from ..models.platform_provisioning import PlatformProvisioning
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

T = TypeVar("T", bound="HostingOrderNumber")


@_attrs_define(slots=False)
class HostingOrderNumber:
    """One number of a hosting order and the state of each of its steps.

    Attributes:
        project_id (str | Unset):
        hosting_order_id (str | Unset):
        phone_number (str | Unset):
        osr_update (OsrUpdate | Unset):
        campaign_provisioning (CampaignProvisioning | Unset):
        platform_provisioning (PlatformProvisioning | Unset):
        sms_att (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
        sms_tmo (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
        mms_att (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
        mms_tmo (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
    """

    project_id: str | Unset = UNSET
    hosting_order_id: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    osr_update: OsrUpdate | Unset = UNSET
    campaign_provisioning: CampaignProvisioning | Unset = UNSET
    platform_provisioning: PlatformProvisioning | Unset = UNSET
    sms_att: MnoConfiguration | Unset = UNSET
    sms_tmo: MnoConfiguration | Unset = UNSET
    mms_att: MnoConfiguration | Unset = UNSET
    mms_tmo: MnoConfiguration | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        project_id = self.project_id

        hosting_order_id = self.hosting_order_id

        phone_number = self.phone_number

        osr_update: dict[str, Any] | Unset = UNSET
        if not isinstance(self.osr_update, Unset):
            osr_update = self.osr_update.to_dict()

        campaign_provisioning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.campaign_provisioning, Unset):
            campaign_provisioning = self.campaign_provisioning.to_dict()

        platform_provisioning: dict[str, Any] | Unset = UNSET
        if not isinstance(self.platform_provisioning, Unset):
            platform_provisioning = self.platform_provisioning.to_dict()

        sms_att: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sms_att, Unset):
            sms_att = self.sms_att.to_dict()

        sms_tmo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sms_tmo, Unset):
            sms_tmo = self.sms_tmo.to_dict()

        mms_att: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mms_att, Unset):
            mms_att = self.mms_att.to_dict()

        mms_tmo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mms_tmo, Unset):
            mms_tmo = self.mms_tmo.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if project_id is not UNSET:
            field_dict["projectId"] = project_id
        if hosting_order_id is not UNSET:
            field_dict["hostingOrderId"] = hosting_order_id
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if osr_update is not UNSET:
            field_dict["osrUpdate"] = osr_update
        if campaign_provisioning is not UNSET:
            field_dict["campaignProvisioning"] = campaign_provisioning
        if platform_provisioning is not UNSET:
            field_dict["platformProvisioning"] = platform_provisioning
        if sms_att is not UNSET:
            field_dict["smsAtt"] = sms_att
        if sms_tmo is not UNSET:
            field_dict["smsTmo"] = sms_tmo
        if mms_att is not UNSET:
            field_dict["mmsAtt"] = mms_att
        if mms_tmo is not UNSET:
            field_dict["mmsTmo"] = mms_tmo

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"HostingOrderNumber must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        hosting_order_id = UNSET if (_v := d.pop("hostingOrderId", UNSET)) is None else _v

        phone_number = UNSET if (_v := d.pop("phoneNumber", UNSET)) is None else _v

        _osr_update = UNSET if (_v := d.pop("osrUpdate", UNSET)) is None else _v

        _campaign_provisioning = UNSET if (_v := d.pop("campaignProvisioning", UNSET)) is None else _v

        _platform_provisioning = UNSET if (_v := d.pop("platformProvisioning", UNSET)) is None else _v

        _sms_att = UNSET if (_v := d.pop("smsAtt", UNSET)) is None else _v

        _sms_tmo = UNSET if (_v := d.pop("smsTmo", UNSET)) is None else _v

        _mms_att = UNSET if (_v := d.pop("mmsAtt", UNSET)) is None else _v

        _mms_tmo = UNSET if (_v := d.pop("mmsTmo", UNSET)) is None else _v

        values: dict[str, Any] = {
            "project_id": project_id,
            "hosting_order_id": hosting_order_id,
            "phone_number": phone_number,
            "additional_properties": d,
        }
        if isinstance(_osr_update, dict):
            values["_raw_osr_update"] = _osr_update
        elif isinstance(_osr_update, Unset):
            values["osr_update"] = UNSET
        elif isinstance(_osr_update, Mapping):
            values["osr_update"] = OsrUpdate.from_dict(_osr_update)
        else:
            raise TypeError(f"osrUpdate must be a JSON object, not {_osr_update!r:.40}")
        if isinstance(_campaign_provisioning, dict):
            values["_raw_campaign_provisioning"] = _campaign_provisioning
        elif isinstance(_campaign_provisioning, Unset):
            values["campaign_provisioning"] = UNSET
        elif isinstance(_campaign_provisioning, Mapping):
            values["campaign_provisioning"] = CampaignProvisioning.from_dict(_campaign_provisioning)
        else:
            raise TypeError(f"campaignProvisioning must be a JSON object, not {_campaign_provisioning!r:.40}")
        if isinstance(_platform_provisioning, dict):
            values["_raw_platform_provisioning"] = _platform_provisioning
        elif isinstance(_platform_provisioning, Unset):
            values["platform_provisioning"] = UNSET
        elif isinstance(_platform_provisioning, Mapping):
            values["platform_provisioning"] = PlatformProvisioning.from_dict(_platform_provisioning)
        else:
            raise TypeError(f"platformProvisioning must be a JSON object, not {_platform_provisioning!r:.40}")
        if isinstance(_sms_att, dict):
            values["_raw_sms_att"] = _sms_att
        elif isinstance(_sms_att, Unset):
            values["sms_att"] = UNSET
        elif isinstance(_sms_att, Mapping):
            values["sms_att"] = MnoConfiguration.from_dict(_sms_att)
        else:
            raise TypeError(f"smsAtt must be a JSON object, not {_sms_att!r:.40}")
        if isinstance(_sms_tmo, dict):
            values["_raw_sms_tmo"] = _sms_tmo
        elif isinstance(_sms_tmo, Unset):
            values["sms_tmo"] = UNSET
        elif isinstance(_sms_tmo, Mapping):
            values["sms_tmo"] = MnoConfiguration.from_dict(_sms_tmo)
        else:
            raise TypeError(f"smsTmo must be a JSON object, not {_sms_tmo!r:.40}")
        if isinstance(_mms_att, dict):
            values["_raw_mms_att"] = _mms_att
        elif isinstance(_mms_att, Unset):
            values["mms_att"] = UNSET
        elif isinstance(_mms_att, Mapping):
            values["mms_att"] = MnoConfiguration.from_dict(_mms_att)
        else:
            raise TypeError(f"mmsAtt must be a JSON object, not {_mms_att!r:.40}")
        if isinstance(_mms_tmo, dict):
            values["_raw_mms_tmo"] = _mms_tmo
        elif isinstance(_mms_tmo, Unset):
            values["mms_tmo"] = UNSET
        elif isinstance(_mms_tmo, Mapping):
            values["mms_tmo"] = MnoConfiguration.from_dict(_mms_tmo)
        else:
            raise TypeError(f"mmsTmo must be a JSON object, not {_mms_tmo!r:.40}")
        hosting_order_number = object.__new__(cls)
        object.__setattr__(hosting_order_number, "__dict__", values)
        return hosting_order_number

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.hosting_order_id, Unset):
            parts.append(f"hosting_order_id={self.hosting_order_id!r}")
        if not isinstance(self.phone_number, Unset):
            parts.append(f"phone_number={self.phone_number!r}")
        if not isinstance(self.osr_update, Unset):
            parts.append(f"osr_update={self.osr_update!r}")
        if not isinstance(self.campaign_provisioning, Unset):
            parts.append(f"campaign_provisioning={self.campaign_provisioning!r}")
        if not isinstance(self.platform_provisioning, Unset):
            parts.append(f"platform_provisioning={self.platform_provisioning!r}")
        if not isinstance(self.sms_att, Unset):
            parts.append(f"sms_att={self.sms_att!r}")
        if not isinstance(self.sms_tmo, Unset):
            parts.append(f"sms_tmo={self.sms_tmo!r}")
        if not isinstance(self.mms_att, Unset):
            parts.append(f"mms_att={self.mms_att!r}")
        if not isinstance(self.mms_tmo, Unset):
            parts.append(f"mms_tmo={self.mms_tmo!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"HostingOrderNumber({', '.join(parts)})"

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


setattr(HostingOrderNumber, "osr_update", _LazyModel("osr_update", OsrUpdate.from_dict))
setattr(
    HostingOrderNumber, "campaign_provisioning", _LazyModel("campaign_provisioning", CampaignProvisioning.from_dict)
)
setattr(
    HostingOrderNumber, "platform_provisioning", _LazyModel("platform_provisioning", PlatformProvisioning.from_dict)
)
setattr(HostingOrderNumber, "sms_att", _LazyModel("sms_att", MnoConfiguration.from_dict))
setattr(HostingOrderNumber, "sms_tmo", _LazyModel("sms_tmo", MnoConfiguration.from_dict))
setattr(HostingOrderNumber, "mms_att", _LazyModel("mms_att", MnoConfiguration.from_dict))
setattr(HostingOrderNumber, "mms_tmo", _LazyModel("mms_tmo", MnoConfiguration.from_dict))
_with_lazy_models(HostingOrderNumber)
