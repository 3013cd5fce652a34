"""The backend: one sandbox's state and rules, knowing nothing of HTTP (`service.Sandbox`
adds the side that serves it: the app, auth, pages, faults, the addresses it is reached on).

It owns the database, the clock and the resources (each in `resources/<tag>/state.py`), the
outbox of callbacks, and holds the sandbox's one `settle()` (what the clock made due: the
request path, the ticker, the admin endpoints and the console all call it) and the reset of
its state.
"""

from __future__ import annotations

import random

from . import process as pr
from .callbacks import TABLES as OUTBOX_TABLES
from .callbacks import CallbackDispatcher, Outbox
from .clock import Clock, sane_offset
from .config import SandboxConfig
from .db import Database
from .http.errors import existing
from .resources.callback_configuration import state as callback_configuration
from .resources.hosting_orders import state as hosting_orders
from .resources.imported_numbers import state as imported_numbers
from .resources.qualified_numbers import state as qualified_numbers

#: Every table a reset empties (the `meta` table keeps the signing keys, the clock aside).
RESET_TABLES = (
    *qualified_numbers.TABLES,
    *hosting_orders.TABLES,
    *imported_numbers.TABLES,
    *callback_configuration.TABLES,
    *OUTBOX_TABLES,
)


class Backend:
    """State and rules of the fake service (`service.Sandbox` serves it over HTTP)."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config = config or SandboxConfig()
        # One generator for codes and order IDs: seeded, a reset starts it again.
        self._rng = rng = (
            random.Random(config.seed) if config.seed is not None else random.SystemRandom()
        )
        self.db = Database(config.db_path)
        self.clock = Clock()
        self.clock.offset = sane_offset(self.db.meta("clock_offset") or "0")
        self.qualified_numbers = qualified_numbers.QualifiedNumbers(self.db, self.clock, rng)
        self.imported_numbers = imported_numbers.ImportedNumbers(
            self.db, self.clock, config.provisioning_delay
        )
        self.hosting_orders = hosting_orders.HostingOrders(
            self.db, self.clock, rng, self.qualified_numbers, self.imported_numbers
        )
        self.callback_configuration = callback_configuration.CallbackConfiguration(
            self.db, config.callback_secret
        )
        self.outbox = Outbox(self.db, self.clock)
        self.callbacks = CallbackDispatcher(
            self.outbox, self.hosting_orders, self.callback_configuration
        )

    def settle(self) -> None:
        """Apply every transition that is due on the sandbox clock, and queue its callbacks:
        each resource settles in turn, the hosting orders seeing the numbers' transitions.
        One transaction: the state changes and the events they cause are written together
        (a sandbox killed meanwhile has done all of it, or none, and does it on restart)."""
        now = self.clock.now()
        # Runs before every request: a read first, the write lock only when something is due.
        if not (
            self.qualified_numbers.anything_due(now) or self.imported_numbers.anything_due(now)
        ):
            return
        with self.db.transaction():
            changed = self.qualified_numbers.settle(now, pr.ERRORS)
            self.callbacks.on_transitions(self.hosting_orders.settle(now, changed))
            self.callbacks.on_imported_events(self.imported_numbers.settle(now))

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock `seconds` forward (0 to `MAX_CLOCK_STEP`) and settle: the
        new clock and what it made due are committed together."""
        before = self.clock.offset
        with self.db.transaction():
            self.clock.advance(seconds)
            try:
                self.db.set_meta("clock_offset", repr(self.clock.offset))
                self.settle()
            except BaseException:
                self.clock.offset = before  # nothing of it was kept: nor is the clock's move
                raise

    def delete_qualified_number(self, project: str, phone: str) -> None:
        """The number goes and its DELETE event (to its order's callback URL) is queued,
        together; the service's 404 if the project has no such number."""
        with self.db.transaction():
            row = existing(self.qualified_numbers.get(project, phone))
            self.qualified_numbers.delete(project, phone)
            self.callbacks.on_delete(project, row)

    def delete_imported_number(self, project: str, phone: str) -> None:
        """The imported number goes and its DELETE event is queued, together; the service's
        404 if the project has no such number."""
        with self.db.transaction():
            found = existing(self.imported_numbers.delete(project, phone))
            self.callbacks.on_imported_delete(found)

    def reset(self, project: str | None = None) -> None:
        """Back to the start: every number, order, imported number, secret and callback,
        and the clock at zero. With `project`, only that project's state (the clock and the
        seeded codes and IDs are every project's)."""
        with self.db.transaction():  # the state and the clock are reset together
            self.db.clear(RESET_TABLES, project)
            if project is None:
                self.db.set_meta("clock_offset", None)
        if project is None:
            if self.config.seed is not None:
                self._rng.seed(self.config.seed)
            self.clock.offset = 0.0

    def digest(self) -> str:
        """A fingerprint of the whole state: equal digests, equal state."""
        return f"{self.db.digest()}:{self.clock.offset!r}"

    def close(self) -> None:
        self.db.close()
