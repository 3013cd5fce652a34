"""Callbacks: signatures, parsing, the ASGI receiver, and end to end with the sandbox."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import httpx
import pytest

from sinch_qualified_numbers import BlanketLoa, QualifiedNumbersClient
from sinch_qualified_numbers.callbacks import (
    SINCH_CALLBACK_SOURCES,
    CallbackEvent,
    CallbackVerifier,
    EventStatus,
    EventType,
    FailureCode,
    InvalidCallbackError,
    InvalidSignatureError,
    ResourceType,
    UntrustedSourceError,
    asgi_app,
    parse_event,
    sign,
    verify_signature,
)
from sinch_qualified_numbers_sandbox import (
    DEFAULT_CALLBACK_SECRET,
    PortServer,
    serve_app_in_thread,
)

from ..conftest import free_port
from .conftest import client_kwargs, seed

SECRET = "callback-secret"
#: A recent event: the receiver refuses events older than its max_event_age as replays.
SENT_AT = dt.datetime.now(dt.UTC).replace(microsecond=0)
BODY = json.dumps(
    {
        "eventId": "e1",
        "timestamp": SENT_AT.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "projectId": "p",
        "resourceId": "+12025550134",
        "resourceType": "IMPORTED_NUMBER",
        "eventType": "PROVISIONING_TO_SMS_PLATFORM",
        "status": "FAILED",
        "failureCode": "INVALID_NNID",
    }
).encode()


def test_signature_cases() -> None:
    good = sign(BODY, SECRET)
    assert verify_signature(BODY, good, SECRET)
    assert verify_signature(BODY, good.upper(), SECRET)
    assert not verify_signature(BODY, good, "other-secret")
    assert not verify_signature(BODY, None, SECRET)
    assert not verify_signature(BODY, "", SECRET)
    assert not verify_signature(BODY, "zz" * 20, SECRET)
    changed = BODY.replace(b"FAILED", b"FAILEd")
    assert len(changed) == len(BODY) and not verify_signature(changed, good, SECRET)
    assert not verify_signature(BODY + b" ", good, SECRET)


def test_verifier_raises_and_hides_the_secret() -> None:
    verifier = CallbackVerifier(SECRET)
    assert SECRET not in repr(verifier)
    with pytest.raises(InvalidSignatureError, match="missing"):
        verifier.verify_and_parse(BODY, {})
    with pytest.raises(InvalidSignatureError, match="does not match"):
        verifier.verify_and_parse(BODY, {"X-Sinch-Signature": sign(BODY, "nope")})
    event = verifier.verify_and_parse(BODY, {"X-Sinch-Signature": sign(BODY, SECRET)})
    assert event.event_id == "e1"


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_event_type_parses(event_type: EventType) -> None:
    event = parse_event(
        json.dumps({"eventId": "x", "eventType": event_type.value, "status": "SUCCEEDED"})
    )
    assert event.event_type is event_type
    assert event.status is EventStatus.SUCCEEDED and event.succeeded


@pytest.mark.parametrize("code", list(FailureCode))
def test_every_failure_code_parses(code: FailureCode) -> None:
    assert parse_event(json.dumps({"failureCode": code.value})).failure_code is code


def test_full_event_and_unknown_values() -> None:
    event = parse_event(BODY)
    assert event.resource_type is ResourceType.IMPORTED_NUMBER
    assert event.failure_code is FailureCode.INVALID_NNID
    assert event.timestamp == SENT_AT
    newer = parse_event(
        json.dumps({"eventType": "PORT_OUT", "failureCode": "SOMETHING_NEW", "extra": 1})
    )
    assert newer.event_type == "PORT_OUT" and newer.failure_code == "SOMETHING_NEW"
    assert newer.raw["extra"] == 1
    sparse = parse_event(b"{}")
    assert sparse.event_id is None and sparse.timestamp is None and sparse.status is None


@pytest.mark.parametrize("body", [b"{not json", b"[1]", b'"x"', b"\xff\xfe"])
def test_malformed_bodies(body: bytes) -> None:
    with pytest.raises(InvalidCallbackError):
        parse_event(body)


def _post(url: str, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["X-Sinch-Signature"] = signature
    return httpx.post(url, content=body, headers=headers)


def test_asgi_receiver_dedupes_and_rejects() -> None:
    received: list[CallbackEvent] = []
    with serve_app_in_thread(asgi_app(SECRET, received.append)) as receiver:
        url = receiver.url + "/"
        second = BODY.replace(b'"e1"', b'"e2"')
        # out of order and twice
        for body in (second, BODY, second, BODY):
            assert _post(url, body, sign(body, SECRET)).status_code == 200
        assert _post(url, BODY, sign(BODY, "wrong")).status_code == 401
        assert _post(url, BODY, None).status_code == 401
        bad = b"{oops"
        assert _post(url, bad, sign(bad, SECRET)).status_code == 400
        assert httpx.get(url).status_code == 405
    assert [e.event_id for e in received] == ["e2", "e1"]


def test_asgi_receiver_handler_failure_lets_the_service_retry() -> None:
    calls: list[str] = []

    async def flaky(event: CallbackEvent) -> None:
        calls.append(str(event.event_id))
        if len(calls) == 1:
            raise RuntimeError("database down")

    with serve_app_in_thread(asgi_app(SECRET, flaky)) as receiver:
        assert _post(receiver.url, BODY, sign(BODY, SECRET)).status_code == 500
        assert _post(receiver.url, BODY, sign(BODY, SECRET)).status_code == 200
        assert _post(receiver.url, BODY, sign(BODY, SECRET)).status_code == 200
    assert calls == ["e1", "e1"]


# Served: the served sandbox's ticker sends callbacks to a receiver on a port.
@pytest.mark.served
def test_end_to_end_with_the_sandbox(sandbox: PortServer) -> None:
    numbers = ["+12025550134", "+12025559903", "+14165550123"]
    seed(sandbox, numbers)
    received: list[CallbackEvent] = []
    with serve_app_in_thread(asgi_app(DEFAULT_CALLBACK_SECRET, received.append)) as receiver:
        with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
            result = client.qualified_numbers.text_enable(
                numbers,
                service_plan_id="p",
                loa=BlanketLoa(),
                campaign_id="C1",
                callback_url=receiver.url + "/hook",
            )
        assert result.ok
        deadline = time.monotonic() + 10
        while (
            len({(e.resource_id, e.event_type) for e in received}) < 8
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
    outcomes = {(e.resource_id, e.event_type): (e.status, e.failure_code) for e in received}
    for number in ("+12025550134", "+14165550123"):
        assert outcomes[(number, EventType.HOSTING_PROCESS)] == (EventStatus.SUCCEEDED, None)
        assert outcomes[(number, EventType.LINK_TO_10DLC_CAMPAIGN)] == (EventStatus.SUCCEEDED, None)
    assert outcomes[("+12025559903", EventType.HOSTING_PROCESS)] == (
        EventStatus.FAILED,
        FailureCode.NUMBER_PROVISIONING_FAILED,
    )
    assert len({e.event_id for e in received}) == len(received)


def test_cli_listen_prints_events(tmp_path: Any) -> None:
    port = free_port()
    env = {**os.environ, "MY_SECRET": SECRET}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sinch_qualified_numbers.cli",
            "callbacks",
            "listen",
            "--port",
            str(port),
            "--secret-env",
            "MY_SECRET",
            "--output",
            "jsonl",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                answer = _post(f"http://127.0.0.1:{port}/", BODY, sign(BODY, SECRET))
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "listener did not start"
                time.sleep(0.1)
        assert answer.status_code == 200
        assert process.stdout is not None
        assert json.loads(process.stdout.readline())["eventId"] == "e1"
    finally:
        process.terminate()
        process.wait(timeout=10)
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "sinch_qualified_numbers.cli",
            "callbacks",
            "listen",
            "--secret-env",
            "NOPE_NOT_SET",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert missing.returncode == 2 and "NOPE_NOT_SET" in missing.stderr


def _event_schema() -> dict[str, Any]:
    from contract_tests.conftest import load_spec

    hook = load_spec()["x-webhooks"]["textEnablementEvent"]["post"]
    return cast(dict[str, Any], hook["requestBody"]["content"]["application/json"])


def test_the_event_enums_are_the_spec_s_generated_ones() -> None:
    """One source: the callback module's enums are the models generated from the spec's
    schemas that the event payload refers to, not copies of their values."""
    from sinch_qualified_numbers_api import models

    props = _event_schema()["schema"]["properties"]
    for field_name, enum_type in [
        ("eventType", EventType),
        ("status", EventStatus),
        ("resourceType", ResourceType),
        ("failureCode", FailureCode),
    ]:
        ref = props[field_name]["anyOf"][0]["$ref"]
        assert enum_type is getattr(models, ref.rsplit("/", 1)[1])
    example = parse_event(json.dumps(_event_schema()["example"]))
    assert example.event_type is EventType.PROVISIONING_TO_SMS_PLATFORM


def _spec_failure_codes() -> list[str]:
    from contract_tests.conftest import load_spec

    return [str(code) for code in load_spec()["components"]["schemas"]["FailureCode"]["enum"]]


@pytest.mark.parametrize("code", _spec_failure_codes())
def test_every_failure_code_of_the_spec_is_typed(code: str) -> None:
    event = parse_event(json.dumps({"status": "FAILED", "failureCode": code}))
    assert isinstance(event.failure_code, FailureCode) and event.failure_code.value == code


def test_an_unknown_failure_code_stays_a_string() -> None:
    assert len(_spec_failure_codes()) == 15  # what Sinch publishes (openapi/SERVICE.md)
    event = parse_event(json.dumps({"status": "FAILED", "failureCode": "SOMETHING_NEW"}))
    assert event.failure_code == "SOMETHING_NEW" and not isinstance(event.failure_code, FailureCode)


def test_source_allow_list_is_off_by_default_and_checks_the_peer() -> None:
    headers = {"x-sinch-signature": sign(BODY, SECRET)}
    assert CallbackVerifier(SECRET).verify_and_parse(BODY, headers, peer="203.0.113.9")
    strict = CallbackVerifier(SECRET, allowed_sources=SINCH_CALLBACK_SOURCES)
    assert strict.verify_and_parse(BODY, headers, peer="54.76.19.159").event_id == "e1"
    with pytest.raises(UntrustedSourceError, match=r"203\.0\.113\.9"):
        strict.verify(BODY, headers, peer="203.0.113.9")
    with pytest.raises(UntrustedSourceError):
        strict.verify(BODY, headers)  # no peer known: refused, never assumed good


def test_forwarded_header_is_honoured_only_when_configured() -> None:
    spoofed = {"x-sinch-signature": sign(BODY, SECRET), "x-forwarded-for": "54.76.19.159"}
    plain = CallbackVerifier(SECRET, allowed_sources=["54.76.19.159/32"])
    with pytest.raises(UntrustedSourceError):
        plain.verify(BODY, spoofed, peer="10.0.0.2")  # the header is ignored unless trusted
    proxied = CallbackVerifier(
        SECRET, allowed_sources=["54.76.19.159/32"], trusted_proxy_header="X-Forwarded-For"
    )
    proxied.verify(BODY, spoofed, peer="10.0.0.2")
    # The proxy appends the address it saw: a value the sender put first does not count.
    appended = {**spoofed, "x-forwarded-for": "54.76.19.159, 198.51.100.7"}
    with pytest.raises(UntrustedSourceError, match=r"198\.51\.100\.7"):
        proxied.verify(BODY, appended, peer="10.0.0.2")


def test_allow_list_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="not an IP network"):
        CallbackVerifier(SECRET, allowed_sources=["sinch.com"])
    with pytest.raises(ValueError, match="empty"):
        CallbackVerifier(SECRET, allowed_sources=[])
    with pytest.raises(ValueError, match="one string"):
        CallbackVerifier(SECRET, allowed_sources="54.76.19.159")


def test_asgi_receiver_refuses_sources_outside_the_allow_list() -> None:
    received: list[CallbackEvent] = []
    app = asgi_app(SECRET, received.append, allowed_sources=["192.0.2.0/24"])
    with serve_app_in_thread(app) as receiver:  # the test's own peer is 127.0.0.1
        answer = _post(receiver.url, BODY, sign(BODY, SECRET))
    assert answer.status_code == 403 and received == []
    allowing = asgi_app(SECRET, received.append, allowed_sources=["127.0.0.0/8"])
    with serve_app_in_thread(allowing) as receiver:
        assert _post(receiver.url, BODY, sign(BODY, SECRET)).status_code == 200
    assert [e.event_id for e in received] == ["e1"]


def test_every_line_of_the_trusted_proxy_header_is_read() -> None:
    # The sender's own line first, the proxy's line (the address it saw) last: the last
    # address of the last line is the source, as the docs say.
    proxied = CallbackVerifier(
        SECRET, allowed_sources=["54.76.19.159/32"], trusted_proxy_header="x-forwarded-for"
    )
    signature = sign(BODY, SECRET).encode()
    lines = [
        (b"x-sinch-signature", signature),
        (b"x-forwarded-for", b"54.76.19.159"),
        (b"x-forwarded-for", b"198.51.100.7"),
    ]
    with pytest.raises(UntrustedSourceError, match=r"198\.51\.100\.7"):
        proxied.verify(BODY, lines, peer="10.0.0.2")
    assert proxied.source_of("10.0.0.2", httpx.Headers(lines)) == "198.51.100.7"
    proxied.verify(BODY, list(reversed(lines)), peer="10.0.0.2")  # the proxy's line is last
    app = asgi_app(proxied, lambda event: None)
    with serve_app_in_thread(app) as receiver:
        answer = httpx.post(receiver.url, content=BODY, headers=httpx.Headers(lines))
    assert answer.status_code == 403, answer.text


def _event(**changes: Any) -> bytes:
    data = {**json.loads(BODY), **changes}
    return json.dumps({k: v for k, v in data.items() if v is not None}).encode()


@pytest.mark.parametrize("timestamp", [None, "yesterday", 1707585729, "", "2024-02-30T00:00:00Z"])
def test_an_event_whose_age_cannot_be_judged_is_refused(timestamp: Any) -> None:
    # Without a readable timestamp the age check cannot refuse a replay once the event has
    # left the ID window: such an event is refused (400), unless max_event_age is None.
    body = _event(eventId="no-age", timestamp=timestamp)
    received: list[CallbackEvent] = []
    with serve_app_in_thread(asgi_app(SECRET, received.append)) as receiver:
        answer = _post(receiver.url, body, sign(body, SECRET))
    assert answer.status_code == 400 and "timestamp" in answer.json()["message"]
    assert received == []
    with serve_app_in_thread(asgi_app(SECRET, received.append, max_event_age=None)) as receiver:
        assert _post(receiver.url, body, sign(body, SECRET)).status_code == 200
    assert [e.event_id for e in received] == ["no-age"]


def test_a_synchronous_handler_runs_off_the_event_loop() -> None:
    entered = threading.Event()
    release = threading.Event()

    def slow(event: CallbackEvent) -> None:
        entered.set()
        release.wait(30)

    with serve_app_in_thread(asgi_app(SECRET, slow)) as receiver, ThreadPoolExecutor(1) as pool:
        posted = pool.submit(_post, receiver.url, BODY, sign(BODY, SECRET))
        assert entered.wait(10)
        # The handler is still blocked: the loop answers other requests meanwhile.
        assert httpx.get(receiver.url, timeout=10).status_code == 405
        assert not posted.done()
        release.set()
        assert posted.result(10).status_code == 200


def test_unrelated_events_are_handled_at_once_and_one_event_only_once() -> None:
    # Six events whose handlers each wait for all six to be running: they can only all
    # succeed if none waits behind another.
    together = threading.Barrier(6, timeout=15)
    handled: list[str] = []

    def meet(event: CallbackEvent) -> None:
        handled.append(str(event.event_id))
        together.wait()

    bodies = [_event(eventId=f"e{i}") for i in range(6)]
    with serve_app_in_thread(asgi_app(SECRET, meet)) as receiver, ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda b: _post(receiver.url, b, sign(b, SECRET)), bodies))
    assert [a.status_code for a in answers] == [200] * 6
    assert sorted(handled) == [f"e{i}" for i in range(6)]

    # The same event delivered twice at once still runs its handler once.
    first_running = threading.Event()
    release = threading.Event()
    calls: list[str] = []

    def once(event: CallbackEvent) -> None:
        calls.append(str(event.event_id))
        first_running.set()
        release.wait(30)

    with serve_app_in_thread(asgi_app(SECRET, once)) as receiver, ThreadPoolExecutor(2) as pool:
        first = pool.submit(_post, receiver.url, BODY, sign(BODY, SECRET))
        assert first_running.wait(10)
        second = pool.submit(_post, receiver.url, BODY, sign(BODY, SECRET))
        time.sleep(0.2)  # the duplicate's request reaches the receiver while the first runs
        release.set()
        assert first.result(10).status_code == 200
        assert second.result(10).json()["message"] == "duplicate"
    assert calls == ["e1"]
