"""`add` and `wait_for`: partial failures reported, progress hooks, late numbers named."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AddChunkOutcome,
    AddNumbersError,
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    ConflictError,
    InvalidArgumentError,
    QualifiedNumbersClient,
    WaitTimeoutError,
    _concurrency,
)
from sinch_qualified_numbers_sandbox import (
    PortServer,
)

from .both import MODES, run
from .conftest import (
    API,
    ONE,
    PROJECT,
    _fake_options,
    client_kwargs,
    fake_async_client,
    fake_client,
    number_json,
    seed,
)


def _add_answer(request: httpx.Request) -> httpx.Response:
    numbers = json.loads(request.content)["phoneNumbers"]
    if numbers[0] == "+12025552500":
        return httpx.Response(409, json={"code": "409", "message": "x", "status": "ABORTED"})
    return httpx.Response(200, json={"qualifiedNumbers": [{"phoneNumber": n} for n in numbers]})


@respx.mock
@pytest.mark.parametrize("concurrency", [1, 4])
def test_add_reports_each_call_to_on_chunk_done_as_it_completes(concurrency: int) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 3200)]  # 3 calls, the second fails
    respx.post(f"{API}:addNumbers").mock(side_effect=_add_answer)
    seen: list[Any] = []
    with fake_client(max_concurrency=concurrency) as client, pytest.raises(AddNumbersError):
        client.qualified_numbers.add(numbers, on_chunk_done=seen.append, skip_existing=False)
    assert sorted(n for outcome in seen for n in outcome.numbers) == sorted(numbers)
    by_first = {outcome.numbers[0]: outcome for outcome in seen}
    assert isinstance(by_first["+12025552500"].error, ConflictError)
    assert by_first["+12025552500"].added == []
    assert [q.phone_number for q in by_first["+12025552000"].added] == numbers[:500]
    assert by_first["+12025552000"].error is None


@respx.mock
@pytest.mark.anyio
async def test_async_add_reports_each_call_to_on_chunk_done() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 2400)] + ["+12025553000"]
    respx.post(f"{API}:addNumbers").mock(side_effect=_add_answer)
    seen: list[Any] = []
    async with fake_async_client() as client:
        added = await client.qualified_numbers.add(numbers, on_chunk_done=seen.append)
    assert len(added) == 401 and len(seen) == 1 and seen[0].numbers == numbers


@respx.mock
def test_a_hook_that_raises_stops_new_calls_and_propagates() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 5000)]  # 8 calls

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.1)  # long enough for the hook to run before the pool drains
        return _add_answer(request)

    route = respx.post(f"{API}:addNumbers").mock(side_effect=slow)

    def stop(outcome: Any) -> None:
        raise KeyboardInterrupt

    with fake_client(max_concurrency=2) as client, pytest.raises(KeyboardInterrupt):
        client.qualified_numbers.add(numbers, on_chunk_done=stop)
    assert route.call_count <= 4  # two in flight, at most two started meanwhile


@respx.mock
def test_partial_add_reports_what_went_through() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1700)]  # 500 + 200

    def answer(request: httpx.Request) -> httpx.Response:
        batch = json.loads(request.content)["phoneNumbers"]
        if len(batch) == 200:
            return httpx.Response(
                409, json={"code": "409", "message": "Exists.", "status": "ALREADY_EXISTS"}
            )
        return httpx.Response(200, json={"qualifiedNumbers": [number_json(n) for n in batch]})

    respx.post(f"{API}:addNumbers").mock(side_effect=answer)
    with fake_client(max_concurrency=1) as client, pytest.raises(AddNumbersError) as caught:
        client.qualified_numbers.add(numbers, skip_existing=False)
    assert [n.phone_number for n in caught.value.added] == numbers[:500]
    assert set(caught.value.failed) == set(numbers[500:])
    assert all(isinstance(e, ConflictError) for e in caught.value.failed.values())
    assert "200 numbers were not added (500 were)" in str(caught.value)


def test_wait_for_times_out_naming_the_late_numbers(sandbox: PortServer) -> None:
    seed(sandbox, [ONE, "+12025550135"])
    seed(sandbox, ["+12025550136"], "GLOBAL_PROCESS_STATE_HOSTING_DONE")
    with (
        QualifiedNumbersClient(**client_kwargs(sandbox)) as client,
        pytest.raises(WaitTimeoutError) as caught,
    ):
        client.qualified_numbers.wait_for(
            [ONE, "+12025550135", "+12025550136"],
            states=["HOSTING_DONE"],
            timeout=0.3,
            poll_interval=0.05,
        )
    assert caught.value.pending == {
        ONE: "GLOBAL_PROCESS_STATE_VERIFIED",
        "+12025550135": "GLOBAL_PROCESS_STATE_VERIFIED",
    }
    assert "2 numbers did not reach the wanted states within 0.3s" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


def test_add_skip_existing_makes_a_rerun_safe(client: QualifiedNumbersClient) -> None:
    first = [f"+1202555{i:04d}" for i in range(3000, 3600)]  # two calls
    client.qualified_numbers.add(first)
    with pytest.raises(AddNumbersError):  # the service's answer: 409s
        client.qualified_numbers.add([*first, "+12025553600"], skip_existing=False)
    outcomes: list[AddChunkOutcome] = []
    again = client.qualified_numbers.add(
        [*first, "+12025553600"], skip_existing=True, on_chunk_done=outcomes.append
    )
    assert [n.phone_number for n in again] == [*first, "+12025553600"]
    existing = {n for o in outcomes for n in o.existing}
    assert existing == set(first)  # the new one was added, not "existing"
    assert all(o.error is None for o in outcomes)
    assert client.qualified_numbers.get("+12025553600").phone_number == "+12025553600"


def test_both_clients_give_on_chunk_done_the_public_add_chunk_outcome(
    client: QualifiedNumbersClient,
) -> None:
    # The blocking client is generated from the asyncio one: a type defined beside the async
    # source would be cloned, and the blocking client's outcome would not be the public type.
    outcomes: list[object] = []
    client.qualified_numbers.add([ONE], on_chunk_done=outcomes.append)
    assert len(outcomes) == 1
    assert isinstance(outcomes[0], AddChunkOutcome)


def test_add_skip_existing_of_one_call_that_is_all_there(client: QualifiedNumbersClient) -> None:
    client.qualified_numbers.add([ONE])
    with pytest.raises(ConflictError):
        client.qualified_numbers.add([ONE], skip_existing=False)
    (again,) = client.qualified_numbers.add([ONE])  # skip_existing=True: the default
    assert again.phone_number == ONE


@respx.mock
def test_a_conflict_for_a_number_the_project_lacks_stays_a_conflict() -> None:
    # The service says 409 (another project has it, say) but the number is not ours: resending
    # it cannot help, and it is not "already added".
    conflict = httpx.Response(409, json={"code": "409", "message": "taken", "status": "ABORTED"})
    adds = respx.post(url__regex=r".*qualifiedNumbers:addNumbers").mock(return_value=conflict)
    respx.get(url__regex=r".*/qualifiedNumbers/.*").mock(
        return_value=httpx.Response(
            404, json={"code": "404", "message": "no", "status": "NOT_FOUND"}
        )
    )
    with fake_client() as client, pytest.raises(ConflictError):
        client.qualified_numbers.add([ONE], skip_existing=True)
    assert adds.call_count == 2  # sent, read back (absent), sent once more


def test_skip_existing_must_be_a_bool() -> None:
    with fake_client() as client, pytest.raises(InvalidArgumentError, match="skip_existing"):
        client.qualified_numbers.add([ONE], skip_existing="yes")  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_async_add_skip_existing(aclient: AsyncQualifiedNumbersClient) -> None:
    await aclient.qualified_numbers.add([ONE])
    outcomes: list[AddChunkOutcome] = []
    again = await aclient.qualified_numbers.add(
        [ONE, "+12025550135"], skip_existing=True, on_chunk_done=outcomes.append
    )
    assert [n.phone_number for n in again] == [ONE, "+12025550135"]
    assert outcomes[0].existing == [ONE]


# -- a lost answer is reconciled: what the project holds is added, never failed ------------------

GET_ONE = r".*/qualifiedNumbers/%2B(\d+)$"
ADDS = f"{API}:addNumbers"
NOT_FOUND = {"code": "404", "message": "The imported number could not be found."}


def _held(held: set[str]) -> Any:
    """A GET of a number: its record if `held`, else 404."""

    def answer(request: httpx.Request) -> httpx.Response:
        number = "+" + request.url.path.rsplit("%2B", 1)[-1].rsplit("+", 1)[-1]
        if number in held:
            return httpx.Response(200, json=number_json(number, "GLOBAL_PROCESS_STATE_ELIGIBLE"))
        return httpx.Response(404, json=NOT_FOUND)

    return answer


@pytest.mark.parametrize("mode", MODES)
def test_add_after_a_500_returns_the_numbers_the_service_holds(mode: str) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1010)]
    with respx.mock as router:
        adds = router.post(ADDS).mock(return_value=httpx.Response(500, json={"code": "500"}))
        router.get(url__regex=GET_ONE).mock(side_effect=_held(set(numbers)))
        added = run(mode, _fake_options({}), lambda c: c.qualified_numbers.add(numbers))
    assert [n.phone_number for n in added] == numbers
    assert adds.call_count == 1  # read, not sent again


@pytest.mark.parametrize("mode", MODES)
def test_after_a_lost_answer_only_what_the_service_lacks_is_sent_again(mode: str) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1010)]
    held = set(numbers[:6])

    def add(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["phoneNumbers"]
        if len(sent) == len(numbers):
            raise httpx.ReadTimeout("lost", request=request)  # the body was sent
        held.update(sent)
        return httpx.Response(200, json={"qualifiedNumbers": [number_json(n) for n in sent]})

    with respx.mock as router:
        adds = router.post(ADDS).mock(side_effect=add)
        router.get(url__regex=GET_ONE).mock(side_effect=_held(held))
        outcomes: list[AddChunkOutcome] = []
        added = run(
            mode,
            _fake_options({}),
            lambda c: c.qualified_numbers.add(
                numbers, skip_existing=False, on_chunk_done=outcomes.append
            ),
        )
        resent = json.loads(adds.calls[1].request.content)["phoneNumbers"]
    assert resent == numbers[6:]
    assert [n.phone_number for n in added] == numbers  # in input order
    assert adds.call_count == 2
    (outcome,) = outcomes
    assert (outcome.error, outcome.failed, outcome.unknown) == (None, {}, {})


@pytest.mark.parametrize("mode", MODES)
def test_a_lost_answer_never_calls_a_number_held_before_added(mode: str) -> None:
    """After a lost answer the reads find the numbers; only what the reads prove is said: a
    number further along than a fresh add can take it was held before; one read absent, then
    found after the resend, was added by this call; one in a state a fresh add also gives
    cannot be told apart (held or added), and is never called added."""
    verified, eligible, new = "+12025551001", "+12025551002", "+12025551003"
    states = {
        verified: "GLOBAL_PROCESS_STATE_VERIFIED",
        eligible: "GLOBAL_PROCESS_STATE_ELIGIBLE",
    }

    def add(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["phoneNumbers"]
        if not any(n in states for n in sent):  # else the service refuses the call (409)
            states.update(dict.fromkeys(sent, "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"))
        return httpx.Response(500, json={"code": "500"})  # either way, its answer lost

    def get(request: httpx.Request) -> httpx.Response:
        number = "+" + request.url.path.rsplit("%2B", 1)[-1].rsplit("+", 1)[-1]
        if number in states:
            return httpx.Response(200, json=number_json(number, states[number]))
        return httpx.Response(404, json=NOT_FOUND)

    outcomes: list[AddChunkOutcome] = []
    with respx.mock as router:
        adds = router.post(ADDS).mock(side_effect=add)
        router.get(url__regex=GET_ONE).mock(side_effect=get)
        added = run(
            mode,
            _fake_options({}),
            lambda c: c.qualified_numbers.add(
                [verified, eligible, new], on_chunk_done=outcomes.append
            ),
        )
    assert [n.phone_number for n in added] == [verified, eligible, new]  # all held now
    assert adds.call_count == 2  # the resend carried the one read absent
    (outcome,) = outcomes
    assert outcome.existing == [verified]  # further along: held before, never "added"
    assert outcome.held_or_added == [eligible]  # a fresh add gives that state too
    assert outcome.new == [new]  # read absent, then found: this call added it


@pytest.mark.parametrize("mode", MODES)
def test_numbers_left_unread_after_a_lost_answer_are_unknown_not_failed(
    mode: str, sleeps: list[float]
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1004)]
    with respx.mock as router:
        router.post(ADDS).mock(return_value=httpx.Response(502, json={"code": "502"}))
        router.get(url__regex=GET_ONE).mock(return_value=httpx.Response(503, json={}))
        with pytest.raises(AddNumbersError) as caught:
            run(mode, _fake_options({"max_retries": 0}), lambda c: c.qualified_numbers.add(numbers))
    assert set(caught.value.unknown) == set(numbers)
    assert caught.value.failed == {} and caught.value.added == []
    assert "4 numbers have an unknown outcome" in str(caught.value)
    assert "not added" not in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "named",
    [
        ["+12025550134"],  # never sent
        ["+12025551001"],  # fewer than sent
        ["+12025551001", "+14165551002", "+12025550134"],  # one more than sent
    ],
)
def test_an_add_answer_that_does_not_name_the_numbers_sent_is_never_success(
    mode: str, named: list[str]
) -> None:
    sent = ["+12025551001", "+14165551002"]
    answer = {"qualifiedNumbers": [number_json(n) for n in named]}
    with respx.mock as router:
        router.post(ADDS).mock(return_value=httpx.Response(200, json=answer))
        router.get(url__regex=GET_ONE).mock(side_effect=_held(set()))  # a stateless mock
        with pytest.raises(APIResponseValidationError, match="does not name the numbers sent"):
            run(mode, _fake_options({"max_retries": 0}), lambda c: c.qualified_numbers.add(sent))


@pytest.mark.parametrize("mode", MODES)
def test_an_add_answer_in_another_order_is_returned_in_input_order(mode: str) -> None:
    sent = ["+12025551001", "+14165551002", "+12025551003"]
    answer = {"qualifiedNumbers": [number_json(n) for n in reversed(sent)]}
    with respx.mock as router:
        router.post(ADDS).mock(return_value=httpx.Response(200, json=answer))
        added = run(mode, _fake_options({}), lambda c: c.qualified_numbers.add(sent))
    assert [n.phone_number for n in added] == sent


@pytest.mark.parametrize("mode", MODES)
def test_add_of_1200_with_half_the_calls_answering_500_after_processing(
    mode: str, sandbox: PortServer
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(4000, 5200)]
    sandbox.sandbox.faults.update(
        {"seed": 3, "per_operation": {"addQualifiedNumbers": {"error_after": 0.5}}}
    )
    added = run(mode, client_kwargs(sandbox), lambda c: c.qualified_numbers.add(numbers))
    assert sandbox.sandbox.faults.describe()["injected"].get("error_after", 0) >= 1
    assert [n.phone_number for n in added] == numbers
    assert set(sandbox.sandbox.qualified_numbers.existing(PROJECT, numbers)) == set(numbers)
    # A plain rerun is safe: what the project holds comes back as read, no ConflictError.
    again = run(mode, client_kwargs(sandbox), lambda c: c.qualified_numbers.add(numbers))
    assert [n.phone_number for n in again] == numbers


class _InFlight:
    """GETs of numbers answered with their record, counting how many are in flight at once:
    each waits until `target` are (or, failing that, a while, after which none waits), so that
    reads that can overlap do, and the peak is known without timing anything."""

    def __init__(self, mode: str, target: int) -> None:
        self.mode, self.target = mode, target
        self.now = self.peak = self.calls = 0
        self._lock = threading.Lock()
        self._reached = threading.Event()
        self._areached: asyncio.Event | None = None

    def _answer(self, request: httpx.Request) -> httpx.Response:
        answer: httpx.Response = _held({request.url.path.rsplit("/", 1)[-1]})(request)
        return answer

    def _enter(self) -> bool:
        with self._lock:
            self.now += 1
            self.calls += 1
            self.peak = max(self.peak, self.now)
            return self.now >= self.target

    def _leave(self) -> None:
        with self._lock:
            self.now -= 1

    def side_effect(self, request: httpx.Request) -> Any:
        if self.mode == "async":
            return self._async(request)
        if self._enter():
            self._reached.set()
        if not self._reached.wait(2):
            self._reached.set()  # the target is not reachable: stop waiting
        self._leave()
        return self._answer(request)

    async def _async(self, request: httpx.Request) -> httpx.Response:
        if self._areached is None:
            self._areached = asyncio.Event()
        if self._enter():
            self._areached.set()
        try:
            await asyncio.wait_for(self._areached.wait(), 2)
        except TimeoutError:
            self._areached.set()
        self._leave()
        return self._answer(request)


@pytest.mark.parametrize("mode", MODES)
def test_the_reads_after_a_lost_add_answer_go_concurrently_within_max_concurrency(
    mode: str,
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1010)]
    reads = _InFlight(mode, 4)
    with respx.mock as router:
        adds = router.post(ADDS).mock(return_value=httpx.Response(500, json={"code": "500"}))
        router.get(url__regex=GET_ONE).mock(side_effect=reads.side_effect)
        added = run(
            mode,
            _fake_options({"max_concurrency": 4}),
            lambda c: c.qualified_numbers.add(numbers),
        )
    assert [n.phone_number for n in added] == numbers
    assert adds.call_count == 1 and reads.calls == len(numbers)
    assert reads.peak == 4  # concurrent (not one at a time), and never past max_concurrency


@pytest.mark.parametrize("mode", MODES)
def test_the_reads_of_several_lost_add_calls_share_max_concurrency(mode: str) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1600)]  # two calls: 500 and 100
    reads = _InFlight(mode, 3)
    with respx.mock as router:
        router.post(ADDS).mock(return_value=httpx.Response(500, json={"code": "500"}))
        router.get(url__regex=GET_ONE).mock(side_effect=reads.side_effect)
        added = run(
            mode,
            _fake_options({"max_concurrency": 3}),
            lambda c: c.qualified_numbers.add(numbers),
        )
    assert len(added) == len(numbers) and reads.calls == len(numbers)
    assert reads.peak == 3  # the two calls' reads together, never 3 each


@pytest.mark.parametrize("mode", MODES)
def test_the_reads_of_every_lost_add_call_share_one_reconcile_timeout(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,200 numbers (three calls), every answer lost and every read 503: the reads of all
    three calls stop once one reconcile_timeout has passed on the clock, a few reads a round
    rather than one retried read per number; every number is unknown, none failed."""
    from sinch_qualified_numbers._async import _reads as async_reads
    from sinch_qualified_numbers._async import _transport as async_transport
    from sinch_qualified_numbers._sync import _reads as sync_reads
    from sinch_qualified_numbers._sync import _transport as sync_transport

    now = [1000.0]

    def pause(seconds: float) -> None:
        now[0] += seconds

    async def apause(seconds: float) -> None:
        now[0] += seconds

    monkeypatch.setattr(_concurrency, "monotonic", lambda: now[0])
    monkeypatch.setattr(sync_reads, "sleep", pause)
    monkeypatch.setattr(async_reads, "asleep", apause)
    monkeypatch.setattr(sync_transport, "sleep", pause)
    monkeypatch.setattr(async_transport, "asleep", apause)
    numbers = [f"+1202555{i:04d}" for i in range(2000, 3200)]
    with respx.mock as router:
        router.post(ADDS).mock(return_value=httpx.Response(500, json={"code": "500"}))
        reads = router.get(url__regex=GET_ONE).mock(
            return_value=httpx.Response(503, json={"code": "503", "status": "UNAVAILABLE"})
        )
        options = _fake_options({"reconcile_timeout": 20.0, "max_concurrency": 1})  # in turn
        with pytest.raises(AddNumbersError) as caught:
            run(mode, options, lambda c: c.qualified_numbers.add(numbers))
    assert set(caught.value.unknown) == set(numbers) and not caught.value.failed
    assert now[0] - 1000.0 <= 20.0 + 8.0  # one bound for the three calls, not one each
    assert reads.call_count < len(numbers) // 4


