"""One version, the distribution's: `__version__`, `sinch-qn --version` and pyproject.toml agree,
read when asked for, not at import."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version

from click.testing import CliRunner

import sinch_qualified_numbers
from sinch_qualified_numbers.cli import main

from .conftest import ROOT

DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"
]


def test_version_is_the_distributions() -> None:
    assert version("sinch-qualified-numbers") == DECLARED
    assert sinch_qualified_numbers.__version__ == DECLARED
    assert "__version__" in sinch_qualified_numbers.__all__


def test_sinch_qn_version_prints_it() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"sinch-qn, version {DECLARED}\n"


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    try:
        sinch_qualified_numbers.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("no AttributeError")


def test_the_version_is_read_when_asked_for_not_at_import() -> None:
    probe = "import sinch_qualified_numbers as m; print('__version__' in vars(m), m.__version__)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == ["False", DECLARED]


def test_the_python_versions_stated_are_the_ones_tested() -> None:
    """CI (.ci/run) runs the suite on one interpreter: the classifiers name that one and no
    other, and requires-python admits it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    stated = {
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if c.startswith("Programming Language :: Python :: 3.")
    }
    assert stated == {f"{sys.version_info.major}.{sys.version_info.minor}"}
    assert project["requires-python"] == ">=3.11"
    assert "urls" not in project or all(
        "YOUR-" not in url and "example" not in url for url in project["urls"].values()
    )
