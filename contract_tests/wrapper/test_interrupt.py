"""Ctrl-C during a bulk call stops it at once: no request starts after it, the calls in flight
are abandoned (not waited for), and the interrupt reaches the caller; cancelling an async bulk
call cancels its calls in flight."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator

import anyio
import httpx
import pytest
import respx

from .conftest import API, fake_async_client, fake_client

NUMBERS = [f"+1202555{i:04d}" for i in range(1000, 5000)]  # 8 calls of 500

#: How long a held answer waits at most (the old behaviour waited this long for it).
HELD = 20.0


def _answer(request: httpx.Request) -> httpx.Response:
    numbers = json.loads(request.content)["phoneNumbers"]
    return httpx.Response(200, json={"qualifiedNumbers": [{"phoneNumber": n} for n in numbers]})


def _workers_ended(deadline: float) -> bool:
    while time.monotonic() < deadline:
        if not [t for t in threading.enumerate() if t.name.startswith("sinch-qn-worker")]:
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Lets every held answer go at the end of the test, whatever happened."""
    event = threading.Event()
    yield event
    event.set()


@respx.mock
def test_ctrl_c_during_a_bulk_call_does_not_wait_for_the_calls_in_flight(
    release: threading.Event,
) -> None:
    started: list[str] = []
    answered: list[str] = []
    both_in_flight = threading.Event()

    def held(request: httpx.Request) -> httpx.Response:
        started.append(json.loads(request.content)["phoneNumbers"][0])
        if len(started) == 2:
            both_in_flight.set()
        release.wait(HELD)
        answered.append(started[-1])
        return _answer(request)

    route = respx.post(f"{API}:addNumbers").mock(side_effect=held)
    main = threading.main_thread().ident
    assert main is not None and threading.current_thread() is threading.main_thread()

    def ctrl_c() -> None:  # a real SIGINT to the main thread, as a terminal sends it
        if both_in_flight.wait(HELD):
            signal.pthread_kill(main, signal.SIGINT)

    threading.Thread(target=ctrl_c, daemon=True).start()
    with fake_client(max_concurrency=2) as client, pytest.raises(KeyboardInterrupt):
        client.qualified_numbers.add(NUMBERS, skip_existing=False)
    # Raised while both calls were still held: nothing waited for them.
    assert len(started) == 2 and answered == []
    release.set()
    assert _workers_ended(time.monotonic() + HELD)
    # No call started after Ctrl-C, not even once the held ones freed their slots.
    assert len(started) == 2 and route.call_count == 2


@respx.mock
def test_a_hook_interrupted_abandons_the_calls_in_flight_and_starts_no_other(
    release: threading.Event,
) -> None:
    """A KeyboardInterrupt raised in a hook (Ctrl-C landing there) stops the call the same way:
    the first call's hook interrupts while the second is held."""
    calls: list[int] = []
    second_in_flight = threading.Event()
    held_answered: list[int] = []

    def first_fast_then_held(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:  # answered once the second call is in flight
            second_in_flight.wait(HELD)
            return _answer(request)
        second_in_flight.set()
        release.wait(HELD)
        held_answered.append(1)
        return _answer(request)

    route = respx.post(f"{API}:addNumbers").mock(side_effect=first_fast_then_held)

    def interrupted(outcome: object) -> None:
        raise KeyboardInterrupt

    with fake_client(max_concurrency=2) as client, pytest.raises(KeyboardInterrupt):
        client.qualified_numbers.add(NUMBERS, skip_existing=False, on_chunk_done=interrupted)
    assert held_answered == [] and len(calls) == 2
    release.set()
    assert _workers_ended(time.monotonic() + HELD)
    assert len(calls) == 2 and route.call_count == 2


@respx.mock
@pytest.mark.anyio
async def test_cancelling_an_async_bulk_call_cancels_its_calls_in_flight() -> None:
    started: list[int] = []
    answered: list[int] = []
    both_in_flight = anyio.Event()

    async def held(request: httpx.Request) -> httpx.Response:
        started.append(1)
        if len(started) == 2:
            both_in_flight.set()
        await anyio.sleep(HELD)
        answered.append(1)
        return _answer(request)

    respx.post(f"{API}:addNumbers").mock(side_effect=held)
    async with fake_async_client(max_concurrency=2) as client:
        async with anyio.create_task_group() as group:
            group.start_soon(lambda: client.qualified_numbers.add(NUMBERS, skip_existing=False))
            await both_in_flight.wait()
            group.cancel_scope.cancel()
    assert answered == [] and len(started) == 2