@pytest.mark.parametrize("max_retries", [0, 2])
def test_a_409_about_a_held_number_never_fails_the_new_numbers_of_its_call(
    client: QualifiedNumbersClient, max_retries: int
) -> None:
    # The 409 names the number held before; the others of the call were never acted on:
    # sending them again is the call the user asked for, not a retry of a failure.
    held, new = "+12025550004", "+12025557778"
    client.qualified_numbers.add([held])
    strict = client.with_options(max_retries=max_retries)
    outcomes: list[AddChunkOutcome] = []
    added = strict.qualified_numbers.add([held, new], on_chunk_done=outcomes.append)
    assert [n.phone_number for n in added] == [held, new]
    assert [o.existing for o in outcomes] == [[held]]
    assert client.qualified_numbers.get(new).phone_number == new


@pytest.mark.parametrize("mode", MODES)
def test_a_number_the_last_read_finds_arrived_is_arrived_not_late(mode: str) -> None:
    # A listing that lags behind the numbers' own records: the read made when the time is up
    # finds the number in a wanted state; reporting it late, with that state, contradicts itself.
    with respx.mock as router:
        router.get(API).mock(return_value=httpx.Response(200, json={"qualifiedNumbers": []}))
        router.get(url__regex=GET_ONE).mock(
            return_value=httpx.Response(200, json=number_json(ONE, "GLOBAL_PROCESS_STATE_ELIGIBLE"))
        )
        arrived = run(
            mode,
            _fake_options({}),
            lambda c: c.qualified_numbers.wait_for(
                [ONE], states=["ELIGIBLE"], timeout=0.05, poll_interval=0.01
            ),
        )
    assert list(arrived) == [ONE] and arrived[ONE].state == "ELIGIBLE"


@pytest.mark.parametrize("mode", MODES)
def test_wait_for_runs_on_the_one_clock_tests_move(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `_concurrency.monotonic` is the clock of every budget and wait: moved there, wait_for's
    # timeout passes at once (as reconcile_timeout and a token's expiry do, tested beside them).
    now = [1000.0]

    def clock() -> float:
        now[0] += 100.0
        return now[0]

    monkeypatch.setattr(_concurrency, "monotonic", clock)
    with respx.mock as router:
        listing = router.get(API).mock(
            return_value=httpx.Response(200, json={"qualifiedNumbers": []})
        )
        router.get(url__regex=GET_ONE).mock(return_value=httpx.Response(200, json=number_json(ONE)))
        with pytest.raises(WaitTimeoutError) as late:
            run(
                mode,
                _fake_options({}),
                lambda c: c.qualified_numbers.wait_for(
                    [ONE], states=["HOSTING_DONE"], timeout=50, poll_interval=1
                ),
            )
    assert listing.call_count == 1
    assert late.value.pending == {ONE: "GLOBAL_PROCESS_STATE_VERIFIED"}
