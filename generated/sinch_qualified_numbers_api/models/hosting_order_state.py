from enum import StrEnum


class HostingOrderState(StrEnum):
    COMPLETED = "COMPLETED"
    DRAFT = "DRAFT"
    HOSTING_ORDER_STATE_UNSPECIFIED = "HOSTING_ORDER_STATE_UNSPECIFIED"
    IN_PROGRESS = "IN_PROGRESS"
    REJECTED = "REJECTED"
    SUBMITTED = "SUBMITTED"
    WAITING_FOR_LOA_SIGNATURE = "WAITING_FOR_LOA_SIGNATURE"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"COMPLETED"` for `COMPLETED`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "HostingOrderState":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
