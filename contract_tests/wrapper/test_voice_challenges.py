"""Voice challenges in bulk: one outcome per number, bounded concurrency, nothing raised."""

from __future__ import annotations

import pytest

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    ChallengeOutcome,
    InvalidArgumentError,
    InvalidPhoneNumberError,
    NotFoundError,
    QualifiedNumbersClient,
    VoiceChallengesFailedError,
)
from sinch_qualified_numbers_sandbox import RunningSandbox

from .conftest import client_kwargs, seed, voice_codes

NUMBERS = [f"+1202555{i:04d}" for i in range(5000, 5030)]
ELIGIBLE = "GLOBAL_PROCESS_STATE_ELIGIBLE"


def test_send_and_verify_many_numbers(sandbox: RunningSandbox) -> None:
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


@pytest.mark.anyio
async def test_async_send_and_verify(sandbox: RunningSandbox) -> None:
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
