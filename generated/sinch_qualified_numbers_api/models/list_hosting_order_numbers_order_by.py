from enum import StrEnum


class ListHostingOrderNumbersOrderBy(StrEnum):
    PHONENUMBER = "phoneNumber"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"phoneNumber"` for `phoneNumber`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "ListHostingOrderNumbersOrderBy":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
