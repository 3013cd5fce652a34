"""The state under crashes and concurrency: a state change and the callback events it causes
are one transaction (a sandbox killed with SIGKILL mid-update loses none), and every handler
that checks then writes does both in one immediate transaction (the same numbers are never in
two hosting orders; a concurrent add of one number is the 409 a sequential one gets), with
threads of one in-process sandbox and with two sandbox processes on one state file."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    InProcessServer,
    SandboxAdmin,
)
from sinch_qualified_numbers_sandbox.in_process import BASE_URL

from ..conftest import API_VERSION, free_port

AUTH = (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
NUMBERS = f"/{API_VERSION}/projects/{DEFAULT_PROJECT_ID}/qualifiedNumbers"
HOSTING_DONE = "GLOBAL_PROCESS_STATE_HOSTING_DONE"


@contextmanager
def sandbox_process(db: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m sinch_qualified_numbers_sandbox --db db` on a free port, once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sinch_qualified_numbers_sandbox",
            "--port",
            str(port),
            "--db",
            str(db),
            "--eligibility-delay",
            "0",
            "--loa-signature-delay",
            "0",
            *extra,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/_sandbox/faults", auth=AUTH, timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, "the sandbox process exited"
                assert time.monotonic() < deadline, "the sandbox process did not start"
                time.sleep(0.05)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)


class _Receiver(BaseHTTPRequestHandler):
    events: list[dict[str, Any]]
    lock: threading.Lock

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        with self.lock:
            self.events.append(json.loads(body))
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def receiver() -> Iterator[tuple[str, Callable[[], list[dict[str, Any]]]]]:
    """A callback receiver on loopback: (its URL, what it received so far)."""
    events: list[dict[str, Any]] = []
    lock = threading.Lock()
    handler = type("Receiver", (_Receiver,), {"events": events, "lock": lock})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def received() -> list[dict[str, Any]]:
        with lock:
            return list(events)

    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/callbacks", received
    finally:
        server.shutdown()
        server.server_close()


def _text_enable(http: httpx.Client, phones: list[str], callback_url: str = "") -> httpx.Response:
    body: dict[str, Any] = {
        "regionCode": "US",
        "numbers": phones,
        "servicePlanId": "plan",
        "blanketLoaInfo": {},
    }
    if callback_url:
        body["callbackUrl"] = callback_url
    return http.post(f"{NUMBERS}:textEnableNumbers", json=body)


def _done_numbers(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        found: int = conn.execute(
            "SELECT COUNT(*) FROM numbers WHERE state = ?", (HOSTING_DONE,)
        ).fetchone()[0]
    conn.close()
    return found


# -- a state change and its events are one transaction -----------------------------------------


def test_a_sandbox_killed_mid_clock_advance_loses_no_callback_event(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    phones = [f"+1202555{i:04d}" for i in range(1000, 1200)]
    with receiver() as (callback_url, received):
        with sandbox_process(db, "--hosting-delay", "600") as (url, process):
            with SandboxAdmin(url, key_id=AUTH[0], key_secret=AUTH[1]) as admin:
                admin.seed(phones)
            with httpx.Client(base_url=url, auth=AUTH, timeout=30) as http:
                assert _text_enable(http, phones, callback_url).status_code == 200

            def advance() -> None:
                with contextlib.suppress(httpx.TransportError):  # killed under it
                    httpx.post(
                        f"{url}/_sandbox/clock:advance",
                        json={"seconds": 700},
                        auth=AUTH,
                        timeout=30,
                    )

            mover = threading.Thread(target=advance)
            mover.start()
            # The moment the first number is seen hosted, the process dies: with the state
            # change committed before its events, they would be lost for good.
            deadline = time.monotonic() + 30
            while _done_numbers(db) == 0:
                assert time.monotonic() < deadline, "no number was ever hosted"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            mover.join(timeout=30)
        hosted_at_kill = _done_numbers(db)
        assert hosted_at_kill > 0
        # Restarted on the same state file: whatever had not happened happens now (the clock
        # moves again, which changes nothing that already happened), and every event of every
        # hosted number is delivered by the ticker.
        with sandbox_process(db, "--hosting-delay", "600") as (url, _):
            httpx.post(
                f"{url}/_sandbox/clock:advance", json={"seconds": 700}, auth=AUTH, timeout=30
            ).raise_for_status()
            wanted = {
                (p, e) for p in phones for e in ("PROVISIONING_TO_SMS_PLATFORM", "HOSTING_PROCESS")
            }
            deadline = time.monotonic() + 30
            while {(e["resourceId"], e["eventType"]) for e in received()} != wanted:
                if time.monotonic() > deadline:
                    got = {(e["resourceId"], e["eventType"]) for e in received()}
                    raise AssertionError(
                        f"{len(wanted - got)} of {len(wanted)} events never delivered "
                        f"({hosted_at_kill} numbers hosted when the sandbox was killed)"
                    )
                time.sleep(0.1)
            assert _done_numbers(db) == len(phones)
    # Each event has one ID (one sent again after the kill keeps its ID, as receivers expect).
    by_id = {e["eventId"]: (e["resourceId"], e["eventType"]) for e in received()}
    assert len(by_id) == len(wanted)


# -- check and write in one transaction: threads, and two processes on one state file ----------


def _race(
    urls: list[str],
    calls: int,
    send: Callable[[httpx.Client], httpx.Response],
    transport: httpx.BaseTransport | None = None,
) -> list[httpx.Response]:
    """`calls` threads (spread over `urls`) send at the same moment; their answers."""
    barrier = threading.Barrier(calls)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        with httpx.Client(
            base_url=urls[index % len(urls)], auth=AUTH, timeout=60, transport=transport
        ) as http:
            barrier.wait()
            answer = send(http)
            answer.read()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == calls
    return answers


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two sandbox processes serving one state file."""
    db = tmp_path_factory.mktemp("shared") / "state.db"
    with sandbox_process(db, "--hosting-delay", "600") as (first, _):
        with sandbox_process(db, "--hosting-delay", "600") as (second, _):
            yield [first, second]


