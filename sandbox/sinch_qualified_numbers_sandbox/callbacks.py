"""Signed text-enablement callbacks, as the service sends them to a hosting order's callbackUrl.

Events are written to an outbox in the store when a transition happens and delivered by the
ticker (or `POST /_sandbox/callbacks:deliver`), each signed with `X-Sinch-Signature`: the hex
HMAC-SHA1 of the raw body with the callback secret. Only loopback URLs are ever contacted;
events for other URLs are dropped and counted as undeliverable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from typing import Any
from urllib.parse import urlsplit

import httpx

from sinch_qualified_numbers._config import is_loopback_url

from . import process as pr
from . import store as st
from .imported import Event, Imported
from .magic import Magic, magic_for
from .render import rfc3339

log = logging.getLogger("sinch_qualified_numbers_sandbox.callbacks")

MAX_ATTEMPTS = 5


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def is_loopback(url: str) -> bool:
    """An http(s) URL on loopback: the only kind of callback URL the sandbox contacts."""
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return False
    return scheme in ("http", "https") and is_loopback_url(url)


def targets(url: str, addresses: set[tuple[str, int]]) -> bool:
    """Does `url` reach one of `addresses` (host, port) on loopback?"""
    if not is_loopback(url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    return any(port == own_port for _, own_port in addresses)


class CallbackDispatcher:
    def __init__(
        self, store: st.Store, secret: str, own_addresses: set[tuple[str, int]] | None = None
    ) -> None:
        self.store = store
        self.secret = secret
        # Where the sandbox itself is served: a callback there could drive its own endpoints.
        self.own_addresses = own_addresses if own_addresses is not None else set()
        self._client: httpx.AsyncClient | None = None

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
            "timestamp": rfc3339(self.store.clock.now()),
            "projectId": project,
            "resourceId": phone,
            "resourceType": resource_type,
            "eventType": event_type,
            "status": "SUCCEEDED" if ok else "FAILED",
        }
        if failure:
            body["failureCode"] = failure
        return body

    def on_transitions(self, transitions: list[st.Transition]) -> None:
        for change in transitions:
            if not change.callback_url or not change.order_id:
                continue
            if change.state not in (pr.HOSTING_DONE, pr.HOSTING_FAILED):
                continue
            found = self.store.order(change.order_id)
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
                self.store.enqueue_callback(change.callback_url, event)

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
                self.store.enqueue_callback(event.callback_url, body)

    def on_imported_delete(self, number: Imported) -> None:
        if number.callback_url:
            body = self._event(number.project, number.phone, "DELETE", True, None, number.resource)
            self.store.enqueue_callback(number.callback_url, body)

    def on_delete(self, project: str, row: st.Row) -> None:
        if not row.order_id:
            return
        found = self.store.order(row.order_id)
        if found and found[1]:
            self.store.enqueue_callback(
                found[1], self._event(project, row.phone, "DELETE", True, None)
            )

    def signature_is_valid(self, body: bytes, signature: str) -> bool:
        """Does `signature` verify against the event's project's current secret? (False once
        the secret changed after the event was sent.)"""
        return bool(signature) and hmac.compare_digest(
            signature, sign(body, self._secret_for(body))
        )

    def _secret_for(self, body: bytes) -> str:
        """The secret of the event's project if one was set, else the sandbox's default:
        signed at delivery, so a secret changed meanwhile signs what is sent from then on."""
        try:
            project = json.loads(body).get("projectId")
        except (ValueError, AttributeError):
            project = None
        found = self.store.callback_secret(project) if isinstance(project, str) else None
        return found or self.secret

    async def deliver(self) -> int:
        """Try every pending event once; return how many were delivered."""
        delivered = 0
        for ident, url, body in self.store.pending_callbacks():
            if not is_loopback(url) or targets(url, self.own_addresses):
                self.store.mark_callback(ident, delivered=False)
                continue
            if self._client is None:
                self._client = httpx.AsyncClient(timeout=5.0)
            signature = sign(body, self._secret_for(body))
            answer = 0
            try:
                response = await self._client.post(
                    url,
                    content=body,
                    headers={"content-type": "application/json", "x-sinch-signature": signature},
                )
                answer = response.status_code
                ok = answer < 300
            except httpx.HTTPError as exc:
                log.info("callback to %s failed: %s", url, exc)
                ok = False
            self.store.mark_callback(ident, delivered=ok, answer=answer, signature=signature)
            delivered += ok
        return delivered

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
