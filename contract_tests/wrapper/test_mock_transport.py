"""`http_transport=httpx.MockTransport(handler)`: httpx's own documented way to fake a transport.

MockTransport (like any transport that builds its answers with `content=`) returns responses
whose body is already read; the client reads what is there, still bounded by
`max_response_bytes`. Every kind of call is exercised, blocking and asyncio: a read, a listing,
a bulk call and the OAuth2 token endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from sinch_qualified_numbers import (
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    QualifiedNumbersClient,
    ResponseTooLargeError,
)

from .conftest import API, FAKE_BASE, FAKE_TOKEN_URL, ONE, PROJECT, number_json

TWO = "+14165550142"


def _service(seen: list[str]) -> Callable[[httpx.Request], httpx.Response]:
    """A tiny stateless fake of the service: the token endpoint, get, list and add."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if str(request.url) == FAKE_TOKEN_URL:
            return httpx.Response(
                200, json={"access_token": "tok", "token_type": "bearer", "expires_in": 3600}
            )
        assert request.headers["authorization"] == "Bearer tok"
        path = request.url.path
        if request.method == "GET" and path.endswith("/qualifiedNumbers"):
            return httpx.Response(
                200,
                json={"qualifiedNumbers": [number_json(ONE), number_json(TWO)], "totalSize": 2},
            )
        if request.method == "GET":
            return httpx.Response(200, json=number_json(ONE))
        if request.method == "POST" and path.endswith(":addNumbers"):
            sent = json.loads(request.content)["phoneNumbers"]
            return httpx.Response(
                200,
                json={
                    "qualifiedNumbers": [
                        number_json(n, "GLOBAL_PROCESS_STATE_PENDING_ELIGIBILITY") for n in sent
                    ]
                },
            )
        return httpx.Response(404, json={"code": 404, "message": "no route", "status": "NOT_FOUND"})

    return handle


def _options(**extra: Any) -> dict[str, Any]:
    return {
        "project_id": PROJECT,
        "key_id": "key-id",
        "key_secret": "s3cr3t-key-secret",
        "base_url": FAKE_BASE,
        "token_url": FAKE_TOKEN_URL,
        "auth": "oauth2",
        **extra,
    }


def test_every_kind_of_call_through_mock_transport() -> None:
    seen: list[str] = []
    with QualifiedNumbersClient(
        **_options(http_transport=httpx.MockTransport(_service(seen)))
    ) as client:
        qn = client.qualified_numbers
        assert qn.get(ONE).phone_number == ONE
        assert [n.phone_number for n in qn.list()] == [ONE, TWO]
        assert sorted(n.phone_number for n in qn.add([ONE, TWO])) == [ONE, TWO]
    assert seen[0] == "POST /oauth2/token"  # the token endpoint went through the mock too
    assert len(seen) == 4


@pytest.mark.anyio
async def test_every_kind_of_call_through_async_mock_transport() -> None:
    seen: list[str] = []
    async with AsyncQualifiedNumbersClient(
        **_options(http_transport=httpx.MockTransport(_service(seen)))
    ) as client:
        qn = client.qualified_numbers
        assert (await qn.get(ONE)).phone_number == ONE
        assert [n.phone_number async for n in qn.list()] == [ONE, TWO]
        assert sorted(n.phone_number for n in await qn.add([ONE, TWO])) == [ONE, TWO]
    assert seen[0] == "POST /oauth2/token"
    assert len(seen) == 4


@pytest.mark.anyio
@pytest.mark.parametrize("blocking", [True, False])
async def test_a_read_answer_is_still_bounded_by_max_response_bytes(blocking: bool) -> None:
    def big(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={**number_json(ONE), "pad": "x" * 5000})

    options = _options(auth="basic", max_response_bytes=1024)
    mock = httpx.MockTransport(big)
    with pytest.raises(ResponseTooLargeError, match="max_response_bytes"):
        if blocking:
            with QualifiedNumbersClient(**options, http_transport=mock) as client:
                client.qualified_numbers.get(ONE)
        else:
            async with AsyncQualifiedNumbersClient(**options, http_transport=mock) as aclient:
                await aclient.qualified_numbers.get(ONE)


@pytest.mark.anyio
@pytest.mark.parametrize("blocking", [True, False])
async def test_a_transport_of_ones_own_sees_the_read_timeout_cut_to_the_attempt(
    blocking: bool,
) -> None:
    """httpx's own channel, the request's `timeout` extension, carries `attempt_timeout` to any
    transport: its read timeout is cut to the attempt's length (a longer one is not), and
    every attempt of a retried request sees the same."""
    reads: list[float | None] = []

    def handle(request: httpx.Request) -> httpx.Response:
        reads.append(request.extensions["timeout"]["read"])
        if len(reads) == 1:
            return httpx.Response(503)
        return httpx.Response(200, json=number_json(ONE))

    options = _options(
        auth="basic",
        timeout=httpx.Timeout(30, read=20),
        attempt_timeout=2.5,
        max_retries=1,
        retry_backoff=0.001,
        http_transport=httpx.MockTransport(handle),
    )
    if blocking:
        with QualifiedNumbersClient(**options) as client:
            client.qualified_numbers.get(ONE)
    else:
        async with AsyncQualifiedNumbersClient(**options) as aclient:
            await aclient.qualified_numbers.get(ONE)
    assert reads == [2.5, 2.5]


@pytest.mark.parametrize(
    ("detail", "named"),
    [
        ("DONE", "osrEligibility"),  # a detail that is no object
        ([1, 2], "osrEligibility"),
    ],
)
def test_an_unreadable_answer_names_its_call_its_field_and_its_body(
    detail: Any, named: str
) -> None:
    body = {**number_json(ONE), "osrEligibility": detail}

    def handle(request: httpx.Request) -> httpx.Response:
        if str(request.url) == FAKE_TOKEN_URL:
            return httpx.Response(
                200, json={"access_token": "tok-SECRET", "token_type": "bearer", "expires_in": 60}
            )
        return httpx.Response(200, json=body)

    transport = httpx.MockTransport(handle)
    with (
        QualifiedNumbersClient(**_options(http_transport=transport)) as client,
        pytest.raises(APIResponseValidationError) as caught,
    ):
        client.qualified_numbers.get(ONE)
    error = caught.value
    assert error.method == "GET"
    assert error.url == f"{API}/%2B12025550134"
    assert json.loads(error.body) == body
    assert named in str(error) and repr(detail)[:4] in str(error)
    assert "tok-SECRET" not in str(error) + repr(error) + repr(vars(error))
