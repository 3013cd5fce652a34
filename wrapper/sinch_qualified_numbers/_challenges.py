"""Voice challenges in bulk, without I/O: the argument rules and the result.

`send_voice_challenges(numbers)` places one call per number and `verify_voice_challenges(
{number: code})` checks each code, `max_concurrency` at once; every number ends in exactly one
of `succeeded`, `rejected` (verification only: the service answered, the code was wrong) and
`failed` (an error answer, or none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sinch_qualified_numbers_api.models import QualifiedNumber

from ._calls import numbers_argument, state_of
from ._exceptions import InvalidArgumentError, QualifiedNumbersError, VoiceChallengesFailedError

VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"


def code_argument(code: object, about: str = "") -> str:
    """The code of a voice call: a non-empty string (surrounding blanks dropped)."""
    if not isinstance(code, str) or not code.strip():
        where = f" for {about}" if about else ""
        raise InvalidArgumentError(
            f"code{where} must be the non-empty code of the voice call, not {code!r:.40}"
        )
    return code.strip()


def codes_argument(codes: object, default_region: str) -> dict[str, str]:
    """`{number: code}` with every number in E.164 (all bad ones named in one error)."""
    if not isinstance(codes, Mapping):
        raise InvalidArgumentError(
            f"codes must be a mapping of phone number to code, not {type(codes).__name__}"
        )
    numbers = numbers_argument(list(codes), default_region, "codes")
    return {
        number: code_argument(code, number)
        for number, code in zip(numbers, codes.values(), strict=True)
    }


def numbers_to_call(numbers: Iterable[str], default_region: str) -> list[str]:
    return numbers_argument(numbers, default_region, "phone_numbers")


@dataclass(frozen=True)
class ChallengeOutcome:
    """One number's challenge (given to `on_done`): the service's answer, or the error."""

    phone_number: str
    answer: QualifiedNumber | None
    error: QualifiedNumbersError | None

    @property
    def verified(self) -> bool:
        return self.answer is not None and state_of(self.answer) == VERIFIED


@dataclass(frozen=True)
class VoiceChallengesResult:
    """Every number exactly once, in input order within each mapping.

    `succeeded`: the call was placed (send), or the number is `VERIFIED` (verify), each as the
    service answered it. `rejected` (verify only): the service answered, but the code was
    wrong; the answer's state says `VERIFICATION_FAILED` or `VERIFICATION_BLOCKED`. `failed`:
    the error that the service answered, or that kept it from answering.
    """

    succeeded: dict[str, QualifiedNumber] = field(default_factory=dict)
    rejected: dict[str, QualifiedNumber] = field(default_factory=dict)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)

    def raise_for_failures(self) -> None:
        """`VoiceChallengesFailedError` (with this result) if a number did not succeed."""
        if not self.rejected and not self.failed:
            return
        parts = []
        if self.rejected:
            first = next(iter(self.rejected.items()))
            parts.append(f"{len(self.rejected)} rejected (first {first[0]}: {state_of(first[1])})")
        if self.failed:
            number, error = next(iter(self.failed.items()))
            parts.append(f"{len(self.failed)} failed (first {number}: {error})")
        raise VoiceChallengesFailedError(
            self, f"{len(self.succeeded)} succeeded, " + ", ".join(parts)
        )


def collect(outcomes: list[ChallengeOutcome], verify: bool) -> VoiceChallengesResult:
    result = VoiceChallengesResult()
    for outcome in outcomes:
        if outcome.answer is None:
            assert outcome.error is not None
            result.failed[outcome.phone_number] = outcome.error
        elif verify and not outcome.verified:
            result.rejected[outcome.phone_number] = outcome.answer
        else:
            result.succeeded[outcome.phone_number] = outcome.answer
    return result
