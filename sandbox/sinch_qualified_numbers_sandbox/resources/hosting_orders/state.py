"""Hosting orders and the submissions they count: the `orders` and `submissions` tables.

An order's numbers are either qualified numbers it took for text enablement (their process
rows carry its ID) or numbers an import order imported (their SMS track read as a hosting
state): `rows()` gives both as process rows, which is how every answer about an order is
computed.

The rules of making an order are here, checked in the transaction that writes the order:
a text-enable order's (each number once, toll-free or not as the route says, of the order's
region, of the project, VERIFIED) and an import order's (at most `limit` numbers, of the
order's region, none imported already).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sinch_qualified_numbers import is_toll_free

from ... import process as pr
from ...clock import Clock
from ...db import Database
from ...http.errors import ApiError, bad_request
from ..imported_numbers.state import HOSTING_ORDER_NUMBER, ImportedNumbers
from ..qualified_numbers.state import QualifiedNumbers, Row, StateChange
from ..regions import wrong_region

#: This resource's tables (what a reset empties).
TABLES = ("orders", "submissions")

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"

#: The order's document, made by the handler's `render` from the new order's ID and the
#: sandbox clock's time of its making.
MakeOrder = Callable[[str, float], dict[str, Any]]

#: An imported number's SMS track as the process state of an order's number.
_AS_PROCESS_STATE = {
    "IN_PROGRESS": pr.HOSTING_IN_PROGRESS,
    "DONE": pr.HOSTING_DONE,
    "FAILED": pr.HOSTING_FAILED,
}


@dataclass(frozen=True)
class StoredOrder:
    body: dict[str, Any]  # the order as created
    loa_signed: float  # when its LOA is (or will be) signed, on the sandbox clock


class HostingOrders:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rng: random.Random,
        numbers: QualifiedNumbers,
        imported: ImportedNumbers,
    ) -> None:
        self.db = db
        self.clock = clock
        self._rng = rng
        self.numbers = numbers
        self.imported = imported

    def new_order_id(self) -> str:
        millis = int(self.clock.now() * 1000)
        stamp = "".join(_CROCKFORD[(millis >> shift) & 31] for shift in range(45, -1, -5))
        rand = "".join(self._rng.choice(_CROCKFORD) for _ in range(16))
        return stamp + rand

    def _insert(
        self,
        db: sqlite3.Connection,
        project: str,
        order: dict[str, Any],
        callback_url: str | None,
        phones: list[str],
        now: float,
        signed: float,
    ) -> None:
        """The order and the count of each of its numbers' submissions."""
        db.execute(
            "INSERT INTO orders (id, project, body, callback_url, created, loa_signed) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (order["hostingOrderId"], project, json.dumps(order), callback_url, now, signed),
        )
        db.executemany(
            "INSERT INTO submissions (project, phone, count) VALUES (?, ?, 1) "
            "ON CONFLICT (project, phone) DO UPDATE SET count = count + 1",
            [(project, phone) for phone in phones],
        )

    def text_enable(
        self,
        project: str,
        phones: list[str],
        region: str,
        region_of: Callable[[str, str], str],
        make_order: MakeOrder,
        *,
        toll_free: bool,
        callback_url: str | None,
        blanket_loa: bool,
        hosting_delay: float,
        loa_signature_delay: float,
    ) -> dict[str, Any]:
        """Make a text-enable order of `phones` if `check_text_enable` allows it: its numbers
        go HOSTING_IN_PROGRESS, hosted (or not, for the magic numbers) `hosting_delay` seconds
        after the LOA is signed: at once for a blanket LOA, else after `loa_signature_delay`
        (the authorised person's e-signature). The numbers' states are checked and the order
        written in one transaction: of two concurrent orders of the same numbers (threads, or
        two sandboxes on one state file), the second sees them taken."""
        with self.db.transaction():
            operation = self.check_text_enable(project, phones, region, toll_free, region_of)
            order = make_order(self.new_order_id(), self.clock.now())
            self.create_text_enable_order(
                project,
                phones,
                order,
                callback_url,
                state=pr.next_state(operation, pr.VERIFIED),
                final_states={phone: pr.after_hosting(phone) for phone in phones},
                delay=hosting_delay,
                loa_delay=0.0 if blanket_loa else loa_signature_delay,
            )
        return order

    def import_numbers(
        self,
        project: str,
        phones: list[str],
        region: str,
        region_of: Callable[[str, str], str],
        make_order: MakeOrder,
        *,
        limit: int,
        service_plan_id: str,
        campaign_id: str,
        display_name: str,
        callback_url: str,
    ) -> dict[str, Any]:
        """Make an import order of `phones`, if they are at most `limit`, each of `region`
        (`region_of(phone, field)` reads it, refusing one that is not a number) and none
        imported already (409 naming them all); checked and written in one transaction (of
        two concurrent imports of a number, the second is refused)."""
        if len(phones) > limit:
            raise bad_request(
                "numbers", f"At most {limit} numbers per import order (got {len(phones)})."
            )
        violations = []
        for index, phone in enumerate(phones):
            field = f"numbers[{index}]"
            fault = wrong_region(phone, region_of(phone, field), region)
            if fault is not None:
                violations.append((field, fault))
        if violations:
            raise ApiError(400, "Invalid argument: numbers", field_violations=violations)
        with self.db.transaction():
            taken = self.imported.existing(project, phones)
            if taken:
                raise ApiError(
                    409,
                    "The imported number already exists and cannot be created.",
                    status="ALREADY_EXISTS",
                    field_violations=[
                        (f"numbers[{i}]", f"{p} is already imported")
                        for i, p in enumerate(phones)
                        if p in taken
                    ],
                )
            order = make_order(self.new_order_id(), self.clock.now())
            self.create_import_order(
                project,
                [(phone, region) for phone in phones],
                order,
                service_plan_id=service_plan_id,
                campaign_id=campaign_id,
                display_name=display_name,
                callback_url=callback_url,
            )
        return order

    def check_text_enable(
        self,
        project: str,
        phones: list[str],
        region: str,
        toll_free: bool,
        region_of: Callable[[str, str], str],
    ) -> str:
        """The rules of a text-enable order of `phones` in `region` (toll-free or not): each
        number given once, of the right kind for the operation and of the order's region
        (`region_of(phone, field)` reads a stranger's, refusing one that is not a number), a
        number of the project, and VERIFIED. Returns the operation; raises the service's error
        naming every number at fault otherwise. Call it in the transaction that writes the order.
        """
        violations: list[tuple[str, str]] = []
        seen: set[str] = set()
        rows = self.numbers.existing(project, [p for p in phones if isinstance(p, str)])
        for index, phone in enumerate(phones):
            field = f"numbers[{index}]"
            if phone in seen:
                violations.append((field, f"{phone} is given more than once."))
                continue
            seen.add(phone)
            # Numbers of the project carry their region; only strangers need phonenumbers.
            known = rows.get(phone)
            number_region = known.region if known else region_of(phone, field)
            if is_toll_free(phone) != toll_free:
                where = ":textEnableTollFreeNumbers" if not toll_free else ":textEnableNumbers"
                kind = "a toll-free" if not toll_free else "not a toll-free"
                violations.append((field, f"{phone} is {kind} number: use {where}."))
            elif (fault := wrong_region(phone, number_region, region)) is not None:
                violations.append((field, fault))
        if violations:
            raise ApiError(400, "Invalid argument: numbers", field_violations=violations)
        missing = [p for p in phones if p not in rows]
        if missing:
            raise ApiError(
                404,
                f"The imported number could not be found: {', '.join(missing[:10])}"
                + (f" and {len(missing) - 10} more." if len(missing) > 10 else "."),
                field_violations=[
                    ("numbers", f"{p} is not a number of the project") for p in missing
                ],
            )
        operation = pr.TEXT_ENABLE[1] if toll_free else pr.TEXT_ENABLE[0]
        allowed = pr.sources(operation)
        not_ready = [
            (f"numbers[{i}]", f"{p} is {rows[p].state}, not VERIFIED.")
            for i, p in enumerate(phones)
            if rows[p].state not in allowed
        ]
        if not_ready:
            raise ApiError(
                400,
                "Only VERIFIED numbers can be text-enabled.",
                status="FAILED_PRECONDITION",
                field_violations=not_ready,
            )
        return operation

    def create_text_enable_order(
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
        signed = now + loa_delay
        with self.db.transaction() as db:
            self._insert(db, project, order, callback_url, phones, now, signed)
            self.numbers.take_for_order(
                db,
                project,
                phones,
                order["hostingOrderId"],
                state=state,
                final_states=final_states,
                due=signed + delay,
                now=now,
            )

    def create_import_order(
        self,
        project: str,
        rows: list[tuple[str, str]],
        order: dict[str, Any],
        *,
        service_plan_id: str,
        campaign_id: str,
        display_name: str,
        callback_url: str,
    ) -> None:
        """Store an import order and import its (phone, region) rows, in one transaction."""
        now = self.clock.now()
        with self.db.transaction() as db:
            phones = [phone for phone, _ in rows]
            self._insert(db, project, order, callback_url or None, phones, now, now)
            self.imported.insert(
                db,
                project,
                rows,
                resource=HOSTING_ORDER_NUMBER,
                service_plan_id=service_plan_id,
                campaign_id=campaign_id,
                display_name=display_name,
                callback_url=callback_url,
                order_id=order["hostingOrderId"],
                now=now,
            )

    def order(self, order_id: str) -> tuple[dict[str, Any], str | None] | None:
        """An order's body and callback URL, whoever's it is (for its callbacks)."""
        found = self.db.query_one("SELECT body, callback_url FROM orders WHERE id = ?", (order_id,))
        return (json.loads(found[0]), found[1]) if found else None

    def order_for(self, project: str, order_id: str) -> StoredOrder | None:
        """The stored order of the project (None if it has none of that ID)."""
        found = self.db.query_one(
            "SELECT body, loa_signed FROM orders WHERE project = ? AND id = ?",
            (project, order_id),
        )
        return StoredOrder(json.loads(found[0]), found[1]) if found else None

    def orders(self, project: str) -> list[StoredOrder]:
        found = self.db.query(
            "SELECT body, loa_signed FROM orders WHERE project = ? ORDER BY created, id",
            (project,),
        )
        return [StoredOrder(json.loads(body), signed) for body, signed in found]

    def submissions(self, project: str) -> dict[str, int]:
        return dict(
            self.db.query("SELECT phone, count FROM submissions WHERE project = ?", (project,))
        )

    def sign_loa(self, project: str, order_id: str) -> StoredOrder | None:
        """The LOA's e-signature arrives now: the order's numbers are hosted `delay` seconds
        from now rather than from the scheduled signature. None if there is no such order."""
        now = self.clock.now()
        with self.db.transaction() as db:
            found = db.execute(
                "SELECT loa_signed FROM orders WHERE project = ? AND id = ?", (project, order_id)
            ).fetchone()
            if found is None:
                return None
            early = found[0] - now
            if early > 0:
                db.execute("UPDATE orders SET loa_signed = ? WHERE id = ?", (now, order_id))
                self.numbers.bring_forward(db, project, order_id, early)
        return self.order_for(project, order_id)

    def rows(self, project: str, order_id: str) -> list[Row]:
        """An order's numbers as process rows: a text-enable order's qualified numbers, or an
        import order's numbers with their SMS track read as a hosting state."""
        rows = self.numbers.of_order(project, order_id)
        taken = {row.phone for row in rows}
        for number in self.imported.of_order(project, order_id):
            if number.phone in taken:
                continue  # hosted through this order: its qualified row says it already
            state = _AS_PROCESS_STATE.get(number.sms_state, pr.HOSTING_IN_PROGRESS)
            updated = number.sms_updated or number.created
            rows.append(
                Row(
                    project,
                    number.phone,
                    number.region,
                    False,
                    state,
                    number.created,
                    updated,
                    0,
                    order_id,
                    pr.ERRORS.get(state),
                )
            )
        return rows

    def settle(self, now: float, changed: list[StateChange]) -> list[StateChange]:
        """What the numbers' transitions mean for their orders: each carries its order's
        callback URL, and numbers whose hosting just finished well join the imported numbers
        (in bulk: a settle can finish thousands of numbers of a few orders at once)."""
        stored: dict[str, tuple[dict[str, Any], str | None] | None] = {}
        hosted: dict[tuple[str, str], list[str]] = {}
        out: list[StateChange] = []
        for change in changed:
            if not change.order_id:
                out.append(change)
                continue
            if change.order_id not in stored:
                stored[change.order_id] = self.order(change.order_id)
            found = stored[change.order_id]
            url = found[1] if found else None
            out.append(
                StateChange(change.project, change.phone, change.state, change.order_id, url)
            )
            if change.state == pr.HOSTING_DONE:
                hosted.setdefault((change.project, change.order_id), []).append(change.phone)
        for (project, order_id), phones in hosted.items():
            order = self.order_for(project, order_id)
            if order is not None:
                self.imported.adopt(project, order.body, self.numbers.existing(project, phones))
        return out
