from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.region_code import RegionCode
from ..models.sms_configuration_request import SmsConfigurationRequest
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateImportedNumberRequest")


@_attrs_define(slots=False)
class CreateImportedNumberRequest:
    """
    Attributes:
        phone_number (str): A phone number in E.164 format with leading `+`. Example: +12025550134.
        region_code (RegionCode): ISO 3166-1 alpha-2 region code; number hosting is only available in the US and Canada.
        sms_configuration (SmsConfigurationRequest):
        display_name (str | Unset):
        callback_url (str | Unset):
    """

    phone_number: str
    region_code: RegionCode
    sms_configuration: SmsConfigurationRequest
    display_name: str | Unset = UNSET
    callback_url: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        phone_number = self.phone_number

        region_code = self.region_code.value

        sms_configuration = self.sms_configuration.to_dict()

        display_name = self.display_name

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "phoneNumber": phone_number,
                "regionCode": region_code,
                "smsConfiguration": sms_configuration,
            }
        )
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if callback_url is not UNSET:
            field_dict["callbackUrl"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"CreateImportedNumberRequest must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        phone_number = d.pop("phoneNumber")

        region_code = RegionCode._from_value(d.pop("regionCode"))

        sms_configuration = SmsConfigurationRequest.from_dict(d.pop("smsConfiguration"))

        display_name = UNSET if (_v := d.pop("displayName", UNSET)) is None else _v

        callback_url = UNSET if (_v := d.pop("callbackUrl", UNSET)) is None else _v

        values: dict[str, Any] = {
            "phone_number": phone_number,
            "region_code": region_code,
            "sms_configuration": sms_configuration,
            "display_name": display_name,
            "callback_url": callback_url,
        }
        create_imported_number_request = object.__new__(cls)
        create_imported_number_request.__dict__ = values
        return create_imported_number_request

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"phone_number={self.phone_number!r}")
        parts.append(f"region_code={self.region_code!r}")
        parts.append(f"sms_configuration={self.sms_configuration!r}")
        if not isinstance(self.display_name, Unset):
            parts.append(f"display_name={self.display_name!r}")
        if not isinstance(self.callback_url, Unset):
            parts.append(f"callback_url={self.callback_url!r}")
        return f"CreateImportedNumberRequest({', '.join(parts)})"
