"""The whole process for a number, driven over real HTTP, with every failure branch."""

from __future__ import annotations

import httpx

from ..conftest import API_VERSIONS, InProcess
from .conftest import (
    BASE,
    DIRECT_LOA,
    PROJECT,
    add,
    advance,
    error_of,
    get,
    last_code,
    path,
    verify,
    violated_fields,
)

US = "+12025550134"


def test_happy_path_details_follow_the_state(http: httpx.Client) -> None:
    (added,) = add(http, US)
    assert added["globalProcessState"] == "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
    assert added["osrEligibility"] == {"status": "IN_PROGRESS"}
    assert added["projectId"] == PROJECT and added["regionCode"] == "US"

    advance(http, 61)
    eligible = get(http, US)
    assert eligible["globalProcessState"] == "GLOBAL_PROCESS_STATE_ELIGIBLE"
    assert eligible["osrEligibility"]["status"] == "DONE"
    assert eligible["ownershipVerification"]["status"] == "WAITING"

    sent = http.post(path(US, ":sendVoiceChallenge")).json()
    assert sent["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    code = last_code(http, US)
    assert len(code) == 4 and code.isdigit()

    verified = http.post(path(US, ":verifyVoiceChallenge"), json={"code": code}).json()
    assert verified["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"
    assert verified["ownershipVerification"]["status"] == "DONE"

    order = http.post(
        f"{BASE}:textEnableNumbers",
        json={
            "regionCode": "US",
            "numbers": [US],
            "servicePlanId": "plan",
            "campaignId": "C1",
            "directLoaInfo": DIRECT_LOA,
        },
    )
    assert order.status_code == 200, order.text
    assert set(order.json()) == {"hostingOrderId"}
    in_progress = get(http, US)
    assert in_progress["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
    assert "hostedNumber" not in in_progress  # status 0 is a default: proto3 leaves it out

    advance(http, 601)
    done = get(http, US)
    assert done["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_DONE"
    assert done["hostedNumber"] == {"status": 1}
    assert done["updatedTime"] >= done["createdTime"]


def test_voice_calls_are_listed_newest_last(http: httpx.Client) -> None:
    add(http, US, "+14165550123")
    advance(http, 61)
    http.post(path(US, ":sendVoiceChallenge"))
    http.post(path("+14165550123", ":sendVoiceChallenge"))
    http.post(path(US, ":sendVoiceChallenge"))
    calls = http.get(f"/_sandbox/projects/{PROJECT}/voiceCalls").json()["voiceCalls"]
    assert [c["phoneNumber"] for c in calls] == [US, "+14165550123", US]
    assert all(set(c) == {"phoneNumber", "code", "createdTime"} for c in calls)


def test_magic_not_eligible(http: httpx.Client) -> None:
    add(http, "+12025559901")
    advance(http, 61)
    number = get(http, "+12025559901")
    assert number["globalProcessState"] == "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
    assert number["osrEligibility"]["status"] == "FAILED"
    assert number["osrEligibility"]["error"]
    refused = http.post(path("+12025559901", ":sendVoiceChallenge"))
    assert "phoneNumber" in violated_fields(error_of(refused, 400))


def test_wrong_codes_fail_then_block(http: httpx.Client) -> None:
    add(http, US)
    advance(http, 61)
    http.post(path(US, ":sendVoiceChallenge"))
    right = last_code(http, US)
    wrong = f"{(int(right) + 1) % 10000:04d}"
    states = []
    for _ in range(3):
        answer = http.post(path(US, ":verifyVoiceChallenge"), json={"code": wrong})
        assert answer.status_code == 200
        states.append(answer.json()["globalProcessState"])
    assert states == [
        "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED",
        "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED",
        "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED",
    ]
    blocked = get(http, US)
    assert blocked["ownershipVerification"]["status"] == "FAILED"
    # Blocked is final: even the right code is refused now.
    late = http.post(path(US, ":verifyVoiceChallenge"), json={"code": right})
    error_of(late, 400)


def test_failed_then_right_code_verifies(http: httpx.Client) -> None:
    add(http, US)
    advance(http, 61)
    http.post(path(US, ":sendVoiceChallenge"))
    right = last_code(http, US)
    wrong = f"{(int(right) + 1) % 10000:04d}"
    http.post(path(US, ":verifyVoiceChallenge"), json={"code": wrong})
    answer = http.post(path(US, ":verifyVoiceChallenge"), json={"code": right}).json()
    assert answer["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"


def test_magic_code_never_right(http: httpx.Client) -> None:
    phone = "+12025559902"
    add(http, phone)
    advance(http, 61)
    http.post(path(phone, ":sendVoiceChallenge"))
    answer = http.post(path(phone, ":verifyVoiceChallenge"), json={"code": last_code(http, phone)})
    assert answer.json()["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"


def test_magic_hosting_fails(http: httpx.Client) -> None:
    phone = "+12025559903"
    verify(http, phone)
    order = http.post(
        f"{BASE}:textEnableNumbers",
        json={"regionCode": "US", "numbers": [phone], "servicePlanId": "p", "blanketLoaInfo": {}},
    )
    assert order.status_code == 200
    advance(http, 601)
    failed = get(http, phone)
    assert failed["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_FAILED"
    assert failed["hostedNumber"]["status"] == 2 and failed["hostedNumber"]["error"]


def test_toll_free_order_and_unique_ids(http: httpx.Client, sandbox: InProcess) -> None:
    tf = ["+18335870229", "+18339460473"]
    verify(http, *tf, "+12025550134", "+12025550135")
    toll_free = http.post(
        f"{BASE}:textEnableTollFreeNumbers",
        json={
            "regionCode": "US",
            "numbers": tf,
            "servicePlanId": "p",
            "directLoaInfo": DIRECT_LOA,
            "callbackUrl": "http://127.0.0.1:9/hook",
        },
    )
    assert toll_free.status_code == 200, toll_free.text
    order = toll_free.json()
    assert order["type"] == "TYPE_TEXT_ENABLE"
    # As published: callbackUrl at the top level, never inside the info object.
    assert order["callbackUrl"] == "http://127.0.0.1:9/hook"
    assert "callbackUrl" not in order["hostingOrderInfo"]
    assert "migrateToSinchTmo" not in order  # false is a default: proto3 leaves it out
    assert order["hostingOrderInfo"]["authorisedPerson"] == DIRECT_LOA["authorisedPerson"]
    assert order["hostingOrderInfo"]["loaType"] == "DIRECT"
    ids = {order["hostingOrderId"]}
    for phone in ("+12025550134", "+12025550135"):
        answer = http.post(
            f"{BASE}:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": [phone],
                "servicePlanId": "p",
                "blanketLoaInfo": {},
            },
        )
        ids.add(answer.json()["hostingOrderId"])
    assert len(ids) == 3
    assert sandbox.sandbox.hosting_orders.submissions(PROJECT) == {
        "+18335870229": 1,
        "+18339460473": 1,
        "+12025550134": 1,
        "+12025550135": 1,
    }
    listed = http.get(f"/_sandbox/projects/{PROJECT}/submissions").json()["submissions"]
    assert listed["+18335870229"] == 1


def test_delete_then_gone(http: httpx.Client) -> None:
    add(http, US)
    deleted = http.delete(path(US))
    assert deleted.status_code == 200 and deleted.json() == {}
    error_of(http.get(path(US)), 404)
    error_of(http.delete(path(US)), 404)


def test_plus_encoded_or_literal(http: httpx.Client) -> None:
    add(http, US)
    assert http.get(f"{BASE}/%2B12025550134").json()["phoneNumber"] == US
    assert http.get(f"{BASE}/+12025550134").json()["phoneNumber"] == US


def test_both_api_versions(http: httpx.Client) -> None:
    add(http, US)
    for version in API_VERSIONS:
        answer = http.get(f"/{version}/projects/{PROJECT}/qualifiedNumbers/%2B12025550134")
        assert answer.status_code == 200
    error_of(http.get(f"/v2/projects/{PROJECT}/qualifiedNumbers/%2B12025550134"), 404)
