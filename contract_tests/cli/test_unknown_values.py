"""`sinch-qn list --state` takes a state the spec does not know yet by its full name and sends
it as is; a short unknown name stays refused as a likely typo."""

from __future__ import annotations

import json

import httpx
import respx

from ..wrapper.conftest import API, FAKE_BASE, ONE, PROJECT, number_json
from .conftest import run

PORTING = "GLOBAL_PROCESS_STATE_PORTING"

ENV: dict[str, str | None] = {
    "SINCH_PROJECT_ID": PROJECT,
    "SINCH_KEY_ID": "key-id",
    "SINCH_KEY_SECRET": "s3cr3t-key-secret",
    "SINCH_QN_BASE_URL": FAKE_BASE,
    "SINCH_QN_AUTH": "basic",
}


@respx.mock
def test_list_state_sends_an_unknown_full_state_name() -> None:
    seen: list[list[str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params.get_list("states"))
        return httpx.Response(200, json={"qualifiedNumbers": [number_json(ONE, PORTING)]})

    respx.get(API).mock(side_effect=answer)

    result = run(["list", "--state", PORTING, "-o", "json"], ENV)

    assert result.exit_code == 0, result.output
    assert seen == [[PORTING]]
    assert json.loads(result.output)[0]["globalProcessState"] == PORTING


def test_list_state_refuses_a_short_unknown_name_with_the_known_ones() -> None:
    with respx.mock(assert_all_mocked=True) as mock:
        result = run(["list", "--state", "PORTNG"], ENV)
        assert not mock.calls
    assert result.exit_code == 2
    assert "PORTNG" in result.output and "VERIFIED" in result.output
