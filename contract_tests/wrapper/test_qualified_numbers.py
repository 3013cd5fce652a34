"""Each operation, sync and async, against the sandbox over real HTTP."""

from __future__ import annotations

import pytest

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    BlanketLoa,
    GlobalProcessState,
    NotFoundError,
    QualifiedNumber,
    QualifiedNumbersClient,
    ResellerLoa,
)
from sinch_qualified_numbers_sandbox import RunningSandbox, SandboxAdmin

from .conftest import LOA, client_kwargs, seed, voice_code

RESELLER = ResellerLoa(
    business_name="ACME",
    authorised_person=LOA.authorised_person,
    address=LOA.address,
    current_voice_carrier="Verizon",
)
S = GlobalProcessState


def test_whole_process_sync(client: QualifiedNumbersClient, sandbox: RunningSandbox) -> None:
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
        str(caught.value) == "404 NOT_FOUND: The imported number could not be found. (+12025550134)"
    )


@pytest.mark.anyio
async def test_whole_process_async(
    aclient: AsyncQualifiedNumbersClient, sandbox: RunningSandbox
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
    client: QualifiedNumbersClient, sandbox: RunningSandbox
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


def test_basic_auth_and_v1(sandbox: RunningSandbox) -> None:
    with QualifiedNumbersClient(**client_kwargs(sandbox, auth="basic", api_version="v1")) as c:
        assert c.config.api_base_url.endswith("/v1")
        c.qualified_numbers.add(["+12025550134"])
        assert c.qualified_numbers.get("+12025550134").phone_number == "+12025550134"


def test_list_filters_and_limit(client: QualifiedNumbersClient, sandbox: RunningSandbox) -> None:
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
