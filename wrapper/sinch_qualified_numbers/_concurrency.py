"""Bounded concurrency and waiting for both clients: threads and `time.sleep` for the blocking
one, tasks and sleeps through anyio for the async one (as httpx's own are: asyncio's or
trio's, whichever runs the caller): this module's `sleep`/`asleep` and
`map_bounded`/`amap_bounded` are twins kept by hand beside each other, as are a few others
outside `_async/`, each where a third party asks for both: `_auth`'s `sync_auth_flow` and
`async_auth_flow` (the token requests; httpx's `Auth` calls one or the other), `_raw_response`'s
`sent`/`asent` and `record`/`arecord` (httpx's event hooks of each client), and
`callbacks.CallbackVerifier`'s `from_client`/`afrom_client` (one per client type). The
clients' own modules in `_sync/` (the resources, the resource context, the retrying transport
and its deadline streams, the pager) are generated from `_async/`.

Both call `on_start(item)` just before an item's work begins and `on_done(item, result)` as
it completes, in the caller's thread (the sync one keeps at most `limit` items in flight and
starts the next one itself), so hooks need no locking. An error raised by a hook stops new work
from starting at once while the calls already in flight finish; a Ctrl-C stops it at once,
abandoning the calls in flight (the async one: cancelling the caller cancels them).
"""

from __future__ import annotations

import contextvars
import queue
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The clock of every budget and wait: the reconciliation reads' `reconcile_timeout`, a token's
#: expiry, `wait_for`'s timeout. It is read here at each use (`_concurrency.monotonic()`), so a
#: test moves time in this one place. (An attempt's own deadline and timings stay on
#: `time.monotonic`: they bound real I/O.) The pauses, `sleep`/`asleep`, are imported by name
#: on purpose: a test replaces them where it wants them gone (a retry's backoff, a round of
#: reconciliation reads), and tells those apart by where it replaced them.
monotonic = time.monotonic


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


class Abandoned(BaseException):
    """Raised in a worker thread whose caller was interrupted (Ctrl-C): the worker stops at its
    next step (an item, a pause between attempts) instead of going on for nobody. A
    BaseException, so that no `except Exception` of the library takes it for a number's error."""


#: The event set when the bulk call a worker thread works for is abandoned (None outside).
_abandon: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar(
    "sinch_qn_abandon", default=None
)


def sleep(seconds: float) -> None:
    """`time.sleep`, cut short by `Abandoned` in a worker of an interrupted bulk call (no retry
    or poll after Ctrl-C)."""
    abandon = _abandon.get()
    if abandon is None:
        time.sleep(seconds)
    elif abandon.wait(seconds):
        raise Abandoned


def map_bounded(
    func: Callable[[T], R],
    items: Iterable[T],
    limit: int,
    on_start: Callable[[T], None] | None = None,
    on_done: Callable[[T, R], None] | None = None,
) -> list[R]:
    """`func` over items, at most `limit` at once in threads; results in input order.

    Once `func` or a hook raises an error, no item is started; the items in flight finish
    (each still given to `on_done`, so what went through is recorded) and the first error is
    raised. A KeyboardInterrupt (Ctrl-C; or any BaseException) stops it at once: no item is
    started, the items in flight are abandoned (their workers are daemon threads, which hold
    neither this call nor the interpreter's exit, and stop at their next step: see
    `Abandoned`; a request already sent is bounded by the transport's attempt deadline) and
    it is raised.
    """
    todo = list(items)
    abandon = _abandon.get()
    token = None
    if abandon is None:  # the outermost bulk call: nested ones share its event
        abandon = threading.Event()
        token = _abandon.set(abandon)
    try:
        if limit == 1 or len(todo) <= 1:
            return _in_turn(func, todo, on_start, on_done)
        return _in_threads(func, todo, limit, abandon, on_start, on_done)
    except BaseException as error:
        if not isinstance(error, Exception):
            abandon.set()
        raise
    finally:
        if token is not None:
            _abandon.reset(token)


def _in_turn(
    func: Callable[[T], R],
    todo: list[T],
    on_start: Callable[[T], None] | None,
    on_done: Callable[[T, R], None] | None,
) -> list[R]:
    results: list[R] = []
    for item in todo:
        if on_start is not None:
            on_start(item)
        results.append(func(item))
        if on_done is not None:
            on_done(item, results[-1])
    return results


#: What a worker hands back: the item's index, and its result or what it raised.
_Finished = tuple[int, Any, BaseException | None]


def _in_threads(
    func: Callable[[T], R],
    todo: list[T],
    limit: int,
    abandon: threading.Event,
    on_start: Callable[[T], None] | None,
    on_done: Callable[[T, R], None] | None,
) -> list[R]:
    # Daemon threads of our own, not a ThreadPoolExecutor: the interpreter joins an
    # executor's threads at exit, so one request in flight would hold a Ctrl-C'd CLI.
    jobs: queue.SimpleQueue[tuple[int, contextvars.Context] | None] = queue.SimpleQueue()
    finished: queue.SimpleQueue[_Finished] = queue.SimpleQueue()

    def work() -> None:
        while (job := jobs.get()) is not None:
            index, context = job
            try:
                if abandon.is_set():
                    raise Abandoned
                outcome: _Finished = (index, context.run(func, todo[index]), None)
            except BaseException as error:  # handed to the caller's thread
                outcome = (index, None, error)
            finished.put(outcome)

    workers = min(limit, len(todo))
    for _ in range(workers):
        threading.Thread(target=work, name="sinch-qn-worker", daemon=True).start()
    results: dict[int, R] = {}
    errors: list[Exception] = []
    running = 0
    try:
        for index, item in enumerate(todo):
            if running >= limit:
                running -= _settle(finished.get(), todo, results, errors, on_done)
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
            jobs.put((index, contextvars.copy_context()))
            running += 1
        while running:
            running -= _settle(finished.get(), todo, results, errors, on_done)
    finally:
        for _ in range(workers):
            jobs.put(None)  # each worker ends after its item (at once if it has none)
    if errors:
        raise errors[0]
    return [results[index] for index in range(len(todo))]


def _settle(
    finished: _Finished,
    todo: list[T],
    results: dict[int, R],
    errors: list[Exception],
    on_done: Callable[[T, R], None] | None,
) -> int:
    """Record one finished item (its result to `on_done`, or its error); 1, the slot it frees."""
    index, result, error = finished
    if error is not None:
        if not isinstance(error, Exception):
            raise error
        errors.append(error)
        return 1
    results[index] = result
    try:
        if on_done is not None:
            on_done(todo[index], result)
    except Exception as failure:  # the first one is raised once the rest finished
        errors.append(failure)
    return 1


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
