from enum import StrEnum


class RegionCode(StrEnum):
    """ISO 3166-1 alpha-2 region code; number hosting is only available in the US and Canada."""

    CA = "CA"
    US = "US"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"CA"` for `CA`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "RegionCode":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
