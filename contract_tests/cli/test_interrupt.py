"""Ctrl-C stops a bulk command at once, even while its calls wait for a service that has stopped
answering: exit 130 with the summary, the calls in flight left to the journal (read before
anything is resent), the rest not sent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers.cli._journal import Journal
from sinch_qualified_numbers_sandbox import (
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxConfig,
    serve_in_thread,
)

from ..conftest import seed_numbers
from .conftest import env_for

#: How long the service holds each call after the first two. The command must be gone well
#: before: it exits within half of it (a generous bound; it takes a second or two).
HELD = 40.0


@pytest.fixture
def holding_sandbox() -> Iterator[tuple[PortServer, list[str]]]:
    """A sandbox that answers the first two text-enable calls and holds every later one for
    `HELD` seconds before it even reads them (the list: the calls that reached it)."""
    running = serve_in_thread(
        SandboxConfig(eligibility_delay=0, hosting_delay=0, loa_signature_delay=0, seed=4)
    )
    faults = running.sandbox.faults
    draw = faults._draw
    arrived: list[str] = []

    def held_after_two(operation: str, project: str | None = None) -> tuple[str | None, float]:
        kind, latency = draw(operation, project)
        if operation != "textEnableNumbers":
            return kind, latency
        arrived.append(operation)
        return kind, HELD if len(arrived) > 2 else latency

    faults._draw = held_after_two  # type: ignore[method-assign]
    try:
        yield running, arrived
    finally:
        running._server.force_exit = True  # the held calls are not waited for either
        running.stop()


def test_ctrl_c_while_calls_are_held_exits_130_at_once_with_the_summary_and_the_journal(
    holding_sandbox: tuple[PortServer, list[str]], tmp_path: Path
) -> None:
    running, arrived = holding_sandbox
    numbers = [f"+1202555{i:04d}" for i in range(1000, 4000)]  # 6 calls of 500, 2 at once
    seed_numbers(running.url, numbers)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    journal = tmp_path / "numbers.txt.journal.jsonl"
    command = [
        sys.executable,
        "-m",
        "sinch_qualified_numbers.cli",
        "text-enable",
        "--file",
        str(file),
        "--service-plan-id",
        "p",
        "--loa",
        "blanket",
        "--max-concurrency",
        "2",
        "-o",
        "json",
    ]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    env = {**clean, **env_for(running), "SINCH_QN_ATTEMPT_TIMEOUT": str(HELD * 3)}
    cli = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(arrived) < 4 and time.monotonic() < deadline and cli.poll() is None:
            time.sleep(0.02)
        assert len(arrived) == 4, "the two held calls never reached the sandbox"
        cli.send_signal(signal.SIGINT)
        stdout, stderr = cli.communicate(timeout=HELD / 2)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.communicate()
    assert cli.returncode == 130, stderr
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    taken = running.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert len(taken) == 1000  # the held calls had not been read when it exited
    rows: list[dict[str, Any]] = json.loads(stdout)
    enabled = sorted(r["phoneNumber"] for r in rows if r["result"] == "enabled")
    assert enabled == sorted(taken)
    said = " ".join(stderr.split())
    assert "Interrupted: 1000 numbers were in flight" in said
    assert "1000 were not sent" in said
    assert str(journal) in stderr.replace("\n", "")
    # The journal: what was done is done, the held calls' numbers in flight (read by the next
    # run before anything is resent), the numbers never sent absent.
    state = Journal(journal).load()
    assert sorted(state.done) == enabled
    in_flight = state.in_flight - state.done.keys()
    assert len(in_flight) == 1000 and not in_flight & set(enabled)
    assert len(set(numbers) - state.done.keys() - in_flight) == 1000
