"""`make soak`: mixed operations from 8 threads and 8 asyncio tasks against a faulty sandbox.

Passes when no exception other than this package's typed ones escapes, memory stays flat
(RSS after warm-up vs at the end) and no file descriptors leak.

    python -m bench.soak [--seconds 120]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    BlanketLoa,
    QualifiedNumbersClient,
    QualifiedNumbersError,
)
from sinch_qualified_numbers_sandbox import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, DEFAULT_PROJECT_ID

from .run import sandbox_process

FAULTS = {
    "rate_429": 0.03,
    "rate_500": 0.02,
    "rate_503": 0.02,
    "drop_before": 0.01,
    "drop_after": 0.01,
    "error_after": 0.01,
    "latency_ms": 1,
    "retry_after_s": 0,
    "seed": 7,
}


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class Tally:
    def __init__(self) -> None:
        self.ops: Counter[str] = Counter()
        self.typed_errors: Counter[str] = Counter()
        self.escaped: list[str] = []
        self.lock = threading.Lock()

    def ok(self, name: str) -> None:
        with self.lock:
            self.ops[name] += 1

    def typed(self, error: QualifiedNumbersError) -> None:
        with self.lock:
            self.typed_errors[type(error).__name__] += 1

    def untyped(self, error: BaseException) -> None:
        with self.lock:
            self.escaped.append("".join(traceback.format_exception(error))[-2000:])


def _numbers(worker: int, round_: int) -> list[str]:
    base = 1000 + (worker * 997 + round_ * 13) % 8000
    area = ["202", "303", "415", "617", "416", "604"][worker % 6]
    return [f"+1{area}555{(base + i) % 10_000:04d}" for i in range(5)]


def sync_operations(qn: Any, numbers: list[str]) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("add", lambda: qn.add(numbers)),
        ("get", lambda: qn.get(numbers[0])),
        ("list", lambda: list(qn.list(limit=50))),
        ("challenge", lambda: qn.send_voice_challenge(numbers[1])),
        ("verify", lambda: qn.verify_voice_challenge(numbers[1], "0000")),
        ("text_enable", lambda: qn.text_enable(numbers, service_plan_id="p", loa=BlanketLoa())),
        ("delete", lambda: [qn.delete(n) for n in numbers]),
    ]


def async_operations(qn: Any, numbers: list[str]) -> list[tuple[str, Callable[[], Awaitable[Any]]]]:
    async def listing() -> None:
        [n async for n in qn.list(limit=50)]

    async def delete_all() -> None:
        for n in numbers:
            await qn.delete(n)

    return [
        ("add", lambda: qn.add(numbers)),
        ("get", lambda: qn.get(numbers[0])),
        ("list", listing),
        ("challenge", lambda: qn.send_voice_challenge(numbers[1])),
        ("text_enable", lambda: qn.text_enable(numbers, service_plan_id="p", loa=BlanketLoa())),
        ("delete", delete_all),
    ]


def sync_worker(client: QualifiedNumbersClient, worker: int, deadline: float, tally: Tally) -> None:
    qn = client.qualified_numbers
    round_ = 0
    while time.monotonic() < deadline:
        round_ += 1
        for name, call in sync_operations(qn, _numbers(worker, round_)):
            try:
                call()
                tally.ok(name)
            except QualifiedNumbersError as error:
                tally.typed(error)
            except BaseException as error:
                tally.untyped(error)


async def async_worker(
    client: AsyncQualifiedNumbersClient, worker: int, deadline: float, tally: Tally
) -> None:
    qn = client.qualified_numbers
    round_ = 0
    while time.monotonic() < deadline:
        round_ += 1
        for name, make in async_operations(qn, _numbers(worker + 100, round_)):
            try:
                await make()
                tally.ok(name)
            except QualifiedNumbersError as error:
                tally.typed(error)
            except BaseException as error:
                tally.untyped(error)
        await asyncio.sleep(random.random() / 100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make soak")
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    tally = Tally()
    with sandbox_process() as box:
        box.faults(**FAULTS)
        options = {
            "project_id": DEFAULT_PROJECT_ID,
            "key_id": DEFAULT_KEY_ID,
            "key_secret": DEFAULT_KEY_SECRET,
            "base_url": box.url,
            "token_url": f"{box.url}/oauth2/token",
            "max_retries": 3,
        }
        start = time.monotonic()
        deadline = start + args.seconds
        warm = start + min(30.0, args.seconds / 4)
        samples: list[tuple[float, float, int]] = []
        with QualifiedNumbersClient(**options) as sync_client:  # type: ignore[arg-type]
            threads = [
                threading.Thread(target=sync_worker, args=(sync_client, w, deadline, tally))
                for w in range(8)
            ]
            for thread in threads:
                thread.start()

            async def run_async() -> None:
                async with AsyncQualifiedNumbersClient(**options) as async_client:  # type: ignore[arg-type]
                    await asyncio.gather(
                        *(async_worker(async_client, w, deadline, tally) for w in range(8))
                    )

            async_thread = threading.Thread(target=lambda: asyncio.run(run_async()))
            async_thread.start()
            while any(t.is_alive() for t in [*threads, async_thread]):
                now = time.monotonic()
                samples.append((now - start, _rss_mb(), _fds()))
                time.sleep(min(5.0, max(0.5, args.seconds / 20)))
            for thread in [*threads, async_thread]:
                thread.join()
    after_warm = [s for s in samples if s[0] >= warm - start] or samples[-1:]
    rss_growth = samples[-1][1] - after_warm[0][1]
    fd_growth = samples[-1][2] - after_warm[0][2]
    print(f"soak: {args.seconds:.0f}s, operations {dict(tally.ops)}")
    print(f"typed errors (expected under faults): {dict(tally.typed_errors)}")
    first, last = after_warm[0][1], samples[-1][1]
    print(f"RSS after warm-up {first:.1f} MB -> end {last:.1f} MB ({rss_growth:+.1f} MB)")
    print(f"open file descriptors {after_warm[0][2]} -> {samples[-1][2]} ({fd_growth:+d})")
    failures = []
    if tally.escaped:
        failures.append(
            f"{len(tally.escaped)} untyped exceptions escaped, first:\n{tally.escaped[0]}"
        )
    if rss_growth > 30:
        failures.append(f"memory grew {rss_growth:.1f} MB after warm-up")
    if fd_growth > 8:
        failures.append(f"{fd_growth} file descriptors leaked")
    if sum(tally.ops.values()) == 0:
        failures.append("no operation succeeded")
    for failure in failures:
        print("FAIL:", failure)
    print("soak passed" if not failures else "soak FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
