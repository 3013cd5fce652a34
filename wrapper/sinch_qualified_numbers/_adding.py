"""`add`'s rules without I/O: the decisions of one call (`AddCall`; `_async/_add_call.py` does
its I/O), its answer checked against the request, and what the calls of a whole `add` come to.

After an ambiguous failure (a timeout once the body was sent, a 5xx, a dropped connection, an
answer that cannot be read or that does not name exactly the numbers sent) the call's numbers
are read before anything is sent again: those the project holds are added (as read), those it
provably lacks (404) are sent again, and those that could not be read are unknown, never
failed. A 409 makes the numbers be read too when the project may hold them (a rerun, or a
resend after a lost answer): a number the service holds is never reported failed.

A number found held after a lost answer is said only as far as the reads prove: one read
absent earlier in the call was added by it (`new`); one further along than a fresh add can take
it (`VERIFIED`, hosting...) was held before (`existing`); one in a state a fresh add also gives
(`ELIGIBLE_CHECK_PENDING`, `ELIGIBLE`, `NOT_ELIGIBLE`, or none) cannot be told apart
(`held_or_added`), and is never called added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sinch_qualified_numbers_api.models import GlobalProcessState, QualifiedNumber

from ._exceptions import (
    AddNumbersError,
    APIResponseValidationError,
    ConflictError,
    NotFoundError,
    QualifiedNumbersError,
)
from ._states import state_of

#: The states an `add` gives a number, at once or within its first minutes: a number read in
#: one of them after a lost answer may have been added by that call or held before.
FRESH_ADD_STATES = frozenset(
    {
        GlobalProcessState.GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_ELIGIBLE.value,
        GlobalProcessState.GLOBAL_PROCESS_STATE_NOT_ELIGIBLE.value,
    }
)
Read = QualifiedNumber | QualifiedNumbersError


@dataclass
class Added:
    """What one call of `add` came to: every number of it exactly once, in `added` (held by
    the project, as answered or read), `failed` (provably not added, with the reason) or
    `unknown` (the answer was lost and the reads failed: it may be held)."""

    numbers: list[str]
    added: dict[str, QualifiedNumber] = field(default_factory=dict)
    #: Of `added`: numbers the project had before this call (a 409 said so with
    #: `skip_existing`, or, after a lost answer, a state no fresh add gives).
    existing: list[str] = field(default_factory=list)
    #: Of `added`: numbers found after a lost answer in a state a fresh add also gives, never
    #: read absent in this call: added by it or held before, which the reads cannot tell.
    held_or_added: list[str] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)

    def in_order(self) -> list[QualifiedNumber]:
        return [self.added[n] for n in self.numbers if n in self.added]

    @property
    def new(self) -> list[str]:
        """Of `added`, in input order: the numbers this call provably added."""
        other = {*self.existing, *self.held_or_added}
        return [n for n in self.numbers if n in self.added and n not in other]


def checked_answer(sent: list[str], answer: list[QualifiedNumber]) -> dict[str, QualifiedNumber]:
    """The answer must name exactly the numbers sent: one it lacks is not "added", one it
    names that was not sent is not ours. Either way the answer cannot be trusted
    (`APIResponseValidationError`, which reconciliation treats as a lost answer)."""
    named = {n.phone_number: n for n in answer}
    missing = [n for n in sent if n not in named]
    strangers = [n for n in named if n not in set(sent)]
    if missing or strangers:
        parts = []
        if missing:
            parts.append(f"{len(missing)} numbers sent are missing (first {missing[0]})")
        if strangers:
            parts.append(f"{len(strangers)} were not sent (first {strangers[0]:.40})")
        raise APIResponseValidationError(
            "The answer to add does not name the numbers sent: " + "; ".join(parts) + ".",
            status_code=200,
            body=b"",
        )
    return named


@dataclass
class AddCall:
    """The decisions of one call of `add` (at most 500 numbers): what to send (`pending`),
    and what an answer, a refusal or the reads after it settle in `outcome`."""

    outcome: Added
    #: The numbers the next POST sends.
    pending: list[str]
    #: Whether a 409 may be about numbers the project holds (then they are read).
    may_hold: bool
    conflict_read: bool = False
    #: An answer of this call was lost: what it did is known only from reads.
    lost: bool = False
    #: Read absent in this call: found later, this call added them.
    absent: set[str] = field(default_factory=set)

    @classmethod
    def start(cls, numbers: list[str], *, skip_existing: bool) -> AddCall:
        return cls(Added(list(numbers)), list(numbers), may_hold=skip_existing)

    def answered(self, answer: list[QualifiedNumber]) -> None:
        """The POST's answer, checked (`checked_answer` raises on one that is not about the
        numbers sent: a lost answer)."""
        self.outcome.added.update(checked_answer(self.pending, answer))

    def conflict_to_read(self, error: QualifiedNumbersError) -> bool:
        """A 409 whose numbers are read (the project may hold them: a rerun, or a resend
        after a lost answer), once per call."""
        conflict = isinstance(error, ConflictError) and self.may_hold and not self.conflict_read
        self.conflict_read = self.conflict_read or conflict
        return conflict

    def failed(self, error: QualifiedNumbersError) -> None:
        """The pending numbers provably not added, with `error`."""
        self.outcome.failed.update(dict.fromkeys(self.pending, error))

    def settle_reads(
        self, reads: Mapping[str, Read], error: QualifiedNumbersError, conflict: bool
    ) -> None:
        """What the reads after `error` say of the pending numbers: held ones are added (said
        new, existing or held_or_added as far as the reads prove), absent ones stay pending
        (sent again), unreadable ones are unknown."""
        outcome = self.outcome
        lacking = []
        for number in self.pending:
            read = reads.get(number, error)
            if isinstance(read, QualifiedNumber):
                outcome.added[number] = read
                if number in self.absent:
                    pass  # read absent before, held now: this call added it
                elif conflict and not self.absent and not self.lost:
                    outcome.existing.append(number)  # the 409 of a call whose answer came
                elif (state_of(read) or "") in FRESH_ADD_STATES or not state_of(read):
                    outcome.held_or_added.append(number)
                else:
                    outcome.existing.append(number)  # further along than an add takes it
            elif isinstance(read, NotFoundError):
                lacking.append(number)
            else:
                outcome.unknown[number] = read
        self.lost = self.lost or not conflict
        self.absent.update(lacking)
        # After a lost answer, a 409 may be the project holding what that call added.
        self.may_hold = True
        self.pending = lacking


def add_result(calls: list[Added]) -> list[QualifiedNumber]:
    """Every number added, in input order; `AddNumbersError` if any number was not added or
    has an unknown outcome, and a lone call's own error when it added nothing and left
    nothing unknown."""
    added: list[QualifiedNumber] = []
    failed: dict[str, QualifiedNumbersError] = {}
    unknown: dict[str, QualifiedNumbersError] = {}
    for call in calls:
        added.extend(call.in_order())
        failed.update(call.failed)
        unknown.update(call.unknown)
    if len(calls) == 1 and not added and not unknown and failed:
        # The whole input went in one call, refused: its own typed error says it all.
        raise next(iter(failed.values()))
    if failed or unknown:
        raise AddNumbersError(added, failed, unknown)
    return added


@dataclass(frozen=True)
class AddChunkOutcome:
    """One call of `add`, given to `on_chunk_done`: its numbers, what the project holds of
    them (`added`, as answered or read), and the numbers not added.

    Of `added`: `new`, the numbers this call provably added (answered, or read absent and
    found after the resend); `existing`, those the project had before (a 409 said so, or,
    after a lost answer, a state no fresh add gives: `VERIFIED`, hosting...); and
    `held_or_added`, those found after a lost answer in a state a fresh add gives too
    (`ELIGIBLE_CHECK_PENDING`, `ELIGIBLE`, `NOT_ELIGIBLE`): added by this call or held
    before, which the reads cannot tell. `failed`: the numbers provably not added, with their
    errors (`error` is the first of them). `unknown`: the numbers whose outcome could not be
    established (their answer was lost and the reads failed): the project may hold them.
    """

    numbers: list[str]
    added: list[QualifiedNumber]
    error: QualifiedNumbersError | None
    existing: list[str] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    held_or_added: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[str]:
        """Of `added`, in input order: the numbers this call provably added."""
        other = {*self.existing, *self.held_or_added}
        return [n.phone_number for n in self.added if n.phone_number not in other]


def chunk_outcome(answer: Added) -> AddChunkOutcome:
    error = next(iter(answer.failed.values()), None)
    return AddChunkOutcome(
        list(answer.numbers),
        answer.in_order(),
        error,
        list(answer.existing),
        dict(answer.failed),
        dict(answer.unknown),
        list(answer.held_or_added),
    )
