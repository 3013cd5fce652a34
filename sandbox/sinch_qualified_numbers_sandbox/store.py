"""The sandbox's state: numbers, voice calls, hosting orders, callbacks, in SQLite.

One implementation serves both modes: `:memory:` for tests, a file (`--db PATH`) so that state
survives a restart and successive CLI invocations see the same numbers. Every access holds one
lock, so concurrent requests (threads or tasks) never interleave inside a transaction.

Transitions that take days at Sinch are scheduled: a row carries `next_state` and `due`, and
`settle()` applies every transition whose time has come. It runs before each request and from a
background ticker, against the sandbox clock (which `POST /_sandbox/clock:advance` moves).
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .magic import Magic, magic_for

PENDING = "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
ELIGIBLE = "GLOBAL_PROCESS_STATE_ELIGIBLE"
NOT_ELIGIBLE = "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
VERIFICATION_PENDING = "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
VERIFICATION_FAILED = "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"
VERIFICATION_BLOCKED = "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED"
VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"
HOSTING_IN_PROGRESS = "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
HOSTING_DONE = "GLOBAL_PROCESS_STATE_HOSTING_DONE"
HOSTING_FAILED = "GLOBAL_PROCESS_STATE_HOSTING_FAILED"

MAX_WRONG_CODES = 3
#: The most the clock moves in one step, and the furthest it is ever ahead (ten years): far
#: enough for any scenario, near enough that timestamps stay representable.
MAX_CLOCK_STEP = 10 * 366 * 86400

_SCHEMA = """
CREATE TABLE IF NOT EXISTS numbers (
    project TEXT NOT NULL,
    phone TEXT NOT NULL,
    region TEXT NOT NULL,
    toll_free INTEGER NOT NULL,
    state TEXT NOT NULL,
    next_state TEXT,
    due REAL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    seq INTEGER NOT NULL,
    code TEXT,
    wrong_codes INTEGER NOT NULL DEFAULT 0,
    order_id TEXT,
    error TEXT,
    PRIMARY KEY (project, phone)
);
CREATE INDEX IF NOT EXISTS numbers_created ON numbers (project, created, seq);
CREATE INDEX IF NOT EXISTS numbers_updated ON numbers (project, updated, seq);
CREATE INDEX IF NOT EXISTS numbers_due ON numbers (due) WHERE next_state IS NOT NULL;
CREATE TABLE IF NOT EXISTS voice_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL,
    phone TEXT NOT NULL,
    code TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    body TEXT NOT NULL,
    callback_url TEXT,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    project TEXT NOT NULL,
    phone TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (project, phone)
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def rfc3339(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts * 1000) % 1000:03d}Z"


class Clock:
    """Wall time plus an offset that tests move forward instead of sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


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

    def to_json(self) -> dict[str, Any]:
        """The service's `QualifiedNumber`, detail objects following the state."""
        body: dict[str, Any] = {
            "phoneNumber": self.phone,
            "projectId": self.project,
            "regionCode": self.region,
            "globalProcessState": self.state,
            "createdTime": rfc3339(self.created),
            "updatedTime": rfc3339(self.updated),
        }
        osr, ownership, hosted = _details(self.state, self.error)
        if osr is not None:
            body["osrEligibility"] = osr
        if ownership is not None:
            body["ownershipVerification"] = ownership
        if hosted is not None:
            body["hostedNumber"] = hosted
        return body


def _details(
    state: str, error: str | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, dict[str, Any] | None]:
    def detail(status: str | int, err: str | None = None) -> dict[str, Any]:
        return {"status": status, **({"error": err} if err else {})}

    if state == PENDING:
        return detail("IN_PROGRESS"), None, None
    if state == NOT_ELIGIBLE:
        return detail("FAILED", error), None, None
    osr = detail("DONE")
    if state == ELIGIBLE:
        return osr, detail("WAITING"), None
    if state == VERIFICATION_PENDING:
        return osr, detail("IN_PROGRESS"), None
    if state in (VERIFICATION_FAILED, VERIFICATION_BLOCKED):
        return osr, detail("FAILED", error), None
    ownership = detail("DONE")
    if state == VERIFIED:
        return osr, ownership, None
    if state == HOSTING_IN_PROGRESS:
        return osr, ownership, detail(0)
    if state == HOSTING_DONE:
        return osr, ownership, detail(1)
    if state == HOSTING_FAILED:
        return osr, ownership, detail(2, error)
    return None, None, None


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
class Transition:
    """A state change that happened, for callbacks."""

    project: str
    phone: str
    state: str
    order_id: str | None
    callback_url: str | None


