from enum import StrEnum


class OrderBy(StrEnum):
    """What a listing is ordered by, as Sinch publishes it for every listing."""

    CREATEDTIME = "createdTime"
    UPDATEDTIME = "updatedTime"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"createdTime"` for `createdTime`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "OrderBy":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
