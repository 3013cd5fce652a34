from enum import StrEnum


class ProcessStatus(StrEnum):
    """State of an eligibility check or ownership verification (the published spec's `State`)."""

    DONE = "DONE"
    FAILED = "FAILED"
    IN_PROGRESS = "IN_PROGRESS"
    STATE_UNSPECIFIED = "STATE_UNSPECIFIED"
    WAITING = "WAITING"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"DONE"` for `DONE`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "ProcessStatus":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
