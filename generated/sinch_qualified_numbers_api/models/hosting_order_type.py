from enum import StrEnum


class HostingOrderType(StrEnum):
    HOSTING_ORDER_TYPE_UNSPECIFIED = "HOSTING_ORDER_TYPE_UNSPECIFIED"
    IMPORT = "IMPORT"
    TYPE_TEXT_ENABLE = "TYPE_TEXT_ENABLE"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"HOSTING_ORDER_TYPE_UNSPECIFIED"` for `HOSTING_ORDER_TYPE_UNSPECIFIED`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "HostingOrderType":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
