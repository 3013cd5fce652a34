"""`make demo` on a fresh clone installs only what the demo needs: the package's `[cli]`
extra in a virtualenv of its own, never the development toolchain of `.venv`."""

from __future__ import annotations

import shutil
import subprocess

from .conftest import ROOT


def test_make_demo_installs_the_cli_extra_only() -> None:
    make = shutil.which("make")
    assert make is not None, "make is needed to run the project's workflows"
    # -n: print what would run; -B: as on a fresh clone, every prerequisite remade.
    done = subprocess.run(
        [make, "--no-print-directory", "-n", "-B", "demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    planned = done.stdout
    assert "-e '.[cli]'" in planned and "--constraint requirements/dev.lock" in planned
    assert ".venv-demo/bin/sinch-qn demo" in planned
    # Nothing of the toolchain: not dev.lock installed whole, not .venv.
    assert "-r requirements/dev.lock" not in planned
    assert "/.venv/" not in planned and " .venv/" not in planned
