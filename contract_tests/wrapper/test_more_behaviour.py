"""The async twins of the retry and auth rules, wait_for's timeout, partial bulk adds."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AddNumbersError,
    AuthenticationError,
    ConflictError,
    InternalServerError,
    QualifiedNumbersClient,
    WaitTimeoutError,
)
from sinch_qualified_numbers_sandbox import RunningSandbox

from .conftest import (
    API,
    FAKE_TOKEN_URL,
    client_kwargs,
    fake_async_client,
    fake_client,
    number_json,
    seed,
)

ONE = "+12025550134"


@respx.mock
@pytest.mark.anyio
async def test_async_retries_429_then_succeeds(sleeps: list[float]) -> None:
    route = respx.get(f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}, json={}),
            httpx.ReadTimeout("late"),
            httpx.Response(200, json=number_json(ONE)),
        ]
    )
    async with fake_async_client() as client:
        number = await client.qualified_numbers.get(ONE)
    assert number.phone_number == ONE and route.call_count == 3
    assert sleeps[0] == 2


@respx.mock
@pytest.mark.anyio
async def test_async_post_not_resent_after_500(sleeps: list[float]) -> None:
    add = respx.post(f"{API}:addNumbers").mock(
        return_value=httpx.Response(
            500, json={"code": "500", "message": "Oops.", "status": "INTERNAL"}
        )
    )
    async with fake_async_client() as client:
        with pytest.raises(InternalServerError) as caught:
            await client.qualified_numbers.add([ONE])  # one call: its own error
    assert add.call_count == 1
    assert caught.value.status_code == 500


@respx.mock
@pytest.mark.anyio
async def test_async_401_replays_once_then_raises() -> None:
    token = respx.post(FAKE_TOKEN_URL).mock(
        return_value=httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
    )
    api = respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            401, json={"code": "401", "message": "No.", "status": "UNAUTHENTICATED"}
        )
    )
    async with fake_async_client(auth="oauth2") as client:
        with pytest.raises(AuthenticationError):
            await client.qualified_numbers.get(ONE)
    assert api.call_count == 2 and token.call_count == 2


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


@respx.mock
def test_partial_add_reports_what_went_through() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1700)]  # 500 + 200

    def answer(request: httpx.Request) -> httpx.Response:
        batch = json.loads(request.content)["phoneNumbers"]
        if len(batch) == 200:
            return httpx.Response(
                409, json={"code": "409", "message": "Exists.", "status": "ALREADY_EXISTS"}
            )
        return httpx.Response(200, json={"qualifiedNumbers": [number_json(n) for n in batch]})

    respx.post(f"{API}:addNumbers").mock(side_effect=answer)
    with fake_client(max_concurrency=1) as client, pytest.raises(AddNumbersError) as caught:
        client.qualified_numbers.add(numbers)
    assert [n.phone_number for n in caught.value.added] == numbers[:500]
    assert set(caught.value.failed) == set(numbers[500:])
    assert all(isinstance(e, ConflictError) for e in caught.value.failed.values())
    assert "200 numbers were not added (500 were)" in str(caught.value)


def test_wait_for_times_out_naming_the_late_numbers(sandbox: RunningSandbox) -> None:
    seed(sandbox, [ONE, "+12025550135"])
    seed(sandbox, ["+12025550136"], "GLOBAL_PROCESS_STATE_HOSTING_DONE")
    with (
        QualifiedNumbersClient(**client_kwargs(sandbox)) as client,
        pytest.raises(WaitTimeoutError) as caught,
    ):
        client.qualified_numbers.wait_for(
            [ONE, "+12025550135", "+12025550136"],
            states=["HOSTING_DONE"],
            timeout=0.3,
            poll_interval=0.05,
        )
    assert caught.value.pending == {
        ONE: "GLOBAL_PROCESS_STATE_VERIFIED",
        "+12025550135": "GLOBAL_PROCESS_STATE_VERIFIED",
    }
    assert "2 numbers did not reach the wanted states within 0.3s" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


@respx.mock
def test_a_failed_token_fetch_does_not_wedge_the_client() -> None:
    """The refresh lock is released when fetching a token fails, so the next call proceeds."""
    respx.post(FAKE_TOKEN_URL).mock(
        side_effect=[
            httpx.Response(503, json={"code": "503", "message": "Down.", "status": "UNAVAILABLE"}),
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"access_token": "tok", "expires_in": 3600}),
        ]
    )
    respx.get(f"{API}/%2B12025550134").mock(return_value=httpx.Response(200, json=number_json(ONE)))
    with fake_client(auth="oauth2", max_retries=0) as client:
        with pytest.raises(InternalServerError):
            client.qualified_numbers.get(ONE)
        from sinch_qualified_numbers import APIConnectionError

        with pytest.raises(APIConnectionError) as caught:
            client.qualified_numbers.get(ONE)
        assert caught.value.request_sent is False
        assert client.qualified_numbers.get(ONE).phone_number == ONE


@respx.mock
@pytest.mark.anyio
async def test_async_failed_token_fetch_does_not_wedge_the_client() -> None:
    respx.post(FAKE_TOKEN_URL).mock(
        side_effect=[
            httpx.Response(503, json={"code": "503", "message": "Down.", "status": "UNAVAILABLE"}),
            httpx.Response(200, json={"access_token": "tok", "expires_in": 3600}),
        ]
    )
    respx.get(f"{API}/%2B12025550134").mock(return_value=httpx.Response(200, json=number_json(ONE)))
    async with fake_async_client(auth="oauth2", max_retries=0) as client:
        with pytest.raises(InternalServerError):
            await client.qualified_numbers.get(ONE)
        assert (await client.qualified_numbers.get(ONE)).phone_number == ONE
