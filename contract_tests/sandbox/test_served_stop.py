"""Stopping a sandbox served on a port: its ticker is stopped, and a round under way waited
for, before its database closes, so a server that outlives the wait for it (at a test module's
end, say) prints nothing and raises in no thread."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from sinch_qualified_numbers_sandbox import SandboxConfig, serve_in_thread
from sinch_qualified_numbers_sandbox import server as server_module


def test_stopping_while_the_ticker_reads_lets_the_read_finish_before_the_database_closes(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    raised: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    monkeypatch.setattr(server_module, "STOP_TIMEOUT", 0.1)  # the server outlives the wait
    caplog.set_level(logging.DEBUG)
    running = serve_in_thread(SandboxConfig(callback_interval=0.01))
    backend = running.sandbox
    reading, release = threading.Event(), threading.Event()
    reads: list[bool] = []
    anything_due = backend.qualified_numbers.anything_due

    def held_read(now: float) -> bool:  # the ticker's first read of a round
        reading.set()
        release.wait(timeout=10)
        due = anything_due(now)
        reads.append(due)
        return due

    monkeypatch.setattr(backend.qualified_numbers, "anything_due", held_read)
    assert reading.wait(timeout=5)  # a round is under way, its read held
    releaser = threading.Timer(0.5, release.set)
    releaser.start()
    try:
        running.stop()  # while the ticker reads
        releaser.join()
        running._thread.join(timeout=10)
    finally:
        release.set()
        running._server.force_exit = True
        running.stop()
    assert not running._thread.is_alive()
    assert reads, "the held read never finished"
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [(r.getMessage(), r.exc_text) for r in problems]
    assert capfd.readouterr().err == ""
    assert raised == []
