"""The sandbox's state: numbers, voice calls, hosting orders, callbacks, in SQLite.

Persistence only: which state comes next is `process`'s decision, passed in; how a row is
written as JSON is `render`'s.

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
import os
import random
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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
CREATE INDEX IF NOT EXISTS numbers_seq ON numbers (seq);
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
    created REAL NOT NULL,
    loa_signed REAL NOT NULL DEFAULT 0
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
    delivered INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL DEFAULT 0,
    answer INTEGER NOT NULL DEFAULT 0,
    signature TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS callback_config (project TEXT PRIMARY KEY, secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imported (
    project TEXT NOT NULL,
    phone TEXT NOT NULL,
    region TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    callback_url TEXT NOT NULL DEFAULT '',
    service_plan_id TEXT NOT NULL DEFAULT '',
    campaign_id TEXT NOT NULL DEFAULT '',
    resource TEXT NOT NULL,
    order_id TEXT,
    sms_type TEXT NOT NULL DEFAULT '',
    sms_state TEXT NOT NULL DEFAULT '',
    sms_service TEXT NOT NULL DEFAULT '',
    sms_updated REAL,
    sms_next TEXT,
    sms_due REAL,
    campaign_type TEXT NOT NULL DEFAULT '',
    campaign_state TEXT NOT NULL DEFAULT '',
    campaign_service TEXT NOT NULL DEFAULT '',
    campaign_updated REAL,
    campaign_next TEXT,
    campaign_due REAL,
    created REAL NOT NULL,
    updated REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (project, phone)
);
CREATE INDEX IF NOT EXISTS imported_order ON imported (project, order_id);
CREATE INDEX IF NOT EXISTS imported_sms_due ON imported (sms_due) WHERE sms_next IS NOT NULL;
CREATE INDEX IF NOT EXISTS imported_campaign_due ON imported (campaign_due)
    WHERE campaign_next IS NOT NULL;
"""

#: (table, column, declaration) added after the first release of the schema.
_ADDED_COLUMNS = (
    ("orders", "loa_signed", "REAL NOT NULL DEFAULT 0"),
    ("outbox", "created", "REAL NOT NULL DEFAULT 0"),
    ("outbox", "answer", "INTEGER NOT NULL DEFAULT 0"),
    ("outbox", "signature", "TEXT NOT NULL DEFAULT ''"),
    ("imported", "updated", "REAL NOT NULL DEFAULT 0"),
    ("outbox", "project", "TEXT NOT NULL DEFAULT ''"),
    ("outbox", "reason", "TEXT NOT NULL DEFAULT ''"),
)

#: Delivery attempts per event before it is given up.
MAX_CALLBACK_ATTEMPTS = 5
_PENDING = f"delivered = 0 AND attempts < {MAX_CALLBACK_ATTEMPTS}"

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


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


@dataclass(frozen=True)
class SentCallback:
    ident: int
    url: str
    body: str
    attempts: int
    delivered: bool
    created: float
    answer: int  # the receiver's last HTTP status; 0 when it never answered
    signature: str  # the X-Sinch-Signature last sent
    reason: str = ""  # why the last attempt failed ("" when it did not)


@dataclass(frozen=True)
class StoredOrder:
    body: dict[str, Any]  # the order as created
    loa_signed: float  # when its LOA is (or will be) signed, on the sandbox clock


