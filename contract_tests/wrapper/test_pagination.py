"""`_pagination` and the pagers: lazy, complete, loop-proof."""

from __future__ import annotations

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    GlobalProcessState,
    PaginationError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers_sandbox import PortServer

from .conftest import API, client_kwargs, fake_client, number_json, seed


def test_pagination_over_ten_thousand_numbers(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    numbers = [f"+1{area}555{i:04d}" for area in (202, 303) for i in range(5000)]
    seed(sandbox, numbers)
    pager = client.qualified_numbers.list(states=["VERIFIED"], page_size=250)
    seen = [n.phone_number for n in pager]
    assert len(seen) == 10_000
    assert set(seen) == set(numbers)
    assert pager.total_size == 10_000


@pytest.mark.anyio
async def test_async_pagination_pages(sandbox: PortServer) -> None:
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
    assert len(sent) == len(set(sent)) == len(GlobalProcessState) - 1
    assert "GLOBAL_PROCESS_STATE_UNSPECIFIED" not in sent
    assert set(sent) == {
        s.value for s in GlobalProcessState if s.value != "GLOBAL_PROCESS_STATE_UNSPECIFIED"
    }
