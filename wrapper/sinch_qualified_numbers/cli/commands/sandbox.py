"""`sandbox serve|reset|calls`: the embedded sandbox."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from .._context import Context, pass_context, state_dir
from .._output import (
    emit,
    fail,
    output_option,
)


@click.group()
def sandbox() -> None:
    """The embedded sandbox."""


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True)
@click.option("--open", "open_console", is_flag=True, help="Open the console in a browser.")
def sandbox_serve(host: str, port: int, open_console: bool) -> None:
    """Serve the embedded sandbox's persistent state over HTTP until interrupted; its console
    is at /_sandbox/console."""
    from sinch_qualified_numbers_sandbox.__main__ import main as serve

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    args = ["--host", host, "--port", str(port), "--db", str(folder / "sandbox.sqlite")]
    serve([*args, "--open"] if open_console else args)


@sandbox.command("reset")
def sandbox_reset() -> None:
    """Forget every number and order of the embedded sandbox."""
    db = state_dir() / "sandbox.sqlite"
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()
    click.echo(f"reset {db}")


@sandbox.command("calls")
@output_option
@pass_context
def sandbox_calls(ctx: Context, output: str) -> None:
    """The voice codes the embedded sandbox 'spoke', newest last."""
    if not ctx.embedded:
        fail("`sandbox calls` only works with the embedded sandbox (no credentials set)", 2)
    ctx.client()
    from sinch_qualified_numbers_sandbox import SandboxAdmin

    assert ctx.sandbox_url is not None  # set by ctx.client() for the embedded sandbox
    with SandboxAdmin(ctx.sandbox_url) as admin:
        calls = [
            {"phoneNumber": c.phone_number, "code": c.code, "createdTime": c.created_time}
            for c in admin.voice_calls()
        ]
    emit(calls, output, ["phoneNumber", "code", "createdTime"])
