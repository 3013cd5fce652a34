"""The workflows' decisions, driven by hand: without HTTP or a clock (the text-enable procedure
by its steps, the waits through the blocking twin with a scripted poll and clock)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from sinch_qualified_numbers import (
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    WaitTimeoutError,
)
from sinch_qualified_numbers._bulk_orders import TEXT_ENABLEMENT, Chunk, Submit, enable_chunk
from sinch_qualified_numbers._steps import ReadStates
from sinch_qualified_numbers._sync._waiting import wait
from sinch_qualified_numbers._waiting import WaitProgress, wait_arguments
from sinch_qualified_numbers_api.models import GlobalProcessState, HostingOrder, QualifiedNumber

A, B, C = "+12025550134", "+12025550135", "+12025550136"
T = TypeVar("T")


def _timeout() -> APITimeoutError:
    return APITimeoutError("Request timed out.", request_sent=True)


def _status(kind: type[T], status: int) -> T:
    return kind(
        f"{status}: no",
        status_code=status,
        code=str(status),
        status=None,
        details=[],
        body=b"",
        headers={},
    )


def _number(phone: str, state: str) -> QualifiedNumber:
    return QualifiedNumber.from_dict({"phoneNumber": phone, "globalProcessState": state})


def test_a_lost_answer_is_reconciled_before_anything_is_resent() -> None:
    procedure = enable_chunk(Chunk("US", False, [A, B, C]), TEXT_ENABLEMENT, rounds=3)
    assert next(procedure) == Submit(Chunk("US", False, [A, B, C]))
    step = procedure.throw(_timeout())
    assert step == ReadStates([A, B, C])
    states = {
        A: "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS",  # taken: never sent again
        B: "GLOBAL_PROCESS_STATE_VERIFIED",  # not taken: sent once more
        C: "GLOBAL_PROCESS_STATE_ELIGIBLE",  # not ready to be ordered: said with its state
    }
    assert procedure.send(states) == Submit(Chunk("US", False, [B]))
    with pytest.raises(StopIteration) as done:
        procedure.send(HostingOrder.from_dict({"hostingOrderId": "o2"}))
    outcome = done.value.value
    assert outcome.enabled == {A: None, B: "o2"}
    assert outcome.not_ready == {C: "GLOBAL_PROCESS_STATE_ELIGIBLE"} and not outcome.failed


def test_numbers_an_answer_left_out_but_found_taken_are_that_orders() -> None:
    """One call, one order: numbers its answer did not name, found taken by reading, belong
    to the answered order (counted once), not to a second order without an ID."""
    procedure = enable_chunk(Chunk("US", False, [A, B, C]), TEXT_ENABLEMENT, rounds=3)
    assert next(procedure) == Submit(Chunk("US", False, [A, B, C]))
    answer = HostingOrder.from_dict({"hostingOrderId": "o1", "numbers": [A]})
    assert procedure.send(answer) == ReadStates([B, C])
    taken = "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
    with pytest.raises(StopIteration) as done:
        procedure.send({B: taken, C: taken})
    outcome = done.value.value
    assert outcome.enabled == {A: "o1", B: "o1", C: "o1"}
    assert {o.hosting_order_id for o in outcome.orders} == {"o1"}


def test_a_refusal_naming_no_number_is_split_down_to_the_numbers_refused() -> None:
    procedure = enable_chunk(Chunk("US", False, [A, B]), TEXT_ENABLEMENT)
    sent = [next(procedure)]
    refusal = _status(BadRequestError, 400)
    reads = []
    step: object = None
    with pytest.raises(StopIteration) as done:
        step = procedure.throw(refusal)
        while True:  # every call refused: the halves are tried, then each number read
            if isinstance(step, Submit):
                sent.append(step)
                step = procedure.throw(refusal)
            else:
                assert isinstance(step, ReadStates)
                reads.append(step)
                step = procedure.send(dict.fromkeys(step.numbers, "GLOBAL_PROCESS_STATE_VERIFIED"))
    assert sent[1:] == [Submit(Chunk("US", False, [A])), Submit(Chunk("US", False, [B]))]
    failed = done.value.value.failed
    assert set(failed) == {A, B}
    assert all(isinstance(error, BadRequestError) for error in failed.values())


def test_submissions_stop_after_the_rounds_allowed() -> None:
    procedure = enable_chunk(Chunk("US", False, [A]), TEXT_ENABLEMENT, rounds=2)
    next(procedure)
    server_error = _status(InternalServerError, 500)
    assert procedure.throw(server_error) == ReadStates([A])
    assert procedure.send({A: "GLOBAL_PROCESS_STATE_VERIFIED"}) == Submit(Chunk("US", False, [A]))
    assert procedure.throw(server_error) == ReadStates([A])
    with pytest.raises(StopIteration) as done:
        procedure.send({A: "GLOBAL_PROCESS_STATE_VERIFIED"})
    assert done.value.value.failed == {A: server_error}  # two submissions, then it gives up


class Clock:
    """The readings of the clock a wait is given, one per call, and the sleeps it asked for."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)
        self.slept: list[float] = []

    def now(self) -> float:
        return self.readings.pop(0)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def _polls(*answers: dict[str, T]) -> tuple[list[list[str]], Callable[[list[str]], dict[str, T]]]:
    asked: list[list[str]] = []
    left = list(answers)

    def poll(pending: list[str]) -> dict[str, T]:
        asked.append(list(pending))
        return left.pop(0)

    return asked, poll


