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
def sandbox_serve(host: str, port: int) -> None:
    """Serve the embedded sandbox's persistent state over HTTP until interrupted."""
    from sinch_qualified_numbers_sandbox.__main__ import main as serve

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    serve(["--host", host, "--port", str(port), "--db", str(folder / "sandbox.sqlite")])


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
    import httpx

    from sinch_qualified_numbers_sandbox import (
        DEFAULT_KEY_ID,
        DEFAULT_KEY_SECRET,
        DEFAULT_PROJECT_ID,
    )

    calls = httpx.get(
        f"{ctx.sandbox_url}/_sandbox/projects/{DEFAULT_PROJECT_ID}/voiceCalls",
        auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
    ).json()["voiceCalls"]
    emit(calls, output, ["phoneNumber", "code", "createdTime"])
