"""`make contract-test`: schemathesis conformance of a target, with a table and JUnit XML.

    python -m contract_tests.conformance.run [--target-url URL] [--max-examples N] [--deep]

Without a target the sandbox runs in-process. Against any other target the credentials come
from SINCH_PROJECT_ID / SINCH_KEY_ID / SINCH_KEY_SECRET, and only read operations run unless
CONTRACT_ALLOW_WRITES=1 (see docs/contract-tests.md: never point writes at numbers you care about).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from sinch_qualified_numbers._config import is_loopback_url
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    SandboxConfig,
    serve_in_thread,
)

from ..conftest import API_VERSION, API_VERSIONS, ROOT
from .report import summarise
from .runner import READ_ONLY_OPERATIONS, run_schemathesis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make contract-test")
    parser.add_argument("--target-url", default=os.environ.get("CONTRACT_TARGET_URL") or None)
    parser.add_argument(
        "--max-examples", type=int, default=int(os.environ.get("CONTRACT_MAX_EXAMPLES", "25"))
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--api-version", default=API_VERSION, choices=API_VERSIONS)
    parser.add_argument("--report-dir", type=Path, default=ROOT / "reports" / "contract")
    parser.add_argument(
        "--deep", action="store_true", help="many more examples and longer stateful runs"
    )
    args = parser.parse_args(argv)

    extra: list[str] = []
    max_examples = args.max_examples
    if args.deep:
        max_examples = max(max_examples, 300)
    with ExitStack() as stack:
        if args.target_url:
            url = args.target_url
            creds = {
                "project_id": os.environ.get("SINCH_PROJECT_ID", ""),
                "key_id": os.environ.get("SINCH_KEY_ID", ""),
                "key_secret": os.environ.get("SINCH_KEY_SECRET", ""),
            }
            if not all(creds.values()):
                print(
                    "set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET for a target",
                    file=sys.stderr,
                )
                return 2
            writes = os.environ.get("CONTRACT_ALLOW_WRITES") == "1"
            if not writes and not is_loopback_url(url):
                print("live target: read operations only (CONTRACT_ALLOW_WRITES=1 to change state)")
                for operation in READ_ONLY_OPERATIONS:
                    extra += ["--include-operation-id", operation]
        else:
            running = stack.enter_context(
                serve_in_thread(SandboxConfig(eligibility_delay=0, hosting_delay=1, seed=args.seed))
            )
            url = running.url
            creds = {
                "project_id": DEFAULT_PROJECT_ID,
                "key_id": DEFAULT_KEY_ID,
                "key_secret": DEFAULT_KEY_SECRET,
            }
            print(f"target: the sandbox, in-process at {url}")
        args.report_dir.mkdir(parents=True, exist_ok=True)
        result = run_schemathesis(
            url,
            **creds,
            max_examples=max_examples,
            seed=args.seed,
            api_version=args.api_version,
            report_dir=args.report_dir,
            extra=extra,
            timeout=3600,
            sandbox=not args.target_url,
        )
    print(result.output)
    table = summarise(result.ndjson) if result.ndjson else None
    if table is not None:
        print(table.render())
    print(f"JUnit XML: {result.junit}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
