from enum import StrEnum


class LoaType(StrEnum):
    """The type of the letter of authorization."""

    DIRECT = "DIRECT"
    DIRECT_TITLE_CASE = "Direct"
    RESELLER = "RESELLER"
    RESELLER_TITLE_CASE = "Reseller"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"DIRECT"` for `DIRECT`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "LoaType":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
