"""A new user's first hour with `sinch-qn` (issue 24): token URLs, bulk challenges, safe reruns,
tables that never cut an ID, what text-enable created, shell completion."""

from __future__ import annotations

import json
import time
from pathlib import Path

from sinch_qualified_numbers_sandbox import RunningSandbox, SandboxAdmin

from ..conftest import seed_numbers, voice_codes
from .conftest import env_for, run

SECRET = "s3cr3t-key-secret"
SINCH_TOKEN_URL = "https://auth.sinch.com/oauth2/token"


def test_the_cli_refuses_the_mixed_case_and_names_both(sandbox: RunningSandbox) -> None:
    env = {
        "SINCH_PROJECT_ID": "p",
        "SINCH_KEY_ID": "k",
        "SINCH_KEY_SECRET": SECRET,
        "SINCH_QN_BASE_URL": "https://staging.example.com",
    }
    result = run(["get", "+12025550134"], env)
    assert result.exit_code == 2
    assert "https://staging.example.com" in result.output
    assert SINCH_TOKEN_URL in result.output


def test_the_cli_takes_token_url(sandbox: RunningSandbox) -> None:
    env = {
        "SINCH_PROJECT_ID": "sandbox-project",
        "SINCH_KEY_ID": "sandbox-key-id",
        "SINCH_KEY_SECRET": "sandbox-key-secret",
    }
    # A loopback base URL behind a path nobody serves: only the explicit --token-url works.
    args = ["--base-url", sandbox.url, "--token-url", f"{sandbox.url}/oauth2/token"]
    result = run([*args, "list", "--output", "json"], env)
    assert result.exit_code == 0, result.output
    wrong = run(
        ["--base-url", sandbox.url, "--token-url", "http://127.0.0.1:9/oauth2/token", "list"], env
    )
    assert wrong.exit_code == 1
    assert "http://127.0.0.1:9/oauth2/token" in wrong.output
    assert "--token-url" in run(["--help"], {}).output


def test_wait_stops_at_a_number_that_can_never_arrive(sandbox: RunningSandbox) -> None:
    env = env_for(sandbox)
    assert run(["add", "+12025550134", "+12025559901"], env).exit_code == 0
    started = time.monotonic()
    result = run(
        [
            "wait",
            "+12025550134",
            "+12025559901",
            "--state",
            "ELIGIBLE",
            "--timeout",
            "2m",
            "--interval",
            "50ms",
            "--output",
            "json",
        ],
        env,
    )
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    rows = {r["phoneNumber"]: r["globalProcessState"] for r in json.loads(result.stdout)}
    assert rows == {
        "+12025550134": "GLOBAL_PROCESS_STATE_ELIGIBLE",
        "+12025559901": "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE",
    }
    assert "can never reach ELIGIBLE: +12025559901 (NOT_ELIGIBLE)" in result.stderr


def test_rerunning_add_file_is_safe(sandbox: RunningSandbox, tmp_path: Path) -> None:
    env = env_for(sandbox)
    numbers = [f"+1202555{i:04d}" for i in range(4000, 4600)]
    file = tmp_path / "numbers.csv"
    file.write_text("phoneNumber\n" + "\n".join(numbers) + "\n")
    first = run(["add", "--file", str(file), "-o", "csv"], env)
    assert first.exit_code == 0, first.output
    assert "600 added, 0 already added" in first.stderr
    file.write_text("phoneNumber\n" + "\n".join([*numbers, "+12025554600"]) + "\n")
    again = run(["add", "--file", str(file), "-o", "json"], env)
    assert again.exit_code == 0, again.output
    assert "1 added, 600 already added" in again.stderr
    results = {r["phoneNumber"]: r["result"] for r in json.loads(again.stdout)}
    assert results == {**dict.fromkeys(numbers, "already added"), "+12025554600": "added"}
    strict = run(["add", "--file", str(file), "--strict"], env)
    assert strict.exit_code == 1
    assert "already exists" in strict.stderr


