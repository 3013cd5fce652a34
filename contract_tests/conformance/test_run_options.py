"""`make contract-test`'s options: which kind of target, which credentials go to it, which
operations are left out and why. The run itself is replaced by a recorder here (test_teeth.py
and test_sandbox_conformance.py run the real one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers_sandbox.spec import operation_ids

from . import run as run_module
from .runner import READ_ONLY_OPERATIONS, READ_ONLY_REASON, RunResult

SECRET = "s3cret-of-the-live-key"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    recorded: list[dict[str, Any]] = []

    def record(url: str, **options: Any) -> RunResult:
        recorded.append({"url": url, **options})
        return RunResult(0, "recorded", None, 0)

    monkeypatch.setattr(run_module, "run_schemathesis", record)
    monkeypatch.setenv("SINCH_PROJECT_ID", "live-project")
    monkeypatch.setenv("SINCH_KEY_ID", "live-key")
    monkeypatch.setenv("SINCH_KEY_SECRET", SECRET)
    monkeypatch.delenv("CONTRACT_ALLOW_WRITES", raising=False)
    monkeypatch.chdir(tmp_path)
    return recorded


def main(*argv: str, tmp_path: Path) -> int:
    return run_module.main([*argv, "--report-dir", str(tmp_path)])


def test_a_mock_never_gets_the_live_key(calls: list[dict[str, Any]], tmp_path: Path) -> None:
    assert (
        main("--target-url", "http://127.0.0.1:4010", "--target-kind", "mock", tmp_path=tmp_path)
        == 0
    )
    (call,) = calls
    assert call["kind"] == "mock"
    assert (call["key_id"], call["key_secret"]) == run_module.MOCK_CREDENTIALS
    assert SECRET not in repr(call)
    assert call["base_path"] is None  # the runner's default for a mock: its root
    assert call["left_out"] == {}


def test_a_live_run_is_read_only_and_names_every_write(
    calls: list[dict[str, Any]], tmp_path: Path
) -> None:
    assert main("--target-url", "https://imported.numbers.api.sinch.com", tmp_path=tmp_path) == 0
    (call,) = calls
    assert call["kind"] == "live"
    assert (call["project_id"], call["key_id"], call["key_secret"]) == (
        "live-project",
        "live-key",
        SECRET,
    )
    writes = operation_ids() - set(READ_ONLY_OPERATIONS)
    assert call["left_out"] == dict.fromkeys(writes, READ_ONLY_REASON)


def test_writes_run_only_when_allowed(
    calls: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTRACT_ALLOW_WRITES", "1")
    assert main("--target-url", "https://imported.numbers.api.sinch.com", tmp_path=tmp_path) == 0
    assert calls[0]["left_out"] == {}


def test_operations_chosen_leave_the_others_out_by_name(
    calls: list[dict[str, Any]], tmp_path: Path
) -> None:
    argv = ["--target-url", "http://127.0.0.1:4010", "--target-kind", "mock"]
    assert (
        main(*argv, "--operation", "listQualifiedNumbers", "--base-path", "/", tmp_path=tmp_path)
        == 0
    )
    (call,) = calls
    assert set(call["left_out"]) == operation_ids() - {"listQualifiedNumbers"}
    assert set(call["left_out"].values()) == {run_module.NOT_SELECTED}
    assert call["base_path"] == "/"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--operation", "getNumber"], "no operation getNumber in the spec"),
        (["--target-kind", "mock"], "--target-kind mock needs --target-url, or --prism"),
        (["--target-kind", "live"], "--target-kind live needs --target-url"),
        (["--prism", "prism"], "--prism serves the target itself"),
    ],
)
def test_options_that_cannot_work_are_refused_naming_why(
    calls: list[dict[str, Any]],
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(*argv, tmp_path=tmp_path)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert calls == []


URL_PASSWORD = "pa55-in-the-url"
URL_WITH_CREDENTIALS = f"https://url-user:{URL_PASSWORD}@imported.numbers.api.sinch.com"


def test_credentials_in_the_target_url_are_never_printed(
    calls: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main("--target-url", URL_WITH_CREDENTIALS, tmp_path=tmp_path) == 0
    printed = capsys.readouterr()
    assert "imported.numbers.api.sinch.com" in printed.out  # the target is named...
    assert URL_PASSWORD not in printed.out + printed.err  # ...without its credentials
    assert "url-user" not in printed.out + printed.err


def test_the_runner_redacts_url_credentials_from_schemathesis_output_and_reports(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Whatever schemathesis prints or writes about its URL (here: all of its command line, in
    its output and its JUnit report), the run's output and reports hold no credential of it,
    nor the key secret, percent-encoded or not."""
    import subprocess

    from . import runner

    encoded = "p%40ss%3Aword"  # 'p@ss:word' as a URL carries it

    def schemathesis(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        said = " ".join(command)
        junit = Path(command[command.index("--report-junit-path") + 1])
        junit.write_text(f"<testsuite name='{said}' url='{command[command.index('--url') + 1]}'/>")
        return subprocess.CompletedProcess(command, 1, f"Base URL: {said}\n", f"error: {said}")

    monkeypatch.setattr(runner.subprocess, "run", schemathesis)
    result = runner.run_schemathesis(
        f"https://url-user:{encoded}@live.example/",
        project_id="p",
        key_id="k",
        key_secret=SECRET,
        max_examples=1,
        kind="live",
        report_dir=tmp_path,
    )
    assert "live.example" in result.output
    assert result.junit is not None
    for text in (result.output, result.junit.read_text()):
        for secret in (encoded, "p@ss:word", "url-user", SECRET):
            assert secret not in text, (secret, text)
