"""`_bulk_orders` through the client: chunking, concurrency, failures kept apart, reconciliation."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    BadRequestError,
    BlanketLoa,
    QualifiedNumbersClient,
    TextEnableFailedError,
)
from sinch_qualified_numbers_sandbox import (
    RunningSandbox,
    SandboxAdmin,
)

from .conftest import (
    API,
    LOA,
    ONE,
    PROJECT,
    client_kwargs,
    fake_async_client,
    fake_client,
    number_json,
    seed,
)


def _mixed_numbers() -> list[str]:
    us = [f"+1202555{i:04d}" for i in range(1000, 1600)]  # 600 US
    ca = [f"+1416555{i:04d}" for i in range(1000, 1434)]  # 434 CA
    toll_free = [f"+1833555{i:04d}" for i in range(1000, 1200)]  # 200 toll-free (US)
    return us + ca + toll_free


def listing_route(numbers: list[dict[str, Any]] | None = None) -> respx.Route:
    """The listing `text_enable` reads before sending more than one call's worth (the states
    of the project's numbers that are not VERIFIED): these numbers, on one page."""

    def answer(request: httpx.Request) -> httpx.Response:
        region = request.url.params.get("regionCode")
        found = [n for n in numbers or [] if n.get("regionCode", "US") == region]
        return httpx.Response(200, json={"qualifiedNumbers": found, "totalSize": len(found)})

    return respx.get(API).mock(side_effect=answer)


def _order_routes() -> tuple[respx.Route, respx.Route, list[dict[str, Any]]]:
    listing_route()
    bodies: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append({"path": request.url.path, **body})
        return httpx.Response(200, json={"hostingOrderId": f"order-{len(bodies)}"})

    local = respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    toll_free = respx.post(f"{API}:textEnableTollFreeNumbers").mock(side_effect=answer)
    return local, toll_free, bodies


@respx.mock
def test_chunking_1234_mixed_numbers() -> None:
    numbers = _mixed_numbers()
    assert len(numbers) == 1234
    local, toll_free, bodies = _order_routes()
    with fake_client(max_concurrency=4) as client:
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="plan", loa=LOA)
    # US 600 -> 500 + 100, CA 434 -> 1 call, toll-free 200 -> 1 call
    assert local.call_count == 3
    assert toll_free.call_count == 1
    assert all(len(b["numbers"]) <= 500 for b in bodies)
    sent = [n for b in bodies for n in b["numbers"]]
    assert sorted(sent) == sorted(numbers)
    for body in bodies:
        regions = {("CA" if n.startswith("+1416") else "US") for n in body["numbers"]}
        assert regions == {body["regionCode"]}
        assert body["projectId"] == PROJECT
        assert "directLoaInfo" in body and "migrateToSinchTmo" not in body
        tf = {n.startswith("+1833") for n in body["numbers"]}
        assert tf == {body["path"].endswith(":textEnableTollFreeNumbers")}
    assert result.ok and len(result.enabled) == 1234
    assert sorted(len(o.numbers) for o in result.orders) == [100, 200, 434, 500]
    assert {result.enabled[n] for n in numbers} == {f"order-{i}" for i in range(1, 5)}


@respx.mock
@pytest.mark.anyio
async def test_async_chunking_respects_concurrency() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 4500)]  # 2,500 -> 5 chunks
    in_flight = [0, 0]

    async def answer(request: httpx.Request) -> httpx.Response:
        import asyncio

        in_flight[0] += 1
        in_flight[1] = max(in_flight[1], in_flight[0])
        await asyncio.sleep(0.02)
        in_flight[0] -= 1
        return httpx.Response(200, json={"hostingOrderId": "x"})

    route = respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    listing_route()
    async with fake_async_client(max_concurrency=2) as client:
        result = await client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert route.call_count == 5 and len(result.enabled) == 2500
    assert in_flight[1] == 2


def _refusal(violations: list[tuple[str, str]], message: str = "Not verified.") -> httpx.Response:
    return httpx.Response(
        400,
        json={
            "code": "400",
            "message": message,
            "status": "FAILED_PRECONDITION",
            "details": [
                {
                    "type": "BadRequest",
                    "fieldViolations": [{"field": f, "description": d} for f, d in violations],
                }
            ],
        },
    )


