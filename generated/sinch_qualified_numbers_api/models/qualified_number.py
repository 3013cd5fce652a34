from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.global_process_state import GlobalProcessState
from ..models.hosted_number_details import HostedNumberDetails
from ..models.osr_eligibility_details import OsrEligibilityDetails
from ..models.ownership_verification_details import OwnershipVerificationDetails
from ..types import UNSET, Unset, _LazyModel, _with_lazy_models

_GLOBAL_PROCESS_STATE_MEMBERS: dict[Any, GlobalProcessState] = GlobalProcessState._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="QualifiedNumber")


@_attrs_define(slots=False)
class QualifiedNumber:
    """A number of the project going through qualification and text enablement.

    Example:
        {'phoneNumber': '+12025550134', 'projectId': 'abcd12ef-ab12-ab12-bc34-abcdef123456', 'regionCode': 'US',
            'globalProcessState': 'GLOBAL_PROCESS_STATE_UNSPECIFIED', 'osrEligibility': {'status': 0, 'error': 'string'},
            'ownershipVerification': {'status': 0, 'error': 'string'}, 'hostedNumber': {'status': 0, 'error': 'string'},
            'createdTime': '2019-08-24T14:15:22Z', 'updatedTime': '2019-08-24T14:15:22Z'}

    Attributes:
        phone_number (str): The phone number in E.164 format with leading +. Example: +12025550134.
        project_id (str | Unset): The ID of the project to which the number belongs.
        region_code (str | Unset): ISO 3166-1 alpha-2 region code of the number (US or CA).
        global_process_state (GlobalProcessState | str | Unset): The global processing state of the qualified number.
        osr_eligibility (OsrEligibilityDetails | Unset): Details of the OSR eligibility check.
        ownership_verification (OwnershipVerificationDetails | Unset): Details of the ownership verification.
        hosted_number (HostedNumberDetails | Unset): Details of the hosting of the number.
        created_time (datetime.datetime | Unset):
        updated_time (datetime.datetime | Unset):
    """

    phone_number: str
    project_id: str | Unset = UNSET
    region_code: str | Unset = UNSET
    global_process_state: GlobalProcessState | str | Unset = UNSET
    osr_eligibility: OsrEligibilityDetails | Unset = UNSET
    ownership_verification: OwnershipVerificationDetails | Unset = UNSET
    hosted_number: HostedNumberDetails | Unset = UNSET
    created_time: datetime.datetime | Unset = UNSET
    updated_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        phone_number = self.phone_number

        project_id = self.project_id

        region_code = self.region_code

        global_process_state: str | Unset
        if isinstance(self.global_process_state, Unset):
            global_process_state = UNSET
        elif isinstance(self.global_process_state, GlobalProcessState):
            global_process_state = self.global_process_state.value
        else:
            global_process_state = self.global_process_state

        osr_eligibility: dict[str, Any] | Unset = UNSET
        if not isinstance(self.osr_eligibility, Unset):
            osr_eligibility = self.osr_eligibility.to_dict()

        ownership_verification: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ownership_verification, Unset):
            ownership_verification = self.ownership_verification.to_dict()

        hosted_number: dict[str, Any] | Unset = UNSET
        if not isinstance(self.hosted_number, Unset):
            hosted_number = self.hosted_number.to_dict()

        created_time: str | Unset = UNSET
        if not isinstance(self.created_time, Unset):
            created_time = self.created_time.isoformat()

        updated_time: str | Unset = UNSET
        if not isinstance(self.updated_time, Unset):
            updated_time = self.updated_time.isoformat()

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
        if global_process_state is not UNSET:
            field_dict["globalProcessState"] = global_process_state
        if osr_eligibility is not UNSET:
            field_dict["osrEligibility"] = osr_eligibility
        if ownership_verification is not UNSET:
            field_dict["ownershipVerification"] = ownership_verification
        if hosted_number is not UNSET:
            field_dict["hostedNumber"] = hosted_number
        if created_time is not UNSET:
            field_dict["createdTime"] = created_time
        if updated_time is not UNSET:
            field_dict["updatedTime"] = updated_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"QualifiedNumber must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        phone_number = d.pop("phoneNumber")

        project_id = UNSET if (_v := d.pop("projectId", UNSET)) is None else _v

        region_code = UNSET if (_v := d.pop("regionCode", UNSET)) is None else _v

        global_process_state = UNSET if (_v := d.pop("globalProcessState", UNSET)) is None else _v
        if isinstance(global_process_state, str):
            global_process_state = _GLOBAL_PROCESS_STATE_MEMBERS.get(global_process_state, global_process_state)

        _osr_eligibility = UNSET if (_v := d.pop("osrEligibility", UNSET)) is None else _v

        _ownership_verification = UNSET if (_v := d.pop("ownershipVerification", UNSET)) is None else _v

        _hosted_number = UNSET if (_v := d.pop("hostedNumber", UNSET)) is None else _v

        _created_time = UNSET if (_v := d.pop("createdTime", UNSET)) is None else _v
        created_time: datetime.datetime | Unset
        if isinstance(_created_time, Unset) or _created_time == "":
            created_time = UNSET
        else:
            try:
                created_time = datetime.datetime.fromisoformat(_created_time)

            except (TypeError, ValueError):
                created_time = UNSET
                d["createdTime"] = _created_time
            else:
                if created_time.tzinfo is None:
                    created_time = created_time.replace(tzinfo=datetime.UTC)

        _updated_time = UNSET if (_v := d.pop("updatedTime", UNSET)) is None else _v
        updated_time: datetime.datetime | Unset
        if isinstance(_updated_time, Unset) or _updated_time == "":
            updated_time = UNSET
        else:
            try:
                updated_time = datetime.datetime.fromisoformat(_updated_time)

            except (TypeError, ValueError):
                updated_time = UNSET
                d["updatedTime"] = _updated_time
            else:
                if updated_time.tzinfo is None:
                    updated_time = updated_time.replace(tzinfo=datetime.UTC)

        values: dict[str, Any] = {
            "phone_number": phone_number,
            "project_id": project_id,
            "region_code": region_code,
            "global_process_state": global_process_state,
            "created_time": created_time,
            "updated_time": updated_time,
            "additional_properties": d,
        }
        if isinstance(_osr_eligibility, dict):
            values["_raw_osr_eligibility"] = _osr_eligibility
        elif isinstance(_osr_eligibility, Unset):
            values["osr_eligibility"] = UNSET
        elif isinstance(_osr_eligibility, Mapping):
            values["osr_eligibility"] = OsrEligibilityDetails.from_dict(_osr_eligibility)
        else:
            raise TypeError(f"osrEligibility must be a JSON object, not {_osr_eligibility!r:.40}")
        if isinstance(_ownership_verification, dict):
            values["_raw_ownership_verification"] = _ownership_verification
        elif isinstance(_ownership_verification, Unset):
            values["ownership_verification"] = UNSET
        elif isinstance(_ownership_verification, Mapping):
            values["ownership_verification"] = OwnershipVerificationDetails.from_dict(_ownership_verification)
        else:
            raise TypeError(f"ownershipVerification must be a JSON object, not {_ownership_verification!r:.40}")
        if isinstance(_hosted_number, dict):
            values["_raw_hosted_number"] = _hosted_number
        elif isinstance(_hosted_number, Unset):
            values["hosted_number"] = UNSET
        elif isinstance(_hosted_number, Mapping):
            values["hosted_number"] = HostedNumberDetails.from_dict(_hosted_number)
        else:
            raise TypeError(f"hostedNumber must be a JSON object, not {_hosted_number!r:.40}")
        qualified_number = object.__new__(cls)
        object.__setattr__(qualified_number, "__dict__", values)
        return qualified_number

    def __repr__(self) -> str:
        parts: list[str] = []
        parts.append(f"phone_number={self.phone_number!r}")
        if not isinstance(self.project_id, Unset):
            parts.append(f"project_id={self.project_id!r}")
        if not isinstance(self.region_code, Unset):
            parts.append(f"region_code={self.region_code!r}")
        if not isinstance(self.global_process_state, Unset):
            parts.append(f"global_process_state={self.global_process_state!r}")
        if not isinstance(self.osr_eligibility, Unset):
            parts.append(f"osr_eligibility={self.osr_eligibility!r}")
        if not isinstance(self.ownership_verification, Unset):
            parts.append(f"ownership_verification={self.ownership_verification!r}")
        if not isinstance(self.hosted_number, Unset):
            parts.append(f"hosted_number={self.hosted_number!r}")
        if not isinstance(self.created_time, Unset):
            parts.append(f"created_time={self.created_time!r}")
        if not isinstance(self.updated_time, Unset):
            parts.append(f"updated_time={self.updated_time!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"QualifiedNumber({', '.join(parts)})"

    @property
    def state(self) -> str | None:
        """`global_process_state` by its short name (`"ELIGIBLE"`, `"NOT_ELIGIBLE"`, ...), to
        compare with the names people type: `number.state == "NOT_ELIGIBLE"`. A state this
        version does not know yet is the service's text without its prefix; None when the
        service left the field out."""
        value = self.global_process_state
        if isinstance(value, Unset):
            return None
        return GlobalProcessState.short_name(str(value))

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


setattr(QualifiedNumber, "osr_eligibility", _LazyModel("osr_eligibility", OsrEligibilityDetails.from_dict))
setattr(
    QualifiedNumber,
    "ownership_verification",
    _LazyModel("ownership_verification", OwnershipVerificationDetails.from_dict),
)
setattr(QualifiedNumber, "hosted_number", _LazyModel("hosted_number", HostedNumberDetails.from_dict))
_with_lazy_models(QualifiedNumber)
