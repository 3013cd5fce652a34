"""One distribution ships the three import packages, typed, with the spec and the CLI."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("wheel")
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
    (found,) = tmp_path.glob("sinch_qualified_numbers-*.whl")
    return found


def test_wheel_contents(wheel: Path) -> None:
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
        "sinch-qn = sinch_qualified_numbers._cli_entry:main"
        in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
    # The pytest plugin, found by pytest wherever the wheel is installed (make example-test).
    declared = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]\nsinch_qualified_numbers = sinch_qualified_numbers.pytest_plugin" in declared
    assert not any(n.startswith(("contract_tests/", "bench/", "generated/")) for n in names)


CLIENT_SCRIPT = """
import httpx, respx
from sinch_qualified_numbers import QualifiedNumbersClient
with respx.mock:
    respx.get(url__regex=r".*/qualifiedNumbers/.*").mock(
        return_value=httpx.Response(200, json={"phoneNumber": "+12025550134"})
    )
    with QualifiedNumbersClient("p", "k", "s", auth="basic", base_url="https://qn.test") as c:
        print(c.qualified_numbers.get("(202) 555-0134").phone_number)
"""
EXTRAS_ONLY = {"click", "rich", "starlette", "uvicorn", "jsonschema-rs", "pyyaml"}


def test_the_base_install_is_the_client_alone(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--constraint",
         str(ROOT / "requirements" / "dev.lock"), str(wheel), "respx"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "freeze"],
        capture_output=True, text=True, check=True,
    ).stdout.lower()  # fmt: skip
    names = {line.split("==")[0] for line in listed.splitlines()}
    assert {"httpx", "attrs", "phonenumbers", "python-dateutil"} <= names
    assert not names & EXTRAS_ONLY, names & EXTRAS_ONLY

    used = subprocess.run(
        [str(python), "-c", CLIENT_SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip() == "+12025550134"

    cli = subprocess.run(
        [str(venv / "bin" / "sinch-qn"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert cli.returncode == 2
    assert "pip install 'sinch-qualified-numbers[cli]'" in cli.stderr
    assert "Traceback" not in cli.stderr

    sandbox = subprocess.run(
        [str(python), "-c", "import sinch_qualified_numbers_sandbox"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert sandbox.returncode == 1
    assert "pip install 'sinch-qualified-numbers[sandbox]'" in sandbox.stderr
