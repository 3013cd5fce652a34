"""`_auth`: OAuth2 tokens fetched once, refreshed, replaced; 401 replayed once."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    AuthenticationError,
    InternalServerError,
    QualifiedNumbersClient,
    _concurrency,
)
from sinch_qualified_numbers_sandbox import PortServer

from .both import MODES, run
from .conftest import (
    API,
    FAKE_TOKEN_URL,
    ONE,
    _fake_options,
    client_kwargs,
    fake_async_client,
    fake_client,
    number_json,
    seed,
)


class CountingTransport(httpx.HTTPTransport):
    """A real transport that counts what it sends, by path."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.paths.append(request.url.path)
        return super().handle_request(request)


class AsyncCountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await super().handle_async_request(request)


def test_fifty_concurrent_threads_fetch_one_token(sandbox: PortServer) -> None:
    seed(sandbox, ["+12025550134"])
    counting = CountingTransport()
    with QualifiedNumbersClient(**client_kwargs(sandbox, http_transport=counting)) as client:
        with ThreadPoolExecutor(50) as pool:
            answers = list(
                pool.map(lambda _: client.qualified_numbers.get("+12025550134"), range(50))
            )
    assert all(a.phone_number == "+12025550134" for a in answers)
    assert counting.paths.count("/oauth2/token") == 1
    assert len(counting.paths) == 51


@pytest.mark.anyio
async def test_fifty_concurrent_tasks_fetch_one_token(sandbox: PortServer) -> None:
    seed(sandbox, ["+12025550134"])
    counting = AsyncCountingTransport()
    async with AsyncQualifiedNumbersClient(
        **client_kwargs(sandbox, http_transport=counting)
    ) as client:
        answers = await asyncio.gather(
            *(client.qualified_numbers.get("+12025550134") for _ in range(50))
        )
    assert len(answers) == 50
    assert counting.paths.count("/oauth2/token") == 1


def test_expired_token_is_refreshed(sandbox: PortServer, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(sandbox, ["+12025550134"])
    counting = CountingTransport()
    clock = [1000.0]
    monkeypatch.setattr(_concurrency, "monotonic", lambda: clock[0])
    with QualifiedNumbersClient(**client_kwargs(sandbox, http_transport=counting)) as client:
        client.qualified_numbers.get("+12025550134")
        client.qualified_numbers.get("+12025550134")
        assert counting.paths.count("/oauth2/token") == 1
        clock[0] += 3600 - 30  # inside the safety margin before expiry
        client.qualified_numbers.get("+12025550134")
        assert counting.paths.count("/oauth2/token") == 2


def test_token_revoked_by_the_server_is_replaced_once(sandbox: PortServer) -> None:
    seed(sandbox, ["+12025550134"])
    counting = CountingTransport()
    with QualifiedNumbersClient(**client_kwargs(sandbox, http_transport=counting)) as client:
        client.qualified_numbers.get("+12025550134")
        sandbox.sandbox.auth.forget(None)  # the service forgets every token
        assert client.qualified_numbers.get("+12025550134").phone_number == "+12025550134"
    assert counting.paths.count("/oauth2/token") == 2


@pytest.mark.parametrize("mode", MODES)
@respx.mock
def test_401_replays_once_then_raises(mode: str) -> None:
    token = respx.post(FAKE_TOKEN_URL).mock(
        return_value=httpx.Response(
            200, json={"access_token": "tok", "expires_in": 3600, "token_type": "bearer"}
        )
    )
    api = respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            401, json={"code": "401", "message": "Bad token.", "status": "UNAUTHENTICATED"}
        )
    )
    with pytest.raises(AuthenticationError) as caught:
        run(mode, _fake_options({"auth": "oauth2"}), lambda c: c.qualified_numbers.get(ONE))
    assert api.call_count == 2
    assert token.call_count == 2
    assert caught.value.status_code == 401 and caught.value.status == "UNAUTHENTICATED"


@respx.mock
def test_wrong_key_is_an_authentication_error() -> None:
    respx.post(FAKE_TOKEN_URL).mock(
        return_value=httpx.Response(
            401, json={"error": "invalid_client", "error_description": "Bad client."}
        )
    )
    with fake_client(auth="oauth2") as client, pytest.raises(AuthenticationError) as caught:
        client.qualified_numbers.get("+12025550134")
    assert "Bad client." in str(caught.value)


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
