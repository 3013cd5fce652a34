"""The journal of a bulk run: an outcome that could not be established stays unknown (never
failed) and is read before anything is resent; one run at a time per journal; a journal the
CLI cannot read stops the command with one line naming the file (exit 2)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers._sync import _reads
from sinch_qualified_numbers._sync import _transport as transport_module
from sinch_qualified_numbers.cli._journal import Journal
from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID, PortServer, SandboxAdmin

from ..conftest import seed_numbers
from .conftest import env_for, run

NUMBERS = [f"+1202555{i:04d}" for i in range(1000, 1020)]
TEXT_ENABLE = ["--service-plan-id", "p", "--loa", "blanket", "-o", "json"]


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport_module, "sleep", lambda seconds: None)
    monkeypatch.setattr(_reads, "sleep", lambda seconds: None)


def _file(tmp_path: Path, numbers: list[str]) -> Path:
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    return file


def _events(journal: Path) -> list[str]:
    return [json.loads(line)["event"] for line in journal.read_text().splitlines()]


def _lost_answers_and_failed_reads(sandbox: PortServer) -> None:
    """The order is created but its answer lost; every read that would tell fails."""
    sandbox.sandbox.faults.update(
        {
            "per_operation": {
                "textEnableNumbers": {"error_after": 1.0},
                "getQualifiedNumber": {"rate_503": 1.0},
            },
        }
    )


def _no_faults(sandbox: PortServer) -> None:
    sandbox.sandbox.faults.update({"per_operation": {}})


def test_an_unknown_outcome_stays_unknown_and_a_rerun_reports_it_done(
    sandbox: PortServer, tmp_path: Path, no_waits: None
) -> None:
    env = env_for(sandbox)
    seed_numbers(sandbox.url, NUMBERS)
    file = _file(tmp_path, NUMBERS)
    journal = tmp_path / "numbers.txt.journal.jsonl"
    _lost_answers_and_failed_reads(sandbox)
    try:
        first = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    finally:
        _no_faults(sandbox)
    assert first.exit_code == 1, first.output
    rows = json.loads(first.stdout)
    assert {r["result"] for r in rows} == {"unknown"}, rows
    assert "run again to check" in rows[0]["reason"]
    assert "failed" not in _events(journal) and "unknown" in _events(journal)
    # Counted and listed as unknown, not failed: the failures file says which is which.
    said = " ".join(first.stderr.split())
    assert "failed or unknown (also in" in said
    with (tmp_path / "numbers.txt.failures.csv").open(newline="") as fh:
        listed = list(csv.DictReader(fh))
    assert sorted(r["phoneNumber"] for r in listed) == NUMBERS
    assert {r["result"] for r in listed} == {"unknown"}
    # The service did take them, once.
    assert set(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID).values()) == {1}
    for _ in range(2):  # and every rerun after
        again = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
        assert again.exit_code == 0, again.output
        rows = json.loads(again.stdout)
        assert sorted(r["phoneNumber"] for r in rows if r["result"] == "enabled") == NUMBERS
        submitted = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
        assert len(submitted) == len(NUMBERS) and set(submitted.values()) == {1}
        # The summary counts each number once: those done earlier are a part of "enabled",
        # said as such (a column beside it read as more numbers than the file holds).
        said = " ".join(again.stderr.split())
        assert "skipped" not in said and "of which done earlier" in said, said


def test_a_number_still_unreadable_on_the_rerun_is_not_resent(
    sandbox: PortServer, tmp_path: Path, no_waits: None
) -> None:
    env = env_for(sandbox)
    seed_numbers(sandbox.url, NUMBERS)
    file = _file(tmp_path, NUMBERS)
    _lost_answers_and_failed_reads(sandbox)
    try:
        assert run(["text-enable", "--file", str(file), *TEXT_ENABLE], env).exit_code == 1
        # The service is still unreadable on the rerun: nothing is sent blindly.
        again = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    finally:
        _no_faults(sandbox)
    assert again.exit_code == 1, again.output
    assert {r["result"] for r in json.loads(again.stdout)} == {"unknown"}
    assert set(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID).values()) == {1}


def test_a_journal_of_an_older_version_that_wrote_failed_is_read_before_resending(
    sandbox: PortServer, tmp_path: Path
) -> None:
    """Older journals wrote `failed` after an unreadable outcome: such numbers are read too,
    and the ones the service holds are done, not 400 FAILED_PRECONDITION on every rerun."""
    env = env_for(sandbox)
    seed_numbers(sandbox.url, NUMBERS[:5], "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS")
    seed_numbers(sandbox.url, NUMBERS[5:10])
    file = _file(tmp_path, NUMBERS[:10])
    journal = tmp_path / "numbers.txt.journal.jsonl"
    journal.write_text(
        json.dumps({"event": "submitting", "numbers": NUMBERS[:10]})
        + "\n"
        + json.dumps({"event": "failed", "numbers": NUMBERS[:10], "reason": "503"})
        + "\n"
    )
    result = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert result.exit_code == 0, result.output
    assert {r["result"] for r in json.loads(result.stdout)} == {"enabled"}
    assert set(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)) == set(NUMBERS[5:10])


@pytest.mark.served  # two CLI processes reach it: a real port
def test_a_second_run_on_the_same_journal_exits_2(sandbox: PortServer, tmp_path: Path) -> None:
    seed_numbers(sandbox.url, NUMBERS)
    file = _file(tmp_path, NUMBERS)
    sandbox.sandbox.faults.update({"latency_ms": 3000, "operations": ["textEnableNumbers"]})
    env = {**os.environ, **env_for(sandbox)}
    command = [sys.executable, "-m", "sinch_qualified_numbers.cli", "text-enable"]
    command += ["--file", str(file), *TEXT_ENABLE]
    journal = tmp_path / "numbers.txt.journal.jsonl"
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not (journal.exists() and "submitting" in journal.read_text()):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    finally:
        first.wait(timeout=60)
        sandbox.sandbox.faults.update({"latency_ms": 0, "operations": []})
    assert second.returncode == 2, second.stderr
    assert "another run is using the journal" in " ".join(second.stderr.split())
    assert "Traceback" not in second.stderr
    assert first.returncode == 0
    submitted = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert len(submitted) == len(NUMBERS) and set(submitted.values()) == {1}


BAD_LINES: list[tuple[str, bytes]] = [
    ("a number", b"42\n"),
    ("a list", b'["x"]\n'),
    ("numbers null", b'{"event": "submitting", "numbers": null}\n'),
    ("a number that is not a string", b'{"event": "enabled", "numbers": [1]}\n'),
    ("an unknown event", b'{"event": "sent", "numbers": ["+12025551000"]}\n'),
    ("not UTF-8", b'{"event": "enabled", "numbers": ["\xff"]}\n'),
    ("deeply nested", b"[" * 100_000 + b"\n"),
]


@pytest.mark.parametrize("bad", [line for _, line in BAD_LINES], ids=[n for n, _ in BAD_LINES])
def test_a_journal_line_that_cannot_be_read_stops_the_run_naming_its_line(
    sandbox: PortServer, tmp_path: Path, bad: bytes
) -> None:
    env = env_for(sandbox)
    seed_numbers(sandbox.url, NUMBERS[:2])
    file = _file(tmp_path, NUMBERS[:2])
    journal = tmp_path / "numbers.txt.journal.jsonl"
    good = json.dumps({"event": "submitting", "numbers": NUMBERS[:1]}).encode() + b"\n"
    journal.write_bytes(good + bad + good)
    before = journal.read_bytes()
    result = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert f"journal {journal} line 2 is not a journal entry" in message
    assert len(result.stderr.strip().splitlines()) == 1  # one message, no traceback
    assert journal.read_bytes() == before  # nothing lost
    assert sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID) == {}  # nothing sent


def test_a_last_line_cut_short_by_a_crash_is_skipped_and_said(
    sandbox: PortServer, tmp_path: Path
) -> None:
    env = env_for(sandbox)
    seed_numbers(sandbox.url, NUMBERS[:2])
    file = _file(tmp_path, NUMBERS[:2])
    journal = tmp_path / "numbers.txt.journal.jsonl"
    journal.write_bytes(b'{"event": "submitting", "numbers": ["+1202')
    result = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert result.exit_code == 0, result.output
    assert "line 1 was cut short" in " ".join(result.stderr.split())


def test_a_journal_path_that_is_a_directory_is_one_line(
    sandbox: PortServer, tmp_path: Path
) -> None:
    env = env_for(sandbox)
    seed_numbers(sandbox.url, NUMBERS[:2])
    file = _file(tmp_path, NUMBERS[:2])
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run(["text-enable", "--file", str(file), *TEXT_ENABLE, "--journal", str(folder)], env)
    assert result.exit_code == 2, result.output
    assert f"{folder}' is a directory" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def _embedded(tmp_path: Path) -> dict[str, Any]:
    """The environment of a run on the embedded sandbox, its state in tmp_path."""
    return {"SINCH_QN_STATE_DIR": str(tmp_path)}


STATE_FILES: list[tuple[str, bytes]] = [
    ("random bytes", os.urandom(4096)),
    ("text", b"hello, this is not a database\n" * 50),
    ("zero length", b""),
]


@pytest.mark.parametrize("content", [c for _, c in STATE_FILES], ids=[n for n, _ in STATE_FILES])
def test_a_state_database_that_is_not_one_is_refused_in_one_line(
    tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "sandbox.sqlite"
    db.write_bytes(content)
    result = run(["list"], _embedded(tmp_path))
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert f"sandbox state file {db}" in message and "move it away" in message
    assert "Traceback" not in result.output
    assert db.read_bytes() == content  # nothing lost


def test_a_truncated_state_database_is_refused(tmp_path: Path) -> None:
    assert run(["add", "+12025550134"], _embedded(tmp_path)).exit_code == 0
    db = tmp_path / "sandbox.sqlite"
    subprocess.run(  # checkpoint the WAL into the file, then cut the file short
        [sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(db)!r}).close()"],
        check=True,
    )
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    content = db.read_bytes()
    db.write_bytes(content[: len(content) // 2 + 100])
    result = run(["list"], _embedded(tmp_path))
    assert result.exit_code == 2, result.output
    assert "cut short" in " ".join(result.stderr.split())


def test_a_state_database_locked_by_another_process_is_one_line(tmp_path: Path) -> None:
    assert run(["list"], _embedded(tmp_path)).exit_code == 0
    db = tmp_path / "sandbox.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"db = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "db.execute('PRAGMA journal_mode=DELETE')\n"
            "db.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
            "db.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = run(["list"], _embedded(tmp_path))
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2, result.output
    assert "is locked by another process" in " ".join(result.stderr.split())


def test_a_state_folder_at_a_bad_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run(["list"], {"SINCH_QN_STATE_DIR": str(blocker / "state")})
    assert result.exit_code == 2, result.output
    assert "cannot be used" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_an_import_whose_outcome_is_unknown_is_reported_imported_on_the_rerun(
    sandbox: PortServer, tmp_path: Path, no_waits: None
) -> None:
    env = env_for(sandbox)
    numbers = [f"+1202555{i:04d}" for i in range(3000, 3010)]
    file = tmp_path / "numbers.csv"
    file.write_text("phoneNumber\n" + "\n".join(numbers) + "\n")
    command = ["imported", "import", "--file", str(file), "--service-plan-id", "p1", "-o", "json"]
    sandbox.sandbox.faults.update(
        {
            "per_operation": {
                "importNumbers": {"error_after": 1.0},
                "getImportedNumber": {"rate_503": 1.0},
            }
        }
    )
    try:
        first = run(command, env)
    finally:
        _no_faults(sandbox)
    assert first.exit_code == 1, first.output
    assert {r["result"] for r in json.loads(first.stdout)} == {"unknown"}
    again = run(command, env)
    assert again.exit_code == 0, again.output
    assert {r["result"] for r in json.loads(again.stdout)} == {"imported"}
    submitted = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert set(submitted) == set(numbers) and set(submitted.values()) == {1}


def test_two_sandboxes_on_one_state_file_never_write_one_sequence_number_twice(
    tmp_path: Path,
) -> None:
    from sinch_qualified_numbers_sandbox import Sandbox, SandboxConfig

    config = SandboxConfig(db_path=str(tmp_path / "sandbox.sqlite"))
    first, second = Sandbox(config), Sandbox(config)
    try:
        for n in range(6):
            numbers = (first if n % 2 else second).qualified_numbers
            numbers.seed("p", [(f"+120255510{n:02d}", "US", False)], "VERIFIED")
        numbers.add(
            "p",
            [("+12025551100", "US", False), ("+12025551101", "US", False)],
            state="VERIFIED",
            next_states={"+12025551100": "VERIFIED", "+12025551101": "VERIFIED"},
            delay=0,
        )
        seqs = [seq for (seq,) in first.db.query("SELECT seq FROM numbers")]
    finally:
        first.close()
        second.close()
    assert len(seqs) == 8 and len(set(seqs)) == 8


def test_a_service_killed_mid_run_leaves_the_numbers_unknown_once_reconcile_timeout_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service takes the order, its answer is lost, and it dies before the numbers can be
    read: the run does not sit retrying reads against a dead service past `reconcile_timeout`
    (here passed at once); the numbers are unknown (rows, summary, journal: read first by the
    next run) and the exit code is 1."""
    from sinch_qualified_numbers_sandbox import SandboxConfig, serve_in_thread

    running = serve_in_thread(
        SandboxConfig(eligibility_delay=0, hosting_delay=0, loa_signature_delay=0, seed=4)
    )
    taken: dict[str, int] = {}
    read_states = _reads.read_states

    def killed_then_read(session: Any, numbers: Any, **options: Any) -> Any:
        taken.update(running.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID))
        running.stop()  # the service dies mid-run, after taking the order
        return read_states(session, numbers, **options)

    monkeypatch.setattr(_reads, "read_states", killed_then_read)
    try:
        env = {**env_for(running), "SINCH_QN_RECONCILE_TIMEOUT": "1e-9"}
        seed_numbers(running.url, NUMBERS)
        running.sandbox.faults.update(
            {"per_operation": {"textEnableNumbers": {"error_after": 1.0}}}
        )
        file = _file(tmp_path, NUMBERS)
        result = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    finally:
        running.stop()
    assert taken == dict.fromkeys(NUMBERS, 1)  # the dead service holds them all
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert {r["phoneNumber"]: r["result"] for r in rows} == dict.fromkeys(NUMBERS, "unknown")
    assert all("reconcile_timeout" in r["reason"] for r in rows), rows[0]
    said = " ".join(result.stderr.split())
    assert "failed or unknown (also in" in said
    journal = tmp_path / "numbers.txt.journal.jsonl"
    assert "unknown" in _events(journal) and "failed" not in _events(journal)


