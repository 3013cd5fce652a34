"""schemathesis, with all its checks and phases (examples, coverage, fuzzing, stateful links),
finds nothing wrong with the sandbox measured against the spec in openapi/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxConfig,
    serve_in_thread,
)
from sinch_qualified_numbers_sandbox.spec import operations

from ..conftest import API_VERSION, API_VERSIONS
from .report import NOT_REACHED_WARNINGS, statuses_in_phase
from .runner import run_schemathesis

#: The workflow the stateful phase must walk with real data, each step answered 200: add,
#: challenge, verify, text-enable, the order, its numbers.
WORKFLOW = (
    "addQualifiedNumbers",
    "sendVoiceChallenge",
    "verifyVoiceChallenge",
    "textEnableNumbers",
    "getHostingOrder",
    "listHostingOrderNumbers",
)

#: The other versions are the same handlers under another prefix (the default version gets 25
#: in `make contract-test`).
EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "10"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[PortServer]:
    config = SandboxConfig(eligibility_delay=0, hosting_delay=1, seed=1)
    with serve_in_thread(config) as running:
        yield running


# The default version runs in `make contract-test` (part of `make test`); this covers the others.
@pytest.mark.parametrize("version", [v for v in API_VERSIONS if v != API_VERSION])
def test_sandbox_conforms_to_spec(sandbox: PortServer, version: str, tmp_path: Path) -> None:
    result = run_schemathesis(
        sandbox.url,
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        max_examples=EXAMPLES,
        api_version=version,
        report_dir=tmp_path,
        kind="sandbox",
    )
    assert result.returncode == 0, result.output[-6000:]
    assert f"Tested: {len(operations())}" in result.output  # every operation of the spec
    assert "passed" in result.output
    assert DEFAULT_KEY_SECRET not in result.output
    # Every operation's logic was reached with data it accepts (the hooks prepare the
    # preconditions no schema can state), and the stateful phase walked the whole workflow.
    for warning in NOT_REACHED_WARNINGS:
        assert warning not in result.output, result.output[-6000:]


def test_the_stateful_phase_walks_the_workflow_with_real_data(
    sandbox: PortServer, tmp_path: Path
) -> None:
    """Every step from adding a number to its order's numbers is answered 200 in the stateful
    phase, and the steps after text enablement are reached through links."""
    result = run_schemathesis(
        sandbox.url,
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        max_examples=30,
        api_version="v1",
        report_dir=tmp_path,
        extra=["--phases", "stateful"],
        kind="sandbox",
    )
    # The stateful phase alone reaches only the operations links lead to: the coverage rule is
    # judged by the full runs; here every check must pass and the workflow must be walked.
    assert result.schemathesis_returncode == 0, result.output[-6000:]
    assert result.report is not None and result.report.failed() == 0, result.output[-6000:]
    assert result.ndjson is not None
    walked = statuses_in_phase(result.ndjson, "stateful")
    for operation in WORKFLOW:
        assert walked[operation].get(200, 0) > 0, (operation, dict(walked[operation]))
    # And the chain went on from real resources: a step after text enablement took its IDs
    # from a link (a verified number text-enabled, its order read, its numbers listed).
    linked = statuses_in_phase(result.ndjson, "stateful", linked_only=True)
    chained = {op: dict(linked[op]) for op in WORKFLOW[3:]}
    assert any(answers.get(200, 0) for answers in chained.values()), chained


def test_make_contract_test_entry_point_writes_table_and_junit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `make contract-test` runs: a table of operations x checks and a JUnit report."""
    import xml.etree.ElementTree as ET

    from .run import main

    assert main(["--max-examples", "3", "--report-dir", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert f"passed; {len(operations())} operations exercised" in printed
    for name in (*(op for _, _, op in operations()), "response_schema_conformance"):
        assert re.search(rf"^[│|] {name} ", printed, re.MULTILINE), name
    junit = ET.parse(tmp_path / f"junit-{API_VERSION}.xml").getroot()
    assert len(list(junit.iter("testcase"))) >= len(operations())


def test_live_target_without_credentials_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from .run import main

    for name in ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--target-url", "https://imported.numbers.api.sinch.com"]) == 2