@pytest.fixture
def in_process() -> Iterator[tuple[list[str], httpx.BaseTransport]]:
    """One in-process sandbox, reached by threads (each runs it on its own event loop)."""
    with InProcessServer(hosting_delay=600, eligibility_delay=0) as sandbox:
        yield [BASE_URL], sandbox.transport()


def _never_two_orders(urls: list[str], transport: httpx.BaseTransport | None) -> None:
    rounds, threads = 6, 8
    admin = SandboxAdmin(urls[0], key_id=AUTH[0], key_secret=AUTH[1], transport=transport)
    before = len(admin.hosting_orders())
    for round_ in range(rounds):
        phones = [f"+1303555{round_}{i:03d}" for i in range(100)]
        admin.seed(phones)
        answers = _race(urls, threads, functools.partial(_text_enable, phones=phones), transport)
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200] + [400] * (threads - 1), statuses
        refused = [a.json() for a in answers if a.status_code == 400]
        assert {r["status"] for r in refused} == {"FAILED_PRECONDITION"}
        submissions = admin.submissions()
        assert {submissions[p] for p in phones} == {1}, "a number was submitted twice"
    assert len(admin.hosting_orders()) == before + rounds
    admin.close()


def test_threads_never_put_the_same_numbers_in_two_orders(
    in_process: tuple[list[str], httpx.BaseTransport],
) -> None:
    _never_two_orders(*in_process)


def test_two_processes_on_one_file_never_put_the_same_numbers_in_two_orders(
    two_processes: list[str],
) -> None:
    _never_two_orders(two_processes, None)


def _add(http: httpx.Client, phone: str) -> httpx.Response:
    return http.post(f"{NUMBERS}:addNumbers", json={"phoneNumbers": [phone]})


def _one_add_wins(urls: list[str], transport: httpx.BaseTransport | None) -> None:
    rounds, threads = 20, 8
    for round_ in range(rounds):
        phone = f"+1404555{round_:04d}"
        answers = _race(urls, threads, functools.partial(_add, phone=phone), transport)
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200] + [409] * (threads - 1), (phone, statuses)
        for answer in answers:
            if answer.status_code == 409:
                assert answer.json()["status"] == "ALREADY_EXISTS"
                assert phone in answer.json()["message"]


def test_threads_adding_one_number_get_one_200_and_409s(
    in_process: tuple[list[str], httpx.BaseTransport],
) -> None:
    _one_add_wins(*in_process)


def test_two_processes_adding_one_number_get_one_200_and_409s(two_processes: list[str]) -> None:
    _one_add_wins(two_processes, None)


def _import(http: httpx.Client, phone: str) -> httpx.Response:
    return http.post(
        f"/{API_VERSION}/projects/{DEFAULT_PROJECT_ID}/importedNumbers",
        json={
            "phoneNumber": phone,
            "regionCode": "US",
            "smsConfiguration": {"servicePlanId": "plan"},
        },
    )


def test_threads_importing_one_number_get_one_200_and_409s(
    in_process: tuple[list[str], httpx.BaseTransport],
) -> None:
    urls, transport = in_process
    for round_ in range(20):
        phone = f"+1505555{round_:04d}"
        answers = _race(urls, 8, functools.partial(_import, phone=phone), transport)
        assert sorted(a.status_code for a in answers) == [200] + [409] * 7, phone