class Store:
    """All state of the sandbox behind one lock."""

    def __init__(
        self,
        path: str = ":memory:",
        *,
        clock: Clock | None = None,
        seed: int | None = None,
        eligibility_delay: float = 2.0,
        hosting_delay: float = 5.0,
    ) -> None:
        self.clock = clock or Clock()
        self.eligibility_delay = eligibility_delay
        self.hosting_delay = hosting_delay
        self._rng = random.Random(seed) if seed is not None else random.SystemRandom()
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute(
            "PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA foreign_keys=ON"
        )
        self._db.executescript(_SCHEMA)
        offset = self._db.execute("SELECT value FROM meta WHERE key = 'clock_offset'").fetchone()
        if offset:
            self.clock.offset = _sane_offset(offset[0])
        self._seq = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM numbers").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- clock ---------------------------------------------------------------------------------

    def secret(self, name: str) -> bytes:
        """A random key kept in the database, so what it signs outlives a restart."""
        with self.transaction() as db:
            found = db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
            if found:
                return bytes.fromhex(found[0])
            key = secrets.token_bytes(32)
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (name, key.hex()))
            return key

    def advance_clock(self, seconds: float) -> list[Transition]:
        if not 0 <= seconds <= MAX_CLOCK_STEP:
            raise ValueError(f"the clock moves 0 to {MAX_CLOCK_STEP} seconds at a time")
        with self.transaction() as db:
            self.clock.offset = min(self.clock.offset + seconds, MAX_CLOCK_STEP)
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock_offset', ?)",
                (repr(self.clock.offset),),
            )
        return self.settle()

    # -- scheduled transitions -----------------------------------------------------------------

    def settle(self) -> list[Transition]:
        """Apply every scheduled transition that is due; return what changed."""
        now = self.clock.now()
        changed: list[Transition] = []
        with self.transaction() as db:
            due = db.execute(
                "SELECT project, phone, next_state, due, order_id FROM numbers "
                "WHERE next_state IS NOT NULL AND due <= ? ORDER BY due, seq",
                (now,),
            ).fetchall()
            for project, phone, next_state, when, order_id in due:
                error = _error_for(next_state)
                db.execute(
                    "UPDATE numbers SET state = ?, next_state = NULL, due = NULL, updated = ?, "
                    "error = ? WHERE project = ? AND phone = ?",
                    (next_state, when, error, project, phone),
                )
                callback_url = None
                if order_id:
                    found = db.execute(
                        "SELECT callback_url FROM orders WHERE id = ?", (order_id,)
                    ).fetchone()
                    callback_url = found[0] if found else None
                changed.append(Transition(project, phone, next_state, order_id, callback_url))
        return changed

    # -- numbers -------------------------------------------------------------------------------

    def get(self, project: str, phone: str) -> Row | None:
        with self._lock:
            found = self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM numbers WHERE project = ? AND phone = ?",
                (project, phone),
            ).fetchone()
        return _row(found) if found else None

    def existing(self, project: str, phones: list[str]) -> dict[str, Row]:
        rows: dict[str, Row] = {}
        with self._lock:
            for start in range(0, len(phones), 500):
                chunk = phones[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for values in self._db.execute(
                    f"SELECT {_ROW_COLUMNS} FROM numbers WHERE project = ? AND phone IN ({marks})",
                    (project, *chunk),
                ):
                    row = _row(values)
                    rows[row.phone] = row
        return rows

    def add(self, project: str, numbers: list[tuple[str, str, bool]]) -> list[Row]:
        """Insert (phone, region, toll_free) rows; the caller has checked they are new."""
        now = self.clock.now()
        with self.transaction() as db:
            for phone, region, toll_free in numbers:
                self._seq += 1
                magic = magic_for(phone)
                next_state = NOT_ELIGIBLE if magic is Magic.NOT_ELIGIBLE else ELIGIBLE
                db.execute(
                    "INSERT INTO numbers (project, phone, region, toll_free, state, next_state, "
                    "due, created, updated, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        project,
                        phone,
                        region,
                        int(toll_free),
                        PENDING,
                        next_state,
                        now + self.eligibility_delay,
                        now,
                        now,
                        self._seq,
                    ),
                )
        rows = self.existing(project, [phone for phone, _, _ in numbers])
        return [rows[phone] for phone, _, _ in numbers]

    def seed(self, project: str, numbers: list[tuple[str, str, bool]], state: str) -> int:
        """Insert numbers straight into a state (tests, benchmarks); existing ones are moved."""
        now = self.clock.now()
        with self.transaction() as db:
            for phone, region, toll_free in numbers:
                self._seq += 1
                db.execute(
                    "INSERT INTO numbers (project, phone, region, toll_free, state, created, "
                    "updated, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (project, phone) DO UPDATE SET state = excluded.state, "
                    "next_state = NULL, due = NULL, updated = excluded.updated",
                    (project, phone, region, int(toll_free), state, now, now, self._seq),
                )
        return len(numbers)

    def delete(self, project: str, phone: str) -> bool:
        with self.transaction() as db:
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
        with self._lock:
            total = self._db.execute(
                f"SELECT COUNT(*) FROM numbers WHERE {' AND '.join(where)}", params
            ).fetchone()[0]
            page_where = list(where)
            page_params = list(params)
            if after is not None:
                page_where.append(f"({column}, seq) > (?, ?)")
                page_params.extend(after)
            found = self._db.execute(
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

    def send_voice_challenge(self, project: str, phone: str) -> Row:
        now = self.clock.now()
        code = f"{self._rng.randrange(10_000):04d}"
        with self.transaction() as db:
            db.execute(
                "UPDATE numbers SET state = ?, code = ?, updated = ?, error = NULL "
                "WHERE project = ? AND phone = ?",
                (VERIFICATION_PENDING, code, now, project, phone),
            )
            db.execute(
                "INSERT INTO voice_calls (project, phone, code, created) VALUES (?, ?, ?, ?)",
                (project, phone, code, now),
            )
        row = self.get(project, phone)
        assert row is not None
        return row

    def verify_voice_challenge(self, project: str, phone: str, code: str) -> Row:
        now = self.clock.now()
        with self.transaction() as db:
            expected, wrong = db.execute(
                "SELECT code, wrong_codes FROM numbers WHERE project = ? AND phone = ?",
                (project, phone),
            ).fetchone()
            right = (
                magic_for(phone) is not Magic.CODE_NEVER_RIGHT
                and expected is not None
                and secrets.compare_digest(code.encode("utf-8", "surrogatepass"), expected.encode())
            )
            if right:
                db.execute(
                    "UPDATE numbers SET state = ?, updated = ?, error = NULL, code = NULL "
                    "WHERE project = ? AND phone = ?",
                    (VERIFIED, now, project, phone),
                )
            else:
                wrong += 1
                blocked = wrong >= MAX_WRONG_CODES
                db.execute(
                    "UPDATE numbers SET state = ?, updated = ?, error = ?, wrong_codes = ? "
                    "WHERE project = ? AND phone = ?",
                    (
                        VERIFICATION_BLOCKED if blocked else VERIFICATION_FAILED,
                        now,
                        (
                            "Too many wrong codes: verification is blocked."
                            if blocked
                            else "The code is not the one of the voice call."
                        ),
                        wrong,
                        project,
                        phone,
                    ),
                )
        row = self.get(project, phone)
        assert row is not None
        return row

    def voice_calls(self, project: str) -> list[dict[str, Any]]:
        with self._lock:
            found = self._db.execute(
                "SELECT phone, code, created FROM voice_calls WHERE project = ? ORDER BY id",
                (project,),
            ).fetchall()
        return [
            {"phoneNumber": phone, "code": code, "createdTime": rfc3339(created)}
            for phone, code, created in found
        ]

    # -- hosting orders ------------------------------------------------------------------------

    def new_order_id(self) -> str:
        millis = int(self.clock.now() * 1000)
        stamp = "".join(_CROCKFORD[(millis >> shift) & 31] for shift in range(45, -1, -5))
        rand = "".join(self._rng.choice(_CROCKFORD) for _ in range(16))
        return stamp + rand

    def create_order(
        self, project: str, phones: list[str], order: dict[str, Any], callback_url: str | None
    ) -> None:
        now = self.clock.now()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO orders (id, project, body, callback_url, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (order["hostingOrderId"], project, json.dumps(order), callback_url, now),
            )
            order_id = order["hostingOrderId"]
            due = now + self.hosting_delay
            db.executemany(
                "UPDATE numbers SET state = ?, next_state = ?, due = ?, updated = ?, "
                "order_id = ?, error = NULL WHERE project = ? AND phone = ?",
                [
                    (
                        HOSTING_IN_PROGRESS,
                        HOSTING_FAILED if magic_for(phone) is Magic.HOSTING_FAILS else HOSTING_DONE,
                        due,
                        now,
                        order_id,
                        project,
                        phone,
                    )
                    for phone in phones
                ],
            )
            db.executemany(
                "INSERT INTO submissions (project, phone, count) VALUES (?, ?, 1) "
                "ON CONFLICT (project, phone) DO UPDATE SET count = count + 1",
                [(project, phone) for phone in phones],
            )

    def order(self, order_id: str) -> tuple[dict[str, Any], str | None] | None:
        with self._lock:
            found = self._db.execute(
                "SELECT body, callback_url FROM orders WHERE id = ?", (order_id,)
            ).fetchone()
        return (json.loads(found[0]), found[1]) if found else None

    def orders(self, project: str) -> list[dict[str, Any]]:
        with self._lock:
            found = self._db.execute(
                "SELECT body FROM orders WHERE project = ? ORDER BY created, id", (project,)
            ).fetchall()
        return [json.loads(body) for (body,) in found]

    def submissions(self, project: str) -> dict[str, int]:
        with self._lock:
            found = self._db.execute(
                "SELECT phone, count FROM submissions WHERE project = ?", (project,)
            ).fetchall()
        return dict(found)

    def digest(self) -> str:
        """A fingerprint of every row of every table: equal digests, equal state."""
        hasher = hashlib.sha256()
        with self._lock:
            for (table,) in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            ).fetchall():
                for row in self._db.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                    hasher.update(repr((table, row)).encode())
        hasher.update(repr(self.clock.offset).encode())
        return hasher.hexdigest()

    def reset(self, project: str | None = None) -> None:
        with self.transaction() as db:
            for table in ("numbers", "voice_calls", "orders", "submissions"):
                if project is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    db.execute(f"DELETE FROM {table} WHERE project = ?", (project,))
            if project is None:
                db.execute("DELETE FROM outbox")

    # -- callback outbox -----------------------------------------------------------------------

    def enqueue_callback(self, url: str, body: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO outbox (url, body) VALUES (?, ?)", (url, json.dumps(body)))

    def pending_callbacks(self, limit: int = 100) -> list[tuple[int, str, bytes]]:
        with self._lock:
            found = self._db.execute(
                "SELECT id, url, body FROM outbox WHERE delivered = 0 AND attempts < 5 "
                "ORDER BY id LIMIT ?",
                (limit,),
            ).fetchall()
        return [(ident, url, body.encode()) for ident, url, body in found]

    def mark_callback(self, ident: int, delivered: bool) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, delivered = ? WHERE id = ?",
                (int(delivered), ident),
            )


def _sane_offset(stored: str) -> float:
    """A stored clock offset, or 0 if it is not one this version could have written."""
    try:
        value = float(stored)
    except ValueError:
        return 0.0
    return value if 0 <= value <= MAX_CLOCK_STEP else 0.0


def _error_for(state: str) -> str | None:
    if state == NOT_ELIGIBLE:
        return "The number is not eligible for SMS hosting."
    if state == HOSTING_FAILED:
        return "Provisioning the number to the SMS platform failed."
    return None
