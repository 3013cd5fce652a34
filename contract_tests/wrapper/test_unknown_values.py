"""A state Sinch added before the client was regenerated: asked for by its full name, it is
sent as is by `list` and `wait_for` (blocking and asyncio); a short unknown name stays a typo."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import InvalidArgumentError

from . import both
from .conftest import API, ONE, number_json
from .test_extras import OPTIONS

PORTING = "GLOBAL_PROCESS_STATE_PORTING"


def _listing(seen: list[list[str]]) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        asked = request.url.params.get_list("states")
        seen.append(asked)
        found = [number_json(ONE, PORTING)] if PORTING in asked else []
        return httpx.Response(200, json={"qualifiedNumbers": found})

    respx.get(API).mock(side_effect=answer)


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_list_sends_a_state_the_spec_does_not_know_by_its_full_name(mode: str) -> None:
    seen: list[list[str]] = []
    _listing(seen)

    async def collect_async(c: Any) -> list[Any]:
        return [n async for n in c.qualified_numbers.list(states=[PORTING, "VERIFIED"])]

    def collect(c: Any) -> Any:
        if mode == "async":
            return collect_async(c)
        return list(c.qualified_numbers.list(states=[PORTING, "VERIFIED"]))

    found = both.run(mode, OPTIONS, collect)

    assert seen == [[PORTING, "GLOBAL_PROCESS_STATE_VERIFIED"]]
    assert [n.phone_number for n in found] == [ONE]
    assert found[0].to_dict()["globalProcessState"] == PORTING


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_wait_for_a_state_the_spec_does_not_know(mode: str) -> None:
    seen: list[list[str]] = []
    _listing(seen)

    arrived = both.run(
        mode, OPTIONS, lambda c: c.qualified_numbers.wait_for([ONE], states=[PORTING], timeout=5)
    )

    assert list(arrived) == [ONE]
    assert PORTING in seen[0]


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize(
    "typo", ["PORTNG", "verifed", "GLOBAL_PROCESS_STATE_", "GLOBAL_PROCESS_STATE_x y"]
)
def test_a_short_unknown_state_stays_a_typo_with_the_known_ones(mode: str, typo: str) -> None:
    with respx.mock(assert_all_mocked=True) as mock:
        with pytest.raises(InvalidArgumentError) as raised:
            both.run(mode, OPTIONS, lambda c: c.qualified_numbers.list(states=[typo]))
        assert not mock.calls
    message = str(raised.value)
    assert repr(typo) in message
    assert "GLOBAL_PROCESS_STATE_VERIFIED" in message  # the known ones, listed
    assert "full name" in message


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_field_the_spec_does_not_know_reaches_to_dict(mode: str) -> None:
    respx.get(f"{API}/{ONE}").respond(200, json={**number_json(ONE), "smsAppId": "app-1"})

    number = both.run(mode, OPTIONS, lambda c: c.qualified_numbers.get(ONE))

    assert number.to_dict()["smsAppId"] == "app-1"
    assert number.additional_properties == {"smsAppId": "app-1"}


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_known_state_is_taken_by_its_full_or_short_name_in_any_case(mode: str) -> None:
    seen: list[list[str]] = []
    _listing(seen)
    names = ["global_process_state_verified", "Eligible", "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"]

    async def collect_async(c: Any) -> list[Any]:
        return [n async for n in c.qualified_numbers.list(states=names)]

    def collect(c: Any) -> Any:
        return collect_async(c) if mode == "async" else list(c.qualified_numbers.list(states=names))

    both.run(mode, OPTIONS, collect)
    assert seen == [
        [
            "GLOBAL_PROCESS_STATE_VERIFIED",
            "GLOBAL_PROCESS_STATE_ELIGIBLE",
            "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE",
        ]
    ]
