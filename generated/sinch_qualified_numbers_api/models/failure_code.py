from enum import StrEnum


class FailureCode(StrEnum):
    """Why a text-enablement event failed: present only when `status` is `FAILED`, and never
    on a failed `PROVISIONING_TO_SMS_PLATFORM` event (its result is binary)."""

    CAMPAIGN_EXPIRED = "CAMPAIGN_EXPIRED"
    CAMPAIGN_MNO_REJECTED = "CAMPAIGN_MNO_REJECTED"
    CAMPAIGN_MNO_REVIEW = "CAMPAIGN_MNO_REVIEW"
    CAMPAIGN_MNO_SUSPENDED = "CAMPAIGN_MNO_SUSPENDED"
    CAMPAIGN_NOT_AVAILABLE = "CAMPAIGN_NOT_AVAILABLE"
    CAMPAIGN_PENDING_ACCEPTANCE = "CAMPAIGN_PENDING_ACCEPTANCE"
    CAMPAIGN_PROVISIONING_FAILED = "CAMPAIGN_PROVISIONING_FAILED"
    EXCEEDED_10DLC_LIMIT = "EXCEEDED_10DLC_LIMIT"
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"
    INVALID_NNID = "INVALID_NNID"
    MNO_SHARING_ERROR = "MNO_SHARING_ERROR"
    MOCK_CAMPAIGN_NOT_ALLOWED = "MOCK_CAMPAIGN_NOT_ALLOWED"
    NUMBER_PROVISIONING_FAILED = "NUMBER_PROVISIONING_FAILED"
    PARTNER_SERVICE_UNAVAILABLE = "PARTNER_SERVICE_UNAVAILABLE"
    TFN_NOT_ALLOWED = "TFN_NOT_ALLOWED"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it:
        `"CAMPAIGN_EXPIRED"` for `CAMPAIGN_EXPIRED`."""
        return self.value

    @classmethod
    def _from_value(cls, value: str) -> "FailureCode":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
