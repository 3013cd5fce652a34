"""Reruns of `challenge verify --file` / `sandbox verify --file`: a code the service refused is
never sent again (a third wrong code blocks the number for good), a lost answer is unknown
(never failed) and is read, not resent, by the rerun."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sinch_qualified_numbers._sync import _transport as transport_module
from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID

from ..conftest import InProcess, seed_numbers, voice_codes
from .conftest import LOOPBACK, loopback_env, run

# `sinch-qn sandbox verify` reads a sandbox on loopback only: the in-process one, routed there.
pytestmark = pytest.mark.sinch_sandbox(hosts=[LOOPBACK])

WRONG_ALWAYS = "+12025559902"  # the sandbox's magic number: no code is ever right
PLAIN = "+12025556400"


def _wrong_codes(sandbox: InProcess, number: str) -> int:
    return sandbox.sandbox.qualified_numbers.challenge(DEFAULT_PROJECT_ID, number)[1]


def _state(sandbox: InProcess, number: str) -> str:
    held = sandbox.sandbox.qualified_numbers.get(DEFAULT_PROJECT_ID, number)
    assert held is not None
    return str(held.state)


def _called(sandbox: InProcess, numbers: list[str], tmp_path: Path) -> None:
    seed_numbers(sandbox.url, numbers, "GLOBAL_PROCESS_STATE_ELIGIBLE")
    file = tmp_path / "to-call.txt"
    file.write_text("\n".join(numbers) + "\n")
    sent = run(["challenge", "send", "--file", str(file)], loopback_env(sandbox))
    assert sent.exit_code == 0, sent.output


def _rows(result: object) -> dict[str, dict[str, str]]:
    return {r["phoneNumber"]: r for r in json.loads(result.stdout)}  # type: ignore[attr-defined]


def _counts(stderr: str) -> dict[str, int]:
    """The summary table: header (its lines joined) -> count."""
    lines = stderr.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    end = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    header_lines = [line.split("┃")[1:-1] for line in lines[top + 1 : end]]
    headers = [" ".join(" ".join(parts).split()) for parts in zip(*header_lines, strict=True)]
    for line in stderr.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == len(headers) and all(c.isdigit() for c in cells):
            return dict(zip(headers, map(int, cells), strict=True))
    raise AssertionError(stderr)


def test_sandbox_verify_three_times_never_sends_a_refused_code_again(
    sandbox: InProcess, tmp_path: Path
) -> None:
    _called(sandbox, [WRONG_ALWAYS, PLAIN], tmp_path)
    file = tmp_path / "numbers.txt"
    file.write_text(f"{WRONG_ALWAYS}\n{PLAIN}\n")
    command = ["sandbox", "verify", "--file", str(file), "-o", "json"]
    first = run(command, loopback_env(sandbox))
    assert first.exit_code == 1, first.output
    rows = _rows(first)
    assert rows[PLAIN]["result"] == "verified"
    # The number's own refusal (the service checked the code): refused, not failed.
    assert rows[WRONG_ALWAYS]["result"] == "refused"
    assert rows[WRONG_ALWAYS]["reason"].startswith("wrong_code: ")
    assert "sinch-qn challenge send" in rows[WRONG_ALWAYS]["reason"]
    assert _counts(first.stderr) == {
        "numbers verified": 1,
        "of which done earlier": 0,
        "numbers failed": 0,
        "refused (wrong code)": 1,
    }
    failures = (tmp_path / "numbers.txt.verify-failures.csv").read_text().splitlines()
    assert failures[1].startswith(f'{WRONG_ALWAYS},refused,"wrong_code: ')
    assert _wrong_codes(sandbox, WRONG_ALWAYS) == 1
    journal = tmp_path / "numbers.txt.verify-journal.jsonl"
    events = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [e["event"] for e in events if WRONG_ALWAYS in e["numbers"]] == [
        "submitting",
        "refused",
    ]
    for _ in range(2):
        again = run(command, loopback_env(sandbox))
        assert again.exit_code == 1, again.output
        rows = _rows(again)
        assert rows[PLAIN]["result"] == "verified"
        assert rows[WRONG_ALWAYS]["result"] == "refused"
        assert rows[WRONG_ALWAYS]["reason"].startswith("wrong_code: ")
        assert "sinch-qn challenge send" in rows[WRONG_ALWAYS]["reason"]
        assert "1 refused, not sent again" in " ".join(again.stderr.split())
        assert _counts(again.stderr)["refused (wrong code)"] == 1
    assert _wrong_codes(sandbox, WRONG_ALWAYS) == 1  # never sent a second time
    assert _state(sandbox, WRONG_ALWAYS) == "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"


def test_challenge_verify_rerun_sends_a_new_code_but_not_the_refused_one(
    sandbox: InProcess, tmp_path: Path
) -> None:
    _called(sandbox, [PLAIN], tmp_path)
    right = voice_codes(sandbox.url)[PLAIN]
    wrong = "0000" if right != "0000" else "1111"
    file = tmp_path / "codes.csv"
    file.write_text(f"phoneNumber,code\n{PLAIN},{wrong}\n")
    command = ["challenge", "verify", "--file", str(file), "-o", "json"]
    for _ in range(3):
        result = run(command, loopback_env(sandbox))
        assert result.exit_code == 1, result.output
        assert _rows(result)[PLAIN]["result"] == "refused"
    assert _wrong_codes(sandbox, PLAIN) == 1
    assert wrong not in (tmp_path / "codes.csv.verify-journal.jsonl").read_text()
    file.write_text(f"phoneNumber,code\n{PLAIN},{right}\n")  # the right code, collected since
    fixed = run(command, loopback_env(sandbox))
    assert fixed.exit_code == 0, fixed.output
    assert _rows(fixed)[PLAIN]["result"] == "verified"


def test_a_lost_verify_answer_is_unknown_and_the_rerun_does_not_resend_it(
    sandbox: InProcess, tmp_path: Path
) -> None:
    _called(sandbox, [WRONG_ALWAYS], tmp_path)
    file = tmp_path / "numbers.txt"
    file.write_text(f"{WRONG_ALWAYS}\n")
    command = ["sandbox", "verify", "--file", str(file), "-o", "json"]
    faults = sandbox.sandbox.faults
    faults.update({"per_operation": {"verifyVoiceChallenge": {"drop_after": 1.0}}})
    try:
        first = run(command, loopback_env(sandbox))
        assert faults.describe()["injected"]["drop_after"] == 1
    finally:
        faults.update({"per_operation": {}})
    assert first.exit_code == 1, first.output
    assert _rows(first)[WRONG_ALWAYS]["result"] == "unknown"
    journal = tmp_path / "numbers.txt.verify-journal.jsonl"
    events = [json.loads(line)["event"] for line in journal.read_text().splitlines()]
    assert events == ["submitting", "unknown"]
    assert _wrong_codes(sandbox, WRONG_ALWAYS) == 1
    again = run(command, loopback_env(sandbox))  # read first: VERIFICATION_FAILED stays unknown
    assert again.exit_code == 1, again.output
    assert _rows(again)[WRONG_ALWAYS]["result"] == "unknown"
    assert _wrong_codes(sandbox, WRONG_ALWAYS) == 1
    assert _state(sandbox, WRONG_ALWAYS) == "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"


def test_sandbox_verify_gives_a_row_to_every_number_never_called(
    sandbox: InProcess, tmp_path: Path
) -> None:
    _called(sandbox, [PLAIN], tmp_path)
    not_eligible, eligible = "+12025556401", "+12025556402"
    seed_numbers(sandbox.url, [not_eligible], "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE")
    seed_numbers(sandbox.url, [eligible], "GLOBAL_PROCESS_STATE_ELIGIBLE")
    file = tmp_path / "numbers.txt"
    file.write_text(f"{PLAIN}\n{not_eligible}\n{eligible}\n")
    result = run(["sandbox", "verify", "--file", str(file), "-o", "json"], loopback_env(sandbox))
    assert result.exit_code == 1, result.output
    rows = _rows(result)
    assert {n: (r["result"], r["reason"]) for n, r in rows.items()} == {
        PLAIN: ("verified", ""),
        not_eligible: ("not called", "NOT_ELIGIBLE"),
        eligible: ("not called", "ELIGIBLE"),
    }
    said = " ".join(result.stderr.split())
    assert "2 numbers are not called (NOT_ELIGIBLE 1, ELIGIBLE 1)" in said


def test_a_code_refused_for_a_reason_not_its_own_is_sent_again_by_the_rerun(
    sandbox: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """429 (or 401, 403) says nothing of the code: the rerun sends it (and it goes through)."""
    monkeypatch.setattr(transport_module, "sleep", lambda seconds: None)
    _called(sandbox, [PLAIN], tmp_path)
    file = tmp_path / "numbers.txt"
    file.write_text(f"{PLAIN}\n")
    command = ["sandbox", "verify", "--file", str(file), "-o", "json"]
    faults = sandbox.sandbox.faults
    faults.update(
        {"retry_after_s": 0, "per_operation": {"verifyVoiceChallenge": {"rate_429": 1.0}}}
    )
    try:
        first = run(command, loopback_env(sandbox))
        assert faults.describe()["injected"]["429"] >= 1
    finally:
        faults.update({"per_operation": {}})
    assert first.exit_code == 1, first.output
    assert _rows(first)[PLAIN]["result"] == "failed"
    again = run(command, loopback_env(sandbox))
    assert again.exit_code == 0, again.output
    assert _rows(again)[PLAIN]["result"] == "verified"
