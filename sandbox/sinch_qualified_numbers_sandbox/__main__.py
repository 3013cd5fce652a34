"""`python -m sinch_qualified_numbers_sandbox --host 127.0.0.1 --port 8765 [--db PATH]`."""

from __future__ import annotations

import argparse
import ipaddress
import sys

import uvicorn

from .app import MAX_REQUEST_HEAD_BYTES, Sandbox
from .config import DEFAULT_KEY_SECRET, Credential, FaultConfig, SandboxConfig
from .faults import _per_operation


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sinch_qualified_numbers_sandbox",
        description="Serve the Sinch Qualified Numbers sandbox on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--db", default=":memory:", help="SQLite file to keep state across restarts"
    )
    parser.add_argument(
        "--project",
        action="append",
        default=[],
        metavar="PROJECT_ID:KEY_ID:KEY_SECRET",
        help="add a project and its access key (repeatable)",
    )
    parser.add_argument("--token-ttl", type=float, default=3600.0, help="OAuth2 token lifetime (s)")
    parser.add_argument("--eligibility-delay", type=float, default=2.0, help="seconds")
    parser.add_argument("--hosting-delay", type=float, default=5.0, help="seconds")
    parser.add_argument("--seed", type=int, default=None, help="seed voice codes and order IDs")
    parser.add_argument("--fault-429", type=float, default=0.0, help="probability of a 429")
    parser.add_argument("--fault-500", type=float, default=0.0, help="probability of a 500")
    parser.add_argument("--fault-503", type=float, default=0.0, help="probability of a 503")
    parser.add_argument("--fault-drop", type=float, default=0.0, help="drop before processing")
    parser.add_argument("--fault-drop-after", type=float, default=0.0, help="drop after processing")
    parser.add_argument("--fault-latency-ms", type=float, default=0.0, help="added latency")
    parser.add_argument("--fault-seed", type=int, default=0)
    parser.add_argument(
        "--fault-op",
        action="append",
        default=[],
        metavar="OPERATION:KNOB=VALUE",
        help="per-operation override, e.g. textEnableNumbers:drop_after=0.2 (repeatable)",
    )
    return parser.parse_args(argv)


def _per_operation_flags(flags: list[str]) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for flag in flags:
        operation, _, setting = flag.partition(":")
        knob, _, value = setting.partition("=")
        try:
            result.setdefault(operation, {})[knob] = float(value)
        except ValueError:
            sys.exit(f"--fault-op {flag!r}: expected OPERATION:KNOB=NUMBER")
    return _per_operation(result) if result else {}


def _shown(cred: Credential) -> str:
    """Only the documented default secret is printed; a configured one never is."""
    return (
        cred.key_secret if cred.key_secret == DEFAULT_KEY_SECRET else "(as configured, not shown)"
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        sys.exit(f"refusing to bind {args.host}: the sandbox serves loopback only")
    base = SandboxConfig.from_env()
    credentials = list(base.credentials)
    for spec in args.project:
        parts = spec.split(":")
        if len(parts) != 3 or not all(parts):
            sys.exit(f"--project {spec!r}: expected PROJECT_ID:KEY_ID:KEY_SECRET")
        credentials.append(Credential(*parts))
    config = base.replace(
        credentials=tuple(credentials),
        db_path=args.db,
        token_ttl=args.token_ttl,
        eligibility_delay=args.eligibility_delay,
        hosting_delay=args.hosting_delay,
        seed=args.seed,
        faults=FaultConfig(
            rate_429=args.fault_429,
            rate_500=args.fault_500,
            rate_503=args.fault_503,
            drop_before=args.fault_drop,
            drop_after=args.fault_drop_after,
            latency_ms=args.fault_latency_ms,
            seed=args.fault_seed,
            per_operation=_per_operation_flags(args.fault_op),
        ),
    )
    sandbox = Sandbox(config)
    url = f"http://{args.host}:{args.port}"
    print(f"Sinch Qualified Numbers sandbox on {url}", flush=True)
    for cred in config.credentials:
        print(
            f"  project {cred.project_id}  key id {cred.key_id}  key secret {_shown(cred)}",
            flush=True,
        )
    print(f"  export SINCH_QN_BASE_URL={url} SINCH_AUTH_URL={url}/oauth2/token", flush=True)
    print(f"  state: {args.db}", flush=True)
    # Printed on purpose: it is this run's own random key, and whoever started it needs it.
    print(f"  admin key (X-Sandbox-Admin-Key, every project): {config.admin_key}", flush=True)
    uvicorn.run(
        sandbox.app,
        host=args.host,
        port=args.port,
        log_level="warning",
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
    )


if __name__ == "__main__":
    main()
