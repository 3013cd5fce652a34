"""Run the schemathesis CLI (all checks, all phases) against a target and report the result."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..conftest import API_VERSION, ROOT, SPEC_PATH

CONFIG = ROOT / "contract_tests" / "schemathesis.toml"
#: What runs against a live target unless writes are allowed.
READ_ONLY_OPERATIONS = ("listQualifiedNumbers", "getQualifiedNumber")


@dataclass
class RunResult:
    returncode: int
    output: str
    junit: Path | None = None
    ndjson: Path | None = None


def run_schemathesis(
    base_url: str,
    *,
    project_id: str,
    key_id: str,
    key_secret: str,
    max_examples: int,
    seed: int = 1,
    api_version: str = API_VERSION,
    report_dir: Path | None = None,
    extra: list[str] | None = None,
    timeout: float = 600,
    sandbox: bool = False,
) -> RunResult:
    """Every check schemathesis has is on by default; the config file only tunes them.

    With `sandbox`, the target is our sandbox: the hooks in `hooks.py` prepare real fixtures
    (seeded numbers, voice codes from its call log) for the operations whose preconditions no
    schema can state. Against any other target they stay off."""
    schemathesis = Path(sys.executable).with_name("schemathesis")
    command = [
        str(schemathesis),
        "--config-file",
        str(CONFIG),
        "run",
        str(SPEC_PATH),
        "--url",
        f"{base_url.rstrip('/')}/{api_version}",
        "--auth",
        f"{key_id}:{key_secret}",
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--no-color",
        *(extra or []),
    ]
    junit = ndjson = None
    if report_dir is not None:
        junit = report_dir / f"junit-{api_version}.xml"
        ndjson = report_dir / f"events-{api_version}.ndjson"
        command += [
            "--report",
            "junit,ndjson",
            "--report-junit-path",
            str(junit),
            "--report-ndjson-path",
            str(ndjson),
        ]
    env = {
        **os.environ,
        "SINCH_PROJECT_ID": project_id,
        "NO_COLOR": "1",
        "SCHEMATHESIS_HOOKS": "contract_tests.conformance.hooks",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "CONTRACT_SANDBOX_URL": base_url if sandbox else "",
        "CONTRACT_SANDBOX_KEY": f"{key_id}:{key_secret}" if sandbox else "",
    }
    completed = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=timeout, check=False, cwd=ROOT
    )
    output = (completed.stdout + completed.stderr).replace(key_secret, "[REDACTED]")
    return RunResult(completed.returncode, output, junit, ndjson)
