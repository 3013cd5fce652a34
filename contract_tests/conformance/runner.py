"""Run the schemathesis CLI against a target of one kind, and judge the run: its checks, and
whether every operation it selected was exercised at all (report.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import unquote, urlsplit

from sinch_qualified_numbers._redact import mask_url

from ..conftest import API_VERSION, ROOT, SPEC_PATH
from .report import ContractReport, summarise

CONFIG = ROOT / "contract_tests" / "schemathesis.toml"

#: sandbox: ours, every check and phase, with hooks that prepare real fixtures. mock: a server
#: made from the spec alone (Prism): stateless, answers judged, nothing it cannot know. live:
#: Sinch, or anything else: every check, no hooks, read-only unless writes are allowed.
Kind = Literal["sandbox", "mock", "live"]
KINDS: tuple[str, ...] = get_args(Kind)

#: What runs against a live target unless writes are allowed.
READ_ONLY_OPERATIONS = ("listQualifiedNumbers", "getQualifiedNumber")
READ_ONLY_REASON = "a write: a live run is read-only unless CONTRACT_ALLOW_WRITES=1"

#: A mock answers from the spec and keeps no state: the checks of credentials and of state
#: cannot fail against it for the right reason, and its refusals are its own, not the service's.
MOCK_CHECKS_LEFT_OUT = {
    "negative_data_rejection": "a mock refuses by its own validation, not the service's rules",
    "missing_required_header": "the only required header is the credentials; a mock checks none",
    "ignored_auth": "a mock does not check credentials",
    "object_level_authorization": "a mock does not check credentials",
    "unsupported_method": "a mock answers methods the spec does not declare its own way",
    "allow_header_conformance": "a mock answers methods the spec does not declare its own way",
    "use_after_free": "a mock keeps no state",
    "ensure_resource_availability": "a mock keeps no state",
}
#: Parts of the run a mock leaves out. Negative data: its refusals are its own validation, and
#: Prism 5 stops answering once it refuses a property name that is not Latin-1 (it echoes the
#: name into a response header: stoplightio/prism#1934).
MOCK_PARTS_LEFT_OUT = {
    "stateful phase": "a mock keeps no state for links to follow",
    "negative data": "a mock refuses by its own validation (and Prism crashes on some)",
}


def default_base_path(kind: Kind, api_version: str = API_VERSION) -> str:
    """Where the spec's paths live on a target of this kind. The spec's server URL ends with
    the version (`https://imported.numbers.api.sinch.com/{version}`), so Sinch and the sandbox
    serve them under `/v1beta1`; a mock made from the spec (Prism) serves them at its root."""
    return "" if kind == "mock" else f"/{api_version}"


def secrets_of(target_url: str, key_secret: str) -> list[str]:
    """What a run's output and reports must never show: the key secret, and the credentials a
    target URL may carry (`https://user:password@host`), as written and percent-decoded;
    longest first. (Parts shorter than four characters are left to `mask_url`, which masks a
    URL's userinfo wherever a URL is quoted: replacing them everywhere would garble the text.)"""
    userinfo = urlsplit(target_url).netloc.rpartition("@")[0]
    parts = {userinfo, *userinfo.split(":", 1)} if userinfo else set()
    found = {key_secret} | parts | {unquote(part) for part in parts}
    return sorted((part for part in found if len(part) >= 4), key=len, reverse=True)


def redacted(text: str, secrets: list[str]) -> str:
    """`text` with every URL's userinfo masked and each of `secrets` replaced."""
    text = mask_url(text)
    for secret in secrets:
        text = text.replace(secret, "[REDACTED]")
    return text


def normalise_base_path(base_path: str) -> str:
    """'' or '/' is the root; otherwise one leading slash, no trailing one."""
    stripped = base_path.strip().strip("/")
    return f"/{stripped}" if stripped else ""


@dataclass
class RunResult:
    """`returncode` is the verdict: 0 only when schemathesis found nothing and every selected
    operation was exercised. `output` is schemathesis's own, then the tables and the verdict."""

    returncode: int
    output: str
    report: ContractReport | None
    schemathesis_returncode: int
    junit: Path | None = None
    ndjson: Path | None = None


def run_schemathesis(
    target_url: str,
    *,
    project_id: str,
    key_id: str,
    key_secret: str,
    max_examples: int,
    kind: Kind = "sandbox",
    base_path: str | None = None,
    seed: int = 1,
    api_version: str = API_VERSION,
    report_dir: Path | None = None,
    left_out: Mapping[str, str] | None = None,
    extra: list[str] | None = None,
    timeout: float = 600,
) -> RunResult:
    """Run every check and phase schemathesis has, less what `kind` leaves out; the config file
    only tunes them. `left_out` names the operations not to run, each with its reason.

    Against a sandbox the hooks in `hooks.py` prepare real fixtures (seeded numbers, voice codes
    from its call log) for the operations whose preconditions no schema can state; against a
    live target they only read one number of the project from its listing (for
    `getQualifiedNumber`); against a mock they stay off."""
    path = normalise_base_path(
        default_base_path(kind, api_version) if base_path is None else base_path
    )
    base_url = f"{target_url.rstrip('/')}{path}"
    left_out = dict(left_out or {})
    checks_left_out = MOCK_CHECKS_LEFT_OUT if kind == "mock" else {}
    parts_left_out = MOCK_PARTS_LEFT_OUT if kind == "mock" else {}
    schemathesis = Path(sys.executable).with_name("schemathesis")
    command = [
        str(schemathesis),
        "--config-file",
        str(CONFIG),
        "run",
        str(SPEC_PATH),
        "--url",
        base_url,
        "--auth",
        f"{key_id}:{key_secret}",
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--no-color",
    ]
    for operation in left_out:
        command += ["--exclude-operation-id", operation]
    if checks_left_out:
        command += ["--exclude-checks", ",".join(checks_left_out)]
    if kind == "mock":
        command += ["--phases", "examples,coverage,fuzzing", "--mode", "positive"]
    command += extra or []
    with tempfile.TemporaryDirectory() as scratch:
        directory = report_dir or Path(scratch)
        junit = directory / f"junit-{api_version}.xml"
        ndjson = directory / f"events-{api_version}.ndjson"
        ndjson.unlink(missing_ok=True)  # never judge an earlier run's events
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
            "CONTRACT_SANDBOX_URL": target_url if kind == "sandbox" else "",
            "CONTRACT_SANDBOX_BASE_URL": base_url if kind == "sandbox" else "",
            "CONTRACT_SANDBOX_KEY": f"{key_id}:{key_secret}" if kind == "sandbox" else "",
            "CONTRACT_LIVE_BASE_URL": base_url if kind == "live" else "",
            "CONTRACT_LIVE_KEY": f"{key_id}:{key_secret}" if kind == "live" else "",
        }
        completed = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=timeout, check=False, cwd=ROOT
        )
        output = completed.stdout + completed.stderr
        report = None
        if ndjson.exists():
            report = summarise(
                ndjson,
                left_out=left_out,
                checks_left_out=checks_left_out,
                parts_left_out=parts_left_out,
                base_url=mask_url(base_url),
                base_path=path,
            )
        verdict = _verdict(kind, report, completed.returncode)
        tables = report.render() if report is not None else ""
        secrets = secrets_of(target_url, key_secret)
        output = redacted(f"{output}\n{tables}\n{verdict}", secrets)
        for written in (junit, ndjson):  # kept as CI artifacts: no credential in them either
            if written.exists():
                written.write_text(redacted(written.read_text(), secrets))
        failed = completed.returncode != 0 or report is None or bool(report.verdict())
        return RunResult(
            returncode=(completed.returncode or 1) if failed else 0,
            output=output,
            report=report,
            schemathesis_returncode=completed.returncode,
            junit=junit if report_dir else None,
            ndjson=ndjson if report_dir else None,
        )


def _verdict(kind: Kind, report: ContractReport | None, returncode: int) -> str:
    if report is None:
        return f"contract run FAILED: schemathesis wrote no events (exit {returncode})"
    problems = report.verdict()
    if returncode and not problems:
        problems.append(f"schemathesis exited {returncode} (see its output above)")
    selected = len(report.selected())
    left_out = len(report.left_out)
    head = f"contract run against a {kind} target at {report.base_url}:"
    scope = f"{selected} operations exercised" + (
        f", {left_out} left out (named above)" if left_out else ""
    )
    if problems:
        return "\n".join([f"{head} FAILED", *problems])
    return f"{head} passed; {scope}"
