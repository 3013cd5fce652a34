"""Nothing is lost when the network and the service misbehave (bounded, seeded runs)."""

from __future__ import annotations

import logging

import httpx
import pytest

from sinch_qualified_numbers import QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    FaultConfig,
    InProcessServer,
    SandboxConfig,
    serve_in_thread,
)
from sinch_qualified_numbers_sandbox.in_process import BASE_URL

from ..conftest import API_VERSION, InProcess, client_kwargs

# Dropped connections and timeouts are the in-process transport's too (what httpx raises for
# them over a socket): the sandbox runs in-process, its orders never finishing meanwhile.
pytestmark = pytest.mark.sinch_sandbox(
    eligibility_delay=0, hosting_delay=3600, loa_signature_delay=2, provisioning_delay=1, seed=3
)

MIXED = {
    "rate_429": 0.04,
    "rate_500": 0.03,
    "rate_503": 0.03,
    "drop_before": 0.03,
    "drop_after": 0.04,
    "error_after": 0.03,
    "latency_ms": 2,
    "retry_after_s": 0,
}  # 20% of requests fail, half of those after the service acted


def _client(sandbox: InProcess, **options: object) -> QualifiedNumbersClient:
    return QualifiedNumbersClient(**client_kwargs(sandbox, **options))


def _seed(sandbox: InProcess, numbers: list[str]) -> None:
    rows = [(n, "CA" if n[2:5] == "416" else "US", n[2:5] == "833") for n in numbers]
    sandbox.sandbox.qualified_numbers.seed(
        DEFAULT_PROJECT_ID, rows, "GLOBAL_PROCESS_STATE_VERIFIED"
    )


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    from sinch_qualified_numbers._sync import _transport

    monkeypatch.setattr(_transport, "sleep", lambda seconds: None)
    monkeypatch.setattr("sinch_qualified_numbers._orders.reconcile_pause", lambda attempt: 0.0)


def test_text_enable_5000_numbers_through_20_percent_faults(
    sandbox: InProcess, no_sleep: None
) -> None:
    numbers = (
        [f"+1202555{i:04d}" for i in range(1000, 4000)]
        + [f"+1416555{i:04d}" for i in range(1000, 2500)]
        + [f"+1833555{i:04d}" for i in range(1000, 1500)]
    )
    _seed(sandbox, numbers)
    sandbox.sandbox.faults.update({**MIXED, "seed": 11})
    from sinch_qualified_numbers import Address, AuthorisedPerson, DirectLoa

    loa = DirectLoa(
        authorised_person=AuthorisedPerson(first_name="J", last_name="D", email="j@example.com"),
        address=Address(
            building_number="1", street="S", city="C", state="IL", postal_code="1", country="US"
        ),
        current_voice_carrier="V",
    )
    with _client(sandbox, max_retries=5, max_concurrency=4) as client:
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=loa)
    injected = sandbox.sandbox.faults.describe()["injected"]
    sandbox.sandbox.faults.update({k: 0 for k in MIXED})
    assert sum(injected.values()) > 20 and {"drop_after", "error_after", "429"} <= set(injected)

    submissions = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert set(submissions.values()) <= {1}, "a number was submitted twice"
    assert set(result.enabled) | set(result.failed) == set(numbers)
    assert not set(result.enabled) & set(result.failed)
    assert set(submissions) == set(result.enabled)
    rows = sandbox.sandbox.qualified_numbers.existing(DEFAULT_PROJECT_ID, numbers)
    for number in numbers:
        row = rows[number]
        if number in result.enabled:
            assert row.state == "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
            order = result.enabled[number]
            assert order is None or order == row.order_id
        else:
            assert row.state == "GLOBAL_PROCESS_STATE_VERIFIED"
    # With max_retries=5 every chunk gets up to six submissions: all numbers go through.
    assert result.ok, {n: str(e) for n, e in list(result.failed.items())[:5]}
    assert len(submissions) == len(numbers)


def test_list_20000_numbers_through_20_percent_faults(sandbox: InProcess, no_sleep: None) -> None:
    numbers = [f"+1{area}555{i:04d}" for area in (202, 303) for i in range(10_000)]
    _seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {
            "rate_429": 0.05,
            "rate_500": 0.05,
            "rate_503": 0.05,
            "drop_before": 0.05,
            "retry_after_s": 0,
            "seed": 5,
            "operations": ["listQualifiedNumbers"],
        }
    )
    with _client(sandbox, max_retries=6) as client:
        seen = [
            n.phone_number
            for n in client.qualified_numbers.list(states=["VERIFIED"], page_size=1000)
        ]
    assert seen == numbers
    assert sum(sandbox.sandbox.faults.describe()["injected"].values()) > 3


