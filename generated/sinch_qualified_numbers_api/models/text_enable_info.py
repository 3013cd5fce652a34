from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.address_info import AddressInfo
from ..models.authorized_person_info import AuthorizedPersonInfo
from ..models.loa_type import LoaType
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

_LOA_TYPE_MEMBERS: dict[Any, LoaType] = LoaType._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="TextEnableInfo")


@_attrs_define(slots=False)
class TextEnableInfo:
    """The LOA and business details of a hosting order.

    Attributes:
        business_name (str | Unset): The name of the business.
        authorised_person (AuthorizedPersonInfo | Unset): The authorised person of a hosting order, as the service
            answers it.
        address (AddressInfo | Unset): The business address of a hosting order, as the service answers it.
        service_provider (str | Unset): The service provider that hosts the numbers (e.g. Sinch America Inc.).
        current_voice_carrier (str | Unset): The carrier currently used for voice services.
        nnid (str | Unset): The Net Number ID for the numbers.
        loa_type (int | LoaType | str | Unset): The type of the letter of authorization.
    """

    business_name: str | Unset = UNSET
    authorised_person: AuthorizedPersonInfo | Unset = UNSET
    address: AddressInfo | Unset = UNSET
    service_provider: str | Unset = UNSET
    current_voice_carrier: str | Unset = UNSET
    nnid: str | Unset = UNSET
    loa_type: int | LoaType | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        business_name = self.business_name

        authorised_person: dict[str, Any] | Unset = UNSET
        if not isinstance(self.authorised_person, Unset):
            authorised_person = self.authorised_person.to_dict()

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        service_provider = self.service_provider

        current_voice_carrier = self.current_voice_carrier

        nnid = self.nnid

        loa_type: int | str | Unset
        if isinstance(self.loa_type, Unset):
            loa_type = UNSET
        elif isinstance(self.loa_type, LoaType):
            loa_type = self.loa_type.value
        else:
            loa_type = self.loa_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if business_name is not UNSET:
            field_dict["businessName"] = business_name
        if authorised_person is not UNSET:
            field_dict["authorisedPerson"] = authorised_person
        if address is not UNSET:
            field_dict["address"] = address
        if service_provider is not UNSET:
            field_dict["serviceProvider"] = service_provider
        if current_voice_carrier is not UNSET:
            field_dict["currentVoiceCarrier"] = current_voice_carrier
        if nnid is not UNSET:
            field_dict["nnid"] = nnid
        if loa_type is not UNSET:
            field_dict["loaType"] = loa_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"TextEnableInfo must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        business_name = UNSET if (_v := d.pop("businessName", UNSET)) is None else _v

        _authorised_person = UNSET if (_v := d.pop("authorisedPerson", UNSET)) is None else _v

        _address = UNSET if (_v := d.pop("address", UNSET)) is None else _v

        service_provider = UNSET if (_v := d.pop("serviceProvider", UNSET)) is None else _v

        current_voice_carrier = UNSET if (_v := d.pop("currentVoiceCarrier", UNSET)) is None else _v

        nnid = UNSET if (_v := d.pop("nnid", UNSET)) is None else _v

        loa_type = UNSET if (_v := d.pop("loaType", UNSET)) is None else _v
        if isinstance(loa_type, str):
            loa_type = _LOA_TYPE_MEMBERS.get(loa_type, loa_type)

        values: dict[str, Any] = {
            "business_name": business_name,
            "service_provider": service_provider,
            "current_voice_carrier": current_voice_carrier,
            "nnid": nnid,
            "loa_type": loa_type,
            "additional_properties": d,
        }
        if isinstance(_authorised_person, dict):
            values["_raw_authorised_person"] = _authorised_person
        elif isinstance(_authorised_person, Unset):
            values["authorised_person"] = UNSET
        elif isinstance(_authorised_person, Mapping):
            values["authorised_person"] = AuthorizedPersonInfo.from_dict(_authorised_person)
        else:
            raise TypeError(f"authorisedPerson must be a JSON object, not {_authorised_person!r:.40}")
        if isinstance(_address, dict):
            values["_raw_address"] = _address
        elif isinstance(_address, Unset):
            values["address"] = UNSET
        elif isinstance(_address, Mapping):
            values["address"] = AddressInfo.from_dict(_address)
        else:
            raise TypeError(f"address must be a JSON object, not {_address!r:.40}")
        text_enable_info = object.__new__(cls)
        object.__setattr__(text_enable_info, "__dict__", values)
        return text_enable_info

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.business_name, Unset):
            parts.append(f"business_name={self.business_name!r}")
        if not isinstance(self.authorised_person, Unset):
            parts.append(f"authorised_person={self.authorised_person!r}")
        if not isinstance(self.address, Unset):
            parts.append(f"address={self.address!r}")
        if not isinstance(self.service_provider, Unset):
            parts.append(f"service_provider={self.service_provider!r}")
        if not isinstance(self.current_voice_carrier, Unset):
            parts.append(f"current_voice_carrier={self.current_voice_carrier!r}")
        if not isinstance(self.nnid, Unset):
            parts.append(f"nnid={self.nnid!r}")
        if not isinstance(self.loa_type, Unset):
            parts.append(f"loa_type={self.loa_type!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"TextEnableInfo({', '.join(parts)})"

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


setattr(TextEnableInfo, "authorised_person", _LazyModel("authorised_person", AuthorizedPersonInfo.from_dict))
setattr(TextEnableInfo, "address", _LazyModel("address", AddressInfo.from_dict))
_with_lazy_models(TextEnableInfo)
