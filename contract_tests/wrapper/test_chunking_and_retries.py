"""Chunked text enablement, the retry matrix and reconciliation after ambiguous failures."""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AddNumbersError,
    APIConnectionError,
    APITimeoutError,
    BlanketLoa,
    ConflictError,
    InternalServerError,
    NotFoundError,
    QualifiedNumbersClient,
    RateLimitError,
    TextEnableFailedError,
)
from sinch_qualified_numbers_sandbox import (
    RunningSandbox,
    SandboxAdmin,
)

from .conftest import API, PROJECT, fake_async_client, fake_client, number_json, seed
from .test_operations import LOA

ONE = "+12025550134"


def _mixed_numbers() -> list[str]:
    us = [f"+1202555{i:04d}" for i in range(1000, 1600)]  # 600 US
    ca = [f"+1416555{i:04d}" for i in range(1000, 1434)]  # 434 CA
    toll_free = [f"+1833555{i:04d}" for i in range(1000, 1200)]  # 200 toll-free (US)
    return us + ca + toll_free


def _order_routes() -> tuple[respx.Route, respx.Route, list[dict[str, Any]]]:
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
    async with fake_async_client(max_concurrency=2) as client:
        result = await client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert route.call_count == 5 and len(result.enabled) == 2500
    assert in_flight[1] == 2


@respx.mock
def test_a_failed_chunk_does_not_hide_the_others() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 3200)]  # 3 chunks
    calls = [0]

    def answer(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        if json.loads(request.content)["numbers"][0] == "+12025552500":
            return httpx.Response(
                400,
                json={
                    "code": "400",
                    "message": "Not verified.",
                    "status": "FAILED_PRECONDITION",
                    "details": [
                        {
                            "type": "BadRequest",
                            "fieldViolations": [{"field": "numbers[3]", "description": "x"}],
                        }
                    ],
                },
            )
        return httpx.Response(200, json={"hostingOrderId": f"o{calls[0]}"})

    respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    with fake_client(max_concurrency=1) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert len(result.enabled) == 700 and len(result.failed) == 500
    assert set(result.enabled) | set(result.failed) == set(numbers)
    assert not set(result.enabled) & set(result.failed)
    error = result.failed["+12025552500"]
    assert error.field_violations[0].field == "numbers[3]"  # type: ignore[attr-defined]
    with pytest.raises(TextEnableFailedError) as caught:
        result.raise_for_failures()
    assert caught.value.result is result and "500 numbers failed" in str(caught.value)


# -- retry matrix ----------------------------------------------------------------------------

RETRYABLE = [429, 500, 502, 503, 504]


@pytest.mark.parametrize("status", RETRYABLE)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
@respx.mock
def test_idempotent_calls_retry_on_retryable_statuses(
    status: int, method: str, sleeps: list[float]
) -> None:
    ok = (
        httpx.Response(200, json=number_json(ONE))
        if method == "GET"
        else httpx.Response(200, json={})
    )
    route = respx.route(method=method, url=f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.Response(status, json={"code": str(status), "message": "m", "status": "X"}),
            ok,
        ]
    )
    with fake_client() as client:
        qn = client.qualified_numbers
        qn.get(ONE) if method == "GET" else qn.delete(ONE)
    assert route.call_count == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 8


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.ReadTimeout("late"),
        httpx.RemoteProtocolError("eof"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
@respx.mock
def test_idempotent_calls_retry_on_network_errors(
    error: Exception, method: str, sleeps: list[float]
) -> None:
    ok = (
        httpx.Response(200, json=number_json(ONE))
        if method == "GET"
        else httpx.Response(200, json={})
    )
    route = respx.route(method=method, url=f"{API}/%2B12025550134").mock(side_effect=[error, ok])
    with fake_client() as client:
        qn = client.qualified_numbers
        qn.get(ONE) if method == "GET" else qn.delete(ONE)
    assert route.call_count == 2


@respx.mock
def test_retries_stop_at_max_retries(sleeps: list[float]) -> None:
    route = respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            503, json={"code": "503", "message": "Down.", "status": "UNAVAILABLE"}
        )
    )
    with fake_client(max_retries=3) as client, pytest.raises(InternalServerError) as caught:
        client.qualified_numbers.get(ONE)
    assert route.call_count == 4 and len(sleeps) == 3
    assert caught.value.status_code == 503
    # exponential backoff with jitter: between half and all of 0.5 * 2**attempt
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1 and 1 <= sleeps[2] <= 2
    with fake_client(max_retries=0) as client, pytest.raises(InternalServerError):
        client.qualified_numbers.get(ONE)
    assert route.call_count == 5


