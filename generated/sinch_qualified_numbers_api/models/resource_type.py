from enum import StrEnum


class ResourceType(StrEnum):
    """`IMPORTED_NUMBER`: a number imported on its own (or updated later);
    `HOSTING_ORDER_NUMBER`: a number imported through a hosting order."""

    HOSTING_ORDER_NUMBER = "HOSTING_ORDER_NUMBER"
    IMPORTED_NUMBER = "IMPORTED_NUMBER"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"HOSTING_ORDER_NUMBER"` for `HOSTING_ORDER_NUMBER`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "ResourceType":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
