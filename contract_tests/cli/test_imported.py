"""`sinch-qn imported ...` against the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID, PortServer

from .conftest import env_for, run

NUMBERS = [f"+1202555{i:04d}" for i in range(3000, 3012)]


def _file(tmp_path: Path, numbers: list[str]) -> Path:
    path = tmp_path / "numbers.csv"
    path.write_text("phoneNumber\n" + "\n".join(numbers) + "\n", encoding="utf-8")
    return path


def _already_imported(sandbox: PortServer, numbers: list[str]) -> None:
    """The service holds these numbers as imported (a previous run's order took them)."""
    sandbox.sandbox.imported_numbers.create(
        DEFAULT_PROJECT_ID,
        [(n, "US") for n in numbers],
        resource="HOSTING_ORDER_NUMBER",
        service_plan_id="p1",
        campaign_id="",
    )


def _import(file: Path, env: dict[str, str]) -> Any:
    return run(
        ["imported", "import", "--file", str(file), "--service-plan-id", "p1", "-o", "json"], env
    )


def _rerun_after(
    sandbox: PortServer, tmp_path: Path, count: int, taken: int, lines: list[dict[str, Any]]
) -> tuple[Any, Path]:
    """Import NUMBERS[:count] again after a previous run that wrote `lines` to the journal and
    whose orders took NUMBERS[:taken]; the result and the journal's path."""
    file = _file(tmp_path, NUMBERS[:count])
    journal = tmp_path / "numbers.csv.import-journal.jsonl"
    _already_imported(sandbox, NUMBERS[:taken])
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return _import(file, env_for(sandbox)), journal


def test_import_list_move_unlink_delete(sandbox: PortServer, tmp_path: Path) -> None:
    env = env_for(sandbox)
    file = _file(tmp_path, NUMBERS)
    first = run(
        ["imported", "import", "--file", str(file), "--service-plan-id", "p1", "-o", "json"], env
    )
    assert first.exit_code == 0, first.output
    rows = json.loads(first.stdout)
    assert {r["phoneNumber"] for r in rows} == set(NUMBERS)
    assert {r["result"] for r in rows} == {"imported"}
    assert len({r["hostingOrderId"] for r in rows}) == 3  # 12 numbers, 5 per order
    again = run(["imported", "import", "--file", str(file), "--service-plan-id", "p1"], env)
    assert again.exit_code == 0
    assert "12 numbers already imported" in " ".join(again.stderr.split())
    assert set(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID).values()) == {1}

    listing = ["imported", "list", "--service-plan-id", "p1", "--pattern", "1202555300"]
    listed = run([*listing, "--order-by", "createdTime", "-o", "json"], env)
    assert {r["phoneNumber"] for r in json.loads(listed.stdout)} == set(NUMBERS[:10])
    assert "numbers without a campaign" in listed.stderr  # no --campaign-id: said, not silent
    # Both filters are required by Sinch: the plan must be given, no campaign means "none".
    unfiltered = run(["imported", "list"], env)
    assert unfiltered.exit_code == 2 and "--service-plan-id" in unfiltered.stderr
    in_campaign = run([*listing, "--campaign-id", "C1", "-o", "json"], env)
    assert in_campaign.exit_code == 0 and json.loads(in_campaign.stdout) == []
    bad_order = run([*listing, "--order-by", "phoneNumber"], env)
    assert bad_order.exit_code == 2 and "phoneNumber" in bad_order.stderr
    got = run(["imported", "get", NUMBERS[0], "-o", "json"], env)
    assert json.loads(got.stdout)[0]["servicePlanId"] == "p1"

    moved = run(
        ["imported", "move", "--file", str(file), "--service-plan-id", "p2",
         "--campaign-id", "C2", "-o", "json"],
        env,
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert {(r["result"], r["servicePlanId"], r["campaignId"])
            for r in json.loads(moved.stdout)} == {("moved", "p2", "C2")}  # fmt: skip
    rerun = run(
        ["imported", "move", NUMBERS[0], "--service-plan-id", "p2", "--campaign-id", "C2",
         "-o", "json"],
        env,
    )  # fmt: skip
    assert json.loads(rerun.stdout)[0]["result"] == "unchanged"

    unlinked = run(["imported", "unlink", NUMBERS[1]], env)
    assert unlinked.exit_code == 0 and f"unlinked {NUMBERS[1]}" in unlinked.stdout
    refused = run(["imported", "delete", NUMBERS[2]], env, input="n\n")
    assert refused.exit_code == 1  # aborted: nothing removed
    assert run(["imported", "get", NUMBERS[2]], env).exit_code == 0
    deleted = run(["imported", "delete", "--yes", NUMBERS[2]], env)
    assert deleted.exit_code == 0
    gone = run(["imported", "get", NUMBERS[2]], env)
    assert gone.exit_code == 1 and "could not be found" in gone.stderr


def test_import_resumes_numbers_left_in_flight_without_resubmitting(
    sandbox: PortServer, tmp_path: Path
) -> None:
    # A previous run died with two numbers in flight; the service had taken them.
    in_flight = {"event": "submitting", "numbers": NUMBERS[:2]}
    result, _ = _rerun_after(sandbox, tmp_path, 6, 2, [in_flight])
    assert result.exit_code == 0, result.output
    assert "2 were in flight and are checked first" in " ".join(result.stderr.split())
    submitted = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert set(submitted) == set(NUMBERS[2:6])  # the two taken ones were not sent again
    assert {r["result"] for r in json.loads(result.stdout)} == {"imported"}


def test_bad_input_is_a_clear_error(sandbox: PortServer) -> None:
    env = env_for(sandbox)
    missing = run(["imported", "import", "--service-plan-id", "p"], env)
    assert missing.exit_code == 2 and "give numbers or --file" in missing.output
    bad = run(["imported", "list", "--service-plan-id", "p", "--pattern", "12ab"], env)
    assert bad.exit_code == 2 and "pattern must be digits" in bad.stderr
    assert "Traceback" not in bad.output


def _journal_events(journal: Path) -> list[str]:
    return [json.loads(line)["event"] for line in journal.read_text().splitlines()]


def test_imports_are_journaled_as_imported(sandbox: PortServer, tmp_path: Path) -> None:
    env = env_for(sandbox)
    file = _file(tmp_path, NUMBERS[:6])
    result = run(["imported", "import", "--file", str(file), "--service-plan-id", "p1"], env)
    assert result.exit_code == 0, result.output
    journal = tmp_path / "numbers.csv.import-journal.jsonl"
    events = _journal_events(journal)
    assert "imported" in events and "enabled" not in events  # an import is not a text enablement
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    done = [n for line in lines if line["event"] == "imported" for n in line["numbers"]]
    assert sorted(done) == NUMBERS[:6]
    assert all(line["order"] for line in lines if line["event"] == "imported")


def test_an_import_journal_of_an_older_version_that_wrote_enabled_still_resumes(
    sandbox: PortServer, tmp_path: Path
) -> None:
    old_format = [
        {"event": "submitting", "numbers": NUMBERS[:3]},
        {"event": "enabled", "numbers": NUMBERS[:3], "order": "order-from-before"},
    ]
    result, journal = _rerun_after(sandbox, tmp_path, 6, 3, old_format)
    assert result.exit_code == 0, result.output
    assert "3 numbers already imported" in " ".join(result.stderr.split())
    assert set(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)) == set(NUMBERS[3:6])
    rows = {r["phoneNumber"]: r for r in json.loads(result.stdout)}
    assert {r["result"] for r in rows.values()} == {"imported"} and set(rows) == set(NUMBERS[:6])
    assert {rows[n]["hostingOrderId"] for n in NUMBERS[:3]} == {"order-from-before"}
    assert _journal_events(journal)[2:].count("imported") >= 1  # new lines in the new word


