from enum import StrEnum


class SearchPattern(StrEnum):
    CONTAIN = "CONTAIN"
    END = "END"
    SEARCH_PATTERN_UNSPECIFIED = "SEARCH_PATTERN_UNSPECIFIED"
    START = "START"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"CONTAIN"` for `CONTAIN`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "SearchPattern":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
