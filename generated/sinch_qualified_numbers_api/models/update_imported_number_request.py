from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.sms_configuration_update import SmsConfigurationUpdate
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

T = TypeVar("T", bound="UpdateImportedNumberRequest")


@_attrs_define(slots=False)
class UpdateImportedNumberRequest:
    """
    Attributes:
        display_name (str | Unset):
        sms_configuration (SmsConfigurationUpdate | Unset): `""` unlinks; a new value links (refused while linked to
            another).
        callback_url (str | Unset):
    """

    display_name: str | Unset = UNSET
    sms_configuration: SmsConfigurationUpdate | Unset = UNSET
    callback_url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        sms_configuration: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sms_configuration, Unset):
            sms_configuration = self.sms_configuration.to_dict()

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if sms_configuration is not UNSET:
            field_dict["smsConfiguration"] = sms_configuration
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"UpdateImportedNumberRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        _sms_configuration = UNSET if (_v := d.pop("smsConfiguration", UNSET)) is None else _v

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        values: dict[str, Any] = {
            "display_name": display_name,
            "callback_url": callback_url,
        }
        if isinstance(_sms_configuration, dict):
            values["_raw_sms_configuration"] = _sms_configuration
        elif isinstance(_sms_configuration, Unset):
            values["sms_configuration"] = UNSET
        elif isinstance(_sms_configuration, Mapping):
            values["sms_configuration"] = SmsConfigurationUpdate.from_dict(_sms_configuration)
        else:
            raise TypeError(f"smsConfiguration must be a JSON object, not {_sms_configuration!r:.40}")
        update_imported_number_request = object.__new__(cls)
        object.__setattr__(update_imported_number_request, "__dict__", values)
        return update_imported_number_request

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.sms_configuration, Unset):
            parts.append(f"sms_configuration={self.sms_configuration!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        return f"UpdateImportedNumberRequest({', '.join(parts)})"


setattr(
    UpdateImportedNumberRequest, "sms_configuration", _LazyModel("sms_configuration", SmsConfigurationUpdate.from_dict)
)
_with_lazy_models(UpdateImportedNumberRequest)
