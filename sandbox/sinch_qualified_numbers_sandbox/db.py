"""The sandbox's database: one SQLite connection behind one lock, its transactions, and the
schema of every table (each resource's `state` module holds its own tables' SQL).

One implementation serves both modes: `:memory:` for tests, a file (`--db PATH`) so that state
survives a restart and successive CLI invocations see the same numbers. Every access holds one
lock, so concurrent requests (threads or tasks) never interleave inside a transaction, and
every write transaction is immediate, so two processes on one file take turns: whatever a
request checks and then writes inside one transaction, nobody changes in between.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

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


#: The condition of a callback event still to deliver (the same literal text in the index and
#: in the queries, so SQLite uses the index).
MAX_CALLBACK_ATTEMPTS = 5
PENDING = f"delivered = 0 AND attempts < {MAX_CALLBACK_ATTEMPTS}"


class Database:
    """The connection, its lock and transactions; every table's schema, migrated on open."""

    def __init__(self, path: str = ":memory:") -> None:
        self.path = path
        self._lock = threading.RLock()
        #: How deep the transaction under way is nested (0: none); read under the lock only.
        self._depth = 0
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
        # The events still to deliver: given-up and delivered ones never slow a round down.
        self._db.execute(
            f"CREATE INDEX IF NOT EXISTS outbox_to_deliver ON outbox (project, id) WHERE {PENDING}"
        )
        # A project's newest events (the console's view) without reading every project's.
        self._db.execute("CREATE INDEX IF NOT EXISTS outbox_project ON outbox (project, id)")
        # Reads the numbers' index: a damaged file fails here, not at the first request.
        self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM numbers").fetchone()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: two sandboxes on one file take turns, and
        what it reads no other writer can change before it commits).

        Nested, it is a savepoint of the transaction under way: a handler that checks then
        writes opens one around both, and the resources' own writes inside it commit with
        it, or not at all."""
        with self._lock:
            if self._depth:
                savepoint = f"nested_{self._depth}"
                self._db.execute(f"SAVEPOINT {savepoint}")
                self._depth += 1
                try:
                    yield self._db
                except BaseException:
                    self._db.execute(f"ROLLBACK TO {savepoint}")
                    self._db.execute(f"RELEASE {savepoint}")
                    raise
                else:
                    self._db.execute(f"RELEASE {savepoint}")
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth = 0

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock, for reads that must see one state (no transaction)."""
        with self._lock:
            yield self._db

    def query(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read, under the lock."""
        with self._lock:
            return list(self._db.execute(sql, tuple(parameters)).fetchall())

    def query_one(self, sql: str, parameters: Iterable[Any] = ()) -> tuple[Any, ...] | None:
        with self._lock:
            found: tuple[Any, ...] | None = self._db.execute(sql, tuple(parameters)).fetchone()
        return found

    def meta(self, key: str) -> str | None:
        found = self.query_one("SELECT value FROM meta WHERE key = ?", (key,))
        return str(found[0]) if found else None

    def set_meta(self, key: str, value: str | None) -> None:
        """Keep `value` under `key` (None: forget it)."""
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def secret(self, name: str) -> bytes:
        """A random key kept in the database, so what it signs outlives a restart."""
        with self.transaction() as db:
            found = db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
            if found:
                return bytes.fromhex(found[0])
            key = secrets.token_bytes(32)
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (name, key.hex()))
            return key

    def clear(self, tables: Iterable[str], project: str | None = None) -> None:
        """Delete every row of `tables` (only `project`'s when given), in one transaction.
        ID counters go on: a callback delivery still under way when a reset came can never
        mark a new event that took its ID."""
        with self.transaction() as db:
            for table in tables:
                if project is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    db.execute(f"DELETE FROM {table} WHERE project = ?", (project,))

    def digest(self) -> str:
        """A fingerprint of every row of every table: equal digests, equal state (SQLite's ID
        counters aside: no answer shows them)."""
        hasher = hashlib.sha256()
        with self._lock:
            for (table,) in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name != 'sqlite_sequence' ORDER BY name"
            ).fetchall():
                for row in self._db.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                    hasher.update(repr((table, row)).encode())
        return hasher.hexdigest()

    def close(self) -> None:
        with self._lock:
            self._db.close()


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
