"""The CLI's hostile-input cases: each test is named after what it proves."""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers.cli import SHOWN_REJECTED
from sinch_qualified_numbers.cli._inputs import read_number_file
from sinch_qualified_numbers_sandbox import (
    PortServer,
    SandboxAdmin,
)

from ..conftest import seed_numbers
from .conftest import env_for, run


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "sinch_qualified_numbers.cli", *args]


@pytest.mark.parametrize("content", ["junk\nnot a number\n+44\n", "junk\n\n# a comment\n"])
def test_wait_for_a_file_without_one_valid_number_is_an_input_error(
    sandbox: PortServer, tmp_path: Path, content: str
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text(content)
    result = run(["wait", "--file", str(file), "--state", "HOSTING_DONE"], env_for(sandbox))
    assert result.exit_code == 2, result.output
    assert "no valid numbers to wait for" in result.stderr


# Served: the CLI runs in a process of its own (sent SIGINT), which reaches a port.
@pytest.mark.served
def test_ctrl_c_during_text_enable_exits_130_with_what_was_done_and_the_journal(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 3500)]  # 5 calls of 500
    seed_numbers(sandbox.url, numbers)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    journal = tmp_path / "numbers.txt.journal.jsonl"
    sandbox.sandbox.faults.update({"latency_ms": 400, "operations": ["textEnableNumbers"]})
    command = _cli(
        "text-enable",
        "--file",
        str(file),
        "--service-plan-id",
        "p",
        "--loa",
        "blanket",
        "-o",
        "json",
    )
    env = {**os.environ, **env_for(sandbox)}
    first = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_text().count('"enabled"') >= 1:
            break
        time.sleep(0.02)
    first.send_signal(signal.SIGINT)
    stdout, stderr = first.communicate(timeout=30)
    assert first.returncode == 130, stderr
    assert "Aborted!" not in stderr and "Traceback" not in stderr
    assert "Interrupted" in stderr and str(journal) in stderr.replace("\n", "")
    enabled = [r["phoneNumber"] for r in json.loads(stdout) if r["result"] == "enabled"]
    assert 500 <= len(enabled) < len(numbers)  # the summary is what the journal recorded
    journaled = [
        n
        for line in journal.read_text().splitlines()
        if (entry := json.loads(line))["event"] == "enabled"
        for n in entry["numbers"]
    ]
    assert sorted(enabled) == sorted(journaled)

    sandbox.sandbox.faults.update({"latency_ms": 0})
    time.sleep(0.5)  # the call in flight at Ctrl-C completes on the server
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    with SandboxAdmin(sandbox.url) as admin:
        submissions = admin.submissions()
    assert sorted(submissions) == sorted(numbers) and set(submissions.values()) == {1}


def test_an_unterminated_quote_rejects_its_own_line_and_swallows_no_other(
    sandbox: PortServer, tmp_path: Path
) -> None:
    file = tmp_path / "numbers.csv"
    file.write_text('phoneNumber,name\n"+12025550134,Alice\n+12025550135,Bob\n+12025550136,Eve\n')
    result = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert result.exit_code == 1, result.output
    added = sorted(r["phoneNumber"] for r in json.loads(result.stdout))
    assert added == ["+12025550135", "+12025550136"]
    assert "quotes" in result.stderr
    rows = list(csv.reader((tmp_path / "numbers.csv.rejected.csv").open()))
    assert rows[1][:2] == ["2", '"+12025550134,Alice']


def test_a_semicolon_separated_file_is_read_column_by_column(
    sandbox: PortServer, tmp_path: Path
) -> None:
    file = tmp_path / "numbers.csv"
    file.write_text("name;phoneNumber\nAlice;+12025550134\nBob;(202) 555-0135\n")
    result = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert result.exit_code == 0, result.output
    added = sorted(r["phoneNumber"] for r in json.loads(result.stdout))
    assert added == ["+12025550134", "+12025550135"]


