from enum import StrEnum


class LoaType(StrEnum):
    DIRECT = "DIRECT"
    DIRECT_TITLE_CASE = "Direct"
    RESELLER = "RESELLER"
    RESELLER_TITLE_CASE = "Reseller"

    def __str__(self) -> str:
        return str(self.value)
