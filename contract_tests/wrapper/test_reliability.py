"""The client's and the receiver's guarantees that need no misbehaving server: every public
error is a QualifiedNumbersError, the new limits are settings like the others, and the
callback receiver holds neither slow nor unsigned bodies, nor takes replays."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    ConfigurationError,
    InvalidArgumentError,
    PagerReusedError,
    QualifiedNumbersClient,
    QualifiedNumbersError,
)
from sinch_qualified_numbers.callbacks import CallbackEvent, CallbackVerifier, asgi_app, sign
from sinch_qualified_numbers_sandbox import serve_app_in_thread

from ..conftest import API_VERSION, InProcess
from .conftest import API, fake_async_client, fake_client

SECRET = "callback-secret"


@pytest.mark.parametrize("secret", ["", None, "   ", "\t\n", "abc\x00def", "line\nbreak", 5])
def test_a_bad_callback_secret_is_a_typed_error(secret: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="callback secret"):
        CallbackVerifier(secret)


def test_bad_allow_lists_are_typed_errors() -> None:
    for sources in (["sinch.com"], [], "54.76.19.159", [None], 5):
        with pytest.raises(InvalidArgumentError):
            CallbackVerifier(SECRET, allowed_sources=sources)  # type: ignore[arg-type]


@respx.mock
def test_a_pager_iterated_twice_is_a_typed_error() -> None:
    respx.get(f"{API}").mock(
        return_value=httpx.Response(200, json={"qualifiedNumbers": [], "nextPageToken": ""})
    )
    with fake_client() as client:
        pager = client.qualified_numbers.list()
        assert list(pager) == []
        with pytest.raises(PagerReusedError):
            list(pager)


@pytest.mark.anyio
@respx.mock
async def test_an_async_pager_iterated_twice_is_a_typed_error() -> None:
    respx.get(f"{API}").mock(
        return_value=httpx.Response(200, json={"qualifiedNumbers": [], "nextPageToken": ""})
    )
    async with fake_async_client() as client:
        pager = client.qualified_numbers.list()
        assert [n async for n in pager] == []
        with pytest.raises(QualifiedNumbersError):
            [n async for n in pager]


def test_the_limits_are_settings_arguments_then_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SINCH_QN_ATTEMPT_TIMEOUT", "7.5")
    monkeypatch.setenv("SINCH_QN_MAX_RESPONSE_BYTES", "65536")
    monkeypatch.setenv("SINCH_QN_MAX_RETRY_AFTER", "5")
    with fake_client() as client:
        config = client.config
        assert (config.attempt_timeout, config.max_response_bytes, config.max_retry_after) == (
            7.5,
            65536,
            5.0,
        )
        copy = client.with_options(attempt_timeout=3)
        assert copy.config.attempt_timeout == 3
    with fake_client(attempt_timeout=2, max_response_bytes=4096, max_retry_after=1) as client:
        assert client.config.attempt_timeout == 2 and client.config.max_response_bytes == 4096
    monkeypatch.setenv("SINCH_QN_ATTEMPT_TIMEOUT", "soon")
    with pytest.raises(ConfigurationError, match="SINCH_QN_ATTEMPT_TIMEOUT"):
        fake_client()
    monkeypatch.delenv("SINCH_QN_ATTEMPT_TIMEOUT")
    for bad in (
        {"attempt_timeout": 0},
        {"max_retry_after": float("inf")},
        {"max_response_bytes": 1},
    ):
        with pytest.raises(ConfigurationError):
            QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s", **bad)
    with pytest.raises(ConfigurationError):
        AsyncQualifiedNumbersClient(project_id="p", key_id="k", key_secret="s", attempt_timeout=-1)


# -- the callback receiver ---------------------------------------------------------------------


def _body(event_id: object, age: float = 0) -> bytes:
    sent = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age)
    return json.dumps(
        {"eventId": event_id, "timestamp": sent.isoformat(), "eventType": "HOSTING_PROCESS"}
    ).encode()


def _post(url: str, body: bytes) -> httpx.Response:
    return httpx.post(url, content=body, headers={"x-sinch-signature": sign(body, SECRET)})


def test_event_ids_0_and_string_0_are_two_events() -> None:
    received: list[CallbackEvent] = []
    with serve_app_in_thread(asgi_app(SECRET, received.append)) as receiver:
        assert _post(receiver.url, _body(0)).json()["message"] == "ok"
        assert _post(receiver.url, _body("0")).json()["message"] == "ok"
        assert _post(receiver.url, _body("0")).json()["message"] == "duplicate"
    assert [e.raw["eventId"] for e in received] == [0, "0"]


def test_an_event_older_than_the_max_age_is_refused_as_a_replay() -> None:
    received: list[CallbackEvent] = []
    app = asgi_app(SECRET, received.append, max_event_age=3600)
    with serve_app_in_thread(app) as receiver:
        old = _post(receiver.url, _body("old", age=7200))
        fresh = _post(receiver.url, _body("fresh", age=60))
    assert old.status_code == 400 and "older than" in old.json()["message"]
    assert fresh.status_code == 200
    assert [e.event_id for e in received] == ["fresh"]
    anything = asgi_app(SECRET, received.append, max_event_age=None)
    with serve_app_in_thread(anything) as receiver:
        assert _post(receiver.url, _body("ancient", age=10**8)).status_code == 200


def _raw(url: str, head: bytes, body: bytes = b"") -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(head + body)
    return sock


def _status(sock: socket.socket) -> int:
    answer = sock.recv(65536)
    return int(answer.split(b" ", 2)[1])


def test_an_unsigned_request_is_refused_before_its_body() -> None:
    with serve_app_in_thread(asgi_app(SECRET, lambda e: None)) as receiver:
        head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
        sock = _raw(receiver.url, head, b"{")  # 1 byte of a promised megabyte
        try:
            assert _status(sock) == 401
        finally:
            sock.close()


def test_a_declared_size_over_the_limit_is_refused_before_the_body() -> None:
    app = asgi_app(SECRET, lambda e: None, max_body_bytes=1000)
    with serve_app_in_thread(app) as receiver:
        head = (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
            b"X-Sinch-Signature: " + b"a" * 40 + b"\r\n\r\n"
        )
        sock = _raw(receiver.url, head)
        try:
            assert _status(sock) == 413
        finally:
            sock.close()


def test_a_stalled_body_is_let_go_after_the_receive_timeout() -> None:
    app = asgi_app(SECRET, lambda e: None, receive_timeout=0.5)
    with serve_app_in_thread(app) as receiver:
        head = (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
            b"X-Sinch-Signature: " + b"a" * 40 + b"\r\n\r\n"
        )
        started = time.monotonic()
        sock = _raw(receiver.url, head, b"{")
        try:
            assert _status(sock) == 408
        finally:
            sock.close()
        assert time.monotonic() - started < 5


def test_receiver_arguments_are_checked() -> None:
    for bad in (
        {"receive_timeout": 0},
        {"max_event_age": -1},
        {"max_body_bytes": 0},
        {"remember": 0},
    ):
        with pytest.raises(InvalidArgumentError):
            asgi_app(SECRET, lambda e: None, **bad)


def test_the_sandbox_refuses_the_secrets_the_client_refuses(sandbox: InProcess) -> None:
    with httpx.Client(base_url=sandbox.url, auth=("sandbox-key-id", "sandbox-key-secret")) as http:
        path = f"/{API_VERSION}/projects/sandbox-project/callbackConfiguration"
        for secret in ("   ", "abc\x00def", "two\nlines", "\t"):
            answer = http.patch(path, json={"hmacSecret": secret})
            assert answer.status_code == 400, (secret, answer.text)
            with pytest.raises(InvalidArgumentError):
                CallbackVerifier(secret)
        assert http.patch(path, json={"hmacSecret": "a fine secret"}).status_code == 200


def test_a_lost_answer_whose_reads_fail_is_unknown_not_failed(
    sandbox: Any, sleeps: list[float]
) -> None:
    from sinch_qualified_numbers import BlanketLoa, TextEnableFailedError

    from .conftest import client_kwargs, seed

    numbers = [f"+1202555{n:04d}" for n in range(1000, 1010)]
    seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {
            "per_operation": {
                "textEnableNumbers": {"error_after": 1.0},
                "getQualifiedNumber": {"rate_503": 1.0},
            }
        }
    )
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    # Unknown, never failed: the service may hold them (it does).
    assert set(result.unknown) == set(numbers) and not result.failed and not result.ok
    with pytest.raises(TextEnableFailedError, match="10 numbers have an unknown outcome"):
        result.raise_for_failures()
    # The rerun learns from the service's refusal what the lost answer hid: they are taken.
    sandbox.sandbox.faults.update({"per_operation": {}})
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        again = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=BlanketLoa())
    assert set(again.already_enabled) == set(numbers) and not again.unknown
    assert not again.failed and not again.enabled
