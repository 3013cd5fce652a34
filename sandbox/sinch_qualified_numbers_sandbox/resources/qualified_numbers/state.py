"""The qualified numbers and their voice calls: the `numbers` and `voice_calls` tables.

The rules of the operations on them (each number added once and never twice, a voice
challenge sent or verified only from the states `process` allows) are checked here, in the
transaction that writes what they allow; which state comes next is `process`'s decision.
Transitions that take days at Sinch are scheduled: a row carries `next_state` and `due`, and
`settle(now)` applies every transition whose time has come.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sinch_qualified_numbers import is_toll_free

from ... import process as pr
from ...clock import Clock
from ...db import Database
from ...http.errors import ApiError, bad_request, existing

#: This resource's tables (what a reset empties).
TABLES = ("numbers", "voice_calls")


@dataclass(frozen=True)
class Row:
    project: str
    phone: str
    region: str
    toll_free: bool
    state: str
    created: float
    updated: float
    seq: int
    order_id: str | None
    error: str | None


_ROW_COLUMNS = "project, phone, region, toll_free, state, created, updated, seq, order_id, error"


def _row(values: tuple[Any, ...]) -> Row:
    return Row(
        project=values[0],
        phone=values[1],
        region=values[2],
        toll_free=bool(values[3]),
        state=values[4],
        created=values[5],
        updated=values[6],
        seq=values[7],
        order_id=values[8],
        error=values[9],
    )


@dataclass(frozen=True)
class StateChange:
    """A state change that happened, for callbacks (`callback_url`: its order's, once the
    hosting orders have said it)."""

    project: str
    phone: str
    state: str
    order_id: str | None
    callback_url: str | None = None


class QualifiedNumbers:
    """The numbers of every project, with their scheduled transitions."""

    def __init__(self, db: Database, clock: Clock, rng: random.Random) -> None:
        self.db = db
        self.clock = clock
        self._rng = rng

    @staticmethod
    def _last_seq(db: sqlite3.Connection) -> int:
        """The highest sequence number written, read inside the caller's write transaction:
        another process on the same file (two embedded sandboxes) may have written since,
        and BEGIN IMMEDIATE makes them take turns, so no number is ever given twice."""
        found: int = db.execute("SELECT COALESCE(MAX(seq), 0) FROM numbers").fetchone()[0]
        return found

    # -- scheduled transitions -----------------------------------------------------------------

    def anything_due(self, now: float) -> bool:
        """Is a scheduled transition due (a read on the partial index: no write lock)?"""
        return bool(
            self.db.query_one(
                "SELECT 1 FROM numbers WHERE next_state IS NOT NULL AND due <= ? LIMIT 1", (now,)
            )
        )

    def settle(self, now: float, errors: Mapping[str, str]) -> list[StateChange]:
        """Apply every scheduled transition that is due (a state of `errors` gets its error);
        return what changed."""
        changed: list[StateChange] = []
        with self.db.transaction() as db:
            due = db.execute(
                "SELECT project, phone, next_state, due, order_id FROM numbers "
                "WHERE next_state IS NOT NULL AND due <= ? ORDER BY due, seq",
                (now,),
            ).fetchall()
            for project, phone, next_state, when, order_id in due:
                db.execute(
                    "UPDATE numbers SET state = ?, next_state = NULL, due = NULL, updated = ?, "
                    "error = ? WHERE project = ? AND phone = ?",
                    (next_state, when, errors.get(next_state), project, phone),
                )
                changed.append(StateChange(project, phone, next_state, order_id))
        return changed

    # -- numbers -------------------------------------------------------------------------------

    def get(self, project: str, phone: str) -> Row | None:
        found = self.db.query_one(
            f"SELECT {_ROW_COLUMNS} FROM numbers WHERE project = ? AND phone = ?",
            (project, phone),
        )
        return _row(found) if found else None

    def existing(self, project: str, phones: list[str]) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        for start in range(0, len(phones), 500):
            chunk = phones[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for values in self.db.query(
                f"SELECT {_ROW_COLUMNS} FROM numbers WHERE project = ? AND phone IN ({marks})",
                (project, *chunk),
            ):
                row = _row(values)
                rows[row.phone] = row
        return rows

    def add_new(
        self,
        project: str,
        phones: list[str],
        region_of: Callable[[str, str], str],
        *,
        delay: float,
    ) -> list[Row]:
        """Add `phones` to the project: each given once (`region_of(phone, field)` reads its
        region, refusing one that is not a number), none already there (409 naming them all),
        checked and written in one transaction: of two concurrent adds, the second sees the
        first's numbers (a 409, as sequentially), whichever process or thread made it. Their
        eligibility check ends `delay` seconds from now."""
        seen: set[str] = set()
        parsed: list[tuple[str, str, bool]] = []
        for index, phone in enumerate(phones):
            field = f"phoneNumbers[{index}]"
            if phone in seen:
                raise bad_request(field, f"{phone} is given more than once.")
            seen.add(phone)
            parsed.append((phone, region_of(phone, field), is_toll_free(phone)))
        with self.db.transaction():
            already = self.existing(project, phones)
            if already:
                first = next(p for p in phones if p in already)
                raise ApiError(
                    409,
                    f"The imported number already exists: {first}.",
                    status="ALREADY_EXISTS",
                    field_violations=[("phoneNumbers", f"{p} already exists.") for p in already],
                )
            return self.add(
                project,
                parsed,
                state=pr.next_state("addQualifiedNumbers", None),
                next_states={phone: pr.after_eligibility_check(phone) for phone in phones},
                delay=delay,
            )

    def add(
        self,
        project: str,
        numbers: list[tuple[str, str, bool]],
        *,
        state: str,
        next_states: Mapping[str, str],
        delay: float,
    ) -> list[Row]:
        """Insert (phone, region, toll_free) rows in `state`, each moving to its next state
        after `delay` seconds; the caller has checked they are new."""
        now = self.clock.now()
        with self.db.transaction() as db:
            seq = self._last_seq(db)
            for phone, region, toll_free in numbers:
                seq += 1
                db.execute(
                    "INSERT INTO numbers (project, phone, region, toll_free, state, next_state, "
                    "due, created, updated, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        project,
                        phone,
                        region,
                        int(toll_free),
                        state,
                        next_states[phone],
                        now + delay,
                        now,
                        now,
                        seq,
                    ),
                )
        rows = self.existing(project, [phone for phone, _, _ in numbers])
        return [rows[phone] for phone, _, _ in numbers]

    def seed(self, project: str, numbers: list[tuple[str, str, bool]], state: str) -> int:
        """Insert numbers straight into a state (tests, benchmarks); existing ones are moved."""
        now = self.clock.now()
        with self.db.transaction() as db:
            seq = self._last_seq(db)
            for phone, region, toll_free in numbers:
                seq += 1
                db.execute(
                    "INSERT INTO numbers (project, phone, region, toll_free, state, created, "
                    "updated, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (project, phone) DO UPDATE SET state = excluded.state, "
                    "next_state = NULL, due = NULL, updated = excluded.updated",
                    (project, phone, region, int(toll_free), state, now, now, seq),
                )
        return len(numbers)

    def delete(self, project: str, phone: str) -> bool:
        with self.db.transaction() as db:
            cursor = db.execute(
                "DELETE FROM numbers WHERE project = ? AND phone = ?", (project, phone)
            )
            return cursor.rowcount > 0

    def list_page(
        self,
        project: str,
        *,
        states: list[str],
        region: str | None,
        order_by: str,
        after: tuple[float, int] | None,
        limit: int,
    ) -> tuple[list[Row], int, tuple[float, int] | None]:
        """One page by keyset (order value, seq): pages stay stable while numbers are added."""
        column = "updated" if order_by == "updatedTime" else "created"
        where = ["project = ?", f"state IN ({','.join('?' * len(states))})"]
        params: list[Any] = [project, *states]
        if region:
            where.append("region = ?")
            params.append(region)
        page_where = list(where)
        page_params = list(params)
        if after is not None:
            page_where.append(f"({column}, seq) > (?, ?)")
            page_params.extend(after)
        with self.db.reading() as db:  # the count and the page under one lock
            total = db.execute(
                f"SELECT COUNT(*) FROM numbers WHERE {' AND '.join(where)}", params
            ).fetchone()[0]
            found = db.execute(
                f"SELECT {_ROW_COLUMNS} FROM numbers WHERE {' AND '.join(page_where)} "
                f"ORDER BY {column}, seq LIMIT ?",
                [*page_params, limit + 1],
            ).fetchall()
        rows = [_row(values) for values in found[:limit]]
        next_key = None
        if len(found) > limit:
            last = rows[-1]
            next_key = (last.updated if column == "updated" else last.created, last.seq)
        return rows, total, next_key

    # -- voice challenge -----------------------------------------------------------------------

    def voice_challenge(self, project: str, phone: str) -> Row:
        """`:sendVoiceChallenge`: a call with a new code, if the number is of the project
        (404) and in a state a challenge starts from (FAILED_PRECONDITION); the state checked
        is the state changed (one transaction)."""
        with self.db.transaction():
            row = existing(self.get(project, phone))  # Sinch's wording: "imported"
            if row.state not in pr.sources("sendVoiceChallenge"):
                raise ApiError(
                    400,
                    f"A voice challenge cannot be sent to {phone} in state {row.state}.",
                    status="FAILED_PRECONDITION",
                    field_violations=[
                        ("phoneNumber", f"is {row.state}, not eligible for a challenge")
                    ],
                )
            state = pr.next_state("sendVoiceChallenge", row.state)
            return self.send_voice_challenge(project, phone, state)

    def verify_code(self, project: str, phone: str, code: str) -> Row:
        """`:verifyVoiceChallenge`: the number's state after `code`, if it is of the project
        (404) and has a challenge pending (FAILED_PRECONDITION). One transaction: a code is
        used once, and wrong codes are all counted."""
        with self.db.transaction():
            row = existing(self.get(project, phone))
            if row.state not in pr.sources("verifyVoiceChallenge"):
                raise ApiError(
                    400,
                    f"{phone} has no pending voice challenge (state {row.state}).",
                    status="FAILED_PRECONDITION",
                    field_violations=[("phoneNumber", f"is {row.state}, no challenge pending")],
                )
            expected, wrong = self.challenge(project, phone)
            right = pr.code_is_right(phone, code, expected)
            state, wrong = pr.after_code(row.state, right, wrong)
            return self.record_code(project, phone, state, pr.ERRORS.get(state), wrong)

    def send_voice_challenge(self, project: str, phone: str, state: str) -> Row:
        """A new code, spoken by a call that is logged; the number moves to `state`."""
        now = self.clock.now()
        code = f"{self._rng.randrange(10_000):04d}"
        with self.db.transaction() as db:
            db.execute(
                "UPDATE numbers SET state = ?, code = ?, updated = ?, error = NULL "
                "WHERE project = ? AND phone = ?",
                (state, code, now, project, phone),
            )
            db.execute(
                "INSERT INTO voice_calls (project, phone, code, created) VALUES (?, ?, ?, ?)",
                (project, phone, code, now),
            )
        return self._must_get(project, phone)

    def challenge(self, project: str, phone: str) -> tuple[str | None, int]:
        """The code of the last voice call (None if none) and how many wrong codes were given."""
        found = self.db.query_one(
            "SELECT code, wrong_codes FROM numbers WHERE project = ? AND phone = ?",
            (project, phone),
        )
        return (found[0], int(found[1])) if found else (None, 0)

    def record_code(
        self, project: str, phone: str, state: str, error: str | None, wrong: int
    ) -> Row:
        """The outcome of a code: the new state, its error, the count of wrong codes; a right
        code (no error) is used up."""
        now = self.clock.now()
        with self.db.transaction() as db:
            db.execute(
                "UPDATE numbers SET state = ?, updated = ?, error = ?, wrong_codes = ?, "
                "code = CASE WHEN ? IS NULL THEN NULL ELSE code END "
                "WHERE project = ? AND phone = ?",
                (state, now, error, wrong, error, project, phone),
            )
        return self._must_get(project, phone)

    def _must_get(self, project: str, phone: str) -> Row:
        row = self.get(project, phone)
        if row is None:
            raise LookupError(f"{phone} vanished from {project}")
        return row

    def voice_calls(self, project: str) -> list[tuple[str, str, float]]:
        """(phone, code, created) of every voice call, oldest first."""
        found = self.db.query(
            "SELECT phone, code, created FROM voice_calls WHERE project = ? ORDER BY id",
            (project,),
        )
        return [(phone, code, created) for phone, code, created in found]

    # -- what the hosting orders and the console read and write --------------------------------

    def take_for_order(
        self,
        db: sqlite3.Connection,
        project: str,
        phones: list[str],
        order_id: str,
        *,
        state: str,
        final_states: Mapping[str, str],
        due: float,
        now: float,
    ) -> None:
        """In the order's transaction: its numbers move to `state` at once (so a resubmission
        sees them taken), then to their final state at `due`."""
        db.executemany(
            "UPDATE numbers SET state = ?, next_state = ?, due = ?, updated = ?, "
            "order_id = ?, error = NULL WHERE project = ? AND phone = ?",
            [(state, final_states[phone], due, now, order_id, project, phone) for phone in phones],
        )

    def bring_forward(
        self, db: sqlite3.Connection, project: str, order_id: str, seconds: float
    ) -> None:
        """In the order's transaction: its numbers' pending transitions happen `seconds`
        earlier (its LOA was signed early)."""
        db.execute(
            "UPDATE numbers SET due = due - ? "
            "WHERE project = ? AND order_id = ? AND next_state IS NOT NULL",
            (seconds, project, order_id),
        )

    def of_order(self, project: str, order_id: str) -> list[Row]:
        """The numbers an order took, by phone number."""
        found = self.db.query(
            f"SELECT {_ROW_COLUMNS} FROM numbers WHERE project = ? AND order_id = ? ORDER BY phone",
            (project, order_id),
        )
        return [_row(values) for values in found]

    def latest(self, project: str, state: str | None, limit: int) -> list[Row]:
        """The project's numbers (in `state` if given), last updated first."""
        where, parameters = "project = ?", [project]
        if state is not None:
            where += " AND state = ?"
            parameters.append(state)
        found = self.db.query(
            f"SELECT {_ROW_COLUMNS} FROM numbers WHERE {where} "
            "ORDER BY updated DESC, seq DESC LIMIT ?",
            (*parameters, limit),
        )
        return [_row(values) for values in found]

    def state_counts(self, project: str) -> dict[str, int]:
        found = self.db.query(
            "SELECT state, COUNT(*) FROM numbers WHERE project = ? GROUP BY state", (project,)
        )
        return {state: count for state, count in found}
