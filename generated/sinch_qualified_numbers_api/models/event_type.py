from enum import StrEnum


class EventType(StrEnum):
    """What a callback event is about (the `eventType` of a text-enablement event)."""

    DELETE = "DELETE"
    DEPROVISIONING_TO_SMS_PLATFORM = "DEPROVISIONING_TO_SMS_PLATFORM"
    HOSTING_PROCESS = "HOSTING_PROCESS"
    LINK_TO_10DLC_CAMPAIGN = "LINK_TO_10DLC_CAMPAIGN"
    OSR_UPDATE = "OSR_UPDATE"
    PROVISIONING_TO_SMS_PLATFORM = "PROVISIONING_TO_SMS_PLATFORM"
    UNLINK_TO_10DLC_CAMPAIGN = "UNLINK_TO_10DLC_CAMPAIGN"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"DELETE"` for `DELETE`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "EventType":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
