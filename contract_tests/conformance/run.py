"""`make contract-test`: schemathesis conformance of a target, with the verdict, two tables and
JUnit XML.

    python -m contract_tests.conformance.run [--target-url URL] [--target-kind KIND]
        [--base-path PATH] [--operation ID ...] [--max-examples N] [--deep] [--prism PATH]

Kinds of target (docs/contract-tests.md):
- sandbox (the default): without a URL, the sandbox in-process; every check and phase.
- mock: a server made from the spec alone (Prism): stateless checks of every answer. Without
  a URL, `--prism` serves the spec with that Prism on a free loopback port for the run.
- live (the default with a URL): Sinch. Credentials from SINCH_PROJECT_ID / SINCH_KEY_ID /
  SINCH_KEY_SECRET; only read operations run unless CONTRACT_ALLOW_WRITES=1 (never point
  writes at numbers you care about).

The run fails when a check fails or when an operation it selected was never exercised (no
positive call answered a documented 2xx); the operations it leaves out are named with why.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from types import FrameType
from typing import cast

from sinch_qualified_numbers._redact import mask_url
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    SandboxConfig,
    serve_in_thread,
)
from sinch_qualified_numbers_sandbox.spec import operation_ids

from ..conftest import API_VERSION, API_VERSIONS, ROOT
from .prism import serve_prism
from .runner import KINDS, READ_ONLY_OPERATIONS, READ_ONLY_REASON, Kind, run_schemathesis

#: A mock checks no credentials; whatever is set in SINCH_* is never sent to one.
MOCK_CREDENTIALS = ("mock-key", "mock-secret")
NOT_SELECTED = "not selected (--operation)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make contract-test")
    parser.add_argument("--target-url", default=os.environ.get("CONTRACT_TARGET_URL") or None)
    parser.add_argument(
        "--target-kind",
        choices=KINDS,
        default=os.environ.get("CONTRACT_TARGET_KIND") or None,
        help="sandbox (default without a URL), mock, live (default with a URL)",
    )
    parser.add_argument(
        "--base-path",
        default=None,
        help="where the target serves the spec's paths ('/' is its root); default: "
        "/<api-version> for a sandbox or live target, the root for a mock",
    )
    parser.add_argument(
        "--operation",
        action="append",
        default=[],
        metavar="ID",
        help="run only this operation (repeatable); the others are left out, named",
    )
    parser.add_argument(
        "--max-examples", type=int, default=int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--api-version", default=API_VERSION, choices=API_VERSIONS)
    parser.add_argument("--report-dir", type=Path, default=ROOT / "reports" / "contract")
    parser.add_argument(
        "--deep", action="store_true", help="many more examples and longer stateful runs"
    )
    parser.add_argument(
        "--prism",
        type=Path,
        default=None,
        help="with --target-kind mock and no URL: serve the spec with this `prism` executable",
    )
    return parser


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds the ExitStack: the sandbox or Prism this run started is stopped.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    kind = cast(Kind, args.target_kind or ("live" if args.target_url else "sandbox"))
    unknown = sorted(set(args.operation) - operation_ids())
    if unknown:
        parser.error(f"--operation: no operation {', '.join(unknown)} in the spec")
    if kind == "live" and not args.target_url:
        parser.error(
            "--target-kind live needs --target-url (Sinch's is https://imported.numbers.api.sinch.com)"
        )
    if args.prism and (kind != "mock" or args.target_url):
        parser.error(
            "--prism serves the target itself: only with --target-kind mock and no --target-url"
        )
    if kind == "mock" and not args.target_url and not args.prism:
        parser.error("--target-kind mock needs --target-url, or --prism to serve the spec with it")

    left_out = {
        op: NOT_SELECTED
        for op in sorted(operation_ids())
        if args.operation and op not in args.operation
    }
    max_examples = max(args.max_examples, 300) if args.deep else args.max_examples
    with ExitStack() as stack:
        if kind == "sandbox" and not args.target_url:
            running = stack.enter_context(
                serve_in_thread(SandboxConfig(eligibility_delay=0, hosting_delay=1, seed=args.seed))
            )
            url = running.url
            print(f"target: the sandbox, in-process at {url}")
        elif kind == "mock" and args.prism:
            url = stack.enter_context(serve_prism(args.prism))
            print(f"target: Prism ({args.prism}) serving the spec at {url}")
        else:
            url = args.target_url
            print(f"target: {kind} at {mask_url(url)}")  # never the credentials a URL carries
        if kind == "sandbox":
            # A sandbox served elsewhere (`make sandbox`) may have been given other keys.
            given = _credentials() if args.target_url else None
            project_id, key_id, key_secret = given or (
                DEFAULT_PROJECT_ID,
                DEFAULT_KEY_ID,
                DEFAULT_KEY_SECRET,
            )
        elif kind == "mock":
            project_id = os.environ.get("SINCH_PROJECT_ID") or DEFAULT_PROJECT_ID
            key_id, key_secret = MOCK_CREDENTIALS
        else:
            found = _credentials()
            if found is None:
                print(
                    "set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET for a live target",
                    file=sys.stderr,
                )
                return 2
            project_id, key_id, key_secret = found
            if os.environ.get("CONTRACT_ALLOW_WRITES") != "1":
                print("live target: read operations only (CONTRACT_ALLOW_WRITES=1 to change state)")
                for operation in sorted(operation_ids()):
                    if operation not in READ_ONLY_OPERATIONS:
                        left_out.setdefault(operation, READ_ONLY_REASON)
        args.report_dir.mkdir(parents=True, exist_ok=True)
        result = run_schemathesis(
            url,
            project_id=project_id,
            key_id=key_id,
            key_secret=key_secret,
            max_examples=max_examples,
            kind=kind,
            base_path=args.base_path,
            seed=args.seed,
            api_version=args.api_version,
            report_dir=args.report_dir,
            left_out=left_out,
            timeout=3600,
        )
    print(result.output)
    print(f"JUnit XML: {result.junit}")
    return result.returncode


def _credentials() -> tuple[str, str, str] | None:
    found = tuple(
        os.environ.get(f"SINCH_{name}", "") for name in ("PROJECT_ID", "KEY_ID", "KEY_SECRET")
    )
    return (found[0], found[1], found[2]) if all(found) else None


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    sys.exit(main())