def _seed_eligible(sandbox: RunningSandbox, numbers: list[str]) -> None:
    seed_numbers(sandbox.url, numbers, "GLOBAL_PROCESS_STATE_ELIGIBLE")


def test_challenge_send_and_verify_a_file(sandbox: RunningSandbox, tmp_path: Path) -> None:
    env = env_for(sandbox)
    numbers = [f"+1202555{i:04d}" for i in range(6000, 6040)]
    _seed_eligible(sandbox, numbers)
    file = tmp_path / "numbers.csv"
    file.write_text("phoneNumber\n" + "\n".join([*numbers, "+12025559998", "nope"]) + "\n")
    sent = run(["challenge", "send", "--file", str(file), "-o", "json"], env)
    assert sent.exit_code == 1  # one unknown number and one rejected row
    rows = {r["phoneNumber"]: r for r in json.loads(sent.stdout)}
    assert {n for n, r in rows.items() if r["result"] == "sent"} == set(numbers)
    assert rows["+12025559998"]["result"] == "failed"
    assert "404" in rows["+12025559998"]["reason"]
    assert (tmp_path / "numbers.csv.send-journal.jsonl").exists()
    # A rerun calls nobody again but the one that failed.
    again = run(["challenge", "send", "--file", str(file), "-o", "json"], env)
    assert "40 numbers already sent" in again.stderr
    with SandboxAdmin(sandbox.url) as admin:
        assert len(admin.voice_calls()) == 40  # one call each, none twice

    spoken = voice_codes(sandbox.url)
    codes = tmp_path / "codes.csv"
    wrong = "0000" if spoken[numbers[0]] != "0000" else "1111"
    lines = [f"{spoken[n]};{n}" for n in numbers[1:]] + [f"{wrong};{numbers[0]}", ";+12025550199"]
    codes.write_text("Code;Phone Number\n" + "\n".join(lines) + "\n")
    verified = run(["challenge", "verify", "--file", str(codes), "-o", "json"], env)
    assert verified.exit_code == 1  # one wrong code, one row without a code
    results = {r["phoneNumber"]: r for r in json.loads(verified.stdout)}
    assert {n for n, r in results.items() if r["result"] == "verified"} == set(numbers[1:])
    assert results[numbers[0]]["result"] == "failed"
    assert "wrong code" in results[numbers[0]]["reason"]
    assert "VERIFICATION_FAILED" in results[numbers[0]]["reason"]
    assert "no code on this row" in verified.stderr
    assert (tmp_path / "codes.csv.rejected.csv").exists()


def test_sandbox_verify_reads_the_call_log(sandbox: RunningSandbox, tmp_path: Path) -> None:
    env = env_for(sandbox)
    numbers = [f"+1202555{i:04d}" for i in range(6100, 6110)]
    _seed_eligible(sandbox, numbers)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    assert run(["challenge", "send", "--file", str(file)], env).exit_code == 0
    done = run(["sandbox", "verify", "--file", str(file), "-o", "json"], env)
    assert done.exit_code == 0, done.output
    assert {r["phoneNumber"]: r["result"] for r in json.loads(done.stdout)} == dict.fromkeys(
        numbers, "verified"
    )
    listed = run(["list", "--state", "VERIFIED", "-o", "json"], env)
    assert {r["phoneNumber"] for r in json.loads(listed.stdout)} == set(numbers)
    _seed_eligible(sandbox, ["+12025556200"])
    never = run(["sandbox", "verify", "+12025556200"], env)
    assert never.exit_code == 1
    assert "never called" in never.stderr


def test_sandbox_verify_refuses_a_real_service() -> None:
    env = {
        "SINCH_PROJECT_ID": "p",
        "SINCH_KEY_ID": "k",
        "SINCH_KEY_SECRET": SECRET,
        "SINCH_QN_BASE_URL": "https://imported.numbers.api.sinch.com",
    }
    result = run(["sandbox", "verify", "+12025550134"], env)
    assert result.exit_code == 2
    assert "only works against a sandbox" in result.stderr
