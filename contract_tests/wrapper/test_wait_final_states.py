"""`wait_for` stops waiting for a number (or order) that ended where it can never arrive."""

from __future__ import annotations

import time

import pytest

from sinch_qualified_numbers import (
    BlanketLoa,
    QualifiedNumbersClient,
    UnreachableStateError,
    WaitProgress,
    WaitTimeoutError,
)
from sinch_qualified_numbers_sandbox import PortServer

from . import both
from .conftest import client_kwargs, seed

GOOD = "+12025550134"
NOT_ELIGIBLE = "+12025559901"  # the sandbox's magic number: the eligibility check fails


def test_a_not_eligible_number_ends_the_wait_at_once_not_at_the_timeout(
    client: QualifiedNumbersClient,
) -> None:
    client.qualified_numbers.add([GOOD, NOT_ELIGIBLE])
    polls: list[WaitProgress] = []
    started = time.monotonic()
    with pytest.raises(UnreachableStateError) as caught:
        client.qualified_numbers.wait_for(
            [GOOD, NOT_ELIGIBLE],
            states=["ELIGIBLE"],
            timeout=60,
            poll_interval=0.05,
            on_poll=polls.append,
        )
    assert time.monotonic() - started < 10  # far from the 60 s timeout
    error = caught.value
    assert not isinstance(error, WaitTimeoutError)
    assert error.final == {NOT_ELIGIBLE: "NOT_ELIGIBLE"}
    assert list(error.arrived) == [GOOD]
    assert error.ended[NOT_ELIGIBLE].phone_number == NOT_ELIGIBLE
    assert f"{NOT_ELIGIBLE} (NOT_ELIGIBLE)" in str(error)
    assert "can never arrive" in str(error)
    assert set(polls[-1].ended) == {NOT_ELIGIBLE} and polls[-1].pending == []


@pytest.mark.parametrize(
    "state",
    [
        "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED",
        "GLOBAL_PROCESS_STATE_HOSTING_FAILED",
        "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE",
    ],
)
@pytest.mark.parametrize("mode", both.MODES)
def test_every_dead_end_stops_the_wait(sandbox: PortServer, state: str, mode: str) -> None:
    seed(sandbox, ["+12025550150"], state)
    with pytest.raises(UnreachableStateError) as caught:
        both.run(
            mode,
            client_kwargs(sandbox),
            lambda c: c.qualified_numbers.wait_for(
                ["+12025550150"], states=["VERIFIED"], timeout=60, poll_interval=0.05
            ),
        )
    assert caught.value.final == {"+12025550150": state.removeprefix("GLOBAL_PROCESS_STATE_")}


def test_a_dead_end_that_is_wanted_is_an_arrival(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, ["+12025550151"], "GLOBAL_PROCESS_STATE_HOSTING_FAILED")
    seed(sandbox, ["+12025550152"], "GLOBAL_PROCESS_STATE_HOSTING_DONE")
    done = client.qualified_numbers.wait_for(
        ["+12025550151", "+12025550152"],
        states=["HOSTING_DONE", "HOSTING_FAILED"],
        timeout=5,
        poll_interval=0.05,
    )
    assert set(done) == {"+12025550151", "+12025550152"}


def test_a_timeout_still_names_the_numbers_that_ended(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, ["+12025550153"])  # VERIFIED: may still get there, so it is waited for
    seed(sandbox, ["+12025550154"], "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED")
    with pytest.raises(WaitTimeoutError) as caught:
        client.qualified_numbers.wait_for(
            ["+12025550153", "+12025550154"],
            states=["HOSTING_DONE"],
            timeout=0.3,
            poll_interval=0.05,
        )
    assert caught.value.pending == {"+12025550153": "GLOBAL_PROCESS_STATE_VERIFIED"}
    assert caught.value.final == {"+12025550154": "VERIFICATION_BLOCKED"}
    assert "1 numbers ended in a final state" in str(caught.value)


def test_a_rejected_order_ends_a_wait_for_completed(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, ["+12025559903", "+12025550160"])  # 9903: hosting fails, the order is rejected
    result = client.qualified_numbers.text_enable(
        ["+12025559903"], service_plan_id="plan", loa=BlanketLoa()
    )
    other = client.qualified_numbers.text_enable(
        ["+12025550160"], service_plan_id="plan", loa=BlanketLoa()
    )
    rejected, completed = result.order_ids()[0], other.order_ids()[0]
    started = time.monotonic()
    with pytest.raises(UnreachableStateError) as caught:
        client.hosting_orders.wait_for(
            [rejected, completed], states=["COMPLETED"], timeout=60, poll_interval=0.05
        )
    assert time.monotonic() - started < 10
    assert caught.value.final == {rejected: "REJECTED"}
    assert list(caught.value.arrived) == [completed]
    assert "1 hosting orders ended in a final state" in str(caught.value)
