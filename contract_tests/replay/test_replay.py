"""The wrapper's behaviour on recorded request/response pairs (see conftest)."""

from __future__ import annotations

import pytest

from sinch_qualified_numbers import (
    BadRequestError,
    BlanketLoa,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID

from .conftest import CASSETTES, Target, secrets_in

VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"


def _seed(target: Target, numbers: list[str], state: str = VERIFIED) -> None:
    if target.sandbox is not None:  # recording against the sandbox; replay needs nothing
        rows = [(n, "CA" if n.startswith("+1416") else "US", False) for n in numbers]
        target.sandbox.sandbox.qualified_numbers.seed(DEFAULT_PROJECT_ID, rows, state)


@pytest.mark.vcr
def test_pagination_across_recorded_pages(target: Target) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1025)]
    _seed(target, numbers)
    with target.client(max_retries=0) as client:
        pager = client.qualified_numbers.list(states=["VERIFIED"], page_size=10)
        pages = list(pager.pages())
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert [n.phone_number for p in pages for n in p.items] == numbers
    assert pager.total_size == 25
    assert pages[-1].next_page_token == ""


@pytest.mark.vcr
def test_chunked_text_enable(target: Target) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 3100)]
    _seed(target, numbers)
    with target.client(max_concurrency=1) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="plan", loa=BlanketLoa()
        )
    assert result.ok
    assert [len(o.numbers) for o in result.orders] == [500, 500, 100]
    assert len({o.hosting_order_id for o in result.orders}) == 3
    assert set(result.enabled) == set(numbers)


@pytest.mark.vcr
def test_a_hosting_orders_whole_life(target: Target) -> None:
    """Created through `hostingOrders:`, waiting for its LOA, signed, then finished: the state,
    report counts and per-number steps at each stage, as recorded."""
    from ..wrapper.conftest import LOA

    numbers = ["+12025554001", "+12025554002", "+12025559903", "+12025559904"]
    _seed(target, numbers)
    with target.client(max_concurrency=1) as client:
        orders = client.hosting_orders
        result = orders.text_enable(numbers, service_plan_id="plan", loa=LOA, campaign_id="C1")
        (order_id,) = result.order_ids()
        assert str(orders.get(order_id).state) == "WAITING_FOR_LOA_SIGNATURE"
        waiting = orders.report(order_id)
        assert (waiting.total, waiting.osr_updated, waiting.sms_provisioned) == (4, 0, 0)
        if target.sandbox is not None:  # the authorised person signs
            target.sandbox.sandbox.hosting_orders.sign_loa(DEFAULT_PROJECT_ID, order_id)
        finished = orders.wait_for([order_id], timeout=60, poll_interval=0.1)
        assert str(finished[order_id].state) == "COMPLETED"
        report = orders.report(order_id)
        assert (report.total, report.osr_updated, report.sms_provisioned) == (4, 4, 3)
        assert report.added_to_campaign == 2  # 9903 was never provisioned, 9904's link failed
        failed = orders.numbers(order_id, platform_provisioning_state="FAILED")
        assert [n.phone_number for n in failed] == ["+12025559903"]
        link = orders.number(order_id, "+12025559904").campaign_provisioning
        assert str(link.state) == "FAILED"


@pytest.mark.vcr
def test_error_mapping_of_recorded_bodies(target: Target) -> None:
    _seed(target, ["+12025550134"])
    _seed(target, ["+12025550135"], "GLOBAL_PROCESS_STATE_ELIGIBLE")
    with target.client(max_retries=0, max_concurrency=1) as client:
        qn = client.qualified_numbers
        with pytest.raises(NotFoundError) as not_found:
            qn.get("+12025550199")
        assert not_found.value.code == "404" and not_found.value.status == "NOT_FOUND"
        with pytest.raises(ConflictError) as conflict:
            # One call: its own error, not AddNumbersError (the default reads it back instead).
            qn.add(["+12025550134"], skip_existing=False)
        assert conflict.value.status_code == 409
        # A number the service refuses as not VERIFIED: reported with its state, not failed.
        refused = qn.text_enable(["+12025550135"], service_plan_id="p", loa=BlanketLoa())
        assert refused.not_verified == {"+12025550135": "GLOBAL_PROCESS_STATE_ELIGIBLE"}
        assert refused.ok and not refused.enabled
    # A refusal of the whole call (above the account's import limit): every number its error.
    with target.client(max_retries=0, max_numbers_per_import_order=6) as client:
        six = [f"+1202555{i:04d}" for i in range(2100, 2106)]
        result = client.hosting_orders.import_numbers(six, service_plan_id="p")
        error = result.failed[six[0]]
        assert isinstance(error, BadRequestError) and set(result.failed) == set(six)
        assert [v.field for v in error.field_violations] == ["numbers"]
    with target.client(max_retries=0, max_concurrency=1) as client:
        qn = client.qualified_numbers
        if target.sandbox is not None:
            target.sandbox.sandbox.faults.update(
                {"rate_429": 1.0, "retry_after_s": 3, "operations": ["getQualifiedNumber"]}
            )
        with pytest.raises(RateLimitError) as limited:
            qn.get("+12025550134")
        assert limited.value.headers["retry-after"] == "3"
        if target.sandbox is not None:
            target.sandbox.sandbox.faults.update({"rate_429": 0.0, "rate_500": 1.0})
        with pytest.raises(InternalServerError) as failed:
            qn.get("+12025550134")
        assert failed.value.status_code == 500 and failed.value.status == "INTERNAL"


@pytest.mark.vcr
def test_token_refresh_after_expiry(target: Target) -> None:
    _seed(target, ["+12025550134"])
    with target.client() as client:
        assert client.qualified_numbers.get("+12025550134").phone_number == "+12025550134"
        if target.sandbox is not None:
            target.sandbox.sandbox.clock.advance(120)  # the sandbox's tokens live 60 s
        assert client.qualified_numbers.get("+12025550134").phone_number == "+12025550134"
        assert client._auth.fetch_count == 2  # type: ignore[attr-defined]


def test_cassettes_exist_and_hold_no_secret() -> None:
    files = sorted(CASSETTES.rglob("*.yaml"))
    assert len(files) >= 5, "run `make record` to create the cassettes"
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert secrets_in(text) == [], path
        assert "/qualifiedNumbers" in text or "/hostingOrders" in text  # through the client


def test_the_secret_grep_can_fail() -> None:
    """The cassette check would notice a leaked secret, basic header or token."""
    import base64

    from sinch_qualified_numbers_sandbox import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET

    basic = base64.b64encode(f"{DEFAULT_KEY_ID}:{DEFAULT_KEY_SECRET}".encode()).decode()
    assert secrets_in(f"authorization: Basic {basic}")
    assert secrets_in('{"access_token": "abc123realtoken"}')
    assert secrets_in("Authorization: Bearer abcdefghijklmnop")
    assert secrets_in(f"password={DEFAULT_KEY_SECRET}")
    assert not secrets_in('{"access_token": "REDACTED-ACCESS-TOKEN"}')
