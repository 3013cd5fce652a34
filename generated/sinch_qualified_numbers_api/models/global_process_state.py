from enum import StrEnum


class GlobalProcessState(StrEnum):
    """The global processing state of a qualified number."""

    GLOBAL_PROCESS_STATE_ELIGIBLE = "GLOBAL_PROCESS_STATE_ELIGIBLE"
    GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING = "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
    GLOBAL_PROCESS_STATE_HOSTING_DONE = "GLOBAL_PROCESS_STATE_HOSTING_DONE"
    GLOBAL_PROCESS_STATE_HOSTING_FAILED = "GLOBAL_PROCESS_STATE_HOSTING_FAILED"
    GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS = "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
    GLOBAL_PROCESS_STATE_NOT_ELIGIBLE = "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
    GLOBAL_PROCESS_STATE_UNSPECIFIED = "GLOBAL_PROCESS_STATE_UNSPECIFIED"
    GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED = "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED"
    GLOBAL_PROCESS_STATE_VERIFICATION_FAILED = "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"
    GLOBAL_PROCESS_STATE_VERIFICATION_PENDING = "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    GLOBAL_PROCESS_STATE_VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"
    # The short names, as people type them: aliases of the members above.
    ELIGIBLE = "GLOBAL_PROCESS_STATE_ELIGIBLE"
    ELIGIBLE_CHECK_PENDING = "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
    HOSTING_DONE = "GLOBAL_PROCESS_STATE_HOSTING_DONE"
    HOSTING_FAILED = "GLOBAL_PROCESS_STATE_HOSTING_FAILED"
    HOSTING_IN_PROGRESS = "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
    NOT_ELIGIBLE = "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
    UNSPECIFIED = "GLOBAL_PROCESS_STATE_UNSPECIFIED"
    VERIFICATION_BLOCKED = "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED"
    VERIFICATION_FAILED = "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"
    VERIFICATION_PENDING = "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def short(self) -> str:
        """The value as people write it, without `GLOBAL_PROCESS_STATE_`:
        `"ELIGIBLE"` for `GLOBAL_PROCESS_STATE_ELIGIBLE`."""
        return self.short_name(self.value)

    @staticmethod
    def short_name(value: str) -> str:
        """Any value as people write it, without `GLOBAL_PROCESS_STATE_`:
        `"ELIGIBLE"` for `"GLOBAL_PROCESS_STATE_ELIGIBLE"`.
        Any other text (a value newer than this enum included) as it is."""
        return value.removeprefix("GLOBAL_PROCESS_STATE_")

    @staticmethod
    def full_name(name: str) -> str:
        """The value for a name as people write it, with `GLOBAL_PROCESS_STATE_`:
        `"GLOBAL_PROCESS_STATE_ELIGIBLE"` for `"ELIGIBLE"`.
        A name that has the prefix already as it is."""
        return name if name.startswith("GLOBAL_PROCESS_STATE_") else "GLOBAL_PROCESS_STATE_" + name

    @classmethod
    def _from_value(cls, value: str) -> "GlobalProcessState":
        """Member for a known value, KeyError otherwise: a dict lookup, not Enum.__call__."""
        return cls._value2member_map_[value]  # type: ignore[return-value]
