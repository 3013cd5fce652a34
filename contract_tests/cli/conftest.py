"""The CLI against a sandbox served in this process: fixtures and a runner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from sinch_qualified_numbers.cli import main
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxConfig,
    serve_in_thread,
)


@pytest.fixture(scope="module")
def server() -> Iterator[PortServer]:
    with serve_in_thread(
        SandboxConfig(eligibility_delay=0, hosting_delay=0, loa_signature_delay=0, seed=4)
    ) as running:
        yield running


@pytest.fixture
def sandbox(server: PortServer) -> PortServer:
    server.sandbox.reset()
    server.sandbox.faults.update({"latency_ms": 0, "operations": []})
    return server


def env_for(sandbox: PortServer) -> dict[str, str]:
    return {
        "SINCH_PROJECT_ID": DEFAULT_PROJECT_ID,
        "SINCH_KEY_ID": DEFAULT_KEY_ID,
        "SINCH_KEY_SECRET": DEFAULT_KEY_SECRET,
        "SINCH_QN_BASE_URL": sandbox.url,
        "SINCH_AUTH_URL": f"{sandbox.url}/oauth2/token",
    }


def run(args: list[str], env: dict[str, str | None], input: str | None = None) -> Any:
    clean: dict[str, str | None] = {k: None for k in os.environ if k.startswith("SINCH_")}
    clean.update(env)
    return CliRunner().invoke(main, args, env=clean, input=input, catch_exceptions=False)
