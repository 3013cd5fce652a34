from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mno_configuration import MnoConfiguration
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

T = TypeVar("T", bound="NumberMnoConfiguration")


@_attrs_define(slots=False)
class NumberMnoConfiguration:
    """
    Attributes:
        sms_att (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
        sms_tmo (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
        mms_att (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
        mms_tmo (MnoConfiguration | Unset): The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).
    """

    sms_att: MnoConfiguration | Unset = UNSET
    sms_tmo: MnoConfiguration | Unset = UNSET
    mms_att: MnoConfiguration | Unset = UNSET
    mms_tmo: MnoConfiguration | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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
            raise TypeError(f"NumberMnoConfiguration must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        _sms_att = UNSET if (_v := d.pop("smsAtt", UNSET)) is None else _v

        _sms_tmo = UNSET if (_v := d.pop("smsTmo", UNSET)) is None else _v

        _mms_att = UNSET if (_v := d.pop("mmsAtt", UNSET)) is None else _v

        _mms_tmo = UNSET if (_v := d.pop("mmsTmo", UNSET)) is None else _v

        values: dict[str, Any] = {
            "additional_properties": d,
        }
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
        number_mno_configuration = object.__new__(cls)
        object.__setattr__(number_mno_configuration, "__dict__", values)
        return number_mno_configuration

    def __repr__(self) -> str:
        parts: list[str] = []
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
        return f"NumberMnoConfiguration({', '.join(parts)})"

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


setattr(NumberMnoConfiguration, "sms_att", _LazyModel("sms_att", MnoConfiguration.from_dict))
setattr(NumberMnoConfiguration, "sms_tmo", _LazyModel("sms_tmo", MnoConfiguration.from_dict))
setattr(NumberMnoConfiguration, "mms_att", _LazyModel("mms_att", MnoConfiguration.from_dict))
setattr(NumberMnoConfiguration, "mms_tmo", _LazyModel("mms_tmo", MnoConfiguration.from_dict))
_with_lazy_models(NumberMnoConfiguration)
