from enum import StrEnum


class HostingOrderType(StrEnum):
    HOSTING_ORDER_TYPE_UNSPECIFIED = "HOSTING_ORDER_TYPE_UNSPECIFIED"
    IMPORT = "IMPORT"
    TYPE_TEXT_ENABLE = "TYPE_TEXT_ENABLE"

    def __str__(self) -> str:
        return str(self.value)
