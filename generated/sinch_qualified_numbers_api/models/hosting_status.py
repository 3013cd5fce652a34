from enum import IntEnum


class HostingStatus(IntEnum):
    HOSTING_STATUS_UNSPECIFIED = 0
    HOSTING_STATUS_HOSTED = 1
    HOSTING_STATUS_FAILED = 2

    def __str__(self) -> str:
        return str(self.value)
