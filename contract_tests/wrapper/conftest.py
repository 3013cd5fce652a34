"""Wrapper tests run against the sandbox in-process (`sandbox`, `client`, `aclient` from
`contract_tests/conftest.py`), or respx where a fault must be exact."""

from __future__ import annotations

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
from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID, PortServer

from ..conftest import (
    API_VERSION,
    VERIFIED,
    InProcess,
    client_kwargs,
    directory_settings,
    seed_numbers,
    voice_codes,
)

__all__ = ["client_kwargs"]  # the tests' one way to build a client's settings, from ..conftest

PROJECT = DEFAULT_PROJECT_ID
FAKE_BASE = "https://qn.test"
FAKE_TOKEN_URL = "https://auth.test/oauth2/token"
#: A number used where any valid one does.
ONE = "+12025550134"
API = f"{FAKE_BASE}/{API_VERSION}/projects/{PROJECT}/qualifiedNumbers"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def pytest_itemcollected(item: pytest.Item) -> None:
    directory_settings(item, seed=11)


def seed(sandbox: InProcess | PortServer, numbers: list[str], state: str = VERIFIED) -> None:
    seed_numbers(sandbox.url, numbers, state)


def voice_code(sandbox: InProcess | PortServer, phone: str) -> str:
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
