"""The CLI against the in-process sandbox (`sandbox` from `contract_tests/conftest.py`): its
settings and a runner."""

from __future__ import annotations

import os
from typing import Any

import pytest
from click.testing import CliRunner

from sinch_qualified_numbers.cli import main

from ..conftest import directory_settings, env_for

__all__ = ["env_for"]  # the tests' one way to build the CLI's settings, from ..conftest


def pytest_itemcollected(item: pytest.Item) -> None:
    directory_settings(item, provisioning_delay=1, seed=4)


def run(args: list[str], env: dict[str, str | None], input: str | None = None) -> Any:
    clean: dict[str, str | None] = {k: None for k in os.environ if k.startswith("SINCH_")}
    clean.update(env)
    return CliRunner().invoke(main, args, env=clean, input=input, catch_exceptions=False)
