"""One distribution ships the three import packages, typed, with the spec and the CLI."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_wheel_contents(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("sinch_qualified_numbers-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in (
        "sinch_qualified_numbers",
        "sinch_qualified_numbers_api",
        "sinch_qualified_numbers_sandbox",
    ):
        assert f"{package}/__init__.py" in names
        assert f"{package}/py.typed" in names
    assert "sinch_qualified_numbers_sandbox/openapi.yaml" in names
    assert "sinch_qualified_numbers/cli/__init__.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert (
        "sinch-qn = sinch_qualified_numbers.cli:main"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
    assert not any(n.startswith(("contract_tests/", "bench/", "generated/")) for n in names)
