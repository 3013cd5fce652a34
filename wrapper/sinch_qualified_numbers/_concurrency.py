"""Bounded concurrency and waiting for both clients: threads and `time.sleep` for the blocking
one, tasks and sleeps through anyio for the async one (as httpx's own are: asyncio's or
trio's, whichever runs the caller). Other pieces have a blocking and an async twin too, kept
by hand beside each other: `_calls.read`/`aread`, the transports' bounded reads and deadline
streams (`_transport`), the token requests (`_auth`); the clients' own modules in `_sync/`
are generated from `_async/`.

Both call `on_start(item)` just before an item's work begins and `on_done(item, result)` as
it completes, in the caller's thread (the sync one keeps at most `limit` items in flight and
starts the next one itself), so hooks need no locking, and a Ctrl-C or an error raised by a
hook stops new work from starting at once while the calls already in flight finish.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

sleep = time.sleep


async def asleep(seconds: float) -> None:
    """Sleep on the running event loop, asyncio's or trio's (anyio imported on first use:
    importing the client does not pay for it)."""
    import anyio

    await anyio.sleep(seconds)


#: A bound on requests shared by the concurrent parts of one bulk call (`with slots:` around
#: each request), so that reads inside its calls' slots add none past `max_concurrency`.
slots = threading.Semaphore


def aslots(value: int) -> Any:
    """`slots` for async code, on asyncio's or trio's loop (anyio, imported on first use)."""
    import anyio

    return anyio.Semaphore(value)


def map_bounded(
    func: Callable[[T], R],
    items: Iterable[T],
    limit: int,
    on_start: Callable[[T], None] | None = None,
    on_done: Callable[[T, R], None] | None = None,
) -> list[R]:
    """`func` over items, at most `limit` at once in threads; results in input order.

    Once `func` or a hook raises, no item is started; the items in flight finish (each
    still given to `on_done`, so what went through is recorded) and the first error is raised.
    """
    todo = list(items)
    results: dict[int, R] = {}
    errors: list[Exception] = []
    if limit == 1 or len(todo) <= 1:
        for index, item in enumerate(todo):
            if on_start is not None:
                on_start(item)
            results[index] = func(item)
            if on_done is not None:
                on_done(item, results[index])
        return [results[index] for index in range(len(todo))]
    pool = ThreadPoolExecutor(max_workers=min(limit, len(todo)))
    running: dict[Future[R], int] = {}

    def settle(done: set[Future[R]]) -> None:
        for future in done:
            index = running.pop(future)
            try:
                results[index] = future.result()
                if on_done is not None:
                    on_done(todo[index], results[index])
            except Exception as error:  # the first one is raised once the rest finished
                errors.append(error)

    try:
        for index, item in enumerate(todo):
            if len(running) >= limit:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                settle(finished)
            if errors:
                break
            try:
                if on_start is not None:
                    on_start(item)
            except Exception as error:
                errors.append(error)
                break
            # In the caller's context (as an asyncio task would be): what it set, such as
            # the current tracing span, holds for the item's calls too.
            running[pool.submit(contextvars.copy_context().run, func, item)] = index
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            settle(finished)
    finally:
        pool.shutdown(wait=True)
    if errors:
        raise errors[0]
    return [results[index] for index in range(len(todo))]


async def amap_bounded(
    func: Callable[[T], Awaitable[R]],
    items: Iterable[T],
    limit: int,
    on_start: Callable[[T], None] | None = None,
    on_done: Callable[[T, R], None] | None = None,
) -> list[R]:
    """`func` over items, at most `limit` at once as tasks; results in input order.

    `limit` workers in a task group (anyio's: asyncio or trio) take the items one by one, so
    nothing is started ahead of its turn: once `func` or a hook raises, no worker starts
    another item (even if the caller's event loop goes on running), the items in flight
    finish (each still given to `on_done`), and the first error is raised. (`asyncio.gather`
    over one task per item would leave the rest running.) Cancelling the caller cancels every
    worker.
    """
    todo = list(items)
    results: dict[int, R] = {}
    errors: list[Exception] = []
    turns = iter(range(len(todo)))  # shared: each index is taken by exactly one worker

    async def worker() -> None:
        for index in turns:
            if errors:
                return
            item = todo[index]
            try:
                if on_start is not None:
                    on_start(item)
                results[index] = await func(item)
                if on_done is not None:
                    on_done(item, results[index])
            except Exception as error:  # stop every worker; raised below, once
                errors.append(error)
                return

    import anyio

    async with anyio.create_task_group() as group:
        for _ in range(min(max(1, limit), len(todo))):
            group.start_soon(worker)
    if errors:
        raise errors[0]
    return [results[index] for index in range(len(todo))]
