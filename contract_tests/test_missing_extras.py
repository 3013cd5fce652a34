"""Without an extra, importing what needs it says which extra to install."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import sys
sys.modules[{module!r}] = None   # as if the extra were not installed
try:
    import sinch_qualified_numbers_sandbox
except ModuleNotFoundError as error:
    print(error.name)
    print(error)
"""


@pytest.mark.parametrize("module", ["starlette", "uvicorn", "jsonschema_rs", "jinja2"])
def test_importing_the_sandbox_without_its_extra_names_the_install(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    name, message = done.stdout.strip().splitlines()
    assert name == module
    assert f"({module} is missing)" in message
    assert "pip install 'sinch-qualified-numbers[sandbox]'" in message


def test_another_missing_module_is_not_blamed_on_the_extra() -> None:
    script = SCRIPT.format(module="sinch_qualified_numbers_sandbox.magic")
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert "sinch-qualified-numbers[sandbox]" not in done.stdout
