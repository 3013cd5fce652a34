"""Voice challenges in bulk: one outcome per number, bounded concurrency, nothing raised."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    ChallengeOutcome,
    InvalidArgumentError,
    InvalidPhoneNumberError,
    NotFoundError,
    QualifiedNumbersClient,
    VoiceChallengesFailedError,
)
from sinch_qualified_numbers_sandbox import PortServer, SandboxAdmin

from .both import MODES, run
from .conftest import PROJECT, _fake_options, client_kwargs, number_json, seed, voice_codes

NUMBERS = [f"+1202555{i:04d}" for i in range(5000, 5030)]
ELIGIBLE = "GLOBAL_PROCESS_STATE_ELIGIBLE"


def test_send_and_verify_many_numbers(sandbox: PortServer) -> None:
    seed(sandbox, NUMBERS, ELIGIBLE)
    in_flight: set[str] = set()
    most = 0

    def started(number: str) -> None:
        nonlocal most
        in_flight.add(number)
        most = max(most, len(in_flight))

    def finished(outcome: ChallengeOutcome) -> None:
        in_flight.discard(outcome.phone_number)

    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=3)) as client:
        qn = client.qualified_numbers
        sent = qn.send_voice_challenges(
            [*NUMBERS, "+12025559999"], on_start=started, on_done=finished
        )
        assert list(sent.succeeded) == NUMBERS
        assert isinstance(sent.failed["+12025559999"], NotFoundError)  # not in the project
        assert 1 < most <= 3 and not in_flight
        codes = voice_codes(sandbox.url)
        wanted = {n: codes[n] for n in NUMBERS[:-2]}
        wanted[NUMBERS[-2]] = "0000" if codes[NUMBERS[-2]] != "0000" else "1111"  # wrong
        wanted[NUMBERS[-1]] = "0000" if codes[NUMBERS[-1]] != "0000" else "1111"
        verified = qn.verify_voice_challenges(wanted)
    assert list(verified.succeeded) == NUMBERS[:-2]
    assert all(n.state == "VERIFIED" for n in verified.succeeded.values())
    assert {n: a.state for n, a in verified.rejected.items()} == {
        NUMBERS[-2]: "VERIFICATION_FAILED",
        NUMBERS[-1]: "VERIFICATION_FAILED",
    }
    assert not verified.failed
    with pytest.raises(VoiceChallengesFailedError, match="28 succeeded, 2 rejected") as caught:
        verified.raise_for_failures()
    assert caught.value.result is verified


def test_bad_input_is_refused_before_any_request() -> None:
    with QualifiedNumbersClient("p", "k", "s", base_url="http://127.0.0.1:9") as client:
        qn = client.qualified_numbers
        with pytest.raises(InvalidPhoneNumberError):
            qn.send_voice_challenges(["+12025550134", "not a number"])
        with pytest.raises(InvalidPhoneNumberError):  # the same number twice, spelled twice
            qn.verify_voice_challenges({"+12025550134": "1", "(202) 555-0134": "2"})
        with pytest.raises(InvalidArgumentError, match="code for \\+12025550134"):
            qn.verify_voice_challenges({"+12025550134": " "})
        with pytest.raises(InvalidArgumentError, match="mapping"):
            qn.verify_voice_challenges([("+12025550134", "1")])  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="on_done"):
            qn.send_voice_challenges(["+12025550134"], on_done=3)  # type: ignore[arg-type]


def test_one_code_and_many_codes_are_checked_by_the_same_rule() -> None:
    """verify_voice_challenge and verify_voice_challenges refuse a bad code alike: the
    message names the value, cut short (a megabyte of it is not echoed back)."""
    bad = ["9" * 1000]
    with QualifiedNumbersClient("p", "k", "s", base_url="http://127.0.0.1:9") as client:
        qn = client.qualified_numbers
        with pytest.raises(InvalidArgumentError) as one:
            qn.verify_voice_challenge("+12025550134", bad)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError) as many:
            qn.verify_voice_challenges({"+12025550134": bad})  # type: ignore[dict-item]
    assert str(one.value) == str(many.value).replace(" for +12025550134", "")
    assert "['9999" in str(one.value) and len(str(one.value)) < 120


@pytest.mark.anyio
async def test_async_send_and_verify(sandbox: PortServer) -> None:
    seed(sandbox, NUMBERS[:5], ELIGIBLE)
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        sent = await client.qualified_numbers.send_voice_challenges(NUMBERS[:5])
        assert list(sent.succeeded) == NUMBERS[:5]
        codes = voice_codes(sandbox.url)
        done = await client.qualified_numbers.verify_voice_challenges(
            {n: codes[n] for n in NUMBERS[:5]}
        )
    assert list(done.succeeded) == NUMBERS[:5]
    done.raise_for_failures()  # nothing to raise


# -- a lost answer is reconciled: a number called is never reported failed -----------------------

A, B = "+12025551001", "+12025551002"
SEND = r".*/qualifiedNumbers/%2B(\d+):sendVoiceChallenge$"
VERIFY = r".*/qualifiedNumbers/%2B(\d+):verifyVoiceChallenge$"
GET_ONE = r".*/qualifiedNumbers/%2B(\d+)$"
STATE = "GLOBAL_PROCESS_STATE_"


def _states(states: dict[str, str]) -> Any:
    """A GET answering each number in its current state in `states`."""

    def answer(request: httpx.Request) -> httpx.Response:
        number = "+" + request.url.path.rsplit("%2B", 1)[-1].rsplit("+", 1)[-1]
        return httpx.Response(200, json=number_json(number, STATE + states[number]))

    return answer


def _number_of(request: httpx.Request) -> str:
    return "+" + request.url.path.rsplit("%2B", 1)[-1].rsplit("+", 1)[-1].split(":")[0]


@pytest.mark.parametrize("mode", MODES)
def test_a_503_on_a_call_is_read_then_sent_again(mode: str, sleeps: list[float]) -> None:
    states = {A: "ELIGIBLE", B: "ELIGIBLE"}
    answers = {A: [httpx.Response(503, json={"code": "503"})], B: []}

    def send(request: httpx.Request) -> httpx.Response:
        number = _number_of(request)
        if answers[number]:
            return answers[number].pop()
        states[number] = "VERIFICATION_PENDING"
        return httpx.Response(200, json=number_json(number, STATE + states[number]))

    with respx.mock as router:
        posts = router.post(url__regex=SEND).mock(side_effect=send)
        router.get(url__regex=GET_ONE).mock(side_effect=_states(states))
        result = run(
            mode, _fake_options({}), lambda c: c.qualified_numbers.send_voice_challenges([A, B])
        )
    assert list(result.succeeded) == [A, B] and not result.failed and not result.unknown
    assert [_number_of(c.request) for c in posts.calls].count(A) == 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lost", ["drop", "500"])
def test_a_call_placed_whose_answer_was_lost_is_a_success_and_not_placed_again(
    mode: str, lost: str
) -> None:
    states = {A: "ELIGIBLE"}

    def send(request: httpx.Request) -> httpx.Response:
        states[A] = "VERIFICATION_PENDING"  # processed, then the answer is lost
        if lost == "drop":
            raise httpx.RemoteProtocolError("dropped", request=request)
        return httpx.Response(500, json={"code": "500"})

    with respx.mock as router:
        posts = router.post(url__regex=SEND).mock(side_effect=send)
        router.get(url__regex=GET_ONE).mock(side_effect=_states(states))
        result = run(
            mode, _fake_options({}), lambda c: c.qualified_numbers.send_voice_challenges([A])
        )
        single = run(mode, _fake_options({}), lambda c: c.qualified_numbers.send_voice_challenge(A))
    assert result.succeeded[A].global_process_state.value == STATE + "VERIFICATION_PENDING"
    assert not result.failed and not result.unknown
    assert single.phone_number == A
    assert posts.call_count == 2  # one each: never placed twice


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("after", "kind"),
    [
        ("VERIFIED", "succeeded"),
        ("VERIFICATION_FAILED", "unknown"),
        ("VERIFICATION_BLOCKED", "rejected"),
    ],
)
def test_a_code_whose_answer_was_lost_is_read_before_it_is_sent_again(
    mode: str, after: str, kind: str
) -> None:
    states = {A: "VERIFICATION_PENDING"}

    def verify(request: httpx.Request) -> httpx.Response:
        states[A] = after  # processed, then a 500
        return httpx.Response(500, json={"code": "500"})

    with respx.mock as router:
        posts = router.post(url__regex=VERIFY).mock(side_effect=verify)
        router.get(url__regex=GET_ONE).mock(side_effect=_states(states))
        result = run(
            mode,
            _fake_options({}),
            lambda c: c.qualified_numbers.verify_voice_challenges({A: "1234"}),
        )
    assert posts.call_count == 1  # a code is never counted twice
    found = {
        "succeeded": result.succeeded,
        "rejected": result.rejected,
        "failed": result.failed,
        "unknown": result.unknown,
    }
    assert {k: list(v) for k, v in found.items() if v} == {kind: [A]}


@pytest.mark.parametrize("mode", MODES)
def test_a_code_that_never_arrived_is_sent_again(mode: str) -> None:
    states = {A: "VERIFICATION_PENDING"}
    first = [True]

    def verify(request: httpx.Request) -> httpx.Response:
        if first.pop() if first else False:
            raise httpx.ReadTimeout("lost before processing", request=request)
        states[A] = "VERIFIED"
        return httpx.Response(200, json=number_json(A, STATE + "VERIFIED"))

    with respx.mock as router:
        posts = router.post(url__regex=VERIFY).mock(side_effect=verify)
        router.get(url__regex=GET_ONE).mock(side_effect=_states(states))
        result = run(
            mode,
            _fake_options({}),
            lambda c: c.qualified_numbers.verify_voice_challenges({A: "1234"}),
        )
    assert list(result.succeeded) == [A] and posts.call_count == 2


@pytest.mark.parametrize("mode", MODES)
def test_unreadable_after_a_lost_answer_is_unknown_not_failed(
    mode: str, sleeps: list[float]
) -> None:
    with respx.mock as router:
        router.post(url__regex=SEND).mock(return_value=httpx.Response(500, json={}))
        router.get(url__regex=GET_ONE).mock(return_value=httpx.Response(503, json={}))
        result = run(
            mode, _fake_options({}), lambda c: c.qualified_numbers.send_voice_challenges([A, B])
        )
    assert set(result.unknown) == {A, B} and not result.failed and not result.succeeded
    with pytest.raises(VoiceChallengesFailedError, match="2 with an unknown outcome"):
        result.raise_for_failures()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("route", [SEND, VERIFY])
def test_an_answer_about_another_number_is_never_a_success(mode: str, route: str) -> None:
    other = number_json("+12025550134", STATE + "VERIFIED")
    with respx.mock as router:
        router.post(url__regex=route).mock(return_value=httpx.Response(200, json=other))
        router.get(url__regex=GET_ONE).mock(side_effect=_states({A: "ELIGIBLE", B: "ELIGIBLE"}))

        def bulk(c: Any) -> Any:
            qn = c.qualified_numbers
            if route == SEND:
                return qn.send_voice_challenges([A, B])
            return qn.verify_voice_challenges({A: "1", B: "2"})

        result = run(mode, _fake_options({"max_retries": 0}), bulk)
        single = (
            (lambda c: c.qualified_numbers.send_voice_challenge(A))
            if route == SEND
            else (lambda c: c.qualified_numbers.verify_voice_challenge(A, "1"))
        )
        with pytest.raises(APIResponseValidationError, match=r"about '\+12025550134'"):
            run(mode, _fake_options({"max_retries": 0}), single)
    assert not result.succeeded and not result.rejected
    assert set(result.failed) == {A, B}
    assert all(isinstance(e, APIResponseValidationError) for e in result.failed.values())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("fault", ["drop_after", "error_after", "rate_503"])
def test_200_numbers_through_30_percent_lost_answers_are_each_called_once(
    mode: str, fault: str, sandbox: PortServer
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(6000, 6200)]
    seed(sandbox, numbers, ELIGIBLE)
    faults = sandbox.sandbox.faults
    faults.update({"seed": 5, "per_operation": {"sendVoiceChallenge": {fault: 0.3}}})
    options = client_kwargs(sandbox, max_concurrency=8)
    sent = run(mode, options, lambda c: c.qualified_numbers.send_voice_challenges(numbers))
    assert faults.describe()["injected"][fault.removeprefix("rate_")] > 30
    assert not sent.unknown  # the reads were not faulted: every outcome is known
    assert set(sent.succeeded) | set(sent.failed) == set(numbers)
    with SandboxAdmin(sandbox.url) as admin:
        called = Counter(call.phone_number for call in admin.voice_calls())
    # Every number reported called was called once, and one reported failed never was.
    assert called == dict.fromkeys(sent.succeeded, 1)
    if fault == "rate_503":  # refused before processing: read, then sent again (3 rounds)
        assert len(sent.failed) <= 12  # 0.3 ** 3 of 200 is 5.4 (62 when a 503 was final)
    else:  # processed, then the answer lost: the read shows the call placed
        assert not sent.failed
    faults.update({"seed": 6, "per_operation": {"verifyVoiceChallenge": {fault: 0.3}}})
    codes = voice_codes(sandbox.url)
    called_numbers = list(sent.succeeded)
    verified = run(
        mode,
        options,
        lambda c: c.qualified_numbers.verify_voice_challenges(
            {n: codes[n] for n in called_numbers}
        ),
    )
    assert not verified.unknown and not verified.rejected
    assert set(verified.succeeded) | set(verified.failed) == set(called_numbers)
    states = {n: sandbox.sandbox.qualified_numbers.get(PROJECT, n).state for n in called_numbers}
    assert {n for n, state in states.items() if state.endswith("_VERIFIED")} == set(
        verified.succeeded
    )
    if fault != "rate_503":
        assert not verified.failed
