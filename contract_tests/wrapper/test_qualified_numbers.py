"""Each operation, sync and async, against the sandbox over real HTTP."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    BlanketLoa,
    GlobalProcessState,
    NotFoundError,
    QualifiedNumber,
    QualifiedNumbersClient,
    ResellerLoa,
)
from sinch_qualified_numbers._exceptions import error_from_response
from sinch_qualified_numbers_sandbox import PortServer, SandboxAdmin

from .both import MODES, run
from .conftest import LOA, _fake_options, client_kwargs, fake_client, number_json, seed, voice_code

RESELLER = ResellerLoa(
    business_name="ACME",
    authorised_person=LOA.authorised_person,
    address=LOA.address,
    current_voice_carrier="Verizon",
)
S = GlobalProcessState


def test_whole_process_sync(client: QualifiedNumbersClient, sandbox: PortServer) -> None:
    qn = client.qualified_numbers
    added = qn.add(["(202) 555-0134", "416 555 0123"])
    assert [n.phone_number for n in added] == ["+12025550134", "+14165550123"]
    assert all(isinstance(n, QualifiedNumber) for n in added)
    got = qn.get("+1 202-555-0134")
    assert got.global_process_state in (
        S.GLOBAL_PROCESS_STATE_ELIGIBLE,
        S.GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING,
    )
    for number in ("+12025550134", "+14165550123"):
        sent = qn.send_voice_challenge(number)
        assert sent.global_process_state is S.GLOBAL_PROCESS_STATE_VERIFICATION_PENDING
        verified = qn.verify_voice_challenge(number, voice_code(sandbox, number))
        assert verified.global_process_state is S.GLOBAL_PROCESS_STATE_VERIFIED
    result = qn.text_enable(["+12025550134", "+14165550123"], service_plan_id="plan", loa=LOA)
    assert result.ok and set(result.enabled) == {"+12025550134", "+14165550123"}
    assert {o.region_code for o in result.orders} == {"US", "CA"}
    assert all(o.hosting_order_id for o in result.orders)
    done = qn.wait_for(
        ["+12025550134", "+14165550123"], states=["HOSTING_DONE"], timeout=10, poll_interval=0.05
    )
    assert {n.global_process_state for n in done.values()} == {S.GLOBAL_PROCESS_STATE_HOSTING_DONE}
    listed = list(qn.list(states=[S.GLOBAL_PROCESS_STATE_HOSTING_DONE]))
    assert sorted(n.phone_number for n in listed) == ["+12025550134", "+14165550123"]
    qn.delete("+12025550134")
    with pytest.raises(NotFoundError) as caught:
        qn.get("+12025550134")
    assert (
        str(caught.value)
        == "404 NOT_FOUND: The qualified number could not be found. (+12025550134)"
    )


@pytest.mark.anyio
async def test_whole_process_async(
    aclient: AsyncQualifiedNumbersClient, sandbox: PortServer
) -> None:
    qn = aclient.qualified_numbers
    added = await qn.add(["(202) 555-0134", "+18335870229"])
    assert [n.phone_number for n in added] == ["+12025550134", "+18335870229"]
    assert (await qn.get("2025550134")).phone_number == "+12025550134"
    for number in ("+12025550134", "+18335870229"):
        await qn.send_voice_challenge(number)
        verified = await qn.verify_voice_challenge(number, voice_code(sandbox, number))
        assert verified.global_process_state is S.GLOBAL_PROCESS_STATE_VERIFIED
    result = await qn.text_enable(
        ["+12025550134", "+18335870229"], service_plan_id="plan", loa=RESELLER
    )
    assert result.ok
    assert sorted((o.toll_free, o.numbers[0]) for o in result.orders) == [
        (False, "+12025550134"),
        (True, "+18335870229"),
    ]
    done = await qn.wait_for(
        ["+12025550134", "+18335870229"], states="HOSTING_DONE", timeout=10, poll_interval=0.05
    )
    assert len(done) == 2
    listed = [n.phone_number async for n in qn.list(states=["HOSTING_DONE"], page_size=1)]
    assert sorted(listed) == ["+12025550134", "+18335870229"]
    await qn.delete("+18335870229")
    with pytest.raises(NotFoundError):
        await qn.get("+18335870229")


def test_blanket_loa_and_options_reach_the_service(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, ["+12025550134"])
    result = client.qualified_numbers.text_enable(
        ["+12025550134"],
        service_plan_id="plan-9",
        loa=BlanketLoa(),
        campaign_id="C1",
        display_name="Spring batch",
        callback_url="http://127.0.0.1:9/hook",
    )
    assert result.ok
    with SandboxAdmin(sandbox.url) as admin:
        orders = admin.hosting_orders()
    (order,) = orders
    assert order["servicePlanId"] == "plan-9"
    assert order["campaignId"] == "C1"
    assert order["displayName"] == "Spring batch"
    assert order["hostingOrderId"] == result.orders[0].hosting_order_id


def test_basic_auth_and_v1(sandbox: PortServer) -> None:
    with QualifiedNumbersClient(**client_kwargs(sandbox, auth="basic", api_version="v1")) as c:
        assert c.config.api_base_url.endswith("/v1")
        c.qualified_numbers.add(["+12025550134"])
        assert c.qualified_numbers.get("+12025550134").phone_number == "+12025550134"


def test_list_filters_and_limit(client: QualifiedNumbersClient, sandbox: PortServer) -> None:
    seed(sandbox, [f"+1202555{i:04d}" for i in range(1000, 1030)])
    seed(sandbox, [f"+1416555{i:04d}" for i in range(1000, 1010)])
    qn = client.qualified_numbers
    canada = list(qn.list(states=["VERIFIED"], region_code="CA"))
    assert len(canada) == 10 and all(n.region_code == "CA" for n in canada)
    pager = qn.list(states=["VERIFIED"], page_size=7, limit=12)
    limited = list(pager)
    assert len(limited) == 12
    assert pager.total_size == 40
    pages = list(qn.list(states=["VERIFIED"], page_size=15).pages())
    assert [len(p.items) for p in pages] == [15, 15, 10]
    assert pages[-1].next_page_token == ""
    by_update = list(qn.list(states=["VERIFIED"], order_by="updatedTime", limit=3))
    assert len(by_update) == 3


# -- answers checked against the request ------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_get_answering_another_number_is_an_error_not_that_number(mode: str) -> None:
    other = number_json("+12025550199")
    with respx.mock as router:
        router.get(url__regex=r".*/qualifiedNumbers/%2B12025550134$").mock(
            return_value=httpx.Response(200, json=other)
        )
        with pytest.raises(APIResponseValidationError, match=r"about '\+12025550199'"):
            run(mode, _fake_options({}), lambda c: c.qualified_numbers.get("+12025550134"))
        states = run(
            mode, _fake_options({}), lambda c: c.qualified_numbers.read_states(["+12025550134"])
        )
    assert isinstance(states["+12025550134"], APIResponseValidationError)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("total", ["many", -1, 2.5, True, {"n": 1}])
def test_a_total_size_that_is_not_a_count_is_unreadable(mode: str, total: object) -> None:
    page = {"qualifiedNumbers": [number_json("+12025550134")], "totalSize": total}
    with respx.mock as router:
        router.get(url__regex=r".*/qualifiedNumbers(\?.*)?$").mock(
            return_value=httpx.Response(200, json=page)
        )

        def total_of(c: Any) -> Any:
            pager = c.qualified_numbers.list(states=["VERIFIED"])
            if isinstance(c, AsyncQualifiedNumbersClient):

                async def first() -> Any:
                    return [n async for n in pager], pager.total_size

                return first()
            return list(pager), pager.total_size

        with pytest.raises(APIResponseValidationError, match="totalSize is not a count"):
            run(mode, _fake_options({}), total_of)


@pytest.mark.parametrize(("total", "read"), [(12, 12), ("12", 12), (0, 0)])
def test_a_total_size_may_be_a_decimal_string(total: object, read: int) -> None:
    page = {"qualifiedNumbers": [number_json("+12025550134")], "totalSize": total}
    with respx.mock as router, fake_client() as client:
        router.get(url__regex=r".*/qualifiedNumbers(\?.*)?$").mock(
            return_value=httpx.Response(200, json=page)
        )
        pager = client.qualified_numbers.list(states=["VERIFIED"])
        assert len(list(pager)) == 1
        assert pager.total_size == read


@pytest.mark.parametrize(
    ("path", "said", "shown"),
    [
        # Sinch answers every 404 with the imported-number sentence (its published sample for
        # a qualified number's DELETE): the message names the resource the call was about.
        (
            "qualifiedNumbers/+12025550134",
            "The imported number could not be found.",
            "The qualified number could not be found.",
        ),
        (
            "importedNumbers/+12025550134",
            "The imported number could not be found.",
            "The imported number could not be found.",
        ),
        (
            "hostingOrders/abc",
            "The imported number could not be found.",
            "The hosting order could not be found.",
        ),
        (
            "qualifiedNumbers/+12025550134:sendVoiceChallenge",
            "The imported number could not be found.",
            "The qualified number could not be found.",
        ),
        # Any other text is the service's own, kept as it is.
        (
            "qualifiedNumbers/+12025550134",
            "Project p-1 has no such number.",
            "Project p-1 has no such number.",
        ),
        (
            "qualifiedNumbers",
            "The imported number could not be found.",
            "The imported number could not be found.",
        ),
    ],
)
def test_not_found_names_the_resource_of_the_call(path: str, said: str, shown: str) -> None:
    body = json.dumps({"code": "404", "message": said, "status": "NOT_FOUND"}).encode()
    url = f"https://qn.example/v1beta1/projects/p-1/{path}"
    error = error_from_response(404, body, {}, method="GET", url=url)
    assert isinstance(error, NotFoundError)
    assert error.message == shown
    assert error.body == {"code": "404", "message": said, "status": "NOT_FOUND"}  # as said
