"""`make help` is readable in a pipe or a file: colour codes only on a terminal."""

from __future__ import annotations

import shutil
import subprocess

from .conftest import ROOT


def test_make_help_prints_no_colour_codes_off_a_terminal() -> None:
    make = shutil.which("make")
    assert make is not None, "make is needed to run the project's workflows"
    done = subprocess.run(
        [make, "--no-print-directory", "-s", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "\033" not in done.stdout
    assert "  demo " in done.stdout and "  test " in done.stdout