@respx.mock
def test_post_retries_on_429_and_connect_errors_only(sleeps: list[float]) -> None:
    add = respx.post(f"{API}:addNumbers").mock(
        side_effect=[
            httpx.Response(
                429, json={"code": "429", "message": "Slow down.", "status": "RESOURCE_EXHAUSTED"}
            ),
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"qualifiedNumbers": [number_json(ONE)]}),
        ]
    )
    with fake_client() as client:
        client.qualified_numbers.add([ONE])
    assert add.call_count == 3


@pytest.mark.parametrize(
    ("outcome", "error"),
    [
        (
            httpx.Response(500, json={"code": "500", "message": "Oops.", "status": "INTERNAL"}),
            InternalServerError,
        ),
        (
            httpx.Response(503, json={"code": "503", "message": "Down.", "status": "UNAVAILABLE"}),
            InternalServerError,
        ),
        (httpx.ReadTimeout("late"), APITimeoutError),
        (httpx.RemoteProtocolError("peer closed"), APIConnectionError),
    ],
)
@respx.mock
def test_post_is_not_resent_after_ambiguous_failures(
    outcome: Any, error: type[Exception], sleeps: list[float]
) -> None:
    add = respx.post(f"{API}:addNumbers").mock(side_effect=[outcome, httpx.Response(200, json={})])
    with fake_client() as client, pytest.raises(error) as caught:
        client.qualified_numbers.add([ONE])  # one call: its own error is raised
    assert add.call_count == 1
    assert not isinstance(caught.value, AddNumbersError)


@respx.mock
def test_retry_after_seconds_and_date_are_honoured(sleeps: list[float]) -> None:
    future = email.utils.formatdate(time.time() + 20, usegmt=True)
    route = respx.get(f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}, json={}),
            httpx.Response(429, headers={"Retry-After": future}, json={}),
            httpx.Response(429, headers={"Retry-After": "3600"}, json={}),
            httpx.Response(200, json=number_json(ONE)),
        ]
    )
    with fake_client(max_retries=3) as client:
        client.qualified_numbers.get(ONE)
    assert route.call_count == 4
    assert sleeps[0] == 7
    assert 17 <= sleeps[1] <= 21
    assert sleeps[2] == 60  # capped


@respx.mock
def test_rate_limit_error_after_retries(sleeps: list[float]) -> None:
    respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            429,
            headers={"Retry-After": "1"},
            json={"code": "429", "message": "Slow.", "status": "RESOURCE_EXHAUSTED"},
        )
    )
    with fake_client() as client, pytest.raises(RateLimitError) as caught:
        client.qualified_numbers.get(ONE)
    assert caught.value.headers["retry-after"] == "1"
    assert str(caught.value) == f"429 RESOURCE_EXHAUSTED: Slow. ({ONE})"


@respx.mock
def test_delete_retried_after_lost_answer_then_404_counts_as_deleted(sleeps: list[float]) -> None:
    route = respx.delete(f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.ReadTimeout("answer lost"),
            httpx.Response(404, json={"code": "404", "message": "Gone.", "status": "NOT_FOUND"}),
        ]
    )
    with fake_client() as client:
        client.qualified_numbers.delete(ONE)
    assert route.call_count == 2


@respx.mock
def test_plain_404_delete_still_raises() -> None:
    respx.delete(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            404, json={"code": "404", "message": "Gone.", "status": "NOT_FOUND"}
        )
    )
    with fake_client() as client, pytest.raises(NotFoundError):
        client.qualified_numbers.delete(ONE)


@respx.mock
def test_wrapped_error_shape_and_non_json_bodies() -> None:
    respx.post(f"{API}:addNumbers").mock(
        return_value=httpx.Response(
            409, json={"error": {"code": 409, "message": "Exists.", "status": "ALREADY_EXISTS"}}
        )
    )
    respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(502, text="<html>bad gateway</html>")
    )
    with fake_client(max_retries=0) as client:
        with pytest.raises(ConflictError) as caught:
            client.qualified_numbers.add([ONE])
        conflict = caught.value
        assert (
            conflict.code == "409"
            and conflict.status == "ALREADY_EXISTS"
            and conflict.message == "Exists."
        )
        with pytest.raises(InternalServerError) as bad_gateway:
            client.qualified_numbers.get(ONE)
        assert bad_gateway.value.status_code == 502
        assert "bad gateway" in str(bad_gateway.value)


# -- reconciliation after ambiguous text-enable failures -------------------------------------


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
    assert isinstance(result.failed["+12025550136"], InternalServerError)


def test_fault_injected_after_processing_never_double_submits(sandbox: RunningSandbox) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 2200)]  # 3 chunks
    seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {"error_after": 0.5, "drop_after": 0.3, "seed": 5, "operations": ["textEnableNumbers"]}
    )
    from .conftest import client_kwargs

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
        client.qualified_numbers.add(numbers, on_chunk_done=seen.append)
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
