from enum import IntEnum


class HostingStatus(IntEnum):
    HOSTING_STATUS_UNSPECIFIED = 0
    HOSTING_STATUS_HOSTED = 1
    HOSTING_STATUS_FAILED = 2

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _from_value(cls, value: int) -> "HostingStatus":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
