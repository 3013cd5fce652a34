"""The sandbox POSTs signed events to a hosting order's callbackUrl (loopback only)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sinch_qualified_numbers_sandbox import (
    DEFAULT_CALLBACK_SECRET,
    PortServer,
    serve_app_in_thread,
)

from .conftest import BASE, advance, verify

# Served: the served sandbox's ticker sends the events to a receiver on a port, and only to
# loopback (in-process, every delivery is recorded, to any URL, and none is sent).
pytestmark = pytest.mark.served


def _receiver(received: list[tuple[bytes, str]]) -> Starlette:
    async def hook(request: Request) -> Response:
        received.append((await request.body(), request.headers.get("x-sinch-signature", "")))
        return Response(status_code=200)

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


def _wait_for(predicate: Any, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_signed_events_reach_a_loopback_receiver(sandbox: PortServer, http: httpx.Client) -> None:
    received: list[tuple[bytes, str]] = []
    ok, bad, unlinked = "+12025550134", "+12025559903", "+12025559904"
    with serve_app_in_thread(_receiver(received)) as receiver:
        verify(http, ok, bad, unlinked)
        answer = http.post(
            f"{BASE}:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": [ok, bad, unlinked],
                "servicePlanId": "p",
                "campaignId": "C1",
                "blanketLoaInfo": {},
                "callbackUrl": f"{receiver.url}/hook",
            },
        )
        assert answer.status_code == 200
        advance(http, 601)
        _wait_for(lambda: len(received) >= 8)
    events = []
    for body, signature in received:
        expected = hmac.new(DEFAULT_CALLBACK_SECRET.encode(), body, hashlib.sha1).hexdigest()
        assert hmac.compare_digest(signature, expected)
        events.append(json.loads(body))
    by_number = {
        (e["resourceId"], e["eventType"]): (e["status"], e.get("failureCode")) for e in events
    }
    assert by_number[(ok, "PROVISIONING_TO_SMS_PLATFORM")] == ("SUCCEEDED", None)
    assert by_number[(ok, "LINK_TO_10DLC_CAMPAIGN")] == ("SUCCEEDED", None)
    assert by_number[(ok, "HOSTING_PROCESS")] == ("SUCCEEDED", None)
    assert by_number[(bad, "HOSTING_PROCESS")] == ("FAILED", "NUMBER_PROVISIONING_FAILED")
    # Sinch documents that a failed provisioning event carries no failureCode.
    assert by_number[(bad, "PROVISIONING_TO_SMS_PLATFORM")] == ("FAILED", None)
    # Magic 9904: hosted, but the campaign link fails with a real campaign code.
    assert by_number[(unlinked, "PROVISIONING_TO_SMS_PLATFORM")] == ("SUCCEEDED", None)
    assert by_number[(unlinked, "LINK_TO_10DLC_CAMPAIGN")] == ("FAILED", "CAMPAIGN_NOT_AVAILABLE")
    assert len({e["eventId"] for e in events}) == len(events)
    assert all(e["projectId"] == "sandbox-project" and e["timestamp"] for e in events)


def test_non_loopback_callback_urls_are_never_contacted(
    sandbox: PortServer, http: httpx.Client
) -> None:
    verify(http, "+12025550134")
    http.post(
        f"{BASE}:textEnableNumbers",
        json={
            "regionCode": "US",
            "numbers": ["+12025550134"],
            "servicePlanId": "p",
            "blanketLoaInfo": {},
            "callbackUrl": "http://203.0.113.10/hook",
        },
    )
    advance(http, 601)
    delivered = http.post("/_sandbox/callbacks:deliver", json={}).json()["delivered"]
    assert delivered == 0


def test_loopback_rule() -> None:
    from sinch_qualified_numbers_sandbox.callbacks import is_loopback

    assert is_loopback("http://127.0.0.1:9000/x")
    assert is_loopback("http://localhost/x")
    assert is_loopback("http://[::1]:8000/")
    assert not is_loopback("http://203.0.113.10/hook")
    assert not is_loopback("http://10.0.0.1/hook")
    assert not is_loopback("https://example.com/hook")
    assert not is_loopback("file:///etc/passwd")


def test_imported_number_events_follow_links_unlinks_and_delete(
    sandbox: PortServer, http: httpx.Client
) -> None:
    received: list[tuple[bytes, str]] = []
    imported = BASE.rsplit("/qualifiedNumbers", 1)[0] + "/importedNumbers"
    phone, failing = "+13035550101", "+13035559904"
    with serve_app_in_thread(_receiver(received)) as receiver:
        for number in (phone, failing):
            created = http.post(
                imported,
                json={
                    "phoneNumber": number,
                    "regionCode": "US",
                    "smsConfiguration": {"servicePlanId": "p", "campaignId": "C1"},
                    "callbackUrl": f"{receiver.url}/hook",
                },
            )
            assert created.status_code == 200, created.text
            assert created.json()["smsProvisioning"]["state"] == "IN_PROGRESS"
        advance(http, 2)
        unlinked = http.patch(
            f"{imported}/%2B13035550101",
            json={"smsConfiguration": {"servicePlanId": "", "campaignId": ""}},
        )
        assert unlinked.status_code == 200, unlinked.text
        advance(http, 2)
        assert http.delete(f"{imported}/%2B13035550101").status_code == 200
        _wait_for(lambda: len(received) >= 7)
    events = [json.loads(body) for body, _ in received]
    seen = {(e["resourceId"], e["eventType"], e["status"], e.get("failureCode")) for e in events}
    assert seen == {
        (phone, "PROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
        (phone, "LINK_TO_10DLC_CAMPAIGN", "SUCCEEDED", None),
        (phone, "DEPROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
        (phone, "UNLINK_TO_10DLC_CAMPAIGN", "SUCCEEDED", None),
        (phone, "DELETE", "SUCCEEDED", None),
        (failing, "PROVISIONING_TO_SMS_PLATFORM", "SUCCEEDED", None),
        (failing, "LINK_TO_10DLC_CAMPAIGN", "FAILED", "CAMPAIGN_NOT_AVAILABLE"),
    }
    assert {e["resourceType"] for e in events} == {"IMPORTED_NUMBER"}
    for body, signature in received:
        expected = hmac.new(DEFAULT_CALLBACK_SECRET.encode(), body, hashlib.sha1).hexdigest()
        assert hmac.compare_digest(signature, expected)
