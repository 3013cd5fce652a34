"""A new user's first hour with `sinch-qn`: token URLs, bulk challenges, safe reruns,
tables that never cut an ID, what text-enable created, shell completion."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from sinch_qualified_numbers_sandbox import PortServer, SandboxAdmin

from ..conftest import InProcess, seed_numbers, voice_codes
from .conftest import LOOPBACK, env_for, loopback_env, run
from .test_cli import LOA_TOML

SECRET = "s3cr3t-key-secret"
SINCH_TOKEN_URL = "https://auth.sinch.com/oauth2/token"


def test_the_cli_refuses_the_mixed_case_and_names_both(sandbox: PortServer) -> None:
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


# The sandbox on a loopback address (routed in-process); a token URL on a port nothing listens
# on, reached for real (the connection refused).
@pytest.mark.sinch_sandbox(hosts=[LOOPBACK], allow=["127.0.0.1:9"])
def test_the_cli_takes_token_url(sandbox: InProcess) -> None:
    env = {
        "SINCH_PROJECT_ID": "sandbox-project",
        "SINCH_KEY_ID": "sandbox-key-id",
        "SINCH_KEY_SECRET": "sandbox-key-secret",
    }
    # A loopback base URL behind a path nobody serves: only the explicit --token-url works.
    args = ["--base-url", LOOPBACK, "--token-url", f"{LOOPBACK}/oauth2/token"]
    result = run([*args, "list", "--output", "json"], env)
    assert result.exit_code == 0, result.output
    wrong = run(
        ["--base-url", LOOPBACK, "--token-url", "http://127.0.0.1:9/oauth2/token", "list"], env
    )
    assert wrong.exit_code == 1
    assert "http://127.0.0.1:9/oauth2/token" in wrong.output
    assert "--token-url" in run(["--help"], {}).output


def test_wait_stops_at_a_number_that_can_never_arrive(sandbox: PortServer) -> None:
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


def test_rerunning_add_file_is_safe(sandbox: PortServer, tmp_path: Path) -> None:
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


def _seed_eligible(sandbox: PortServer | InProcess, numbers: list[str]) -> None:
    seed_numbers(sandbox.url, numbers, "GLOBAL_PROCESS_STATE_ELIGIBLE")


def test_challenge_send_and_verify_a_file(sandbox: PortServer, tmp_path: Path) -> None:
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
    assert results[numbers[0]]["result"] == "refused"  # the number's own: the code was wrong
    assert results[numbers[0]]["reason"].startswith("wrong_code: ")
    assert "VERIFICATION_FAILED" in results[numbers[0]]["reason"]
    assert "no code on this row" in verified.stderr
    assert (tmp_path / "codes.csv.rejected.csv").exists()


# `sandbox verify` reads a sandbox on loopback only: the in-process one, routed there.
@pytest.mark.sinch_sandbox(hosts=[LOOPBACK])
def test_sandbox_verify_reads_the_call_log(sandbox: InProcess, tmp_path: Path) -> None:
    env = loopback_env(sandbox)
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


LONG_ID = "01m8t0gx7k2n4p6q8r0s2t4v6w"


def _order_rows(count: int) -> list[dict[str, object]]:
    return [
        {
            "hostingOrderId": f"{LONG_ID}{i}",
            "state": "COMPLETED",
            "total": 500,
            "osrUpdated": 500,
            "smsProvisioned": 499,
            "addedToCampaign": 498,
            "ongoingManualAction": 0,
        }
        for i in range(count)
    ]


def test_a_terminal_table_never_cuts_an_id_or_a_number() -> None:
    from rich.console import Console

    from sinch_qualified_numbers.cli._output import COLUMNS, fitted_table
    from sinch_qualified_numbers.cli.commands.orders import REPORT_COLUMNS

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80, color_system=None)
    table, hidden = fitted_table(_order_rows(5), REPORT_COLUMNS, console)
    console.print(table)
    text = screen.getvalue()
    for i in range(5):
        assert f"{LONG_ID}{i}" in text  # five distinct IDs, whole
    assert "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())

    rows = [
        {
            "phoneNumber": f"+1202555{i:04d}",
            "regionCode": "US",
            "globalProcessState": "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING",
            "createdTime": "2026-12-02T02:19:08Z",
            "updatedTime": "2026-12-02T02:19:08Z",
            "result": "already added",
        }
        for i in range(30)
    ]
    screen.truncate(0)
    screen.seek(0)
    table, hidden = fitted_table(rows, [*COLUMNS, "result"], console)
    console.print(table)
    lines = screen.getvalue().splitlines()
    assert hidden and hidden[0] == "updated (UTC)"  # timestamps go first, numbers never
    assert all(f"+1202555{i:04d}" in screen.getvalue() for i in range(30))
    assert len(lines) == 30 + 4  # one line per row: nothing wraps
    assert "already added" in screen.getvalue()


def test_off_a_terminal_the_default_is_plain_rows_and_nothing_is_cut(
    sandbox: PortServer, tmp_path: Path
) -> None:
    env = env_for(sandbox)
    numbers = [f"+1202555{i:04d}" for i in range(7000, 7700)]
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    added = run(["add", "--file", str(file)], env)
    assert added.exit_code == 0
    lines = added.stdout.splitlines()
    assert len(lines) == len(numbers) + 1  # a header and one line per number
    assert lines[0].split()[:2] == ["number", "region"]
    assert all(line.split()[0] in numbers for line in lines[1:])
    assert not any(c in added.stdout for c in "│┃…")
    table = run(["list", "--limit", "3", "--output", "table"], env)  # asked for: a table
    assert "┃" in table.stdout and "…" not in table.stdout
    assert all(len(line.split("│")) == 7 for line in table.stdout.splitlines()[3:-1])


def test_the_live_and_final_order_tables_share_their_headers() -> None:
    from sinch_qualified_numbers.cli._output import plain_rows
    from sinch_qualified_numbers.cli.commands.orders import REPORT_COLUMNS, report_table

    live = [str(c.header) for c in report_table(_order_rows(1), "live").columns]
    final = plain_rows(_order_rows(1), REPORT_COLUMNS).splitlines()[0]
    assert final.split("  ")[0].strip() == live[0] == "hosting order"
    assert [h for h in (p.strip() for p in final.split("  ")) if h] == live


def test_text_enable_names_its_orders_and_how_to_follow_them(
    sandbox: PortServer, tmp_path: Path
) -> None:
    env = env_for(sandbox)
    numbers = ["+12025550180", "+12025550181", "+18335870229", "+14165550190"]
    seed_numbers(sandbox.url, numbers)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(numbers) + "\n")
    loa = tmp_path / "loa.toml"
    loa.write_text(LOA_TOML)
    args = ["--service-plan-id", "PLAN", "--campaign-id", "C1", "--loa", "direct"]
    enabled = run(["text-enable", "--file", str(file), *args, "--loa-file", str(loa)], env)
    assert enabled.exit_code == 0, enabled.output
    with SandboxAdmin(sandbox.url) as admin:
        orders = {o["hostingOrderId"] for o in admin.hosting_orders()}
    assert len(orders) == 3  # US, CA, toll-free
    assert all(order in enabled.stderr for order in orders)
    (command,) = [x for x in enabled.stderr.splitlines() if x.startswith("Follow them: ")]
    assert set(command.removeprefix("Follow them: sinch-qn orders wait ").split()) == orders
    assert "1 toll-free orders were placed without campaign C1" in enabled.stderr
    assert "does not link toll-free numbers to 10DLC campaigns" in enabled.stderr
    followed = run([*command.removeprefix("Follow them: sinch-qn ").split(), "-o", "json"], env)
    assert followed.exit_code == 0, followed.output
    assert {r["hostingOrderId"] for r in json.loads(followed.stdout)} == orders


def test_orders_list_says_that_no_campaign_means_orders_without_one(
    sandbox: PortServer,
) -> None:
    env = env_for(sandbox)
    listed = run(["orders", "list", "--state", "COMPLETED", "--service-plan-id", "P"], env)
    assert listed.exit_code == 0
    assert "orders without a campaign" in listed.stderr
    helped = run(["orders", "list", "--help"], env)
    assert "WITHOUT a campaign" in " ".join(helped.stdout.split())


def test_sandbox_serve_takes_the_sandbox_options_and_prints_one_export_line(
    tmp_path: Path,
) -> None:
    import os
    import shlex
    import socket
    import subprocess
    import sys

    from sinch_qualified_numbers import InternalServerError, QualifiedNumbersClient

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    env["SINCH_QN_STATE_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "sinch_qualified_numbers.cli", "sandbox", "serve",
         "--port", str(port), "--eligibility-delay", "0", "--fault-rate-503", "1",
         "--fault-operations", "getQualifiedNumber"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(4)]
        (export,) = [x.strip() for x in lines if x.strip().startswith("export ")]
        pasted = subprocess.run(
            ["bash", "-c", f"{export}; env"], capture_output=True, text=True, check=True
        ).stdout
        variables = dict(line.split("=", 1) for line in pasted.splitlines() if "=" in line)
        names = ["SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"]
        names += ["SINCH_QN_BASE_URL", "SINCH_AUTH_URL"]
        assert all(name in variables for name in names)
        assert variables["SINCH_QN_BASE_URL"] == f"http://127.0.0.1:{port}"
        assert shlex.split(export)[0] == "export"
        deadline = time.monotonic() + 20
        for name in names:
            os.environ[name] = variables[name]  # as a pasted shell would have them
        try:
            with QualifiedNumbersClient(max_retries=0) as client:
                while True:
                    try:
                        client.qualified_numbers.add(["+12025550134"])
                        break
                    except Exception:  # not serving yet
                        assert time.monotonic() < deadline
                        time.sleep(0.2)
                (listed,) = client.qualified_numbers.list()
                assert listed.state == "ELIGIBLE"  # --eligibility-delay 0 reached the sandbox
                try:
                    client.qualified_numbers.get("+12025550134")
                    raise AssertionError("the injected 503 did not happen")
                except InternalServerError as error:
                    assert error.status_code == 503  # so did --fault-rate-503
        finally:
            for name in names:
                os.environ.pop(name, None)
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_the_export_line_never_prints_a_configured_secret() -> None:
    from sinch_qualified_numbers_sandbox import Credential
    from sinch_qualified_numbers_sandbox.__main__ import export_line

    line = export_line(Credential("p", "k", "very-real-secret"), "http://127.0.0.1:1")
    assert "very-real-secret" not in line
    assert 'SINCH_KEY_SECRET="$SINCH_KEY_SECRET"' in line
    default = export_line(Credential("p", "k", "sandbox-key-secret"), "http://127.0.0.1:1")
    assert "SINCH_KEY_SECRET=sandbox-key-secret" in default


def test_wait_file_with_rejected_rows_exits_1(sandbox: PortServer, tmp_path: Path) -> None:
    env = env_for(sandbox)
    seed_numbers(sandbox.url, ["+12025550170"])
    file = tmp_path / "numbers.txt"
    file.write_text("+12025550170\nnot a number\n")
    result = run(["wait", "--file", str(file), "--state", "VERIFIED", "--timeout", "5s"], env)
    assert result.exit_code == 1  # as the README says: rejected rows are a partial failure
    assert "+12025550170" in result.stdout and "not a number" in result.stderr


def _bash_completions(words: list[str]) -> list[str]:
    import subprocess
    import sys

    program = str(Path(sys.executable).parent / "sinch-qn")
    script = (
        f'eval "$({program} completion bash)"; '
        f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}; "
        f"_sinch_qn_completion {program}; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_shell_completion_knows_commands_and_state_names() -> None:
    assert {"challenge", "text-enable", "orders", "completion"} <= set(
        _bash_completions(["sinch-qn", "''"])
    )
    assert _bash_completions(["sinch-qn", "wait", "--state", "HOSTING_"]) == [
        "HOSTING_DONE",
        "HOSTING_FAILED",
        "HOSTING_IN_PROGRESS",
    ]
    assert "NOT_ELIGIBLE" in _bash_completions(["sinch-qn", "list", "--state", "''"])
    assert _bash_completions(["sinch-qn", "orders", "list", "--state", "REJ"]) == ["REJECTED"]


def test_completion_prints_a_script_for_each_shell() -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")):
        result = run(["completion", shell], {})
        assert result.exit_code == 0 and marker in result.stdout
        assert "_SINCH_QN_COMPLETE" in result.stdout


def test_the_demo_removes_its_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from rich.console import Console

    from sinch_qualified_numbers.cli._demo import run_demo

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    quiet = Console(file=io.StringIO(), width=200)
    assert run_demo(count=40, workdir=None, console=quiet, out=quiet) == 0
    assert list(tmp_path.iterdir()) == []  # nothing left behind
    assert "now removed" in quiet.file.getvalue()  # type: ignore[attr-defined]


def test_challenge_send_checks_numbers_left_in_flight_before_calling_again(
    sandbox: PortServer, tmp_path: Path
) -> None:
    env = env_for(sandbox)
    called = ["+12025550190", "+12025550191"]  # the crash came after their calls went out
    not_called = ["+12025550192", "+12025550193"]
    seed_numbers(sandbox.url, called, "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING")
    _seed_eligible(sandbox, not_called)
    file = tmp_path / "numbers.txt"
    file.write_text("\n".join(called + not_called) + "\n")
    journal = tmp_path / "numbers.txt.send-journal.jsonl"
    journal.write_text(json.dumps({"event": "submitting", "numbers": called + not_called}) + "\n")
    again = run(["challenge", "send", "--file", str(file), "-o", "json"], env)
    assert again.exit_code == 0, again.output
    assert "4 were in flight and are checked first" in " ".join(again.stderr.split())
    with SandboxAdmin(sandbox.url) as admin:
        assert sorted(c.phone_number for c in admin.voice_calls()) == not_called
    assert {r["phoneNumber"]: r["result"] for r in json.loads(again.stdout)} == dict.fromkeys(
        called + not_called, "sent"
    )
    fresh = run(["challenge", "send", "--file", str(file), "--fresh"], env)
    assert fresh.exit_code == 0
    with SandboxAdmin(sandbox.url) as admin:
        assert len(admin.voice_calls()) == 2 + 4  # --fresh called every number again
