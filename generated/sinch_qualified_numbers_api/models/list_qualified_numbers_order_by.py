from enum import StrEnum


class ListQualifiedNumbersOrderBy(StrEnum):
    CREATEDTIME = "createdTime"
    UPDATEDTIME = "updatedTime"

    def __str__(self) -> str:
        return str(self.value)
