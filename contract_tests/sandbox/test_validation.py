"""Every bad input gets the service's error body naming the field, and never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import BASE, DIRECT_LOA, add, error_of, path, verify, violated_fields

LIST = BASE
STATES = {"states": "GLOBAL_PROCESS_STATE_ELIGIBLE"}


def _numbers(count: int, start: int = 2025550000) -> list[str]:
    return [f"+1{start + i}" for i in range(count)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"states": "GLOBAL_PROCESS_STATE_BOGUS"}, "states"),
        ({}, "states"),
        ({**STATES, "regionCode": "GB"}, "regionCode"),
        ({**STATES, "pageSize": "ten"}, "pageSize"),
        ({**STATES, "pageSize": "-1"}, "pageSize"),
        ({**STATES, "orderBy": "phoneNumber"}, "orderBy"),
        ({**STATES, "orderBy": ""}, "orderBy"),  # empty is not a member of the enum either
        ({**STATES, "pageToken": "not-a-token"}, "pageToken"),
        ({**STATES, "color": "blue"}, "color"),
    ],
)
def test_bad_list_parameters(http: httpx.Client, params: dict[str, str], field: str) -> None:
    body = error_of(http.get(LIST, params=params), 400)
    assert body["status"] == "INVALID_ARGUMENT"
    assert field in violated_fields(body)


def _text_enable(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "regionCode": "US",
        "numbers": ["+12025550134"],
        "servicePlanId": "plan",
        "directLoaInfo": DIRECT_LOA,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(
    ("operation", "payload", "field"),
    [
        (":addNumbers", {"phoneNumbers": ["2025550134"]}, "phoneNumbers[0]"),
        (":addNumbers", {"phoneNumbers": ["+4420794600"]}, "phoneNumbers[0]"),
        (":addNumbers", {"phoneNumbers": []}, "phoneNumbers"),
        (":addNumbers", {"phoneNumbers": ["+12025550134", "+12025550134"]}, "phoneNumbers"),
        (":addNumbers", {"phoneNumbers": _numbers(501)}, "phoneNumbers"),
        (":addNumbers", {"numbers": ["+12025550134"]}, "phoneNumbers"),
        (":textEnableNumbers", _text_enable(numbers=_numbers(501)), "numbers"),
        (":textEnableNumbers", _text_enable(regionCode="MX"), "regionCode"),
        (":textEnableNumbers", _text_enable(servicePlanId=None), "servicePlanId"),
        (
            ":textEnableNumbers",
            _text_enable(directLoaInfo={**DIRECT_LOA, "address": {"street": "x"}}),
            "directLoaInfo.address.buildingNumber",
        ),
        (
            ":textEnableNumbers",
            _text_enable(directLoaInfo={"address": DIRECT_LOA["address"]}),
            "directLoaInfo.authorisedPerson",
        ),
        (":textEnableNumbers", _text_enable(directLoaInfo=None), "directLoaInfo"),
        (":textEnableNumbers", _text_enable(blanketLoaInfo={}), "directLoaInfo"),
        (":textEnableNumbers", _text_enable(numbers=["+18335870229"]), "numbers[0]"),
        (":textEnableNumbers", _text_enable(numbers=["+14165550123"]), "numbers[0]"),
        (":textEnableTollFreeNumbers", _text_enable(), "numbers[0]"),
    ],
)
def test_bad_bodies(http: httpx.Client, operation: str, payload: Any, field: str) -> None:
    body = error_of(http.post(f"{BASE}{operation}", json=payload), 400)
    assert field in violated_fields(body), body


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'"string"', b"", b"[" * 100_000],
)
def test_malformed_bodies(http: httpx.Client, content: bytes) -> None:
    response = http.post(
        f"{BASE}:addNumbers", content=content, headers={"content-type": "application/json"}
    )
    body = error_of(response, 400)
    assert violated_fields(body)


def test_huge_body(http: httpx.Client) -> None:
    response = http.post(
        f"{BASE}:addNumbers",
        content=b'{"phoneNumbers": ["' + b"1" * 2_000_000 + b'"]}',
        headers={"content-type": "application/json"},
    )
    assert "body" in violated_fields(error_of(response, 400))


def test_text_enable_refuses_numbers_not_verified(http: httpx.Client) -> None:
    add(http, "+12025550134")
    body = error_of(http.post(f"{BASE}:textEnableNumbers", json=_text_enable()), 400)
    assert violated_fields(body) == ["numbers[0]"]
    assert "VERIFIED" in body["details"][0]["fieldViolations"][0]["description"]


def test_text_enable_unknown_number_is_404(http: httpx.Client) -> None:
    verify(http, "+12025550134")
    payload = _text_enable(numbers=["+12025550134", "+12025550199"])
    body = error_of(http.post(f"{BASE}:textEnableNumbers", json=payload), 404)
    assert "+12025550199" in body["message"]


def test_toll_free_with_both_letters_is_refused(http: httpx.Client) -> None:
    payload = _text_enable(
        numbers=["+18335870229"],
        resellerLoaInfo={**DIRECT_LOA, "businessName": "ACME"},
    )
    error_of(http.post(f"{BASE}:textEnableTollFreeNumbers", json=payload), 400)


def test_unknown_number_is_404(http: httpx.Client) -> None:
    error_of(http.get(path("+12025550100")), 404)
    error_of(http.post(path("+12025550100", ":sendVoiceChallenge")), 404)
    error_of(http.post(path("+12025550100", ":verifyVoiceChallenge"), json={"code": "1"}), 404)


def test_adding_twice_is_409(http: httpx.Client) -> None:
    add(http, "+12025550134")
    body = error_of(
        http.post(f"{BASE}:addNumbers", json={"phoneNumbers": ["+12025550135", "+12025550134"]}),
        409,
    )
    assert "+12025550134" in body["message"]
    # Nothing of the refused batch was added.
    error_of(http.get(path("+12025550135")), 404)


@pytest.mark.parametrize("segment", ["12025550134", "%2Babc", "%2B0123", "%2B1234567890123456"])
def test_bad_phone_in_path(http: httpx.Client, segment: str) -> None:
    body = error_of(http.get(f"{BASE}/{segment}"), 400)
    assert violated_fields(body) == ["phoneNumber"]


def test_verify_needs_a_code(http: httpx.Client) -> None:
    add(http, "+12025550134")
    body = error_of(http.post(path("+12025550134", ":verifyVoiceChallenge"), json={}), 400)
    assert "code" in violated_fields(body)


def test_unknown_routes_and_methods(http: httpx.Client) -> None:
    error_of(http.get(f"{BASE}/%2B12025550134:teleport"), 404)
    wrong_method = http.put(path("+12025550134"))
    error_of(wrong_method, 405)
    assert set(wrong_method.headers["allow"].replace(" ", "").split(",")) >= {"GET", "DELETE"}