class Store:
    """All state of the sandbox behind one lock."""

    def __init__(
        self,
        path: str = ":memory:",
        *,
        clock: Clock | None = None,
        seed: int | None = None,
    ) -> None:
        self.clock = clock or Clock()
        self._rng = random.Random(seed) if seed is not None else random.SystemRandom()
        self._lock = threading.RLock()
        if path != ":memory:":
            _check_state_file(path)
        try:
            # A short wait while opening (a file another process keeps locked is reported),
            # then a long one: two sandboxes on one file take turns at writing.
            self._db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=2.0
            )
            self._open(path)
        except sqlite3.DatabaseError as error:
            raise _state_file_error(path, error) from None
        self._db.execute("PRAGMA busy_timeout = 30000")

    def _open(self, path: str) -> None:
        self._db.execute(
            "PRAGMA journal_mode=WAL" if path != ":memory:" else "PRAGMA foreign_keys=ON"
        )
        self._db.executescript(_SCHEMA)
        # Columns added since a database file may have been written.
        for table, column, declaration in _ADDED_COLUMNS:
            columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
        # The events still to deliver (the same literal condition as the queries, so SQLite
        # uses it): given-up and delivered ones never slow a round down.
        self._db.execute(
            f"CREATE INDEX IF NOT EXISTS outbox_to_deliver ON outbox (project, id) WHERE {_PENDING}"
        )
        offset = self._db.execute("SELECT value FROM meta WHERE key = 'clock_offset'").fetchone()
        if offset:
            self.clock.offset = _sane_offset(offset[0])
        self._last_seq(self._db)  # reads the numbers' index: a damaged file fails here

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

    @staticmethod
    def _last_seq(db: sqlite3.Connection) -> int:
        """The highest sequence number written, read inside the caller's write transaction:
        another process on the same file (two embedded sandboxes) may have written since,
        and BEGIN IMMEDIATE makes them take turns, so no number is ever given twice."""
        found: int = db.execute("SELECT COALESCE(MAX(seq), 0) FROM numbers").fetchone()[0]
        return found

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

    def advance_clock(self, seconds: float, errors: Mapping[str, str]) -> list[Transition]:
        if not 0 <= seconds <= MAX_CLOCK_STEP:
            raise ValueError(f"the clock moves 0 to {MAX_CLOCK_STEP} seconds at a time")
        with self.transaction() as db:
            self.clock.offset = min(self.clock.offset + seconds, MAX_CLOCK_STEP)
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock_offset', ?)",
                (repr(self.clock.offset),),
            )
        return self.settle(errors)

    # -- scheduled transitions -----------------------------------------------------------------

    def settle(self, errors: Mapping[str, str]) -> list[Transition]:
        """Apply every scheduled transition that is due (a state of `errors` gets its error);
        return what changed."""
        now = self.clock.now()
        changed: list[Transition] = []
        with self.transaction() as db:
            due = db.execute(
                "SELECT project, phone, next_state, due, order_id FROM numbers "
                "WHERE next_state IS NOT NULL AND due <= ? ORDER BY due, seq",
                (now,),
            ).fetchall()
            for project, phone, next_state, when, order_id in due:
                error = errors.get(next_state)
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
        with self.transaction() as db:
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
        with self.transaction() as db:
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

    def send_voice_challenge(self, project: str, phone: str, state: str) -> Row:
        """A new code, spoken by a call that is logged; the number moves to `state`."""
        now = self.clock.now()
        code = f"{self._rng.randrange(10_000):04d}"
        with self.transaction() as db:
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
        with self._lock:
            found = self._db.execute(
                "SELECT code, wrong_codes FROM numbers WHERE project = ? AND phone = ?",
                (project, phone),
            ).fetchone()
        return (found[0], int(found[1])) if found else (None, 0)

    def record_code(
        self, project: str, phone: str, state: str, error: str | None, wrong: int
    ) -> Row:
        """The outcome of a code: the new state, its error, the count of wrong codes; a right
        code (no error) is used up."""
        now = self.clock.now()
        with self.transaction() as db:
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

    def rows_for_console(self, project: str, state: str | None, limit: int) -> list[Row]:
        """The project's numbers (in `state` if given), last updated first."""
        where, parameters = "project = ?", [project]
        if state is not None:
            where += " AND state = ?"
            parameters.append(state)
        with self._lock:
            found = self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM numbers WHERE {where} "
                "ORDER BY updated DESC, seq DESC LIMIT ?",
                (*parameters, limit),
            ).fetchall()
        return [_row(values) for values in found]

    def state_counts(self, project: str) -> dict[str, int]:
        with self._lock:
            found = self._db.execute(
                "SELECT state, COUNT(*) FROM numbers WHERE project = ? GROUP BY state", (project,)
            ).fetchall()
        return {state: count for state, count in found}

    def voice_calls(self, project: str) -> list[tuple[str, str, float]]:
        """(phone, code, created) of every voice call, oldest first."""
        with self._lock:
            found = self._db.execute(
                "SELECT phone, code, created FROM voice_calls WHERE project = ? ORDER BY id",
                (project,),
            ).fetchall()
        return [(phone, code, created) for phone, code, created in found]

    # -- hosting orders ------------------------------------------------------------------------

    def new_order_id(self) -> str:
        millis = int(self.clock.now() * 1000)
        stamp = "".join(_CROCKFORD[(millis >> shift) & 31] for shift in range(45, -1, -5))
        rand = "".join(self._rng.choice(_CROCKFORD) for _ in range(16))
        return stamp + rand

    def create_order(
        self,
        project: str,
        phones: list[str],
        order: dict[str, Any],
        callback_url: str | None,
        *,
        state: str,
        final_states: Mapping[str, str],
        delay: float,
        loa_delay: float = 0.0,
    ) -> None:
        """Store the order; its numbers move to `state` at once (so a resubmission sees them
        taken), then to their final state `delay` seconds after the LOA is signed, which is
        `loa_delay` seconds from now; each submission is counted."""
        now = self.clock.now()
        order_id = order["hostingOrderId"]
        signed = now + loa_delay
        with self.transaction() as db:
            db.execute(
                "INSERT INTO orders (id, project, body, callback_url, created, loa_signed) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (order_id, project, json.dumps(order), callback_url, now, signed),
            )
            db.executemany(
                "UPDATE numbers SET state = ?, next_state = ?, due = ?, updated = ?, "
                "order_id = ?, error = NULL WHERE project = ? AND phone = ?",
                [
                    (state, final_states[phone], signed + delay, now, order_id, project, phone)
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

    def order_for(self, project: str, order_id: str) -> StoredOrder | None:
        """The stored order of the project (None if it has none of that ID)."""
        with self._lock:
            found = self._db.execute(
                "SELECT body, loa_signed FROM orders WHERE project = ? AND id = ?",
                (project, order_id),
            ).fetchone()
        return StoredOrder(json.loads(found[0]), found[1]) if found else None

    def sign_loa(self, project: str, order_id: str) -> StoredOrder | None:
        """The LOA's e-signature arrives now: the order's numbers are hosted `delay` seconds
        from now rather than from the scheduled signature. None if there is no such order."""
        now = self.clock.now()
        with self.transaction() as db:
            found = db.execute(
                "SELECT loa_signed FROM orders WHERE project = ? AND id = ?", (project, order_id)
            ).fetchone()
            if found is None:
                return None
            early = found[0] - now
            if early > 0:
                db.execute("UPDATE orders SET loa_signed = ? WHERE id = ?", (now, order_id))
                db.execute(
                    "UPDATE numbers SET due = due - ? "
                    "WHERE project = ? AND order_id = ? AND next_state IS NOT NULL",
                    (early, project, order_id),
                )
        return self.order_for(project, order_id)

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read, under the store's lock (for the modules that own other tables)."""
        with self._lock:
            return list(self._db.execute(sql, parameters).fetchall())

    def count_submissions(self, db: sqlite3.Connection, project: str, phones: list[str]) -> None:
        db.executemany(
            "INSERT INTO submissions (project, phone, count) VALUES (?, ?, 1) "
            "ON CONFLICT (project, phone) DO UPDATE SET count = count + 1",
            [(project, phone) for phone in phones],
        )

    def insert_order(
        self,
        db: sqlite3.Connection,
        project: str,
        order: dict[str, Any],
        callback_url: str | None,
        now: float,
    ) -> None:
        db.execute(
            "INSERT INTO orders (id, project, body, callback_url, created, loa_signed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (order["hostingOrderId"], project, json.dumps(order), callback_url, now, now),
        )

    def order_rows(self, project: str, order_id: str) -> list[Row]:
        """The numbers an order took, by phone number."""
        with self._lock:
            found = self._db.execute(
                f"SELECT {_ROW_COLUMNS} FROM numbers WHERE project = ? AND order_id = ? "
                "ORDER BY phone",
                (project, order_id),
            ).fetchall()
        return [_row(values) for values in found]

    def orders(self, project: str) -> list[StoredOrder]:
        with self._lock:
            found = self._db.execute(
                "SELECT body, loa_signed FROM orders WHERE project = ? ORDER BY created, id",
                (project,),
            ).fetchall()
        return [StoredOrder(json.loads(body), signed) for body, signed in found]

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
            tables = (
                "numbers",
                "voice_calls",
                "orders",
                "submissions",
                "callback_config",
                "imported",
            )
            for table in tables:
                if project is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    db.execute(f"DELETE FROM {table} WHERE project = ?", (project,))
            if project is None:
                db.execute("DELETE FROM outbox")

    # -- callback configuration -----------------------------------------------------------------

    def callback_secret(self, project: str) -> str | None:
        """The secret set for the project's callbacks (None: the sandbox's default)."""
        with self._lock:
            found = self._db.execute(
                "SELECT secret FROM callback_config WHERE project = ?", (project,)
            ).fetchone()
        return str(found[0]) if found else None

    def set_callback_secret(self, project: str, secret: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO callback_config (project, secret) VALUES (?, ?) "
                "ON CONFLICT (project) DO UPDATE SET secret = excluded.secret",
                (project, secret),
            )

    # -- callback outbox -----------------------------------------------------------------------

    def enqueue_callback(self, url: str, body: dict[str, Any]) -> None:
        project = body.get("projectId")
        with self.transaction() as db:
            db.execute(
                "INSERT INTO outbox (url, body, created, project) VALUES (?, ?, ?, ?)",
                (url, json.dumps(body), self.clock.now(), str(project or "")),
            )

    def pending_callbacks(
        self, project: str | None = None, per_project: int = 100
    ) -> list[tuple[int, str, str, bytes]]:
        """(id, project, url, body) of the events still to deliver, oldest first, at most
        `per_project` of each project (so one project's backlog never hides another's); only
        `project`'s when given."""
        where = _PENDING
        parameters: tuple[Any, ...] = ()
        if project is not None:
            where += " AND project = ?"
            parameters += (project,)
        with self._lock:
            found = self._db.execute(
                "SELECT id, project, url, body FROM (SELECT id, project, url, body, "
                "ROW_NUMBER() OVER (PARTITION BY project ORDER BY id) AS n "
                f"FROM outbox WHERE {where}) WHERE n <= ? ORDER BY id",
                (*parameters, per_project),
            ).fetchall()
        return [(ident, owner, url, body.encode()) for ident, owner, url, body in found]

    def pending_projects(self, project: str | None = None) -> list[str]:
        """The projects with events still to deliver (`project` alone, if it has some)."""
        where = _PENDING + (" AND project = ?" if project is not None else "")
        parameters = (project,) if project is not None else ()
        with self._lock:
            found = self._db.execute(
                f"SELECT DISTINCT project FROM outbox WHERE {where}", parameters
            ).fetchall()
        return [owner for (owner,) in found]

    def mark_callback(
        self,
        ident: int,
        delivered: bool,
        answer: int = 0,
        signature: str = "",
        reason: str = "",
        final: bool = False,
    ) -> None:
        """One delivery attempt: the receiver's HTTP status (0: no answer), the signature
        sent and why it failed; `final` gives the event up (no attempt could succeed)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = CASE WHEN ? THEN MAX(attempts + 1, ?) "
                "ELSE attempts + 1 END, delivered = ?, answer = ?, signature = ?, reason = ? "
                "WHERE id = ?",
                (
                    int(final),
                    MAX_CALLBACK_ATTEMPTS,
                    int(delivered),
                    answer,
                    signature,
                    reason[:500],
                    ident,
                ),
            )

    def callbacks(self, limit: int = 200) -> list[SentCallback]:
        """The newest events of the outbox, newest first."""
        with self._lock:
            found = self._db.execute(
                "SELECT id, url, body, attempts, delivered, created, answer, signature, reason "
                "FROM outbox ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            SentCallback(i, url, body, attempts, bool(done), created, answer, signature, reason)
            for i, url, body, attempts, done, created, answer, signature, reason in found
        ]


class StateFileError(ValueError):
    """The sandbox's state file cannot be used; the message names it and says what to do.
    The file is left as it is."""


_HEADER = b"SQLite format 3\x00"
_MOVE_AWAY = "move it away (it is left as it is) to start with a fresh sandbox"


def _check_state_file(path: str) -> None:
    """Refuse, before SQLite touches it, a state file that cannot be one: a folder, an empty
    file (SQLite would silently treat it as a new, empty sandbox), something else than a
    SQLite database, or one cut short."""
    try:
        if os.path.isdir(path):
            raise StateFileError(f"sandbox state file {path} is a directory: give a file path")
        if not os.path.exists(path):
            return
        with open(path, "rb") as fh:
            header = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except OSError as error:
        raise StateFileError(
            f"sandbox state file {path} cannot be read ({error.strerror or error}): "
            "check the path and its permissions"
        ) from None
    if size == 0:
        raise StateFileError(f"sandbox state file {path} is empty (zero length): {_MOVE_AWAY}")
    if len(header) < 100 or not header.startswith(_HEADER):
        raise StateFileError(f"sandbox state file {path} is not a SQLite database: {_MOVE_AWAY}")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid when its "version valid for" matches the counter.
    counted = header[92:96] == header[24:28] and pages > 0
    if page_size < 512 or size % page_size or (counted and size < pages * page_size):
        raise StateFileError(f"sandbox state file {path} is cut short (truncated): {_MOVE_AWAY}")


def _state_file_error(path: str, error: sqlite3.DatabaseError) -> StateFileError:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StateFileError(
            f"sandbox state file {path} is locked by another process: wait for it to finish, "
            "or stop the other sandbox using it"
        )
    if "unable to open" in text:
        return StateFileError(
            f"sandbox state file {path} cannot be opened: check the path and its permissions"
        )
    return StateFileError(
        f"sandbox state file {path} is not a usable sandbox database ({error}): {_MOVE_AWAY}"
    )


def _sane_offset(stored: str) -> float:
    """A stored clock offset, or 0 if it is not one this version could have written."""
    try:
        value = float(stored)
    except ValueError:
        return 0.0
    return value if 0 <= value <= MAX_CLOCK_STEP else 0.0
