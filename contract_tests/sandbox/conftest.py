"""Sandbox tests drive the sandbox over HTTP: the `sandbox` of `contract_tests/conftest.py` with
this directory's settings, in-process (the shipped plugin's `sinch_sandbox`: every httpx client
of the test reaches it at its `url`, no port); a module or test marked `served` gets the same
settings served by uvicorn on a loopback port, where sockets are the point (raw bytes, dropped
connections, callbacks sent to a receiver, the address the sandbox is reached at)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    Credential,
    InProcessServer,
    PortServer,
    SandboxConfig,
    sinch_sandbox,
)

from ..conftest import API_VERSION, InProcess, directory_settings, voice_codes

OTHER = Credential("other-project", "other-key", "other-secret")
#: With two projects, the shared clock moves with the admin key only (a project's key moving it
#: would change the other project's timings).
ADMIN_KEY = "sandbox-tests-admin-key"
PROJECT = DEFAULT_PROJECT_ID
BASE = f"/{API_VERSION}/projects/{PROJECT}/qualifiedNumbers"


def pytest_itemcollected(item: pytest.Item) -> None:
    directory_settings(
        item,
        credentials=(SandboxConfig().credentials[0], OTHER),
        eligibility_delay=60,
        hosting_delay=600,
        loa_signature_delay=0,  # the LOA stage has its own tests
        provisioning_delay=1,
        seed=7,
        token_ttl=30,
        admin_key=ADMIN_KEY,
    )


@pytest.fixture
def running(sandbox: InProcess | PortServer) -> InProcess | PortServer:
    """The test's sandbox under the name some tests give it."""
    return sandbox


@pytest.fixture
def http(sandbox: InProcess | PortServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=sandbox.url, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET), timeout=10
    ) as client:
        yield client


@contextlib.contextmanager
def restarted(config: SandboxConfig) -> Iterator[InProcessServer]:
    """A sandbox of `config` (a `db_path`'s state: each call is a restart), in-process: while
    inside, every httpx client reaches it at `BASE_URL`."""
    with InProcessServer(config) as owner, sinch_sandbox(sandbox=owner, env=False):
        yield owner


def advance(http: httpx.Client, seconds: float) -> None:
    """Move the clock with the caller's key; where the sandbox has two projects (and so a
    project's key may not move the shared clock: 403), with the admin key."""
    response = http.post("/_sandbox/clock:advance", json={"seconds": seconds})
    if response.status_code == 403:
        response = http.post(
            "/_sandbox/clock:advance",
            json={"seconds": seconds},
            headers={"X-Sandbox-Admin-Key": ADMIN_KEY},
        )
    assert response.status_code == 200, response.text


def add(http: httpx.Client, *phones: str) -> list[dict[str, Any]]:
    response = http.post(f"{BASE}:addNumbers", json={"phoneNumbers": list(phones)})
    assert response.status_code == 200, response.text
    numbers: list[dict[str, Any]] = response.json()["qualifiedNumbers"]
    return numbers


def path(phone: str, verb: str = "") -> str:
    return f"{BASE}/{phone.replace('+', '%2B')}{verb}"


def get(http: httpx.Client, phone: str) -> dict[str, Any]:
    response = http.get(path(phone))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def last_code(http: httpx.Client, phone: str) -> str:
    codes = voice_codes(str(http.base_url).rstrip("/"))
    assert phone in codes, f"no voice call to {phone}"
    return codes[phone]


def verify(http: httpx.Client, *phones: str) -> None:
    """Add, wait for eligibility, challenge and verify: the numbers end VERIFIED."""
    add(http, *phones)
    advance(http, 61)
    for phone in phones:
        assert http.post(path(phone, ":sendVoiceChallenge")).status_code == 200
        response = http.post(
            path(phone, ":verifyVoiceChallenge"), json={"code": last_code(http, phone)}
        )
        assert response.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"


DIRECT_LOA = {
    "authorisedPerson": {"firstName": "Jane", "lastName": "Doe", "email": "jane@example.com"},
    "address": {
        "buildingNumber": "1",
        "street": "Main Street",
        "city": "Springfield",
        "state": "IL",
        "postalCode": "62701",
        "country": "US",
    },
    "currentVoiceCarrier": "Verizon",
}


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    """Assert the service's error shape and return it."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == str(status)
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["status"], str) and body["status"]
    return body


def violated_fields(body: dict[str, Any]) -> list[str]:
    return [v["field"] for d in body.get("details", []) for v in d.get("fieldViolations", [])]
