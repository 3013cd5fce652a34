from enum import StrEnum


class RegionCode(StrEnum):
    CA = "CA"
    US = "US"

    def __str__(self) -> str:
        return str(self.value)
