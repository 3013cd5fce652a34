"""The CLI through lost answers: `add` reports what the project holds, never a number the
service took as failed, and an unknown outcome as unknown; a rerun is safe."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from sinch_qualified_numbers._sync import _reads
from sinch_qualified_numbers._sync import _transport as transport_module
from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID, PortServer, SandboxAdmin

from ..conftest import InProcess, seed_numbers
from .conftest import LOOPBACK, env_for, loopback_env, run


def test_add_a_file_through_500s_after_processing_then_rerun(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(4000, 5200)]
    file = tmp_path / "numbers.csv"
    file.write_text("phoneNumber\n" + "\n".join(numbers) + "\n")
    faults = sandbox.sandbox.faults
    faults.update({"seed": 3, "per_operation": {"addQualifiedNumbers": {"error_after": 0.5}}})
    first = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert faults.describe()["injected"]["error_after"] >= 1
    assert first.exit_code == 0, first.stderr
    # The calls whose answer was lost found their numbers held, in the state a fresh add
    # gives: added by this run or held before, which the reads cannot tell (never "added").
    rows = json.loads(first.stdout)
    assert [r["phoneNumber"] for r in rows] == numbers
    counts = Counter(r["result"] for r in rows)
    added, present = counts["added"], counts["present (added or held before)"]
    assert added + present == len(numbers)
    # Which calls (of 500, 500 and 200 numbers) lose their answer depends on the order the
    # concurrent calls reach the sandbox: whole calls' worth are "present", never "added".
    assert present in {200, 500, 700, 1000, 1200}, counts
    assert f"{added} added, 0 already added, {present} present (added or held before)" in (
        first.stderr
    )
    held = sandbox.sandbox.qualified_numbers.existing(DEFAULT_PROJECT_ID, numbers)
    assert set(held) == set(numbers)
    faults.update({"per_operation": {}})  # a plain rerun, answered in full
    again = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert again.exit_code == 0, again.stderr
    assert "0 added, 1200 already added" in again.stderr


def test_add_whose_answers_and_reads_are_lost_reports_unknown_not_failed(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(4000, 4003)]
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    sandbox.sandbox.faults.update(
        {
            "per_operation": {
                "addQualifiedNumbers": {"error_after": 1.0},
                "getQualifiedNumber": {"rate_503": 1.0},
            }
        }
    )
    result = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert result.exit_code == 1
    assert {r["phoneNumber"]: r["result"] for r in json.loads(result.stdout)} == dict.fromkeys(
        numbers, "unknown"
    )
    said = " ".join(result.stderr.split())
    assert "0 added, 0 already added, 3 unknown" in said
    assert "3 numbers have an unknown outcome" in said
    assert "not added" not in said


# `sandbox verify` reads a sandbox on loopback only: the in-process one, routed there.
@pytest.mark.sinch_sandbox(hosts=[LOOPBACK])
def test_challenge_send_and_sandbox_verify_a_file_through_30_percent_lost_answers(
    sandbox: InProcess, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(6000, 6200)]
    seed_numbers(sandbox.url, numbers, "GLOBAL_PROCESS_STATE_ELIGIBLE")
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    faults = sandbox.sandbox.faults
    faults.update({"seed": 8, "per_operation": {"sendVoiceChallenge": {"drop_after": 0.3}}})
    sent = run(["challenge", "send", "--file", str(file), "-o", "json"], loopback_env(sandbox))
    assert faults.describe()["injected"]["drop_after"] > 30
    assert sent.exit_code == 0, sent.stderr
    assert {r["result"] for r in json.loads(sent.stdout)} == {"sent"}
    with SandboxAdmin(sandbox.url) as admin:
        called = Counter(call.phone_number for call in admin.voice_calls())
    assert called == dict.fromkeys(numbers, 1)  # every number called once, none twice
    faults.update({"seed": 9, "per_operation": {"verifyVoiceChallenge": {"error_after": 0.3}}})
    verified = run(["sandbox", "verify", "--file", str(file), "-o", "json"], loopback_env(sandbox))
    assert faults.describe()["injected"]["error_after"] > 30
    assert verified.exit_code == 0, verified.stderr
    assert {r["result"] for r in json.loads(verified.stdout)} == {"verified"}


def test_a_challenge_whose_answer_and_reads_are_lost_is_unknown_then_settled_by_the_rerun(
    sandbox: PortServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call went out but its answer was lost and the number could not be read: unknown
    (row, journal, exit 1), never failed; the rerun reads it and reports it sent, calling no
    number twice."""
    monkeypatch.setattr(transport_module, "sleep", lambda seconds: None)
    monkeypatch.setattr(_reads, "sleep", lambda seconds: None)
    numbers = [f"+1202555{i:04d}" for i in range(6300, 6304)]
    seed_numbers(sandbox.url, numbers, "GLOBAL_PROCESS_STATE_ELIGIBLE")
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    faults = sandbox.sandbox.faults
    faults.update(
        {
            "per_operation": {
                "sendVoiceChallenge": {"error_after": 1.0},
                "getQualifiedNumber": {"rate_503": 1.0},
            }
        }
    )
    command = ["challenge", "send", "--file", str(file), "-o", "json"]
    try:
        first = run(command, env_for(sandbox))
    finally:
        faults.update({"per_operation": {}})
    assert first.exit_code == 1, first.output
    rows = json.loads(first.stdout)
    assert {r["phoneNumber"]: r["result"] for r in rows} == dict.fromkeys(numbers, "unknown")
    journal = tmp_path / "numbers.txt.send-journal.jsonl"
    events = {json.loads(line)["event"] for line in journal.read_text().splitlines()}
    assert "unknown" in events and "failed" not in events and "refused" not in events
    with (tmp_path / "numbers.txt.send-failures.csv").open(newline="") as fh:
        assert {r["result"] for r in csv.DictReader(fh)} == {"unknown"}
    again = run(command, env_for(sandbox))
    assert again.exit_code == 0, again.output
    assert {r["result"] for r in json.loads(again.stdout)} == {"sent"}
    with SandboxAdmin(sandbox.url) as admin:
        called = Counter(call.phone_number for call in admin.voice_calls())
    assert called == dict.fromkeys(numbers, 1)  # the lost answers' calls, none again


