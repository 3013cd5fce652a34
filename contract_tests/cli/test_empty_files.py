"""An empty file is nothing to do: a clear message and exit 0, no request (a pipeline that
produced no numbers today is not an error)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sinch_qualified_numbers_sandbox import PortServer

from .conftest import env_for, run

#: A host nobody answers on: any request would fail the command (proves none is sent).
NOBODY = {
    "SINCH_PROJECT_ID": "p",
    "SINCH_KEY_ID": "k",
    "SINCH_KEY_SECRET": "s",
    "SINCH_QN_BASE_URL": "http://127.0.0.1:9",
    "SINCH_AUTH_URL": "http://127.0.0.1:9/oauth2/token",
}
IDS = ["add", "challenge-send", "sandbox-verify", "wait"]

COMMANDS = [
    (["add"], "add"),
    (["challenge", "send"], "call"),
    (["sandbox", "verify"], "verify"),
    (["wait", "--state", "VERIFIED"], "wait for"),
]


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n\n"])
@pytest.mark.parametrize(("command", "doing"), COMMANDS, ids=IDS)
def test_an_empty_file_is_nothing_to_do(
    tmp_path: Path, command: list[str], doing: str, content: str
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text(content)
    result = run([*command, "--file", str(file)], NOBODY)
    assert result.exit_code == 0, result.output
    assert f"{file} has no numbers: nothing to {doing}" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("content", ["", "\n", "phoneNumber,code\n"])
def test_an_empty_code_file_is_nothing_to_verify(tmp_path: Path, content: str) -> None:
    file = tmp_path / "codes.csv"
    file.write_text(content)
    result = run(["challenge", "verify", "--file", str(file)], NOBODY)
    assert result.exit_code == 0, result.output
    assert f"{file} has no numbers: nothing to verify" in result.stderr


@pytest.mark.parametrize(("command", "doing"), COMMANDS, ids=IDS)
def test_a_file_of_only_bad_rows_is_still_an_input_error(
    sandbox: PortServer, tmp_path: Path, command: list[str], doing: str
) -> None:
    file = tmp_path / "numbers.txt"
    file.write_text("junk\nnot a number\n")
    result = run([*command, "--file", str(file)], env_for(sandbox))
    assert result.exit_code != 0, result.output
    assert "has no numbers" not in result.stderr


def test_placeholder_rows_are_reported_once_each_and_the_rest_is_added(
    sandbox: PortServer, tmp_path: Path
) -> None:
    file = tmp_path / "numbers.csv"
    file.write_text(
        "phoneNumber,owner\n+12025550134,a\nN/A,b\n-,c\n,d\nTBD,e\n#N/A,f\n+12025550135,g\n"
    )
    result = run(["add", "--file", str(file), "--output", "csv"], env_for(sandbox))
    assert result.exit_code == 1, result.output  # rows were rejected: said in the exit code
    assert "+12025550134" in result.stdout and "+12025550135" in result.stdout
    assert "2 added" in result.stderr
    for value in ["N/A", "-", "TBD", "#N/A"]:
        assert result.stderr.count(f"not a phone number: '{value}'") == 1, result.stderr
    assert "the cell is empty" in result.stderr
    assert "more than one value" not in result.stderr
