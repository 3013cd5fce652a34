"""`sandbox serve|reset|calls`: the embedded sandbox."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._context import Context, pass_context, state_dir
from .._output import (
    emit,
    fail,
    output_option,
)

if TYPE_CHECKING:
    from sinch_qualified_numbers_sandbox import SandboxAdmin


@click.group()
def sandbox() -> None:
    """The embedded sandbox."""


@sandbox.command(
    "serve", context_settings={"ignore_unknown_options": True, "allow_extra_args": True}
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True)
@click.option("--open", "open_console", is_flag=True, help="Open the console in a browser.")
@click.argument("sandbox_options", nargs=-1, type=click.UNPROCESSED)
def sandbox_serve(
    host: str, port: int, open_console: bool, sandbox_options: tuple[str, ...]
) -> None:
    """Serve the embedded sandbox's persistent state over HTTP until interrupted; its console
    is at /_sandbox/console.

    Every other option of `python -m sinch_qualified_numbers_sandbox` is taken as it is:
    the delays (--eligibility-delay, --hosting-delay, --loa-signature-delay,
    --provisioning-delay, seconds), --token-ttl, --max-import-numbers, --seed, --project, and
    fault injection (--fault-rate-429, --fault-rate-503, --fault-drop-after,
    --fault-latency-ms, --fault-operations OP,OP, --fault-op OP:KNOB=VALUE, ...); see
    `python -m sinch_qualified_numbers_sandbox --help`. Its banner prints the export line
    that points a shell at it."""
    from sinch_qualified_numbers_sandbox.__main__ import main as serve

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    args = ["--host", host, "--port", str(port), "--db", str(folder / "sandbox.sqlite")]
    serve([*args, *(["--open"] if open_console else []), *sandbox_options])


@sandbox.command("reset")
def sandbox_reset() -> None:
    """Forget every number and order of the embedded sandbox."""
    db = state_dir() / "sandbox.sqlite"
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()
    click.echo(f"reset {db}")


def _admin(ctx: Context, command: str) -> SandboxAdmin:
    """The sandbox's own endpoints with the project's credentials: the embedded sandbox, or
    one served on a loopback address (never another host)."""
    from sinch_qualified_numbers_sandbox import SandboxAdmin

    from ..._config import is_loopback_url

    config = ctx.client().config
    url = ctx.sandbox_url or config.base_url
    if not is_loopback_url(url):
        fail(f"`{command}` only works against a sandbox, not {url}", 2)
    return SandboxAdmin(
        url, project_id=config.project_id, key_id=config.key_id, key_secret=config.key_secret
    )


@sandbox.command("calls")
@output_option
@pass_context
def sandbox_calls(ctx: Context, output: str) -> None:
    """The voice codes the sandbox 'spoke', newest last: the embedded sandbox, or a sandbox
    served on a loopback address (the project's own calls)."""
    with _admin(ctx, "sandbox calls") as admin:
        calls = [
            {"phoneNumber": c.phone_number, "code": c.code, "createdTime": c.created_time}
            for c in admin.voice_calls()
        ]
    emit(calls, output, ["phoneNumber", "code", "createdTime"])


@sandbox.command("verify")
@click.argument("numbers", nargs=-1)
@click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
@click.option(
    "--journal",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Default: next to --file. A rerun skips what it says is done.",
)
@click.option("--fresh", is_flag=True, help="Forget the journal and start over.")
@output_option
@pass_context
def sandbox_verify(
    ctx: Context,
    numbers: tuple[str, ...],
    file: Path | None,
    journal: Path | None,
    fresh: bool,
    output: str,
) -> None:
    """Verify every NUMBER (or number of --file) with the code the sandbox's last voice call
    to it spoke, read from its call log: `challenge verify --file` without collecting codes.
    Against the embedded sandbox, or a sandbox served on a loopback address."""
    from .._inputs import exit_if_empty, read_input, report_rejected
    from .._output import err
    from .challenge import bulk_challenges, finish_challenges

    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    exit_if_empty(file, len(parsed), parsed.rejected_count, "verify")
    report_rejected(parsed)
    if not len(parsed):
        fail("no valid numbers to verify", 2)
    with _admin(ctx, "sandbox verify") as admin:
        spoken = admin.voice_codes()
    codes = {n: spoken[n] for n in parsed.valid if n in spoken}
    never_called = [n for n in parsed.valid if n not in spoken]
    if never_called:
        shown = ", ".join(never_called[:20]) + (" ..." if len(never_called) > 20 else "")
        err.print(
            f"{len(never_called)} numbers were never called (run `sinch-qn challenge send` "
            f"first): {shown}",
            markup=False,
            soft_wrap=True,
        )
    # Each number never called gets its row and its count (with its state), not only a line.
    read = ctx.client().qualified_numbers.read_states(never_called) if never_called else {}
    not_called = {
        n: state if isinstance(state, str) and state else f"state not read: {state or 'none'}"
        for n, state in read.items()
    }
    with tempfile.TemporaryDirectory() as scratch:
        # Numbers as arguments keep no journal (nor failures file): nothing to resume.
        source = file or Path(scratch) / "numbers"
        summary = bulk_challenges(
            ctx, parsed.valid, codes, source, "verify", journal, fresh, None, output, not_called
        )
    finish_challenges(summary, bool(parsed.rejected_count or never_called))
