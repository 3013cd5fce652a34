"""The in-process sandbox's event loops: a worker thread's loop is closed once, by whichever
comes first (the thread's end or the sandbox's close), never by both at once (two closes at
once raised inside asyncio: `'NoneType' object has no attribute 'fileno'`, at a session's end
or as an unraisable exception of a finalizer)."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import time
from typing import Any

import pytest

from sinch_qualified_numbers_sandbox.in_process.loop import LoopRunner


async def _nothing() -> None:
    return None


def test_a_thread_ending_while_the_runner_closes_its_loop_closes_it_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raised: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    monkeypatch.setattr(threading, "excepthook", raised.append)
    runner = LoopRunner()
    loops: list[asyncio.AbstractEventLoop] = []

    def work() -> None:
        runner.run(_nothing())
        loops.append(runner._local.loop)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    (loop,) = loops
    close_self_pipe = loop._close_self_pipe  # type: ignore[attr-defined]

    def slow_close_self_pipe() -> None:  # widens the window in which two closes overlap
        time.sleep(0.2)
        close_self_pipe()

    loop._close_self_pipe = slow_close_self_pipe  # type: ignore[attr-defined]
    closing = threading.Thread(target=runner.close)
    closing.start()
    time.sleep(0.05)  # the runner is closing the loop
    del worker  # the thread object goes: its finalizer closes the loop too
    gc.collect()
    closing.join(timeout=5)
    assert loop.is_closed()
    assert raised == []
