"""A client used where it cannot work says so with a typed error naming what to do: after
`close()`, an async client on an event loop other than the one its connections belong to
(a second `asyncio.run`, or threads each running their own loop), served and in-process
alike."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    ClientUsageError,
    QualifiedNumbersClient,
    QualifiedNumbersError,
)
from sinch_qualified_numbers_sandbox import InProcessServer, PortServer

from .conftest import ONE, client_kwargs, seed


def _served(sandbox: PortServer) -> dict[str, Any]:
    return client_kwargs(sandbox)


def test_a_client_used_after_close_says_so(sandbox: PortServer) -> None:
    seed(sandbox, [ONE])
    client = QualifiedNumbersClient(**_served(sandbox))
    assert client.qualified_numbers.get(ONE).phone_number == ONE
    copy = client.with_options(max_retries=0)
    client.close()
    for closed in (client, copy):
        with pytest.raises(ClientUsageError, match=r"closed.*make a new client"):
            closed.qualified_numbers.get(ONE)


def test_an_async_client_used_after_close_says_so(sandbox: PortServer) -> None:
    seed(sandbox, [ONE])

    async def run() -> None:
        client = AsyncQualifiedNumbersClient(**_served(sandbox))
        assert (await client.qualified_numbers.get(ONE)).phone_number == ONE
        await client.close()
        with pytest.raises(ClientUsageError, match=r"closed.*make a new client"):
            await client.qualified_numbers.get(ONE)

    asyncio.run(run())


@pytest.mark.parametrize("where", ["served", "in-process"])
def test_an_async_client_on_a_second_event_loop_says_so(sandbox: PortServer, where: str) -> None:
    seed(sandbox, [ONE])
    if where == "served":
        client = AsyncQualifiedNumbersClient(**_served(sandbox))
    else:
        owner = InProcessServer()
        owner.seed([ONE])
        client = owner.async_client()

    async def get() -> str:
        return (await client.qualified_numbers.get(ONE)).phone_number

    assert asyncio.run(get()) == ONE
    with pytest.raises(ClientUsageError, match=r"another event loop.*one client per event loop"):
        asyncio.run(get())


def test_one_async_client_from_four_threads_loops(sandbox: PortServer) -> None:
    seed(sandbox, [ONE])
    client = AsyncQualifiedNumbersClient(**_served(sandbox))
    outcomes: list[object] = []
    start = threading.Barrier(4)

    def thread() -> None:
        async def calls() -> object:
            start.wait()
            try:
                for _ in range(20):
                    await client.qualified_numbers.get(ONE)
            except Exception as error:
                return error
            return "served"

        outcomes.append(asyncio.run(calls()))

    threads = [threading.Thread(target=thread) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 4
    errors = [o for o in outcomes if o != "served"]
    # The loop that came first is served; the others are told, none gets a raw error.
    assert outcomes.count("served") == 1, outcomes
    assert all(isinstance(e, ClientUsageError) for e in errors), errors
    assert all(isinstance(e, QualifiedNumbersError | RuntimeError) for e in errors)
