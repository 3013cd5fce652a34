"""Wrapper tests run against the sandbox served by uvicorn on a local port, in a thread (one
server per test module, reset before each test), or against respx where a fault must be
exact."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from sinch_qualified_numbers import (
    Address,
    AsyncQualifiedNumbersClient,
    AuthorisedPerson,
    DirectLoa,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers._async import _transport as async_transport
from sinch_qualified_numbers._sync import _transport as sync_transport
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxConfig,
    serve_in_thread,
)

from ..conftest import API_VERSION, VERIFIED, seed_numbers, voice_codes

PROJECT = DEFAULT_PROJECT_ID
FAKE_BASE = "https://qn.test"
FAKE_TOKEN_URL = "https://auth.test/oauth2/token"
#: A number used where any valid one does.
ONE = "+12025550134"
API = f"{FAKE_BASE}/{API_VERSION}/projects/{PROJECT}/qualifiedNumbers"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def running() -> Iterator[PortServer]:
    with serve_in_thread(
        SandboxConfig(
            eligibility_delay=0,
            hosting_delay=0,
            loa_signature_delay=0,
            provisioning_delay=0,
            seed=11,
        )
    ) as server:
        yield server


@pytest.fixture
def sandbox(running: PortServer) -> PortServer:
    running.sandbox.reset()
    running.sandbox.faults.update(
        {
            "rate_429": 0,
            "rate_500": 0,
            "rate_503": 0,
            "drop_before": 0,
            "drop_after": 0,
            "error_after": 0,
            "latency_ms": 0,
            "operations": [],
        }
    )
    return running


def client_kwargs(sandbox: PortServer, **extra: Any) -> dict[str, Any]:
    return {
        "project_id": PROJECT,
        "key_id": DEFAULT_KEY_ID,
        "key_secret": DEFAULT_KEY_SECRET,
        "base_url": sandbox.url,
        "token_url": f"{sandbox.url}/oauth2/token",
        **extra,
    }


@pytest.fixture
def client(sandbox: PortServer) -> Iterator[QualifiedNumbersClient]:
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as c:
        yield c


@pytest.fixture
async def aclient(sandbox: PortServer) -> AsyncIterator[AsyncQualifiedNumbersClient]:
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox)) as c:
        yield c


def seed(sandbox: PortServer, numbers: list[str], state: str = VERIFIED) -> None:
    seed_numbers(sandbox.url, numbers, state)


def voice_code(sandbox: PortServer, phone: str) -> str:
    return voice_codes(sandbox.url)[phone]


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the retry waits instead of sleeping."""
    waited: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(sync_transport, "sleep", waited.append)
    monkeypatch.setattr(async_transport, "asleep", fake_async_sleep)
    return waited


def _fake_options(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "project_id": PROJECT,
        "key_id": "key-id",
        "key_secret": "s3cr3t-key-secret",
        "base_url": FAKE_BASE,
        "token_url": FAKE_TOKEN_URL,
        "auth": "basic",
        **extra,
    }


def fake_client(**extra: Any) -> QualifiedNumbersClient:
    """A client of a fake host, for respx; Basic auth unless said otherwise."""
    return QualifiedNumbersClient(**_fake_options(extra))


def fake_async_client(**extra: Any) -> AsyncQualifiedNumbersClient:
    return AsyncQualifiedNumbersClient(**_fake_options(extra))


def number_json(phone: str, state: str = "GLOBAL_PROCESS_STATE_VERIFIED") -> dict[str, Any]:
    return {
        "phoneNumber": phone,
        "projectId": PROJECT,
        "regionCode": "US",
        "globalProcessState": state,
    }


#: A complete direct LOA, for the tests that text-enable.
LOA = DirectLoa(
    authorised_person=AuthorisedPerson(
        first_name="Jane", last_name="Doe", email="jane@example.com"
    ),
    address=Address(
        building_number="1",
        street="Main Street",
        city="Springfield",
        state="IL",
        postal_code="62701",
        country="US",
    ),
    current_voice_carrier="Verizon",
)
