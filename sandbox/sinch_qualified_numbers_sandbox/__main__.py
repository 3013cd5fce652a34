"""`python -m sinch_qualified_numbers_sandbox --host 127.0.0.1 --port 8765 [--db PATH]`."""

from __future__ import annotations

import argparse
import dataclasses
import shlex
import sys
import threading
import time
import webbrowser
from typing import Any

import httpx
import uvicorn

from sinch_qualified_numbers.callbacks import is_loopback_host

from .app import MAX_REQUEST_HEAD_BYTES
from .config import DEFAULT_KEY_SECRET, Credential, FaultConfig, SandboxConfig
from .db import StateFileError
from .faults import fault_config
from .server import quiet_injected_faults
from .service import Sandbox


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sinch_qualified_numbers_sandbox",
        description="Serve the Sinch Qualified Numbers sandbox on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name to answer besides localhost and the loopback addresses (repeatable);"
        " a request naming any other Host is refused (DNS rebinding)",
    )
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
    parser.add_argument(
        "--loa-signature-delay",
        type=float,
        default=2.0,
        help="seconds until a direct or reseller LOA is e-signed",
    )
    parser.add_argument(
        "--provisioning-delay",
        type=float,
        default=1.0,
        help="seconds an imported number's (de)provisioning or campaign (un)link takes",
    )
    parser.add_argument(
        "--max-import-numbers",
        type=int,
        default=5,
        help="numbers per hostingOrders:importNumbers call (Sinch's default is 5)",
    )
    parser.add_argument("--seed", type=int, default=None, help="seed voice codes and order IDs")
    parser.add_argument(
        "--open", action="store_true", help="open the console in a browser once serving"
    )
    _fault_flags(parser)
    return parser.parse_args(argv)


def _fault_flags(parser: argparse.ArgumentParser) -> None:
    """One `--fault-NAME` flag per field of `FaultConfig`, so a new knob is a flag at once."""
    group = parser.add_argument_group("fault injection (see FaultConfig)")
    for knob in dataclasses.fields(FaultConfig):
        flag = "--fault-" + knob.name.replace("_", "-")
        if knob.name == "operations":
            group.add_argument(flag, default="", metavar="OP[,OP...]", help="operationIds to fault")
        elif knob.name == "per_operation":
            group.add_argument(
                "--fault-op",
                action="append",
                default=[],
                metavar="OPERATION:KNOB=VALUE",
                help="per-operation override, e.g. textEnableNumbers:drop_after=0.2",
            )
        else:
            kind = int if knob.type in ("int", int) else float
            group.add_argument(flag, type=kind, default=knob.default, help=knob.name)


def _fault_config(args: argparse.Namespace) -> FaultConfig:
    values: dict[str, Any] = {}
    for knob in dataclasses.fields(FaultConfig):
        if knob.name == "operations":
            values[knob.name] = [o for o in args.fault_operations.split(",") if o]
        elif knob.name == "per_operation":
            values[knob.name] = _per_operation_flags(args.fault_op)
        else:
            values[knob.name] = getattr(args, "fault_" + knob.name)
    try:
        return fault_config(values)
    except (ValueError, TypeError) as error:
        sys.exit(f"fault flags: {error}")


def _per_operation_flags(flags: list[str]) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for flag in flags:
        operation, _, setting = flag.partition(":")
        knob, _, value = setting.partition("=")
        try:
            result.setdefault(operation, {})[knob] = float(value)
        except ValueError:
            sys.exit(f"--fault-op {flag!r}: expected OPERATION:KNOB=NUMBER")
    return result


def _shown(cred: Credential) -> str:
    """Only the documented default secret is printed; a configured one never is."""
    return (
        cred.key_secret if cred.key_secret == DEFAULT_KEY_SECRET else "(as configured, not shown)"
    )


def export_line(cred: Credential, url: str) -> str:
    """One line to paste into a shell: the five variables a client (the README's examples,
    `sinch-qn`) needs for this sandbox. A configured secret is not printed: the line reads it
    from the shell's own $SINCH_KEY_SECRET instead."""
    secret = (
        shlex.quote(cred.key_secret)
        if cred.key_secret == DEFAULT_KEY_SECRET
        else '"$SINCH_KEY_SECRET"'
    )
    return (
        f"export SINCH_PROJECT_ID={shlex.quote(cred.project_id)} "
        f"SINCH_KEY_ID={shlex.quote(cred.key_id)} SINCH_KEY_SECRET={secret} "
        f"SINCH_QN_BASE_URL={url} SINCH_AUTH_URL={url}/oauth2/token"
    )


def banner(config: SandboxConfig, url: str, db: str) -> list[str]:
    """What the sandbox prints when it starts."""
    lines = [f"Sinch Qualified Numbers sandbox on {url}"]
    for cred in config.credentials:
        lines.append(
            f"  project {cred.project_id}  key id {cred.key_id}  key secret {_shown(cred)}"
        )
    lines.append("  To use it from a shell (the README's examples, sinch-qn), paste:")
    lines.append(f"  {export_line(config.credentials[0], url)}")
    lines.append(f"  state: {db}")
    # Printed on purpose: it is this run's own random key, and whoever started it needs it.
    lines.append(f"  admin key (X-Sandbox-Admin-Key, every project): {config.admin_key}")
    lines.append(
        f"  console: {url}/_sandbox/console (a project's key ID and secret, or admin and the "
        "admin key)"
    )
    return lines


def _open_when_up(url: str, console: str) -> None:
    """Open the console in the user's browser once the server answers (for at most 20 s)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/_sandbox/console", timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
            continue
        webbrowser.open(console)
        return


def config_from_args(args: argparse.Namespace) -> SandboxConfig:
    """The sandbox's configuration: the environment's, then the flags."""
    base = SandboxConfig.from_env()
    credentials = list(base.credentials)
    for spec in args.project:
        parts = spec.split(":")
        if len(parts) != 3 or not all(parts):
            sys.exit(f"--project {spec!r}: expected PROJECT_ID:KEY_ID:KEY_SECRET")
        credentials.append(Credential(*parts))
    return base.replace(
        credentials=tuple(credentials),
        db_path=args.db,
        token_ttl=args.token_ttl,
        eligibility_delay=args.eligibility_delay,
        hosting_delay=args.hosting_delay,
        loa_signature_delay=args.loa_signature_delay,
        provisioning_delay=args.provisioning_delay,
        max_import_numbers=args.max_import_numbers,
        seed=args.seed,
        faults=_fault_config(args),
        allowed_hosts=tuple(args.allowed_host),
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not is_loopback_host(args.host):
        sys.exit(f"refusing to bind {args.host}: the sandbox serves loopback only")
    config = config_from_args(args)
    try:
        sandbox = Sandbox(config)
    except StateFileError as error:  # one line, not a traceback; the file is left as it is
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{args.port}"
    for line in banner(config, url, args.db):
        print(line, flush=True)
    console = f"{url}/_sandbox/console"
    if args.open:
        threading.Thread(target=_open_when_up, args=(url, console), daemon=True).start()
    quiet_injected_faults()
    uvicorn.run(
        sandbox.app,
        host=args.host,
        port=args.port,
        log_level="warning",
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
    )


if __name__ == "__main__":
    main()
