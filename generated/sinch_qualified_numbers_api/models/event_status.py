from enum import StrEnum


class EventStatus(StrEnum):
    """The `status` of a text-enablement event."""

    FAILED = "FAILED"
    SUCCEEDED = "SUCCEEDED"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"FAILED"` for `FAILED`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "EventStatus":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
