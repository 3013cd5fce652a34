"""The workflows' decisions, driven by hand: without HTTP or a clock (one chunk's orders with
scripted I/O, the waits through the blocking twin with a scripted poll and clock)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import pytest

from sinch_qualified_numbers import (
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    QualifiedNumbersError,
    UnreachableStateError,
    WaitTimeoutError,
)
from sinch_qualified_numbers._orders import TEXT_ENABLEMENT, Chunk, ChunkOutcome
from sinch_qualified_numbers._sync._order_engine import order_chunk
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


class Scripted:
    """The I/O of one chunk's order workflow, scripted: each call (an order or a read) takes
    the next answer (an exception is raised), and is recorded as `("order", chunk)` or
    `("read", numbers)`."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.steps: list[tuple[str, object]] = []

    def _next(self) -> object:
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def create_order(self, chunk: Chunk) -> HostingOrder:
        self.steps.append(("order", chunk))
        return cast(HostingOrder, self._next())

    def read(self, numbers: list[str]) -> dict[str, str | QualifiedNumbersError]:
        self.steps.append(("read", list(numbers)))
        answer = self._next()
        if callable(answer):
            return cast(dict[str, str | QualifiedNumbersError], answer(numbers))
        return cast(dict[str, str | QualifiedNumbersError], answer)

    def run(self, chunk: Chunk, rounds: int = 3) -> ChunkOutcome:
        outcome = order_chunk(chunk, TEXT_ENABLEMENT, rounds, self.create_order, self.read)
        assert not self.answers, "the workflow stopped before its script ended"
        return outcome


def _order(chunk: Chunk) -> tuple[str, object]:
    return ("order", chunk)


def _read(numbers: list[str]) -> tuple[str, object]:
    return ("read", numbers)


def test_a_lost_answer_is_reconciled_before_anything_is_resent() -> None:
    states = {
        A: "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS",  # taken: never sent again
        B: "GLOBAL_PROCESS_STATE_VERIFIED",  # not taken: sent once more
        C: "GLOBAL_PROCESS_STATE_ELIGIBLE",  # not ready to be ordered: said with its state
    }
    io = Scripted(_timeout(), states, HostingOrder.from_dict({"hostingOrderId": "o2"}))
    outcome = io.run(Chunk("US", False, [A, B, C]), rounds=3)
    assert io.steps[0] == _order(Chunk("US", False, [A, B, C]))
    assert io.steps[1] == _read([A, B, C])
    assert io.steps[2:] == [_order(Chunk("US", False, [B]))]
    assert outcome.accepted == {A: None, B: "o2"}
    assert outcome.not_ready == {C: "GLOBAL_PROCESS_STATE_ELIGIBLE"} and not outcome.failed


def test_numbers_an_answer_left_out_but_found_taken_are_that_orders() -> None:
    """One call, one order: numbers its answer did not name, found taken by reading, belong
    to the answered order (counted once), not to a second order without an ID."""
    answer = HostingOrder.from_dict({"hostingOrderId": "o1", "numbers": [A]})
    taken = "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
    io = Scripted(answer, {B: taken, C: taken})
    outcome = io.run(Chunk("US", False, [A, B, C]), rounds=3)
    assert io.steps[0] == _order(Chunk("US", False, [A, B, C]))
    assert io.steps[1:] == [_read([B, C])]
    assert outcome.accepted == {A: "o1", B: "o1", C: "o1"}
    assert {o.hosting_order_id for o in outcome.orders} == {"o1"}


def test_a_refusal_naming_no_number_is_split_down_to_the_numbers_refused() -> None:
    refusal = _status(BadRequestError, 400)

    def verified(numbers: list[str]) -> dict[str, str]:
        return dict.fromkeys(numbers, "GLOBAL_PROCESS_STATE_VERIFIED")

    # Every call refused: the halves are tried, then each number read.
    io = Scripted(refusal, refusal, verified, refusal, verified)
    outcome = io.run(Chunk("US", False, [A, B]))
    sent = [step for step in io.steps if step[0] == "order"]
    assert sent[1:] == [_order(Chunk("US", False, [A])), _order(Chunk("US", False, [B]))]
    failed = outcome.failed
    assert set(failed) == {A, B}
    assert all(isinstance(error, BadRequestError) for error in failed.values())


def test_submissions_stop_after_the_rounds_allowed() -> None:
    server_error = _status(InternalServerError, 500)
    verified = {A: "GLOBAL_PROCESS_STATE_VERIFIED"}
    io = Scripted(server_error, verified, server_error, verified)
    outcome = io.run(Chunk("US", False, [A]), rounds=2)
    assert io.steps[1:] == [_read([A]), _order(Chunk("US", False, [A])), _read([A])]
    assert outcome.failed == {A: server_error}  # two submissions, then it gives up


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

    def read_late(pending: list[str]) -> dict[str, QualifiedNumber]:
        read.append(pending)
        return {B: _number(B, "GLOBAL_PROCESS_STATE_ELIGIBLE")}

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

    def read_late(pending: list[str]) -> dict[str, HostingOrder]:
        return {}  # as hosting_orders.wait_for: each poll read every pending order

    with pytest.raises(WaitTimeoutError, match="1 hosting orders") as late:
        wait(waiter, poll, read_late, clock.now, clock.sleep)
    assert asked == [["o1", "o2"], ["o2"]]  # only what is still pending
    assert clock.slept == [2.0]
    assert late.value.pending == {"o2": "IN_PROGRESS"}


@pytest.mark.parametrize(
    ("late_state", "ends"),
    [("GLOBAL_PROCESS_STATE_VERIFIED", "arrived"), ("GLOBAL_PROCESS_STATE_NOT_ELIGIBLE", "ended")],
)
def test_what_the_late_read_finds_counts_before_anything_is_late(
    late_state: str, ends: str
) -> None:
    waiter, _ = wait_arguments([A, B], ["VERIFIED"], 10, 2, "US")
    clock = Clock(0.0, 11.0)
    _, poll = _polls({A: _number(A, "GLOBAL_PROCESS_STATE_VERIFIED")})

    def read_late(pending: list[str]) -> dict[str, QualifiedNumber]:
        return {B: _number(B, late_state)}

    if ends == "arrived":
        assert list(wait(waiter, poll, read_late, clock.now, clock.sleep)) == [A, B]
    else:
        with pytest.raises(UnreachableStateError) as ended:
            wait(waiter, poll, read_late, clock.now, clock.sleep)
        assert list(ended.value.arrived) == [A]
