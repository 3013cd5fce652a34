"""Voice challenges without I/O: the argument rules, one number's procedure and the result.

`send_voice_challenges(numbers)` places one call per number and `verify_voice_challenges(
{number: code})` checks each code, `max_concurrency` at once; every number ends in exactly one
of `succeeded`, `rejected` (verification only: the service answered, the code was wrong),
`failed` (refused, with the number's own reason) and `unknown` (an answer lost and the number
unreadable).

After an ambiguous failure (a timeout once the request was sent, a 5xx, a dropped connection,
an unreadable answer) the number is read before anything is sent again (`challenge`): what
the service provably did not take is sent again, so no number is called twice and no code is
counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sinch_qualified_numbers_api.models import GlobalProcessState, QualifiedNumber

from ._arguments import numbers_argument
from ._exceptions import (
    InvalidArgumentError,
    QualifiedNumbersError,
    VoiceChallengesFailedError,
)
from ._states import state_of

VERIFIED = GlobalProcessState.VERIFIED.value
PENDING = GlobalProcessState.VERIFICATION_PENDING.value
FAILED = GlobalProcessState.VERIFICATION_FAILED.value
BLOCKED = GlobalProcessState.VERIFICATION_BLOCKED.value


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
    """One number's challenge (given to `on_done`): the service's answer (or the number as
    read after a lost answer), or the error. `unknown`: the answer was lost and the number
    could not be read, so whether the service acted is not known (`error` says why)."""

    phone_number: str
    answer: QualifiedNumber | None
    error: QualifiedNumbersError | None
    unknown: bool = False

    @property
    def verified(self) -> bool:
        return self.answer is not None and state_of(self.answer) == VERIFIED


@dataclass(frozen=True)
class VoiceChallengesResult:
    """Every number exactly once, in input order within each mapping.

    `succeeded`: the call was placed (send), or the number is `VERIFIED` (verify), each as the
    service answered it (or as read after a lost answer). `rejected` (verify only): the
    service answered, but the code was wrong; the state says `VERIFICATION_FAILED` or
    `VERIFICATION_BLOCKED`. `failed`: the number was provably not called (or its code not
    checked), with the error. `unknown`: the answer was lost and reading the number did not
    tell (or, for a code, its state reads `VERIFICATION_FAILED`, which a refused code and an
    earlier wrong one look alike in): read it before sending again.
    """

    succeeded: dict[str, QualifiedNumber] = field(default_factory=dict)
    rejected: dict[str, QualifiedNumber] = field(default_factory=dict)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)

    def raise_for_failures(self) -> None:
        """`VoiceChallengesFailedError` (with this result) if a number did not succeed."""
        if not self.rejected and not self.failed and not self.unknown:
            return
        parts = []
        if self.rejected:
            first = next(iter(self.rejected.items()))
            parts.append(f"{len(self.rejected)} rejected (first {first[0]}: {state_of(first[1])})")
        if self.failed:
            number, error = next(iter(self.failed.items()))
            parts.append(f"{len(self.failed)} failed (first {number}: {error})")
        if self.unknown:
            number, error = next(iter(self.unknown.items()))
            parts.append(f"{len(self.unknown)} with an unknown outcome (first {number}: {error})")
        raise VoiceChallengesFailedError(
            self, f"{len(self.succeeded)} succeeded, " + ", ".join(parts)
        )


def collect(outcomes: list[ChallengeOutcome], verify: bool) -> VoiceChallengesResult:
    result = VoiceChallengesResult()
    for outcome in outcomes:
        if outcome.answer is None:
            assert outcome.error is not None
            kind = result.unknown if outcome.unknown else result.failed
            kind[outcome.phone_number] = outcome.error
        elif verify and not outcome.verified:
            result.rejected[outcome.phone_number] = outcome.answer
        else:
            result.succeeded[outcome.phone_number] = outcome.answer
    return result


def after_read(
    number: str, read: QualifiedNumber, error: QualifiedNumbersError, verify: bool
) -> ChallengeOutcome | None:
    """What the number's state, read after an ambiguous failure of its challenge, says: a call
    placed (`VERIFICATION_PENDING`) or a code taken (`VERIFIED`) is done, as read; a code whose
    number reads `VERIFICATION_BLOCKED` was refused (the number can take no other);
    `VERIFICATION_FAILED` after a code is unknown (a wrong code taken and one never checked
    read the same, and sending it again could count it twice); None: any other state provably
    did not take it, so it is sent again (the service then answers for itself)."""
    state = state_of(read)
    if state == (VERIFIED if verify else PENDING):
        return ChallengeOutcome(number, read, None)
    if verify and state == BLOCKED:
        return ChallengeOutcome(number, read, None)  # rejected: it can take no code
    if verify and state == FAILED:
        return ChallengeOutcome(number, None, error, unknown=True)
    return None


def answer_or_raise(outcome: ChallengeOutcome) -> QualifiedNumber:
    """A single challenge's answer (as read after a lost answer), or its error."""
    if outcome.answer is not None:
        return outcome.answer
    assert outcome.error is not None
    raise outcome.error