def _unread(pending: list[str]) -> dict[str, str | None]:
    raise AssertionError("the late numbers are read only past the timeout")


def test_wait_polls_reports_and_sleeps_longer_each_round() -> None:
    polls: list[WaitProgress] = []
    waiter, listed = wait_arguments([A, B], ["HOSTING_DONE"], 100, 2, "US", polls.append)
    assert GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_DONE in listed
    assert GlobalProcessState.GLOBAL_PROCESS_STATE_NOT_ELIGIBLE in listed  # a dead end, watched
    clock = Clock(0.0, 1.0, 3.0, 7.0)
    asked, poll = _polls(
        {A: _number(A, "GLOBAL_PROCESS_STATE_HOSTING_DONE")},
        {},
        {B: _number(B, "GLOBAL_PROCESS_STATE_HOSTING_DONE")},
    )
    done = wait(waiter, poll, _unread, clock.now, clock.sleep)
    assert polls[0].pending == [B] and list(polls[0].arrived) == [A]
    assert clock.slept == [2.0, 3.0]  # the interval grew by half
    assert list(done) == [A, B] and polls[-1].pending == []
    assert len(asked) == 3


def test_wait_reads_the_late_numbers_before_giving_up() -> None:
    waiter, _ = wait_arguments([A, B], ["VERIFIED"], 10, 2, "US")
    clock = Clock(0.0, 11.0)
    _, poll = _polls({A: _number(A, "GLOBAL_PROCESS_STATE_VERIFIED")})
    read: list[list[str]] = []

    def read_late(pending: list[str]) -> dict[str, str | None]:
        read.append(pending)
        return {B: "GLOBAL_PROCESS_STATE_ELIGIBLE"}

    with pytest.raises(WaitTimeoutError) as late:
        wait(waiter, poll, read_late, clock.now, clock.sleep)
    assert read == [[B]]
    assert late.value.pending == {B: "GLOBAL_PROCESS_STATE_ELIGIBLE"}


def test_waiting_for_orders_reads_the_pending_ones_and_names_the_late() -> None:
    from sinch_qualified_numbers._hosting_orders import order_wait_arguments

    def order(key: str, state: str) -> HostingOrder:
        return HostingOrder.from_dict({"hostingOrderId": key, "state": state})

    waiter = order_wait_arguments(["o1", "o2"], ["COMPLETED"], 10, 2, None)
    clock = Clock(0.0, 1.0, 11.0)
    asked, poll = _polls(
        {"o1": order("o1", "COMPLETED"), "o2": order("o2", "IN_PROGRESS")},
        {"o2": order("o2", "IN_PROGRESS")},
    )

    def read_late(pending: list[str]) -> dict[str, str | None]:
        return waiter.last_of(pending)

    with pytest.raises(WaitTimeoutError, match="1 hosting orders") as late:
        wait(waiter, poll, read_late, clock.now, clock.sleep)
    assert asked == [["o1", "o2"], ["o2"]]  # only what is still pending
    assert clock.slept == [2.0]
    assert late.value.pending == {"o2": "IN_PROGRESS"}
