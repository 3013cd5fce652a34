"""`make check-generated` is the guard that keeps generated/ untouched by hands: prove it bites."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

VENV = ROOT / ".venv"


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    if not (VENV / "bin" / "openapi-python-client").exists():
        pytest.fail("run through `make test`: the project's .venv is missing")
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements", "openapi", "generated"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name)
        else:
            shutil.copy2(src, copy / name)
    # Reuse the installed venv; its install stamp is newer than the copied files.
    (copy / ".venv").symlink_to(VENV)
    return copy


def _check(copy: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(
        ["make", "--no-print-directory", "check-generated"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_generated_passes_on_a_clean_copy(repo_copy: Path) -> None:
    result = _check(repo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_check_generated_fails_after_a_hand_edit(repo_copy: Path) -> None:
    target = (
        repo_copy / "generated" / "sinch_qualified_numbers_api" / "models" / "qualified_number.py"
    )
    target.write_text(target.read_text() + "\n# hand edit\n")
    result = _check(repo_copy)
    assert result.returncode != 0
    assert "make generate" in result.stderr
    assert "hand edit" in result.stdout


def test_check_generated_fails_when_the_spec_changes(repo_copy: Path) -> None:
    spec = repo_copy / "openapi" / "qualified-numbers.yaml"
    spec.write_text(spec.read_text().replace("summary: Get qualified number", "summary: Fetch it"))
    result = _check(repo_copy)
    assert result.returncode != 0
