from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.operation import Operation
from ..models.process_status import ProcessStatus
from ..types import UNSET, Unset

_STATE_MEMBERS: dict[Any, ProcessStatus] = ProcessStatus._value2member_map_  # type: ignore[assignment]
_OPERATION_MEMBERS: dict[Any, Operation] = Operation._value2member_map_  # type: ignore[assignment]


T = TypeVar("T", bound="MnoConfiguration")


@_attrs_define(slots=False)
class MnoConfiguration:
    """The state of one carrier's configuration (SMS or MMS, AT&T or T-Mobile).

    Attributes:
        state (int | ProcessStatus | str | Unset): The state of one step for one number (a known `ProcessStatus`, or any
            other value).
        error_code (str | Unset): `""` (or absent) when there is no error.
        error_message (str | Unset):
        update_time (datetime.datetime | Unset):
        operation (Operation | str | Unset):
    """

    state: int | ProcessStatus | str | Unset = UNSET
    error_code: str | Unset = UNSET
    error_message: str | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    operation: Operation | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state: int | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, ProcessStatus):
            state = self.state.value
        else:
            state = self.state

        error_code = self.error_code

        error_message = self.error_message

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        operation: str | Unset
        if isinstance(self.operation, Unset):
            operation = UNSET
        elif isinstance(self.operation, Operation):
            operation = self.operation.value
        else:
            operation = self.operation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if state is not UNSET:
            field_dict["state"] = state
        if error_code is not UNSET:
            field_dict["errorCode"] = error_code
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if operation is not UNSET:
            field_dict["operation"] = operation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise TypeError(f"MnoConfiguration must be a JSON object, not {src_dict!r:.40}")
        d = dict(src_dict)
        state = UNSET if (_v := d.pop("state", UNSET)) is None else _v
        if isinstance(state, str):
            state = _STATE_MEMBERS.get(state, state)

        error_code = UNSET if (_v := d.pop("errorCode", UNSET)) is None else _v

        error_message = UNSET if (_v := d.pop("errorMessage", UNSET)) is None else _v

        _update_time = UNSET if (_v := d.pop("updateTime", UNSET)) is None else _v
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time == "":
            update_time = UNSET
        else:
            try:
                update_time = datetime.datetime.fromisoformat(_update_time)

            except (TypeError, ValueError):
                update_time = UNSET
                d["updateTime"] = _update_time
            else:
                if update_time.tzinfo is None:
                    update_time = update_time.replace(tzinfo=datetime.UTC)

        operation = UNSET if (_v := d.pop("operation", UNSET)) is None else _v
        if isinstance(operation, str):
            operation = _OPERATION_MEMBERS.get(operation, operation)

        values: dict[str, Any] = {
            "state": state,
            "error_code": error_code,
            "error_message": error_message,
            "update_time": update_time,
            "operation": operation,
            "additional_properties": d,
        }
        mno_configuration = object.__new__(cls)
        mno_configuration.__dict__ = values
        return mno_configuration

    def __repr__(self) -> str:
        parts: list[str] = []
        if not isinstance(self.state, Unset):
            parts.append(f"state={self.state!r}")
        if not isinstance(self.error_code, Unset):
            parts.append(f"error_code={self.error_code!r}")
        if not isinstance(self.error_message, Unset):
            parts.append(f"error_message={self.error_message!r}")
        if not isinstance(self.update_time, Unset):
            parts.append(f"update_time={self.update_time!r}")
        if not isinstance(self.operation, Unset):
            parts.append(f"operation={self.operation!r}")
        if self.additional_properties:
            parts.append(f"additional_properties={self.additional_properties!r}")
        return f"MnoConfiguration({', '.join(parts)})"

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