def test_a_headerless_row_with_several_numbers_is_refused_not_half_read(
    sandbox: PortServer, tmp_path: Path
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text("2025550134;2025550135\n2025550136\n")
    result = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert result.exit_code == 1, result.output
    assert [r["phoneNumber"] for r in json.loads(result.stdout)] == ["+12025550136"]
    assert "several numbers" in result.stderr


def test_many_rejected_rows_print_a_short_table_and_every_row_to_a_file(
    sandbox: PortServer, tmp_path: Path
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text("".join(f"bad-{i}\n" for i in range(5000)))
    result = run(["add", "--file", str(file)], env_for(sandbox))
    assert result.exit_code == 2
    shown = re.findall(r"bad-\d+", result.stderr)
    assert len(shown) == SHOWN_REJECTED
    assert "5000 rejected rows" in result.stderr
    rejected = tmp_path / "numbers.txt.rejected.csv"
    assert f"All 5000 rejected rows are in {rejected}" in result.stderr.replace("\n", "")
    rows = list(csv.reader(rejected.open()))
    assert rows[0] == ["line", "value", "reason"] and len(rows) == 5001
    assert rows[-1][:2] == ["5000", "bad-4999"]


# Served: the CLI runs in a process of its own (on a pseudo-terminal), which reaches a port.
@pytest.mark.served
def test_add_of_a_large_file_shows_progress_while_it_works(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 5000)]  # 8 calls, 4 at a time
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    sandbox.sandbox.faults.update({"latency_ms": 500, "operations": ["addQualifiedNumbers"]})
    main_fd, terminal = pty.openpty()  # a terminal on stderr, as a person running it has
    env = {**os.environ, **env_for(sandbox), "TERM": "xterm", "COLUMNS": "100"}
    output = (tmp_path / "out.json").open("wb")  # a file, not a pipe nobody reads yet
    process = subprocess.Popen(
        _cli("add", "--file", str(file), "-o", "json"), env=env, stdout=output, stderr=terminal
    )
    os.close(terminal)
    seen = b""
    counts_while_running: list[int] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main_fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(main_fd, 65536)
                except OSError:  # the terminal closed: the command ended
                    break
                if not chunk:
                    break
                seen += chunk
                if process.poll() is None:
                    counts_while_running += [
                        int(n) for n in re.findall(rb"adding.*?(\d+)/4000", chunk)
                    ]
    finally:
        os.close(main_fd)
        process.wait(timeout=30)
        output.close()
    assert process.returncode == 0, seen.decode(errors="replace")
    assert any(0 < n < 4000 for n in counts_while_running), seen.decode(errors="replace")
    assert len(json.loads((tmp_path / "out.json").read_text())) == 4000


@pytest.mark.parametrize(
    "options",
    [
        ["--base-url", "http://user:URLPASS-77@example.com"],
        ["--base-url", "https://user:URLPASS-77@example.com"],
        ["--base-url", "https://qn.test", "--token-url", "http://user:URLPASS-77@auth.test/t"],
    ],
)
def test_the_cli_never_prints_a_urls_password(options: list[str]) -> None:
    env: dict[str, str | None] = {
        "SINCH_PROJECT_ID": "p",
        "SINCH_KEY_ID": "k",
        "SINCH_KEY_SECRET": "cli-Key-Secret-31",
    }
    result = run([*options, "list"], env)
    assert result.exit_code == 2, result.output
    assert "***@" in result.stderr
    assert "URLPASS-77" not in result.output and "cli-Key-Secret-31" not in result.output


def _text_enable(file: Path, *more: str) -> list[str]:
    return ["text-enable", "--file", str(file), "--service-plan-id", "p", "--loa", "blanket", *more]


@pytest.mark.parametrize("which", ["default", "named"])
def test_a_failures_file_that_is_a_directory_is_one_line_and_exit_2(
    sandbox: PortServer, tmp_path: Path, which: str
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text("+12025550134\n")
    folder = tmp_path / ("numbers.txt.failures.csv" if which == "default" else "elsewhere")
    folder.mkdir()
    more = [] if which == "default" else ["--failures", str(folder)]
    result = run(_text_enable(file, *more), env_for(sandbox))
    assert result.exit_code == 2, result.output
    assert str(folder) in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "numbers.txt.journal.jsonl").exists()


@pytest.mark.parametrize("journal", ["/dev/full", "/dev/zero", "fifo"])
def test_a_journal_that_is_not_a_regular_file_is_refused(
    sandbox: PortServer, tmp_path: Path, journal: str
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text("+12025550134\n")
    # (A directory is refused by the option itself.) Reading /dev/full or /dev/zero never
    # ends; opening a FIFO waits for a writer.
    path = tmp_path / journal
    if journal == "fifo":
        os.mkfifo(path)
    else:
        path = Path(journal)
    result = run(_text_enable(file, "--journal", str(path)), env_for(sandbox))
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.stderr and str(path) in result.stderr


def test_rejected_rows_that_cannot_be_written_are_one_line_and_exit_2(
    sandbox: PortServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text("+12025550134\nnot a number\n")
    # Root writes into a read-only folder anyway: the refusal the OS gives others is made here.
    real_open = Path.open

    def read_only_folder(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.parent == tmp_path and "w" in mode:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", read_only_folder)
    result = run(["wait", "--file", str(file), "--state", "VERIFIED"], env_for(sandbox))
    assert result.exit_code == 2, result.output
    assert "numbers.txt.rejected.csv" in result.stderr and "Permission denied" in result.stderr
    monkeypatch.undo()
    (tmp_path / "numbers.txt.rejected.csv").mkdir()  # and where a directory is in the way
    result = run(["wait", "--file", str(file), "--state", "VERIFIED"], env_for(sandbox))
    assert result.exit_code == 2, result.output
    assert "numbers.txt.rejected.csv" in result.stderr


@pytest.mark.parametrize(("encoding", "megabytes"), [("utf-8", 50), ("utf-16", 8), ("cp1252", 8)])
def test_a_very_long_line_is_one_rejected_row_read_in_bounded_memory(
    tmp_path: Path, encoding: str, megabytes: int
) -> None:
    file = tmp_path / "numbers.txt"
    with file.open("w", encoding=encoding, newline="") as fh:
        fh.write("+12025550134\n")
        for _ in range(megabytes):
            fh.write("x" * 1024 * 1024)
        fh.write("\n+12025550135\n")
    tracemalloc.start()
    try:
        parsed = read_number_file(file, encoding=None if encoding == "utf-16" else encoding)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed.valid == ["+12025550134", "+12025550135"]
    ((line, value, reason),) = parsed.rejected
    assert line == 2 and "longer than" in reason and len(value) <= 100
    assert peak < 8 * 1024 * 1024, peak


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(
    tmp_path: Path, encoding: str
) -> None:
    file = tmp_path / "numbers.csv"
    text = "phoneNumber,name\n+12025550134,José\n(202) 555-0135,Zoë\n"
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    file.write_bytes((bom + text).encode(encoding))
    parsed = read_number_file(file)
    assert parsed.valid == ["+12025550134", "+12025550135"] and parsed.rejected == []


def test_lines_that_are_not_utf_8_are_rejected_each_with_its_line_number(tmp_path: Path) -> None:
    file = tmp_path / "numbers.csv"
    lines = ["phoneNumber,name", "+12025550134,José", "+12025550135,Ann", "+12025550136,Zoë"]
    file.write_bytes("\n".join(lines).encode("latin-1") + b"\n")
    parsed = read_number_file(file)
    assert parsed.valid == ["+12025550135"]
    assert [(line, reason[:21]) for line, _, reason in parsed.rejected] == [
        (2, "not UTF-8 text (byte "),
        (4, "not UTF-8 text (byte "),
    ]
    assert "+12025550134" in parsed.rejected[0][1]


def test_encoding_names_the_encoding_of_a_file_without_a_byte_order_mark(
    sandbox: PortServer, tmp_path: Path
) -> None:
    file = tmp_path / "numbers.csv"
    lines = ["phoneNumber,name", "+12025550134,José", "+12025550135,Zoë"]
    file.write_bytes("\n".join(lines).encode("latin-1") + b"\n")
    assert read_number_file(file, encoding="latin-1").valid == ["+12025550134", "+12025550135"]
    result = run(["--encoding", "latin-1", "add", "--file", str(file)], env_for(sandbox))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "numbers.csv.rejected.csv").exists()
    result = run(["--encoding", "klingon", "add", "--file", str(file)], env_for(sandbox))
    assert result.exit_code == 2 and "klingon" in result.stderr, result.output
