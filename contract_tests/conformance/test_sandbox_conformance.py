"""schemathesis, with all its checks and phases (examples, coverage, fuzzing, stateful links),
finds nothing wrong with the sandbox measured against the spec in openapi/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    RunningSandbox,
    SandboxConfig,
    serve_in_thread,
)

from .runner import run_schemathesis

EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[RunningSandbox]:
    config = SandboxConfig(eligibility_delay=0, hosting_delay=1, seed=1)
    with serve_in_thread(config) as running:
        yield running


# v1beta1 runs in `make contract-test` (part of `make test`); this covers the v1 paths.
@pytest.mark.parametrize("version", ["v1"])
def test_sandbox_conforms_to_spec(sandbox: RunningSandbox, version: str, tmp_path: Path) -> None:
    result = run_schemathesis(
        sandbox.url,
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        max_examples=EXAMPLES,
        api_version=version,
        report_dir=tmp_path,
    )
    assert result.returncode == 0, result.output[-6000:]
    assert "Tested: 8" in result.output
    assert "passed" in result.output
    assert DEFAULT_KEY_SECRET not in result.output
