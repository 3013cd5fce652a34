"""Flat rows of models, for tables, JSON and CSV."""

from __future__ import annotations

from typing import Any

from sinch_qualified_numbers_api.models import QualifiedNumber
from sinch_qualified_numbers_api.types import Unset

from .._calls import state_of


def number_row(number: QualifiedNumber) -> dict[str, Any]:
    def text(value: object) -> str:
        if isinstance(value, Unset) or value is None:
            return ""
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    return {
        "phoneNumber": text(number.phone_number),
        "regionCode": text(number.region_code),
        "globalProcessState": state_of(number) or "",
        "createdTime": text(number.created_time),
        "updatedTime": text(number.updated_time),
    }
