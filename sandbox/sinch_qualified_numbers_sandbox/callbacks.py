"""Signed text-enablement callbacks, as the service sends them to a hosting order's callbackUrl.

Events are written to the outbox (the `outbox` table, whose SQL is here) when a transition
happens and delivered by the ticker (or `POST /_sandbox/callbacks:deliver`), each signed with
`X-Sinch-Signature`: the hex HMAC-SHA1 of the raw body with the callback secret. Only loopback
URLs are ever contacted; events for other URLs are dropped and counted as undeliverable.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import socket
import threading
import unicodedata
import uuid
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

import httpx

from sinch_qualified_numbers.callbacks import is_loopback_url, sign, verify_signature

from . import process as pr
from .clock import Clock
from .db import MAX_CALLBACK_ATTEMPTS, PENDING, Database
from .http.errors import bad_request
from .http.render import rfc3339
from .magic import Magic, magic_for
from .resources.callback_configuration.state import CallbackConfiguration
from .resources.hosting_orders.state import HostingOrders
from .resources.imported_numbers.state import Event, Imported
from .resources.qualified_numbers.state import Row, StateChange

log = logging.getLogger("sinch_qualified_numbers_sandbox.callbacks")

#: The longest callback URL accepted (browsers and most servers stop near here too).
MAX_URL_LENGTH = 2048
#: The longest one delivery attempt may take, connection to answer's headers: a receiver that
#: stalls holds up only its own project's queue, and only this long.
DELIVERY_DEADLINE = 10.0


#: Unicode categories no URL may hold: control characters (`\r`, `\n`, `\t`, `\x00`...),
#: lone surrogates, line and paragraph separators. Spaces and non-ASCII text are encoded
#: when sent, as browsers do.
_UNSENDABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address `host` spells, in any of the forms a resolver accepts (`127.1`,
    `2130706433`, `0x7f.0.0.1`, `[::ffff:127.0.0.1]`), or None for a name."""
    try:
        found = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        if not host or not all(c in "0123456789abcdefxABCDEFX." for c in host):
            return None
        try:  # the legacy IPv4 forms inet_aton (and so every resolver) accepts
            found = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def _is_local(host: str) -> bool:
    """Does `host` reach this machine: localhost, a loopback or the unspecified address,
    however spelt? Wider than the loopback rule (`is_loopback`) on purpose: this one refuses
    a callback URL that could reach the sandbox itself, the other says where it delivers."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    found = _address(host)
    return found is not None and (found.is_loopback or found.is_unspecified)


def _port(parts: SplitResult) -> int:
    port = parts.port  # ValueError when out of range
    return port if port is not None else (443 if parts.scheme == "https" else 80)


def refusal(url: str, own_addresses: set[tuple[str, int]]) -> str | None:
    """Why `url` cannot be a callback URL, or None when it can: an absolute http(s) URL
    without control characters or line breaks, at most MAX_URL_LENGTH long, without
    credentials (`user:password@`), with a host and a port in 1..65535, that does not reach
    the sandbox itself (events sent there could drive its own endpoints)."""
    if len(url) > MAX_URL_LENGTH:
        return f"The callback URL is longer than {MAX_URL_LENGTH} characters."
    if any(unicodedata.category(c) in _UNSENDABLE for c in url):
        return "The callback URL holds a control character or a line break."
    try:
        parts = urlsplit(url)
        port = _port(parts)
        parsed = httpx.URL(url)
    except (ValueError, httpx.InvalidURL):
        return "The callback URL is not a valid URL."
    if parts.scheme.lower() not in ("http", "https"):
        return "The callback URL must be an http or https URL."
    if "@" in parts.netloc or parsed.userinfo:
        # They would be sent on to whatever the URL names (another local service); Sinch
        # signs its callbacks instead. Never quoted back.
        return "The callback URL must not carry credentials (user:password@): remove them."
    host = parts.hostname or ""
    if not host:
        return "The callback URL has no host."
    if not 1 <= port <= 65535:
        return "The callback URL's port must be between 1 and 65535."
    if _is_local(host) and any(port == own for _, own in own_addresses):
        return "The callback URL points at the sandbox itself; use a receiver."
    return None


def checked_callback_url(body: dict[str, Any], own_addresses: set[tuple[str, int]]) -> str:
    """A request body's `callbackUrl` (`""` if none), checked when it is given so that
    delivery never meets a URL it cannot send to: see `refusal` (one that reaches the sandbox
    itself is refused too, as events sent there could drive its own endpoints)."""
    url = body.get("callbackUrl", "")
    if not isinstance(url, str):
        raise bad_request("callbackUrl", "The callback URL must be a string.")
    reason = refusal(url, own_addresses) if url else None
    if reason is not None:
        raise bad_request("callbackUrl", reason)
    return url


#: The only callback URLs the sandbox contacts: on this machine (the client's one loopback rule).
is_loopback = is_loopback_url

#: The outbox's table (what a reset empties).
TABLES = ("outbox",)


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


class Outbox:
    """The events to deliver and how their deliveries went."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def enqueue(self, url: str, body: dict[str, Any]) -> None:
        project = body.get("projectId")
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO outbox (url, body, created, project) VALUES (?, ?, ?, ?)",
                (url, json.dumps(body), self.clock.now(), str(project or "")),
            )

    def pending(
        self, project: str | None = None, per_project: int = 100
    ) -> list[tuple[int, str, str, bytes]]:
        """(id, project, url, body) of the events still to deliver, oldest first, at most
        `per_project` of each project (so one project's backlog never hides another's); only
        `project`'s when given."""
        where = PENDING
        parameters: tuple[Any, ...] = ()
        if project is not None:
            where += " AND project = ?"
            parameters += (project,)
        found = self.db.query(
            "SELECT id, project, url, body FROM (SELECT id, project, url, body, "
            "ROW_NUMBER() OVER (PARTITION BY project ORDER BY id) AS n "
            f"FROM outbox WHERE {where}) WHERE n <= ? ORDER BY id",
            (*parameters, per_project),
        )
        return [(ident, owner, url, body.encode()) for ident, owner, url, body in found]

    def pending_projects(self, project: str | None = None) -> list[str]:
        """The projects with events still to deliver (`project` alone, if it has some)."""
        where = PENDING + (" AND project = ?" if project is not None else "")
        parameters = (project,) if project is not None else ()
        found = self.db.query(f"SELECT DISTINCT project FROM outbox WHERE {where}", parameters)
        return [owner for (owner,) in found]

    def mark(
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
        with self.db.transaction() as db:
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

    def latest(self, limit: int = 200, project: str | None = None) -> list[SentCallback]:
        """The newest events of the outbox (only `project`'s when given: filtered before the
        limit, so other projects' newer events never hide them), newest first."""
        where, parameters = ("WHERE project = ? ", (project,)) if project is not None else ("", ())
        found = self.db.query(
            "SELECT id, url, body, attempts, delivered, created, answer, signature, reason "
            f"FROM outbox {where}ORDER BY id DESC LIMIT ?",
            (*parameters, limit),
        )
        return [
            SentCallback(i, url, body, attempts, bool(done), created, answer, signature, reason)
            for i, url, body, attempts, done, created, answer, signature, reason in found
        ]


#: How often a delivery round waiting for another round of its project looks again.
_ROUND_POLL = 0.005


class _Rounds:
    """The projects a delivery round is working on, across threads and event loops: the
    in-process sandbox runs each thread's requests on that thread's own loop, and an asyncio
    lock belongs to one loop (another loop waiting on it fails, or waits for good)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy: set[str] = set()

    def claim(self, project: str) -> bool:
        with self._lock:
            if project in self._busy:
                return False
            self._busy.add(project)
            return True

    def release(self, project: str) -> None:
        with self._lock:
            self._busy.discard(project)

    def busy(self, project: str) -> bool:
        with self._lock:
            return project in self._busy


class CallbackDispatcher:
    def __init__(
        self,
        outbox: Outbox,
        orders: HostingOrders,
        configuration: CallbackConfiguration,
        own_addresses: set[tuple[str, int]] | None = None,
    ) -> None:
        self.outbox = outbox
        self.orders = orders
        self.configuration = configuration
        #: Deliver only to receivers on this machine. The in-process sandbox turns it off: its
        #: deliveries are recorded and never reach the network, so an application's own
        #: (production) callback URL is recorded too.
        self.loopback_only = True
        # Where the sandbox itself is served: a callback there could drive its own endpoints.
        self.own_addresses = own_addresses if own_addresses is not None else set()
        # One client per event loop: a connection pool belongs to the loop that opened it.
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient]
        self._clients = weakref.WeakKeyDictionary()
        self._clients_lock = threading.Lock()
        # A project's events are delivered by one round at a time, whichever thread or loop
        # runs it.
        self._rounds = _Rounds()
        self._tasks: set[asyncio.Task[None]] = set()

    def _event(
        self,
        project: str,
        phone: str,
        event_type: str,
        ok: bool,
        failure: str | None,
        resource_type: str = "HOSTING_ORDER_NUMBER",
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "eventId": str(uuid.uuid4()),
            "timestamp": rfc3339(self.outbox.clock.now()),
            "projectId": project,
            "resourceId": phone,
            "resourceType": resource_type,
            "eventType": event_type,
            "status": "SUCCEEDED" if ok else "FAILED",
        }
        if failure:
            body["failureCode"] = failure
        return body

    def on_transitions(self, transitions: list[StateChange]) -> None:
        for change in transitions:
            if not change.callback_url or not change.order_id:
                continue
            if change.state not in (pr.HOSTING_DONE, pr.HOSTING_FAILED):
                continue
            found = self.orders.order(change.order_id)
            order = found[0] if found else {}
            ok = change.state == pr.HOSTING_DONE
            # Sinch documents that a failed provisioning event carries no failureCode.
            events = [
                self._event(change.project, change.phone, "PROVISIONING_TO_SMS_PLATFORM", ok, None)
            ]
            if ok and order.get("campaignId"):
                link_fails = magic_for(change.phone) is Magic.CAMPAIGN_LINK_FAILS
                events.append(
                    self._event(
                        change.project,
                        change.phone,
                        "LINK_TO_10DLC_CAMPAIGN",
                        not link_fails,
                        "CAMPAIGN_NOT_AVAILABLE" if link_fails else None,
                    )
                )
            events.append(
                self._event(
                    change.project,
                    change.phone,
                    "HOSTING_PROCESS",
                    ok,
                    None if ok else "NUMBER_PROVISIONING_FAILED",
                )
            )
            for event in events:
                self.outbox.enqueue(change.callback_url, event)

    def on_imported_events(self, events: list[Event]) -> None:
        for event in events:
            if event.callback_url:
                body = self._event(
                    event.project,
                    event.phone,
                    event.event_type,
                    event.ok,
                    event.failure,
                    event.resource,
                )
                self.outbox.enqueue(event.callback_url, body)

    def on_imported_delete(self, number: Imported) -> None:
        if number.callback_url:
            body = self._event(number.project, number.phone, "DELETE", True, None, number.resource)
            self.outbox.enqueue(number.callback_url, body)

    def on_delete(self, project: str, row: Row) -> None:
        if not row.order_id:
            return
        found = self.orders.order(row.order_id)
        if found and found[1]:
            self.outbox.enqueue(found[1], self._event(project, row.phone, "DELETE", True, None))

    def signature_is_valid(self, body: bytes, signature: str) -> bool:
        """Does `signature` verify against the event's project's current secret? (False once
        the secret changed after the event was sent.)"""
        return verify_signature(body, signature, self._secret_for(body))

    def _secret_for(self, body: bytes) -> str:
        """The secret of the event's project if one was set, else the sandbox's default:
        signed at delivery, so a secret changed meanwhile signs what is sent from then on."""
        try:
            project = json.loads(body).get("projectId")
        except (ValueError, AttributeError):
            project = None
        if isinstance(project, str):
            return self.configuration.secret(project)
        return self.configuration.default_secret

    async def deliver(self, project: str | None = None) -> int:
        """Try every pending event (only `project`'s when given) once; return how many were
        delivered. Each project's queue is worked on its own, side by side, so a slow or
        broken receiver delays only its own project; an event that fails for any reason is
        marked failed with the reason, never left in the way of the next."""
        counts: list[int] = []
        async with asyncio.TaskGroup() as group:
            for owner in self.outbox.pending_projects(project):
                group.create_task(self._drain(owner, counts))
        return sum(counts)

    def start_deliveries(self) -> None:
        """The ticker's round: start delivering each project's pending events unless a round
        for that project is still running (a stalled receiver keeps only its own project
        waiting)."""
        for owner in self.outbox.pending_projects():
            if self._rounds.busy(owner):
                continue
            task = asyncio.create_task(self._drain(owner, []))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _drain(self, project: str, counts: list[int]) -> None:
        # Waits for a round of the project under way (on this loop or another thread's), then
        # reads what is pending: that round has delivered what it read.
        while not self._rounds.claim(project):
            await asyncio.sleep(_ROUND_POLL)
        try:
            for ident, _, url, body in self.outbox.pending(project):
                counts.append(await self._deliver_one(ident, url, body))
        finally:
            self._rounds.release(project)

    def _client(self) -> httpx.AsyncClient:
        """This event loop's client."""
        loop = asyncio.get_running_loop()
        with self._clients_lock:
            client = self._clients.get(loop)
            if client is None:
                client = self._clients[loop] = httpx.AsyncClient(timeout=5.0)
            return client

    async def _deliver_one(self, ident: int, url: str, body: bytes) -> int:
        """One attempt at one event; 1 when delivered. Never raises (but cancellation)."""
        try:
            reason = refusal(url, self.own_addresses)
            if reason is None and self.loopback_only and not is_loopback(url):
                reason = "The sandbox only calls receivers on this machine (loopback)."
            if reason is not None:
                self.outbox.mark(ident, delivered=False, reason=reason, final=True)
                return 0
            signature = sign(body, self._secret_for(body))
            client = self._client()
            answer = 0
            why = ""
            try:
                async with asyncio.timeout(DELIVERY_DEADLINE):
                    # The receiver's body is never read: its status is the whole answer.
                    async with client.stream(
                        "POST",
                        url,
                        content=body,
                        headers={
                            "content-type": "application/json",
                            "x-sinch-signature": signature,
                        },
                    ) as response:
                        answer = response.status_code
                if answer >= 300:
                    why = f"The receiver answered {answer}."
            except TimeoutError:
                why = f"The receiver did not answer within {DELIVERY_DEADLINE:g} s."
            except Exception as exc:  # any failure of this one attempt, e.g. httpx's
                why = f"The delivery failed: {type(exc).__name__}."
                log.info("callback %s to %s failed: %r", ident, url, exc)
            ok = not why
            self.outbox.mark(ident, delivered=ok, answer=answer, signature=signature, reason=why)
            return int(ok)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug here must still not block the queue
            log.exception("callback %s could not be delivered", ident)
            try:
                self.outbox.mark(
                    ident,
                    delivered=False,
                    reason=f"The sandbox could not deliver it: {type(exc).__name__}.",
                    final=True,
                )
            except Exception:
                log.exception("callback %s could not be marked", ident)
            return 0

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with self._clients_lock:
            client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()