def test_the_import_resume_reads_through_the_librarys_reconciliation(
    sandbox: PortServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers left in flight are read with `imported_numbers.read_imported` (concurrent,
    retried), once for the whole block, not one GET at a time by the CLI."""
    from sinch_qualified_numbers import ImportedNumbers

    reads: list[list[str]] = []
    real = ImportedNumbers.read_imported

    def spy(self: ImportedNumbers, phone_numbers: list[str], **options: Any) -> dict[str, object]:
        assert options == {"reconciling": True}  # within reconcile_timeout
        reads.append(list(phone_numbers))
        return dict(real(self, phone_numbers, **options))

    monkeypatch.setattr(ImportedNumbers, "read_imported", spy)
    in_flight = {"event": "submitting", "numbers": NUMBERS[:4]}
    result, journal = _rerun_after(sandbox, tmp_path, 8, 2, [in_flight])
    assert result.exit_code == 0, result.output
    assert reads == [NUMBERS[:4]]  # one library read of every number left in flight
    submitted = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert set(submitted) == set(NUMBERS[2:8])  # the two it found imported were not sent again
    assert {r["result"] for r in json.loads(result.stdout)} == {"imported"}
    reconciled = [
        json.loads(line) for line in journal.read_text().splitlines() if "reconciled" in line
    ]
    assert [(r["event"], r["numbers"]) for r in reconciled] == [("imported", NUMBERS[:2])]
