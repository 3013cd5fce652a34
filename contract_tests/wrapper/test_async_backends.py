"""The async client runs on asyncio and on trio (through anyio, as httpx does): requests and
their OAuth2 token, retries (their waits), bounded concurrency (the bulk calls), waiting, and
the in-process sandbox's async transport."""

from __future__ import annotations

import pytest

from sinch_qualified_numbers import AsyncQualifiedNumbersClient
from sinch_qualified_numbers_sandbox import InProcessServer, PortServer

from .conftest import client_kwargs

NUMBERS = [f"+1202555{i:04d}" for i in range(1300, 1312)]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.anyio
async def test_calls_retries_and_bulk_calls_on_each_backend(
    sandbox: PortServer, anyio_backend: str
) -> None:
    settings = client_kwargs(sandbox, max_concurrency=4, retry_backoff=0.001)
    async with AsyncQualifiedNumbersClient(**settings) as client:
        # Several chunks at once (bounded concurrency), the token fetched once under its lock.
        added = await client.with_options(max_concurrency=4).qualified_numbers.add(NUMBERS)
        assert sorted(n.phone_number for n in added) == NUMBERS
        found = await client.qualified_numbers.get(NUMBERS[0])
        assert found.phone_number == NUMBERS[0]
        listed = [n.phone_number async for n in client.qualified_numbers.list()]
        assert sorted(listed) == NUMBERS
        # Every answer a 503 until the retries run out: each wait slept on this backend.
        sandbox.sandbox.faults.update({"rate_503": 1.0, "operations": ["getQualifiedNumber"]})
        with pytest.raises(Exception, match="503"):
            await client.with_options(max_retries=2).qualified_numbers.get(NUMBERS[1])
        sandbox.sandbox.faults.update({"rate_503": 0, "operations": []})
        waited = await client.qualified_numbers.wait_for(
            NUMBERS[:3], states=["ELIGIBLE"], timeout=5, poll_interval=0.01
        )
        assert sorted(waited) == NUMBERS[:3]


@pytest.mark.anyio
async def test_the_in_process_async_transport_on_each_backend(anyio_backend: str) -> None:
    with InProcessServer() as owner:
        async with owner.async_client() as client:
            await client.qualified_numbers.add(NUMBERS[:2])
            assert (await client.qualified_numbers.get(NUMBERS[1])).phone_number == NUMBERS[1]
        assert owner.client().qualified_numbers.get(NUMBERS[0]).phone_number == NUMBERS[0]
