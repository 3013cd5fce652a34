"""OAuth2 token handling, and pagination at scale."""

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
    GlobalProcessState,
    PaginationError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers import _auth as auth_module
from sinch_qualified_numbers_sandbox import RunningSandbox

from .conftest import API, FAKE_TOKEN_URL, client_kwargs, fake_client, number_json, seed


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


def test_fifty_concurrent_threads_fetch_one_token(sandbox: RunningSandbox) -> None:
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
async def test_fifty_concurrent_tasks_fetch_one_token(sandbox: RunningSandbox) -> None:
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


def test_expired_token_is_refreshed(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sandbox, ["+12025550134"])
    counting = CountingTransport()
    clock = [1000.0]
    monkeypatch.setattr(auth_module, "_monotonic", lambda: clock[0])
    with QualifiedNumbersClient(**client_kwargs(sandbox, http_transport=counting)) as client:
        client.qualified_numbers.get("+12025550134")
        client.qualified_numbers.get("+12025550134")
        assert counting.paths.count("/oauth2/token") == 1
        clock[0] += 3600 - 30  # inside the safety margin before expiry
        client.qualified_numbers.get("+12025550134")
        assert counting.paths.count("/oauth2/token") == 2


def test_token_revoked_by_the_server_is_replaced_once(sandbox: RunningSandbox) -> None:
    seed(sandbox, ["+12025550134"])
    counting = CountingTransport()
    with QualifiedNumbersClient(**client_kwargs(sandbox, http_transport=counting)) as client:
        client.qualified_numbers.get("+12025550134")
        sandbox.sandbox.auth.forget(None)  # the service forgets every token
        assert client.qualified_numbers.get("+12025550134").phone_number == "+12025550134"
    assert counting.paths.count("/oauth2/token") == 2


@respx.mock
def test_401_replays_once_then_raises() -> None:
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
    with fake_client(auth="oauth2") as client, pytest.raises(AuthenticationError) as caught:
        client.qualified_numbers.get("+12025550134")
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


def test_pagination_over_ten_thousand_numbers(
    client: QualifiedNumbersClient, sandbox: RunningSandbox
) -> None:
    numbers = [f"+1{area}555{i:04d}" for area in (202, 303) for i in range(5000)]
    seed(sandbox, numbers)
    pager = client.qualified_numbers.list(states=["VERIFIED"], page_size=250)
    seen = [n.phone_number for n in pager]
    assert len(seen) == 10_000
    assert set(seen) == set(numbers)
    assert pager.total_size == 10_000


@pytest.mark.anyio
async def test_async_pagination_pages(sandbox: RunningSandbox) -> None:
    seed(sandbox, [f"+1202555{i:04d}" for i in range(1000, 1120)])
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        sizes = [
            len(p.items)
            async for p in client.qualified_numbers.list(states=["VERIFIED"], page_size=50).pages()
        ]
    assert sizes == [50, 50, 20]


@respx.mock
def test_empty_page_with_a_token_is_followed() -> None:
    route = respx.get(API).mock(
        side_effect=[
            httpx.Response(
                200, json={"qualifiedNumbers": [number_json("+12025550134")], "nextPageToken": "a"}
            ),
            httpx.Response(200, json={"qualifiedNumbers": [], "nextPageToken": "b"}),
            httpx.Response(
                200, json={"qualifiedNumbers": [number_json("+12025550135")], "nextPageToken": ""}
            ),
        ]
    )
    with fake_client() as client:
        seen = [n.phone_number for n in client.qualified_numbers.list(states=["VERIFIED"])]
    assert seen == ["+12025550134", "+12025550135"]
    assert route.call_count == 3
    assert [c.request.url.params.get("pageToken") for c in route.calls] == [None, "a", "b"]


@respx.mock
def test_repeated_page_token_raises_instead_of_looping() -> None:
    respx.get(API).mock(
        return_value=httpx.Response(
            200, json={"qualifiedNumbers": [number_json("+12025550134")], "nextPageToken": "same"}
        )
    )
    with fake_client() as client:
        pager = client.qualified_numbers.list(states=["VERIFIED"])
        with pytest.raises(PaginationError):
            list(pager)


@respx.mock
def test_pager_is_lazy() -> None:
    route = respx.get(API).mock(
        side_effect=[
            httpx.Response(
                200,
                json={
                    "qualifiedNumbers": [number_json("+12025550134")],
                    "nextPageToken": "a",
                    "totalSize": 2,
                },
            ),
            httpx.Response(
                200, json={"qualifiedNumbers": [number_json("+12025550135")], "nextPageToken": ""}
            ),
        ]
    )
    with fake_client() as client:
        pager = client.qualified_numbers.list(states=["VERIFIED"])
        assert route.call_count == 0 and pager.total_size is None
        iterator = iter(pager)
        next(iterator)
        assert route.call_count == 1 and pager.total_size == 2
        next(iterator)
        assert route.call_count == 2
    sent = route.calls[0].request.url.params.get_list("states")
    assert sent == ["GLOBAL_PROCESS_STATE_VERIFIED"]


@respx.mock
def test_list_without_states_asks_for_the_ten_concrete_states() -> None:
    route = respx.get(API).mock(return_value=httpx.Response(200, json={}))
    with fake_client() as client:
        assert list(client.qualified_numbers.list()) == []
    sent = route.calls.last.request.url.params.get_list("states")
    assert len(sent) == len(set(sent)) == 10
    assert "GLOBAL_PROCESS_STATE_UNSPECIFIED" not in sent
    assert set(sent) == {
        s.value for s in GlobalProcessState if s.value != "GLOBAL_PROCESS_STATE_UNSPECIFIED"
    }
