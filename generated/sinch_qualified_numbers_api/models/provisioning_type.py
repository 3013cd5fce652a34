from enum import StrEnum


class ProvisioningType(StrEnum):
    """Published as `Type`."""

    DEPROVISIONING = "DEPROVISIONING"
    PROVISIONING = "PROVISIONING"
    PROVISIONING_TYPE_UNSPECIFIED = "PROVISIONING_TYPE_UNSPECIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"DEPROVISIONING"` for `DEPROVISIONING`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "ProvisioningType":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
