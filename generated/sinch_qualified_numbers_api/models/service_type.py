from enum import StrEnum


class ServiceType(StrEnum):
    """What a (de)provisioning is about, the SMS platform or a 10DLC campaign."""

    CAMPAIGN = "CAMPAIGN"
    SMS = "SMS"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"CAMPAIGN"` for `CAMPAIGN`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "ServiceType":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