def test_transient_token_failures_and_no_secret_in_logs(
    sandbox: InProcess, no_sleep: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _seed(sandbox, ["+12025550134"])
    sandbox.sandbox.faults.update(
        {
            "rate_503": 0.5,
            "drop_before": 0.2,
            "retry_after_s": 0,
            "seed": 2,
            "operations": ["oauth2Token"],
        }
    )
    for _ in range(5):
        with _client(sandbox, max_retries=8) as client:  # each new client fetches a new token
            assert client.qualified_numbers.get("+12025550134").phone_number == "+12025550134"
    assert sandbox.sandbox.faults.describe()["injected"]
    assert "/oauth2/token -> 503" in caplog.text
    assert DEFAULT_KEY_SECRET not in caplog.text
    for token in sandbox.sandbox.auth._tokens:
        assert token not in caplog.text
    assert "Basic " not in caplog.text and "Bearer " not in caplog.text


def test_fault_config_is_reproducible() -> None:
    """Two sandboxes with the same seed inject the same faults in the same order."""
    outcomes = []
    for _ in range(2):
        config = SandboxConfig(faults=FaultConfig(rate_503=0.3, seed=9))
        with (
            InProcessServer(config) as owner,
            httpx.Client(
                transport=owner.transport(), auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
            ) as http,
        ):
            codes = [
                http.get(
                    f"{BASE_URL}/{API_VERSION}/projects/{DEFAULT_PROJECT_ID}/qualifiedNumbers",
                    params={"states": "GLOBAL_PROCESS_STATE_VERIFIED"},
                ).status_code
                for _ in range(20)
            ]
        outcomes.append(codes)
    assert outcomes[0] == outcomes[1] and 503 in outcomes[0]


def test_import_1000_numbers_in_5_number_orders_through_20_percent_faults(
    sandbox: InProcess, no_sleep: None
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1700)] + [
        f"+1416555{i:04d}" for i in range(1000, 1300)
    ]
    sandbox.sandbox.faults.update({**MIXED, "seed": 12})
    with _client(sandbox, max_retries=5, max_concurrency=16) as client:
        result = client.hosting_orders.import_numbers(numbers, service_plan_id="p")
    injected = sandbox.sandbox.faults.describe()["injected"]
    sandbox.sandbox.faults.update({k: 0 for k in MIXED})
    assert {"drop_after", "error_after"} <= set(injected)

    submissions = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert set(submissions.values()) <= {1}, "a number was imported twice"
    assert set(result.imported) | set(result.failed) == set(numbers)
    assert not set(result.imported) & set(result.failed)
    imported = sandbox.sandbox.imported_numbers.existing(DEFAULT_PROJECT_ID, numbers)
    assert imported == set(result.imported)  # none lost, none claimed that is not there
    assert all(len(order.numbers) <= 5 for order in result.orders)
    assert result.ok, {n: str(e) for n, e in list(result.failed.items())[:5]}


def test_move_1000_numbers_through_20_percent_faults_never_half_moves_silently(
    sandbox: InProcess, no_sleep: None
) -> None:
    numbers = [f"+1303555{i:04d}" for i in range(1000, 2000)]
    imported = sandbox.sandbox.imported_numbers
    imported.create(
        DEFAULT_PROJECT_ID,
        [(n, "US") for n in numbers],
        service_plan_id="old-plan",
        campaign_id="OLD",
    )
    sandbox.sandbox.faults.update({**MIXED, "seed": 13})
    with _client(sandbox, max_retries=2, max_concurrency=16) as client:
        result = client.imported_numbers.move_many(
            numbers, service_plan_id="new-plan", campaign_id="NEW"
        )
        injected = sandbox.sandbox.faults.describe()["injected"]
        sandbox.sandbox.faults.update({k: 0 for k in MIXED})
        assert {"drop_after", "error_after"} <= set(injected)

        groups = (
            set(result.moved),
            set(result.unlinked),
            set(result.failed),
            set(result.unknown),  # a lost answer whose read-back failed too
        )
        assert set().union(*groups) == set(numbers)
        assert sum(map(len, groups)) == len(numbers)  # each number exactly once

        def links(number: str) -> tuple[str, str]:
            found = imported.get(DEFAULT_PROJECT_ID, number)
            assert found is not None
            return found.service_plan_id, found.campaign_id

        assert all(links(n) == ("new-plan", "NEW") for n in result.moved)
        assert all(links(n) == ("old-plan", "OLD") for n in result.failed)  # untouched
        assert all(links(n) == ("", "") for n in result.unlinked)
        assert result.unlinked or result.failed or result.unknown  # the faults landed
        # Whatever was left unfinished, moving it again finishes it.
        rest = [*result.unlinked, *result.failed, *result.unknown]
        again = client.imported_numbers.move_many(
            rest, service_plan_id="new-plan", campaign_id="NEW"
        )
        assert again.ok and set(again.moved) == set(rest)
    assert all(links(n) == ("new-plan", "NEW") for n in numbers)


@pytest.mark.parametrize("kind", ["drop_before", "drop_after"])
def test_an_injected_dropped_connection_is_logged_in_one_line_without_a_traceback(
    caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    # A server of its own: the point is uvicorn's log of the dropped connection, on a socket.
    caplog.set_level(logging.INFO)
    sandbox = serve_in_thread(SandboxConfig(eligibility_delay=0, hosting_delay=3600, seed=3))
    sandbox.sandbox.faults.update({kind: 1.0, "operations": ["getQualifiedNumber"]})
    url = f"{sandbox.url}/{API_VERSION}/projects/{DEFAULT_PROJECT_ID}/qualifiedNumbers/+12025550134"
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.get(url, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET))
    sandbox.stop()  # the server's log of the connection is written before it stops
    dropped = [r for r in caplog.records if "drop" in r.getMessage().lower()]
    assert [r.getMessage() for r in dropped] == [
        f"injected fault: {kind} on getQualifiedNumber (the connection is dropped)"
    ]
    assert all(r.exc_info is None for r in caplog.records)
    assert "Traceback" not in caplog.text and "Exception in ASGI application" not in caplog.text
