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

#: Where `sinch-qn sandbox serve` serves a sandbox by default: a loopback address, which
#: `sandbox verify` and `sandbox calls` take (they refuse any other host). A test marked
#: `@pytest.mark.sinch_sandbox(hosts=[LOOPBACK])` has it routed to its in-process sandbox: no
#: port is opened, and the commands read the address as they read a served sandbox.
LOOPBACK = "http://127.0.0.1:8765"


def loopback_env(sandbox: Any) -> dict[str, str]:
    """`env_for(sandbox)` with the base and token URLs on `LOOPBACK`."""
    return {
        **env_for(sandbox),
        "SINCH_QN_BASE_URL": LOOPBACK,
        "SINCH_AUTH_URL": f"{LOOPBACK}/oauth2/token",
    }


def pytest_itemcollected(item: pytest.Item) -> None:
    directory_settings(item, provisioning_delay=1, seed=4)


def run(args: list[str], env: dict[str, str | None], input: str | None = None) -> Any:
    clean: dict[str, str | None] = {k: None for k in os.environ if k.startswith("SINCH_")}
    clean.update(env)
    return CliRunner().invoke(main, args, env=clean, input=input, catch_exceptions=False)
