"""The documentation site, built once per test session (the tests read the built HTML)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..conftest import ROOT


@functools.cache
def build_site() -> Path:
    """`mkdocs build --strict` of the working tree into a temporary folder; fails with
    mkdocs's own output when the build fails."""
    folder = Path(tempfile.mkdtemp(prefix="docs-site-"))
    atexit.register(shutil.rmtree, folder, True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    built = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return folder