def _orders_created_and_the_rest(stderr: str) -> tuple[int, list[str]]:
    """The summary table's first count (orders created), and its header words."""
    lines = [line for line in stderr.splitlines() if "orders created" in line]
    assert lines, stderr
    at = stderr.splitlines().index(lines[0])
    for line in stderr.splitlines()[at + 1 :]:
        cells = [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]
        if cells and cells[0].isdigit():
            return int(cells[0]), lines
    raise AssertionError(stderr)


@pytest.mark.parametrize("lost", [1.0, 0.5])
def test_text_enable_counts_the_orders_found_after_lost_answers_once_each(
    sandbox: PortServer, tmp_path: Path, lost: float
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 2100)]  # three calls: 500, 500, 100
    seed_numbers(sandbox.url, numbers)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    faults = sandbox.sandbox.faults
    faults.update({"seed": 3, "per_operation": {"textEnableNumbers": {"drop_after": lost}}})
    result = run(
        ["text-enable", "--file", str(file), "--service-plan-id", "p", "--loa", "blanket"],
        env_for(sandbox),
    )
    dropped = faults.describe()["injected"]["drop_after"]
    assert dropped >= 1 and (lost == 1.0 or dropped < 3)  # at 0.5: some answered, some lost
    assert result.exit_code == 0, result.output
    with SandboxAdmin(sandbox.url) as admin:
        assert set(admin.submissions().values()) == {1}  # nothing sent twice
    created = sandbox.sandbox.hosting_orders.orders(DEFAULT_PROJECT_ID)
    assert len(created) == 3
    shown, _ = _orders_created_and_the_rest(result.stderr)
    assert shown == 3


def test_add_through_lost_answers_never_calls_a_number_held_before_added(
    sandbox: PortServer, tmp_path: Path
) -> None:
    held = [f"+1202555{i:04d}" for i in range(7000, 7003)]
    young = "+12025557003"  # held before too, but in a state a fresh add gives
    new = [f"+1202555{i:04d}" for i in range(7004, 7006)]
    seed_numbers(sandbox.url, held)  # VERIFIED: no add of this run can have done that
    seed_numbers(sandbox.url, [young], "GLOBAL_PROCESS_STATE_ELIGIBLE")
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join([*held, young, *new]) + "\n")
    faults = sandbox.sandbox.faults
    faults.update({"per_operation": {"addQualifiedNumbers": {"error_after": 1.0}}})
    result = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert faults.describe()["injected"]["error_after"] >= 2  # the call and its resend
    assert result.exit_code == 0, result.stderr
    rows = {r["phoneNumber"]: r["result"] for r in json.loads(result.stdout)}
    assert rows == {
        **dict.fromkeys(held, "already added"),
        young: "present (added or held before)",
        **dict.fromkeys(new, "added"),
    }
    said = " ".join(result.stderr.split())
    assert "2 added, 3 already added, 1 present (added or held before)" in said