@respx.mock
def test_a_refused_number_fails_alone_and_the_others_go_again_at_once() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 3200)]  # 3 chunks
    bad = "+12025552503"  # numbers[3] of the second chunk
    bodies: list[list[str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["numbers"]
        bodies.append(sent)
        if bad in sent:
            return _refusal([(f"numbers[{sent.index(bad)}]", "refused for its own reason")])
        return httpx.Response(200, json={"hostingOrderId": f"o{len(bodies)}"})

    respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    respx.get(f"{API}/%2B12025552503").mock(
        return_value=httpx.Response(200, json=number_json(bad, "GLOBAL_PROCESS_STATE_VERIFIED"))
    )
    listing_route()
    with fake_client(max_concurrency=1) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert len(bodies) == 4  # three chunks, and the refused one once more without its culprit
    assert bodies[2] == [n for n in bodies[1] if n != bad]
    assert set(result.enabled) == set(numbers) - {bad} and list(result.failed) == [bad]
    error = result.failed[bad]
    assert isinstance(error, BadRequestError) and error.subject == bad
    assert [v.description for v in error.field_violations] == ["refused for its own reason"]
    with pytest.raises(TextEnableFailedError) as caught:
        result.raise_for_failures()
    assert caught.value.result is result and "1 numbers failed" in str(caught.value)


# -- retry matrix ----------------------------------------------------------------------------


@respx.mock
def test_text_enable_timeout_with_numbers_taken_is_not_resubmitted() -> None:
    numbers = [ONE, "+12025550135"]
    post = respx.post(f"{API}:textEnableNumbers").mock(side_effect=httpx.ReadTimeout("lost"))
    for n in numbers:
        respx.get(f"{API}/{n.replace('+', '%2B')}").mock(
            return_value=httpx.Response(
                200, json=number_json(n, "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS")
            )
        )
    with fake_client() as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert post.call_count == 1
    assert result.ok and result.enabled == {ONE: None, "+12025550135": None}
    assert result.orders[0].hosting_order_id is None


@respx.mock
def test_text_enable_500_with_numbers_still_verified_is_sent_once_more() -> None:
    numbers = [ONE, "+12025550135", "+12025550136"]
    post = respx.post(f"{API}:textEnableNumbers").mock(
        side_effect=[
            httpx.Response(500, json={"code": "500", "message": "Oops.", "status": "INTERNAL"}),
            httpx.Response(200, json={"hostingOrderId": "second"}),
        ]
    )
    states = {
        ONE: "GLOBAL_PROCESS_STATE_VERIFIED",
        "+12025550135": "GLOBAL_PROCESS_STATE_VERIFIED",
        "+12025550136": "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE",
    }
    for n, s in states.items():
        respx.get(f"{API}/{n.replace('+', '%2B')}").mock(
            return_value=httpx.Response(200, json=number_json(n, s))
        )
    with fake_client() as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert post.call_count == 2
    assert json.loads(post.calls[1].request.content)["numbers"] == [ONE, "+12025550135"]
    assert result.enabled == {ONE: "second", "+12025550135": "second"}
    # Not taken and not sendable: not a failure, its state said (it was never VERIFIED).
    assert result.not_verified == {"+12025550136": "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"}
    assert result.ok and not result.failed


def test_fault_injected_after_processing_never_double_submits(sandbox: RunningSandbox) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 2200)]  # 3 chunks
    seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {"error_after": 0.5, "drop_after": 0.3, "seed": 5, "operations": ["textEnableNumbers"]}
    )

    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=3)) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    with SandboxAdmin(sandbox.url) as admin:
        submissions = admin.submissions()
    assert set(submissions.values()) == {1}
    assert set(submissions) == set(result.enabled)
    assert set(result.enabled) | set(result.failed) == set(numbers)
    assert sandbox.sandbox.faults.injected  # faults really happened


# -- hooks -----------------------------------------------------------------------------------


@respx.mock
@pytest.mark.anyio
async def test_async_reconciliation_does_not_resubmit_taken_numbers() -> None:
    post = respx.post(f"{API}:textEnableNumbers").mock(side_effect=httpx.ReadTimeout("lost"))
    respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(200, json=number_json(ONE, "GLOBAL_PROCESS_STATE_HOSTING_DONE"))
    )
    from sinch_qualified_numbers import BlanketLoa

    async with fake_async_client() as client:
        result = await client.qualified_numbers.text_enable(
            [ONE], service_plan_id="p", loa=BlanketLoa()
        )
    assert post.call_count == 1 and result.enabled == {ONE: None}
