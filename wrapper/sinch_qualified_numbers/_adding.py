"""`add`'s rules without I/O: one call's procedure, its answer checked against the request,
and what the calls of a whole `add` come to.

After an ambiguous failure (a timeout once the body was sent, a 5xx, a dropped connection, an
answer that cannot be read or that does not name exactly the numbers sent) the call's numbers
are read before anything is sent again: those the project holds are added (as read), those it
provably lacks (404) are sent again, and those that could not be read are unknown, never
failed. A 409 makes the numbers be read too when the project may hold them (a rerun, or a
resend after a lost answer): a number the service holds is never reported failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from sinch_qualified_numbers_api.models import QualifiedNumber

from ._exceptions import (
    AddNumbersError,
    APIResponseValidationError,
    ConflictError,
    NotFoundError,
    QualifiedNumbersError,
    could_have_acted,
)
from ._steps import Procedure


@dataclass(frozen=True)
class SendAdd:
    """POST these numbers; the answer is the list of `QualifiedNumber` the service gave."""

    numbers: list[str]


@dataclass(frozen=True)
class ReadNumbers:
    """GET each number (transient errors asked again); the answer maps each number to its
    record, `NotFoundError` (the project provably lacks it) or the error that kept it
    unread."""

    numbers: list[str]


AddStep = SendAdd | ReadNumbers
Read = QualifiedNumber | QualifiedNumbersError


@dataclass
class Added:
    """What one call of `add` came to: every number of it exactly once, in `added` (held by
    the project, as answered or read), `failed` (provably not added, with the reason) or
    `unknown` (the answer was lost and the reads failed: it may be held)."""

    numbers: list[str]
    added: dict[str, QualifiedNumber] = field(default_factory=dict)
    #: Of `added`: numbers a 409 showed the project already had (`skip_existing`).
    existing: list[str] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)

    def in_order(self) -> list[QualifiedNumber]:
        return [self.added[n] for n in self.numbers if n in self.added]


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


def add_call(numbers: list[str], *, skip_existing: bool, rounds: int) -> Procedure[AddStep, Added]:
    """One call of `add` (at most 500 numbers), at most `rounds` POSTs in all."""
    outcome = Added(list(numbers))
    pending = list(numbers)
    may_hold = skip_existing  # whether a 409 may be about numbers the project holds
    conflict_read = False
    for attempt in range(max(1, rounds)):
        last = attempt == max(1, rounds) - 1
        try:
            answer = cast(list[QualifiedNumber], (yield SendAdd(pending)))
            outcome.added.update(checked_answer(pending, answer))
            return outcome
        except QualifiedNumbersError as error:
            conflict = isinstance(error, ConflictError) and may_hold and not conflict_read
            if not conflict and not could_have_acted(error):
                outcome.failed.update(dict.fromkeys(pending, error))
                return outcome
            conflict_read = conflict_read or conflict
            reads = cast(dict[str, Read], (yield ReadNumbers(pending)))
            absent = []
            for number in pending:
                read = reads.get(number, error)
                if isinstance(read, QualifiedNumber):
                    outcome.added[number] = read
                    if conflict:
                        outcome.existing.append(number)
                elif isinstance(read, NotFoundError):
                    absent.append(number)
                else:
                    outcome.unknown[number] = read
            # After a lost answer, a 409 may be the project holding what that call added.
            may_hold = True
            pending = absent
            if not pending:
                return outcome
            if last:
                outcome.failed.update(dict.fromkeys(pending, error))
    return outcome


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

    `existing` (of `added`): the numbers a 409 showed the project already had. `failed`: the
    numbers provably not added, with their errors (`error` is the first of them).
    `unknown`: the numbers whose outcome could not be established (their answer was lost and
    the reads failed): the project may hold them.
    """

    numbers: list[str]
    added: list[QualifiedNumber]
    error: QualifiedNumbersError | None
    existing: list[str] = field(default_factory=list)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)


def chunk_outcome(answer: Added) -> AddChunkOutcome:
    error = next(iter(answer.failed.values()), None)
    return AddChunkOutcome(
        list(answer.numbers),
        answer.in_order(),
        error,
        list(answer.existing),
        dict(answer.failed),
        dict(answer.unknown),
    )
