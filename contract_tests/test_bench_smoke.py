"""The benchmarks and the soak run at tiny sizes in every test run, so they never rot."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_bench_smoke() -> None:
    result = _run("bench.run", "--smoke")
    assert result.returncode == 0, result.stderr[-3000:]
    for heading in (
        "## 1. Per-call overhead",
        "## 2. Listing",
        "## 3. Bulk text enablement",
        "## 4. Parsing",
        "## 7. `parse_phone_numbers` of numbers as people write them",
        "## 8. Start-up",
        "## 9. A 5,000-line file",
        "## 10. Testing with the pytest plugin",
        "## 12. Text enablement with 1 % not verified",
        "## 13. A first call in a fresh process",
    ):
        assert heading in result.stdout
    assert "ratio wrapper / httpx" in result.stdout
    assert "| json.loads + from_dict + reading every field of every number" in result.stdout
    assert "| 1 % not verified, listing off |" in result.stdout
    for target in (
        "1 % not verified within 1.3x of all verified",
        "human formats <= 2.5x",
        "sinch-qn --help <= 1.0x",
        "peak RSS growth <= 100",
        "client made <= 1.3x import httpx",
        "first call <= 1.3x bare httpx",
        "parsing a page <= 2.5x json.loads",
    ):
        assert f"target {target}" in result.stdout
    assert "ratios: in-process / port" in result.stdout
    assert "in-process / respx stubs" in result.stdout
    plugin = ("per-test cost <= 2 ms", "in-process / port <= 0.5x", "in-process / respx <= 3x")
    for target in plugin:
        assert f"target {target}" in result.stdout
    assert "wrote" not in result.stdout  # a smoke run never overwrites RESULTS.md


def test_soak_smoke() -> None:
    result = _run("bench.soak", "--seconds", "4")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "soak passed" in result.stdout
