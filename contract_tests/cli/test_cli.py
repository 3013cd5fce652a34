"""`sinch-qn` against the sandbox: every command, output formats, exit codes, resumption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sinch_qualified_numbers import GlobalProcessState
from sinch_qualified_numbers_sandbox import (
    DEFAULT_CALLBACK_SECRET,
    PortServer,
    SandboxAdmin,
)

from ..conftest import InProcess, seed_numbers, voice_codes
from .conftest import LOOPBACK, env_for, loopback_env, run

LOA_TOML = """
current_voice_carrier = "Verizon"
[authorised_person]
first_name = "Jane"
last_name = "Doe"
email = "jane@example.com"
[address]
building_number = "1"
street = "Main Street"
city = "Springfield"
state = "IL"
postal_code = "62701"
country = "US"
"""


def codes(sandbox: PortServer) -> dict[str, str]:
    return voice_codes(sandbox.url)


def test_embedded_sandbox_persists_between_invocations(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"SINCH_QN_STATE_DIR": str(tmp_path)}
    added = run(["add", "(202) 555-0134", "416-555-0123", "--output", "json"], env)
    assert added.exit_code == 0, added.output
    assert "embedded sandbox" in added.stderr
    assert [r["phoneNumber"] for r in json.loads(added.stdout)] == ["+12025550134", "+14165550123"]
    listed = run(["list", "--output", "json"], env)
    assert listed.exit_code == 0
    assert sorted(r["phoneNumber"] for r in json.loads(listed.stdout)) == [
        "+12025550134",
        "+14165550123",
    ]
    assert (tmp_path / "sandbox.sqlite").exists()
    assert run(["sandbox", "reset"], env).exit_code == 0
    assert json.loads(run(["list", "--output", "json"], env).stdout) == []


def test_whole_process_through_the_cli(sandbox: PortServer, tmp_path: Path) -> None:
    env: dict[str, str | None] = dict(env_for(sandbox))
    numbers = tmp_path / "numbers.csv"
    numbers.write_text(
        "name,phone number\nA,(202) 555-0134\nB,not-a-number\nC,+1 833 587 0229\nD,416 555 0123\n"
    )
    added = run(["add", "--file", str(numbers), "--output", "csv"], env)
    assert added.exit_code == 1  # one rejected row is a partial failure
    assert "not-a-number" in added.stderr and "line" in added.stderr
    # The table's columns first, then the answer's other fields (as the service sent them).
    assert added.stdout.splitlines()[0].startswith(
        "phoneNumber,regionCode,globalProcessState,createdTime,updatedTime,result,"
    )
    assert len(added.stdout.splitlines()) == 4
    for phone in ("+12025550134", "+18335870229", "+14165550123"):
        sent = run(["challenge", "send", phone], env)
        assert sent.exit_code == 0 and "VERIFICATION_PENDING" in sent.stdout
        verified = run(["challenge", "verify", phone, codes(sandbox)[phone]], env)
        assert verified.exit_code == 0 and "GLOBAL_PROCESS_STATE_VERIFIED" in verified.stdout
    loa = tmp_path / "loa.toml"
    loa.write_text(LOA_TOML)
    enabled = run(
        [
            "text-enable",
            "--file",
            str(numbers),
            "--service-plan-id",
            "plan",
            "--loa",
            "direct",
            "--loa-file",
            str(loa),
            "--output",
            "json",
        ],
        env,
    )
    assert enabled.exit_code == 1  # the rejected row again
    rows = json.loads(enabled.stdout)
    assert sorted(r["phoneNumber"] for r in rows if r["result"] == "enabled") == [
        "+12025550134",
        "+14165550123",
        "+18335870229",
    ]
    assert "orders created" in enabled.stderr
    waited = run(
        [
            "wait",
            "+12025550134",
            "+18335870229",
            "--state",
            "HOSTING_DONE",
            "--timeout",
            "20s",
            "--interval",
            "0.1s",
            "--output",
            "json",
        ],
        env,
    )
    assert waited.exit_code == 0, waited.output
    assert {r["globalProcessState"] for r in json.loads(waited.stdout)} == {
        "GLOBAL_PROCESS_STATE_HOSTING_DONE"
    }
    got = run(["get", "+1 (202) 555-0134", "--output", "json"], env)
    assert json.loads(got.stdout)[0]["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_DONE"
    listed = run(["list", "--state", "HOSTING_DONE", "--region", "CA", "--output", "json"], env)
    assert [r["phoneNumber"] for r in json.loads(listed.stdout)] == ["+14165550123"]
    table = run(["list", "--limit", "2", "--output", "table"], env)
    assert table.exit_code == 0
    header = table.stdout.splitlines()[1]
    assert all(name in header for name in ("number", "region", "state", "created (UTC)"))
    assert "HOSTING_DONE" in table.stdout and "GLOBAL_PROCESS_STATE_" not in table.stdout
    deleted = run(["delete", "+12025550134"], env)
    assert deleted.exit_code == 0 and "deleted +12025550134" in deleted.stdout
    missing = run(["get", "+12025550134"], env)
    assert missing.exit_code == 1
    assert (
        missing.stderr.strip()
        == "error: 404 NOT_FOUND: The qualified number could not be found. (+12025550134)"
    )


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["list", "--state", "SLEEPING"], 2, "unknown state"),
        (["get", "12"], 2, "invalid phone number"),
        (["add"], 2, "give numbers or --file"),
        (
            ["text-enable", "--file", "{numbers}", "--service-plan-id", "p", "--loa", "direct"],
            2,
            "--loa-file",
        ),
        (
            [
                "text-enable",
                "--file",
                "{numbers}",
                "--service-plan-id",
                "p",
                "--loa",
                "reseller",
                "--loa-file",
                "{loa}",
            ],
            2,
            "business_name",
        ),
        (["wait", "+12025550134", "--state", "HOSTING_DONE", "--timeout", "soon"], 2, "duration"),
    ],
)
def test_usage_and_input_errors(
    sandbox: PortServer, tmp_path: Path, args: list[str], code: int, fragment: str
) -> None:
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("+12025550134\n")
    loa = tmp_path / "loa.toml"
    loa.write_text(LOA_TOML)
    args = [a.format(numbers=numbers, loa=loa) for a in args]
    result = run(args, dict(env_for(sandbox)))
    assert result.exit_code == code, result.output
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_wrong_credentials_are_one_line(sandbox: PortServer) -> None:
    env: dict[str, str | None] = {**env_for(sandbox), "SINCH_KEY_SECRET": "wrong"}
    result = run(["list"], env)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: 401")
    assert "wrong" not in result.stderr


def test_version_and_help() -> None:
    assert run(["--version"], {}).stdout.startswith("sinch-qn, version ")
    assert "text-enable" in run(["--help"], {}).stdout


def _seed(sandbox: PortServer, numbers: list[str]) -> None:
    seed_numbers(sandbox.url, numbers)


# Served: the CLI runs in a process of its own (killed with SIGKILL), which reaches a port.
@pytest.mark.served
def test_killed_text_enable_resumes_without_double_submission(
    sandbox: PortServer, tmp_path: Path
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 3500)]  # 5 chunks of 500
    _seed(sandbox, numbers)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    sandbox.sandbox.faults.update({"latency_ms": 400, "operations": ["textEnableNumbers"]})
    env = {**os.environ, **env_for(sandbox)}
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
        "--output",
        "json",
    ]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    journal = tmp_path / "numbers.txt.journal.jsonl"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        entries = journal.read_text().count('"enabled"') if journal.exists() else 0
        if entries >= 2:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode != 0
    sandbox.sandbox.faults.update({"latency_ms": 0})
    time.sleep(0.5)  # a call in flight when the client died still completes on the server
    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "Resuming" in second.stderr
    rows = json.loads(second.stdout)
    assert sorted(r["phoneNumber"] for r in rows if r["result"] == "enabled") == sorted(numbers)
    with SandboxAdmin(sandbox.url) as admin:
        submissions = admin.submissions()
    assert len(submissions) == len(numbers)
    assert set(submissions.values()) == {1}


def test_wait_for_a_file_of_many_numbers(sandbox: PortServer, tmp_path: Path) -> None:
    done = [f"+1202555{i:04d}" for i in range(1000, 1030)]
    seed_numbers(sandbox.url, done, "GLOBAL_PROCESS_STATE_HOSTING_DONE")
    _seed(sandbox, ["+12025552000", "+12025552001"])  # VERIFIED: never arrive
    env: dict[str, str | None] = dict(env_for(sandbox))
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(done) + "\n")
    result = run(
        [
            "wait",
            "--file",
            str(file),
            "--state",
            "HOSTING_DONE",
            "--timeout",
            "5s",
            "--output",
            "json",
        ],
        env,
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 30
    file.write_text("\n".join([*done, "+12025552000", "+12025552001"]) + "\n")
    late = run(
        [
            "wait",
            "--file",
            str(file),
            "--state",
            "HOSTING_DONE",
            "--timeout",
            "0.3s",
            "--interval",
            "0.1s",
            "-o",
            "json",
        ],
        env,
    )
    assert late.exit_code == 1
    assert "2 numbers did not reach HOSTING_DONE" in late.stderr
    states = {r["phoneNumber"]: r["globalProcessState"] for r in json.loads(late.stdout)}
    assert states["+12025552000"] == "GLOBAL_PROCESS_STATE_VERIFIED" and len(states) == 32


def test_callback_secret_show_and_set_never_take_it_as_an_argument(
    sandbox: PortServer,
) -> None:
    env: dict[str, str | None] = dict(env_for(sandbox))
    shown = run(["callbacks", "secret", "show"], env)
    assert shown.exit_code == 0 and "set (" in shown.stdout
    assert DEFAULT_CALLBACK_SECRET not in shown.stdout
    piped = run(["callbacks", "secret", "set"], env, input="piped-secret-value\n")
    assert piped.exit_code == 0, piped.output
    assert run(["callbacks", "secret", "show", "--reveal"], env).stdout.strip() == (
        "piped-secret-value"
    )
    generated = run(["callbacks", "secret", "set", "--generate"], env)
    value = generated.stdout.strip()
    assert generated.exit_code == 0 and len(value) >= 40
    assert run(["callbacks", "secret", "show", "--reveal"], env).stdout.strip() == value
    from_env = run(
        ["callbacks", "secret", "set", "--from-env", "MY_NEW"], {**env, "MY_NEW": "e" * 30}
    )
    assert from_env.exit_code == 0 and "e" * 30 not in from_env.output
    empty = run(["callbacks", "secret", "set", "--from-env", "UNSET_VARIABLE"], env)
    assert empty.exit_code == 2 and "UNSET_VARIABLE" in empty.stderr
    blank = run(["callbacks", "secret", "set"], env, input="   \n")
    assert blank.exit_code == 2 and "must not be empty" in blank.stderr


def test_orders_are_followed_from_the_command_line(sandbox: PortServer, tmp_path: Path) -> None:
    env: dict[str, str | None] = dict(env_for(sandbox))
    hosted = [f"+1202555{i:04d}" for i in range(1000, 1005)] + ["+12025559903"]
    seed_numbers(sandbox.url, hosted)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(hosted) + "\n")
    common = ["--service-plan-id", "p", "--loa", "blanket", "-o", "json"]
    enabled = run(["text-enable", "--file", str(file), *common, "--wait"], env)
    assert enabled.exit_code == 0, enabled.output
    assert "hosting orders" in enabled.stderr and "COMPLETED" in enabled.stderr
    (order_id,) = {r["hostingOrderId"] for r in json.loads(enabled.stdout)}

    listed = run(
        ["orders", "list", "--state", "COMPLETED", "--service-plan-id", "p", "-o", "json"], env
    )
    assert [o["hostingOrderId"] for o in json.loads(listed.stdout)] == [order_id]
    got = json.loads(run(["orders", "get", order_id, "-o", "json"], env).stdout)
    assert got[0]["hostingOrderId"] == order_id and got[0]["state"] == "COMPLETED"
    (report,) = json.loads(run(["orders", "report", order_id, "-o", "json"], env).stdout)
    assert (report["total"], report["smsProvisioned"], report["state"]) == (6, 5, "COMPLETED")
    failed = run(
        ["orders", "numbers", order_id, "--platform-provisioning-state", "FAILED", "-o", "json"],
        env,
    )
    assert [r["phoneNumber"] for r in json.loads(failed.stdout)] == ["+12025559903"]
    waited = run(["orders", "wait", order_id, "--timeout", "5s", "-o", "json"], env)
    assert waited.exit_code == 0 and json.loads(waited.stdout)[0]["state"] == "COMPLETED"

    lone = tmp_path / "lone.txt"
    lone.write_text("+12025559913\n")  # 9913: not a magic number... but 9903 is; use it alone
    lone.write_text("+12025559903\n")
    seed_numbers(sandbox.url, ["+12025559903"])
    rejected = run(
        ["text-enable", "--file", str(lone), *common, "--journal", str(tmp_path / "j")], env
    )
    (rejected_id,) = {r["hostingOrderId"] for r in json.loads(rejected.stdout)}
    verdict = run(["orders", "wait", rejected_id, "--timeout", "5s"], env)
    assert verdict.exit_code == 1 and "rejected" in verdict.stderr
    unknown = run(["orders", "get", "01nosuchorder"], env)
    assert unknown.exit_code == 1 and "hosting order could not be found" in unknown.stderr


# The address `sinch-qn sandbox serve` prints, routed to the in-process sandbox.
@pytest.mark.sinch_sandbox(hosts=[LOOPBACK])
def test_sandbox_calls_reads_a_sandbox_on_loopback_and_refuses_another_host(
    sandbox: InProcess,
) -> None:
    """After pasting the banner's export line, `sandbox calls` shows the project's calls (it
    used to work only with the embedded sandbox); a base URL that is not loopback is refused."""
    env: dict[str, str | None] = dict(loopback_env(sandbox))
    seed_numbers(sandbox.url, ["+12025550171"], "GLOBAL_PROCESS_STATE_ELIGIBLE")
    assert run(["challenge", "send", "+12025550171"], env).exit_code == 0
    calls = run(["sandbox", "calls", "-o", "json"], env)
    assert calls.exit_code == 0, calls.output
    (call,) = json.loads(calls.stdout)
    assert call["phoneNumber"] == "+12025550171"
    assert call["code"] == codes(sandbox)["+12025550171"]
    elsewhere = {**env, "SINCH_QN_BASE_URL": "https://qn.example.com", "SINCH_AUTH_URL": None}
    refused = run(["sandbox", "calls"], {**elsewhere, "SINCH_AUTH_URL": "https://a.example/t"})
    assert refused.exit_code == 2 and "only works against a sandbox" in refused.stderr


def test_one_rejected_row_is_said_in_the_singular(sandbox: PortServer, tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("phoneNumber\n+12025550172\nnot a number\n", encoding="utf-8")
    result = run(["add", "--file", str(numbers)], dict(env_for(sandbox)))
    assert result.exit_code == 1  # a row was rejected
    said = " ".join(result.stderr.split())
    assert "1 rejected row " in said + " " and "1 rejected rows" not in said
    assert f"The rejected row is in {numbers}.rejected.csv" in said


def test_challenge_send_calls_each_number_given(sandbox: PortServer) -> None:
    """`challenge send NUMBER...` calls every number given (its help says so), one line each;
    a number the service refuses is reported, on its own, and the exit is 1."""
    env: dict[str, str | None] = dict(env_for(sandbox))
    numbers = ["+12025550181", "+12025550182", "+12025550183"]
    seed_numbers(sandbox.url, [*numbers, "+12025550184"], GlobalProcessState.ELIGIBLE.value)
    sent = run(["challenge", "send", *numbers], env)
    assert sent.exit_code == 0, sent.output
    lines = sent.stdout.splitlines()
    assert [line.split()[0] for line in lines] == numbers
    assert all("VERIFICATION_PENDING" in line for line in lines)
    assert set(codes(sandbox)) >= set(numbers)
    unknown = "+12025550189"  # never added: the service refuses it, the others are called
    partly = run(["challenge", "send", "+12025550184", unknown], env)
    assert partly.exit_code == 1
    assert partly.stdout.split()[0] == "+12025550184" and unknown in partly.stderr
    assert "+12025550184" in codes(sandbox) and unknown not in codes(sandbox)


@pytest.mark.served  # a CLI process of its own: pytest's log capture is not in the way
def test_without_debug_the_client_log_stays_quiet_and_the_rows_say_what_failed(
    sandbox: PortServer,
) -> None:
    """Retries given up are the client log's WARNINGs; the CLI reports every failure in its
    rows and summary, so without --debug (or SINCH_LOG) its stderr carries no log lines."""
    env = {k: v for k, v in {**os.environ, **env_for(sandbox)}.items() if v is not None}
    env.pop("SINCH_LOG", None)
    sandbox.sandbox.faults.update({"rate_503": 1.0, "operations": ["getQualifiedNumber"]})
    command = [sys.executable, "-m", "sinch_qualified_numbers.cli", "get", "+12025550134"]
    quiet = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 1
    assert "503" in quiet.stderr and "giving up" not in quiet.stderr, quiet.stderr
    loud = subprocess.run(
        [*command[:3], "--debug", *command[3:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "giving up" in loud.stderr, loud.stderr


def test_states_are_taken_comma_separated_as_the_api_takes_them(sandbox: PortServer) -> None:
    env: dict[str, str | None] = dict(env_for(sandbox))
    seed_numbers(sandbox.url, ["+12025550191"], GlobalProcessState.ELIGIBLE.value)
    seed_numbers(sandbox.url, ["+12025550192"], GlobalProcessState.NOT_ELIGIBLE.value)
    seed_numbers(sandbox.url, ["+12025550193"], GlobalProcessState.VERIFIED.value)
    repeated = run(["list", "--state", "ELIGIBLE", "--state", "NOT_ELIGIBLE", "-o", "json"], env)
    joined = run(["list", "--state", "ELIGIBLE, not_eligible", "-o", "json"], env)
    assert joined.exit_code == 0, joined.output
    listed = sorted(n["phoneNumber"] for n in json.loads(joined.stdout))
    assert listed == ["+12025550191", "+12025550192"]
    assert json.loads(joined.stdout) == json.loads(repeated.stdout)
    typo = run(["list", "--state", "ELIGIBLE,ELIGBLE"], env)
    assert typo.exit_code == 2 and "ELIGBLE" in typo.stderr
