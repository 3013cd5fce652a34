"""Imported numbers: the numbers on the SMS platform, and their (de)provisioning on the clock:
the `imported` table.

A number gets here three ways: its hosting finished (`HOSTING_ORDER_NUMBER`), an import order
took it (`hostingOrders:importNumbers`, also `HOSTING_ORDER_NUMBER`), or it was imported on its
own (`POST /importedNumbers`, `IMPORTED_NUMBER`). Each has two tracks, the SMS platform (its
service plan) and the 10DLC campaign: linking or unlinking starts a (de)provisioning that is
`IN_PROGRESS` for `--provisioning-delay` seconds, then `DONE` (or `FAILED` for the magic
numbers), and sends its callback.

The rules of a number imported on its own (of the region given, not imported already) and of
linking (a number still linked to a service plan or campaign cannot be linked to another one:
unlink it first, setting `""`, then link; a campaign needs a service plan) are checked here,
in the transaction that writes what they allow.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ...clock import Clock
from ...db import Database
from ...http.errors import ApiError, bad_request, existing
from ...magic import Magic, magic_for
from ..qualified_numbers.state import Row
from ..regions import wrong_region

#: This resource's table (what a reset empties).
TABLES = ("imported",)

IMPORTED_NUMBER = "IMPORTED_NUMBER"
HOSTING_ORDER_NUMBER = "HOSTING_ORDER_NUMBER"

_COLUMNS = (
    "project, phone, region, display_name, callback_url, service_plan_id, campaign_id, "
    "resource, order_id, sms_type, sms_state, sms_updated, campaign_type, campaign_state, "
    "campaign_updated, created, sms_next, campaign_next, updated"
)


@dataclass(frozen=True)
class Imported:
    project: str
    phone: str
    region: str
    display_name: str
    callback_url: str
    service_plan_id: str
    campaign_id: str
    resource: str
    order_id: str | None
    sms_type: str
    sms_state: str
    sms_updated: float | None
    campaign_type: str
    campaign_state: str
    campaign_updated: float | None
    created: float
    sms_next: str | None
    campaign_next: str | None
    updated: float  # the last change of its name or callback URL (0: none)

    @property
    def pending(self) -> bool:
        """A link or unlink is under way (Sinch's `scheduledProvisioning`)."""
        return self.sms_next is not None or self.campaign_next is not None

    @property
    def updated_time(self) -> float:
        """When anything about the number last changed, for `orderBy=updatedTime`."""
        return max(self.created, self.updated, self.sms_updated or 0, self.campaign_updated or 0)


@dataclass(frozen=True)
class Event:
    """A (de)provisioning that finished, for its callback."""

    project: str
    phone: str
    resource: str
    event_type: str
    ok: bool
    failure: str | None
    callback_url: str


def _outcome(track: str, kind: str, phone: str) -> tuple[str, str | None]:
    """The state a (de)provisioning ends in, and its failure code (magic numbers fail)."""
    if kind == "PROVISIONING":
        if track == "sms" and magic_for(phone) is Magic.HOSTING_FAILS:
            return "FAILED", None  # Sinch: a failed platform provisioning has no failureCode
        if track == "campaign" and magic_for(phone) is Magic.CAMPAIGN_LINK_FAILS:
            return "FAILED", "CAMPAIGN_NOT_AVAILABLE"
    return "DONE", None


_EVENTS = {
    ("sms", "PROVISIONING"): "PROVISIONING_TO_SMS_PLATFORM",
    ("sms", "DEPROVISIONING"): "DEPROVISIONING_TO_SMS_PLATFORM",
    ("campaign", "PROVISIONING"): "LINK_TO_10DLC_CAMPAIGN",
    ("campaign", "DEPROVISIONING"): "UNLINK_TO_10DLC_CAMPAIGN",
}


class ImportedNumbers:
    """The `imported` table's rules (its schema is in `db`, with every table's)."""

    def __init__(self, db: Database, clock: Clock, delay: float) -> None:
        self.db = db
        self.clock = clock
        self.delay = delay

    def get(self, project: str, phone: str) -> Imported | None:
        found = self.db.query(
            f"SELECT {_COLUMNS} FROM imported WHERE project = ? AND phone = ?", (project, phone)
        )
        return Imported(*found[0]) if found else None

    def existing(self, project: str, phones: Iterable[str]) -> set[str]:
        wanted = list(phones)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            batch = wanted[start : start + 500]
            marks = ",".join("?" * len(batch))
            found.update(
                phone
                for (phone,) in self.db.query(
                    f"SELECT phone FROM imported WHERE project = ? AND phone IN ({marks})",
                    (project, *batch),
                )
            )
        return found

    def all(self, project: str) -> list[Imported]:
        found = self.db.query(
            f"SELECT {_COLUMNS} FROM imported WHERE project = ? ORDER BY phone", (project,)
        )
        return [Imported(*values) for values in found]

    def import_one(
        self,
        project: str,
        phone: str,
        region_of: Callable[[str, str], str],
        *,
        region_code: str | None,
        service_plan_id: str,
        campaign_id: str,
        display_name: str,
        callback_url: str,
    ) -> Imported:
        """`POST /importedNumbers`: import `phone` (`region_of(phone, field)` reads its region,
        refusing one that is not a number), of `region_code` when one is given (400), unless
        it is imported already (409). Checked and written in one transaction: of two
        concurrent imports of a number, the second is refused, as sequentially."""
        region = region_of(phone, "phoneNumber")
        fault = wrong_region(phone, region, region_code) if region_code is not None else None
        if fault is not None:
            raise bad_request("regionCode", fault)
        with self.db.transaction():
            if self.get(project, phone) is not None:
                raise ApiError(
                    409,
                    "The imported number already exists and cannot be created.",
                    status="ALREADY_EXISTS",
                )
            self.create(
                project,
                [(phone, region)],
                service_plan_id=service_plan_id,
                campaign_id=campaign_id,
                display_name=display_name,
                callback_url=callback_url,
            )
            return existing(self.get(project, phone))

    def create(
        self,
        project: str,
        rows: list[tuple[str, str]],
        *,
        service_plan_id: str,
        campaign_id: str,
        display_name: str = "",
        callback_url: str = "",
        resource: str = IMPORTED_NUMBER,
    ) -> None:
        """Import (phone, region) rows without an order (`POST /importedNumbers`: one), their
        provisioning started."""
        with self.db.transaction() as db:
            self.insert(
                db,
                project,
                rows,
                resource=resource,
                service_plan_id=service_plan_id,
                campaign_id=campaign_id,
                display_name=display_name,
                callback_url=callback_url,
                order_id=None,
                now=self.clock.now(),
            )

    def insert(
        self,
        db: sqlite3.Connection,
        project: str,
        rows: list[tuple[str, str]],
        *,
        resource: str,
        service_plan_id: str,
        campaign_id: str,
        display_name: str,
        callback_url: str,
        order_id: str | None,
        now: float,
    ) -> None:
        """In the caller's transaction: import (phone, region) rows, their provisioning
        started (an import order stores itself in the same one: both exist, or neither)."""
        db.executemany(
            "INSERT INTO imported (project, phone, region, display_name, callback_url, "
            "service_plan_id, campaign_id, resource, order_id, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    project,
                    phone,
                    region,
                    display_name,
                    callback_url,
                    service_plan_id,
                    campaign_id,
                    resource,
                    order_id,
                    now,
                )
                for phone, region in rows
            ],
        )
        for phone, _ in rows:
            self._start(db, project, phone, "sms", "PROVISIONING", service_plan_id, now)
            if campaign_id:
                self._start(db, project, phone, "campaign", "PROVISIONING", campaign_id, now)

    def adopt(self, project: str, order: dict[str, Any], rows: dict[str, Row]) -> None:
        """Numbers whose hosting just finished well join the imported numbers, already
        provisioned (the order's report and callbacks said so)."""
        plan = str(order.get("servicePlanId", ""))
        campaign = str(order.get("campaignId", ""))
        values = []
        for phone, row in rows.items():
            campaign_state = _outcome("campaign", "PROVISIONING", phone)[0] if campaign else ""
            values.append(
                (
                    project,
                    phone,
                    row.region,
                    str(order.get("callbackUrl", "")),
                    plan,
                    campaign,
                    HOSTING_ORDER_NUMBER,
                    order.get("hostingOrderId"),
                    plan,
                    row.updated,
                    "PROVISIONING" if campaign else "",
                    campaign_state,
                    campaign,
                    row.updated if campaign else None,
                    row.updated,
                )
            )
        with self.db.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO imported (project, phone, region, callback_url, "
                "service_plan_id, campaign_id, resource, order_id, sms_type, sms_state, "
                "sms_service, sms_updated, campaign_type, campaign_state, campaign_service, "
                "campaign_updated, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PROVISIONING', 'DONE', ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    def change(
        self,
        project: str,
        phone: str,
        *,
        display_name: str | None,
        callback_url: str | None,
        service_plan_id: str | None,
        campaign_id: str | None,
    ) -> Imported:
        """A PATCH of the number (None: a field left as it is), if the links it makes are
        allowed: a link changes only from or to none (`""`), and a campaign needs a service
        plan. Raises the service's 404, or its FAILED_PRECONDITION naming every link refused;
        the links checked are the links changed (one transaction)."""
        with self.db.transaction():
            number = existing(self.get(project, phone))
            refused = []
            for field, value, current in (
                ("servicePlanId", service_plan_id, number.service_plan_id),
                ("campaignId", campaign_id, number.campaign_id),
            ):
                if value and current and value != current:
                    refused.append(
                        (
                            f"smsConfiguration.{field}",
                            f'is linked to {current!r}: unlink it ("") before linking {value!r}',
                        )
                    )
            after_plan = number.service_plan_id if service_plan_id is None else service_plan_id
            after_campaign = number.campaign_id if campaign_id is None else campaign_id
            if after_campaign and not after_plan:
                refused.append(
                    ("smsConfiguration.campaignId", "a campaign needs a service plan linked too")
                )
            if refused:
                raise ApiError(
                    400,
                    f"{phone} cannot be linked so.",
                    status="FAILED_PRECONDITION",
                    field_violations=refused,
                )
            self.update(
                project,
                phone,
                display_name=display_name,
                callback_url=callback_url,
                service_plan_id=service_plan_id,
                campaign_id=campaign_id,
            )
            return existing(self.get(project, phone))

    def update(
        self,
        project: str,
        phone: str,
        *,
        display_name: str | None,
        callback_url: str | None,
        service_plan_id: str | None,
        campaign_id: str | None,
    ) -> None:
        """Apply a PATCH that `change` checked: a changed plan or campaign starts its
        (de)provisioning."""
        now = self.clock.now()
        with self.db.transaction() as db:
            for column, value in (("display_name", display_name), ("callback_url", callback_url)):
                if value is not None:
                    db.execute(
                        f"UPDATE imported SET {column} = ?, updated = ? "
                        "WHERE project = ? AND phone = ?",
                        (value, now, project, phone),
                    )
            for track, column, value in (
                ("sms", "service_plan_id", service_plan_id),
                ("campaign", "campaign_id", campaign_id),
            ):
                if value is None:
                    continue
                (current,) = db.execute(
                    f"SELECT {column} FROM imported WHERE project = ? AND phone = ?",
                    (project, phone),
                ).fetchone()
                if value == current:
                    continue  # linking again to the same: nothing happens
                db.execute(
                    f"UPDATE imported SET {column} = ? WHERE project = ? AND phone = ?",
                    (value, project, phone),
                )
                kind = "PROVISIONING" if value else "DEPROVISIONING"
                self._start(db, project, phone, track, kind, value or current, now)

    def delete(self, project: str, phone: str) -> Imported | None:
        """Delete the number; what it was (None: there was none)."""
        with self.db.transaction() as db:
            found = self.get(project, phone)
            if found is not None:
                db.execute("DELETE FROM imported WHERE project = ? AND phone = ?", (project, phone))
        return found

    def _start(
        self,
        db: sqlite3.Connection,
        project: str,
        phone: str,
        track: str,
        kind: str,
        service: str,
        now: float,
    ) -> None:
        state, _ = _outcome(track, kind, phone)
        db.execute(
            f"UPDATE imported SET {track}_type = ?, {track}_state = 'IN_PROGRESS', "
            f"{track}_service = ?, {track}_updated = ?, {track}_next = ?, {track}_due = ? "
            "WHERE project = ? AND phone = ?",
            (kind, service, now, state, now + self.delay, project, phone),
        )

    def anything_due(self, now: float) -> bool:
        """Is a (de)provisioning due (a read on the partial indexes: no write lock)?"""
        return bool(
            self.db.query(
                "SELECT 1 FROM imported WHERE (sms_next IS NOT NULL AND sms_due <= ?) "
                "OR (campaign_next IS NOT NULL AND campaign_due <= ?) LIMIT 1",
                (now, now),
            )
        )

    def settle(self, now: float) -> list[Event]:
        """Finish every (de)provisioning that is due; return the events for callbacks."""
        events: list[Event] = []
        if not self.anything_due(now):
            return events
        with self.db.transaction() as db:
            for track in ("sms", "campaign"):
                due = db.execute(
                    f"SELECT project, phone, resource, {track}_type, {track}_next, {track}_due, "
                    f"callback_url FROM imported WHERE {track}_next IS NOT NULL "
                    f"AND {track}_due <= ? ORDER BY {track}_due",
                    (now,),
                ).fetchall()
                for project, phone, resource, kind, state, when, callback_url in due:
                    db.execute(
                        f"UPDATE imported SET {track}_state = ?, {track}_updated = ?, "
                        f"{track}_next = NULL, {track}_due = NULL "
                        "WHERE project = ? AND phone = ?",
                        (state, when, project, phone),
                    )
                    _, failure = _outcome(track, kind, phone)
                    event = _EVENTS[(track, kind)]
                    ok = state == "DONE"
                    events.append(Event(project, phone, resource, event, ok, failure, callback_url))
        return events

    def of_order(self, project: str, order_id: str) -> list[Imported]:
        """The numbers an import order took, by phone number."""
        found = self.db.query(
            f"SELECT {_COLUMNS} FROM imported WHERE project = ? AND order_id = ? "
            "AND resource = ? ORDER BY phone",
            (project, order_id, HOSTING_ORDER_NUMBER),
        )
        return [Imported(*values) for values in found]
