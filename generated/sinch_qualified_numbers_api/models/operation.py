from enum import StrEnum


class Operation(StrEnum):
    """What a carrier configuration did last."""

    DEPROVISIONING = "DEPROVISIONING"
    OPERATION_UNSPECIFIED = "OPERATION_UNSPECIFIED"
    PROVISIONING = "PROVISIONING"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"DEPROVISIONING"` for `DEPROVISIONING`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "Operation":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