@pytest.mark.parametrize(
    ("command", "read", "journal_name"),
    [
        (["text-enable", *TEXT_ENABLE], "getQualifiedNumber", "journal.jsonl"),
        (
            ["imported", "import", "--service-plan-id", "p1", "-o", "json"],
            "getImportedNumber",
            "import-journal.jsonl",
        ),
    ],
)
def test_a_resume_that_cannot_read_the_numbers_left_in_flight_stops_at_reconcile_timeout(
    sandbox: PortServer,
    tmp_path: Path,
    no_waits: None,
    command: list[str],
    read: str,
    journal_name: str,
) -> None:
    """A rerun reads the numbers a crash left in flight before it sends anything; against a
    service that answers no read, those reads stop once `reconcile_timeout` has passed (here
    at once), as the reconciliation after a lost answer does: the numbers are unknown, not
    sent, and the run does not sit retrying."""
    env = {**env_for(sandbox), "SINCH_QN_RECONCILE_TIMEOUT": "1e-9"}
    seed_numbers(sandbox.url, NUMBERS)
    file = _file(tmp_path, NUMBERS)
    journal = tmp_path / f"numbers.txt.{journal_name}"
    Journal(journal).write("submitting", NUMBERS[:5])  # a crash left these in flight
    sandbox.sandbox.faults.update({"per_operation": {read: {"rate_503": 1.0}}})
    try:
        result = run([*command, "--file", str(file)], env)
    finally:
        _no_faults(sandbox)
    assert result.exit_code == 1, result.output
    rows = {r["phoneNumber"]: r for r in json.loads(result.stdout)}
    assert {n: rows[n]["result"] for n in NUMBERS[:5]} == dict.fromkeys(NUMBERS[:5], "unknown")
    assert all("reconcile_timeout" in rows[n]["reason"] for n in NUMBERS[:5]), rows[NUMBERS[0]]
    assert {rows[n]["result"] for n in NUMBERS[5:]} != {"unknown"}  # the others were sent
    with SandboxAdmin(sandbox.url) as admin:
        assert not set(admin.submissions()) & set(NUMBERS[:5])  # never sent blindly
