"""The hostile-input cases found by hand, one test each (the fuzzers keep the classes closed)."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    Sandbox,
    SandboxConfig,
)
from sinch_qualified_numbers_sandbox.in_process import BASE_URL

from ..conftest import InProcess, send_raw
from .conftest import ADMIN_KEY, BASE, DIRECT_LOA, OTHER, restarted

AUTH = (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
TF = "+18335870229"


def _raw_json(http: httpx.Client, url: str, text: str) -> httpx.Response:
    return http.post(url, content=text.encode(), headers={"content-type": "application/json"})


def test_lone_surrogates_are_400_and_change_nothing(sandbox: InProcess, http: httpx.Client) -> None:
    sandbox.sandbox.qualified_numbers.seed(
        PROJECT, [(TF, "US", True)], "GLOBAL_PROCESS_STATE_VERIFIED"
    )
    before = sandbox.sandbox.digest()
    added = _raw_json(http, f"{BASE}:addNumbers", '{"phoneNumbers": ["\\ud800"]}')
    body = {"regionCode": "US", "numbers": [TF], "servicePlanId": "\\ud800"}
    body_text = json.dumps(body).replace("\\\\ud800", "\\ud800")[:-1] + ', "directLoaInfo": '
    toll_free = _raw_json(
        http, f"{BASE}:textEnableTollFreeNumbers", body_text + json.dumps(DIRECT_LOA) + "}"
    )
    assert (added.status_code, toll_free.status_code) == (400, 400)
    assert "surrogate" in toll_free.json()["details"][0]["fieldViolations"][0]["description"]
    assert sandbox.sandbox.digest() == before  # not counted, not HOSTING_IN_PROGRESS
    listing = http.get(f"/_sandbox/projects/{PROJECT}/hostingOrders")
    assert listing.status_code == 200


# Served: a raw Authorization header of bytes no HTTP library sends.
@pytest.mark.served
def test_non_ascii_credentials_are_401(sandbox: PortServer) -> None:
    url = f"{sandbox.url}{BASE}?states=GLOBAL_PROCESS_STATE_VERIFIED"
    assert httpx.get(url, auth=(DEFAULT_KEY_ID, "é")).status_code == 401
    raw_header = _get_line(url) + b"Authorization: Basic \xe9\xe9\xe9\xe9\r\n"
    assert _send_raw(sandbox, raw_header) == 401
    token = f"{sandbox.url}/oauth2/token"
    form = "grant_type=client_credentials&client_id=sandbox-key-id&client_secret=%C3%A9"
    answer = httpx.post(
        token, content=form, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 401
    basic = httpx.post(token, data={"grant_type": "client_credentials"}, auth=("k", "é"))
    assert basic.status_code == 401


def _get_line(url: str) -> bytes:
    target = "/" + url.split("/", 3)[3]
    return f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".encode()


def _send_raw(sandbox: PortServer, head: bytes) -> int:
    return send_raw(sandbox.url, head + b"Content-Length: 0\r\n\r\n")


def test_integers_of_thousands_of_digits_are_400(http: httpx.Client) -> None:
    huge = "1" * 5000
    assert _raw_json(http, f"{BASE}:addNumbers", f'{{"phoneNumbers": [{huge}]}}').status_code == 400
    assert _raw_json(http, "/_sandbox/clock:advance", f'{{"seconds": {huge}}}').status_code == 400


def test_the_clock_cannot_be_broken_and_needs_credentials(
    sandbox: InProcess, http: httpx.Client, tmp_path: Path
) -> None:
    assert (
        httpx.post(f"{sandbox.url}/_sandbox/clock:advance", json={"seconds": 1}).status_code == 401
    )
    for seconds in (1e300, "1e999", -1):
        answer = _raw_json(http, "/_sandbox/clock:advance", f'{{"seconds": {seconds}}}')
        assert answer.status_code == 400, seconds
    assert http.get(BASE, params={"states": "GLOBAL_PROCESS_STATE_VERIFIED"}).status_code == 200
    # A database written with an absurd offset (by an older version) starts at offset 0.
    db = tmp_path / "state.db"
    Sandbox(SandboxConfig(db_path=str(db))).close()
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('clock_offset', '1e300')")
    assert Sandbox(SandboxConfig(db_path=str(db))).clock.offset == 0.0


def test_admin_endpoints_need_credentials_and_reset_only_the_callers_project(
    running: InProcess,
) -> None:
    # The directory's sandbox has two projects (OTHER the second) and an admin key.
    numbers = running.sandbox.qualified_numbers
    numbers.seed(DEFAULT_PROJECT_ID, [("+12025550134", "US", False)], "x")
    numbers.seed(OTHER.project_id, [("+12025550135", "US", False)], "x")
    for method, path in (
        ("POST", "/_sandbox/reset"),
        ("PUT", "/_sandbox/faults"),
        ("GET", "/_sandbox/faults"),
        ("POST", "/_sandbox/clock:advance"),
        ("POST", "/_sandbox/callbacks:deliver"),
    ):
        answer = httpx.request(method, running.url + path, json={})
        assert answer.status_code == 401, (method, path)
    reset = httpx.post(
        f"{running.url}/_sandbox/reset", json={}, auth=(OTHER.key_id, OTHER.key_secret)
    )
    assert reset.status_code == 200
    assert numbers.get(OTHER.project_id, "+12025550135") is None
    assert numbers.get(DEFAULT_PROJECT_ID, "+12025550134") is not None  # untouched
    wrong = httpx.post(f"{running.url}/_sandbox/reset", headers={"x-sandbox-admin-key": "no"})
    assert wrong.status_code == 401
    everyone = httpx.post(
        f"{running.url}/_sandbox/reset", headers={"x-sandbox-admin-key": ADMIN_KEY}
    )
    assert everyone.status_code == 200
    assert numbers.get(DEFAULT_PROJECT_ID, "+12025550134") is None


# Served: the callback URLs are the loopback address and port the sandbox is reached at.
@pytest.mark.served
def test_callbacks_are_never_sent_to_the_sandbox_itself(
    sandbox: PortServer, http: httpx.Client
) -> None:
    sandbox.sandbox.qualified_numbers.seed(
        PROJECT, [("+12025550134", "US", False)], "GLOBAL_PROCESS_STATE_VERIFIED"
    )
    for url in (f"{sandbox.url}/_sandbox/reset", sandbox.url.replace("127.0.0.1", "localhost")):
        answer = http.post(
            f"{BASE}:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": ["+12025550134"],
                "servicePlanId": "p",
                "blanketLoaInfo": {},
                "callbackUrl": url,
            },
        )
        assert answer.status_code == 400
        assert answer.json()["details"][0]["fieldViolations"][0]["field"] == "callbackUrl"


def test_lenient_parsing_is_refused(http: httpx.Client) -> None:
    for size in ("1_0", "\u0662", " 2 ", "+3", "0x10"):
        answer = http.get(
            BASE, params={"states": "GLOBAL_PROCESS_STATE_VERIFIED", "pageSize": size}
        )
        assert answer.status_code == 400, size
    plain = http.post(
        f"{BASE}:addNumbers",
        content=b'{"phoneNumbers": ["+12025550134"]}',
        headers={"content-type": "text/plain"},
    )
    assert plain.status_code == 400
    twice = _raw_json(
        http, f"{BASE}:addNumbers", '{"phoneNumbers": ["+12025550134"], "phoneNumbers": []}'
    )
    assert twice.status_code == 400 and "more than once" in twice.text


# Served: raw bytes, and the 414 of the server's own request-line limit.
@pytest.mark.served
def test_an_overlong_query_is_414_not_a_reset(sandbox: PortServer) -> None:
    url = f"{sandbox.url}{BASE}?states=GLOBAL_PROCESS_STATE_VERIFIED&x=" + "a" * 830_000
    credentials = base64.b64encode(f"{DEFAULT_KEY_ID}:{DEFAULT_KEY_SECRET}".encode())
    head = _get_line(url) + b"Authorization: Basic " + credentials + b"\r\n"
    assert _send_raw(sandbox, head) == 414


# Served: a client closing its connection while the server still works on its request.
@pytest.mark.served
def test_a_client_leaving_during_latency_is_not_a_sandbox_bug(
    sandbox: PortServer, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.sandbox.faults.update({"latency_ms": 300})
    try:
        with caplog.at_level(logging.ERROR, logger="sinch_qualified_numbers_sandbox"):
            with pytest.raises(httpx.TimeoutException):
                http.post(
                    f"{BASE}:addNumbers",
                    json={"phoneNumbers": ["+12025550134"]},
                    timeout=0.05,
                )
            import time

            time.sleep(0.6)
    finally:
        sandbox.sandbox.faults.update({"latency_ms": 0})
    assert not [r for r in caplog.records if "sandbox bug" in r.getMessage()]


def test_page_tokens_survive_a_restart_with_a_db(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    config = SandboxConfig(db_path=db)
    params = {"states": "GLOBAL_PROCESS_STATE_VERIFIED", "pageSize": "2"}
    numbers = [(f"+1202555{i:04d}", "US", False) for i in range(100, 105)]
    with restarted(config) as first:
        first.sandbox.qualified_numbers.seed(
            DEFAULT_PROJECT_ID, numbers, "GLOBAL_PROCESS_STATE_VERIFIED"
        )
        page = httpx.get(f"{BASE_URL}{BASE}", params=params, auth=AUTH).json()
    with restarted(config):
        more = httpx.get(
            f"{BASE_URL}{BASE}", params={**params, "pageToken": page["nextPageToken"]}, auth=AUTH
        )
    assert more.status_code == 200
    seen = [n["phoneNumber"] for n in page["qualifiedNumbers"] + more.json()["qualifiedNumbers"]]
    assert seen == [n for n, _, _ in numbers[:4]]


PROJECT = DEFAULT_PROJECT_ID
