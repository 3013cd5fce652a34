from enum import StrEnum


class ListImportedNumbersOrderBy(StrEnum):
    DISPLAYNAME = "displayName"
    PHONENUMBER = "phoneNumber"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"displayName"` for `displayName`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "ListImportedNumbersOrderBy":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
