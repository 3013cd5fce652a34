from enum import StrEnum


class ProcessStatus(StrEnum):
    DONE = "DONE"
    FAILED = "FAILED"
    IN_PROGRESS = "IN_PROGRESS"
    STATE_UNSPECIFIED = "STATE_UNSPECIFIED"
    WAITING = "WAITING"

    def __str__(self) -> str:
        return str(self.value)
