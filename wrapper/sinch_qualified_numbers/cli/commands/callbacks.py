"""`callbacks listen`: print verified callback events."""

from __future__ import annotations

import json
import os
import sys

import click

from .._output import (
    err,
    fail,
)


@click.group()
def callbacks() -> None:
    """Receive text-enablement callbacks."""


@callbacks.command("listen")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8787, show_default=True)
@click.option(
    "--secret-env",
    default="SINCH_QN_CALLBACK_SECRET",
    show_default=True,
    help="Name of the variable that holds the callback secret.",
)
@click.option(
    "--output", "-o", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
def callbacks_listen(host: str, port: int, secret_env: str, output: str) -> None:
    """Print verified callback events as they arrive (POST them to http://HOST:PORT/)."""
    import uvicorn

    from ...callbacks import CallbackEvent, asgi_app

    secret = os.environ.get(secret_env)
    if not secret:
        fail(
            f"set the callback secret in ${secret_env} (or name another one with --secret-env)",
            2,
        )

    def show(event: CallbackEvent) -> None:
        if output == "jsonl":
            click.echo(json.dumps(event.raw), nl=True)
        else:
            click.echo(
                f"{event.timestamp.isoformat() if event.timestamp else '-'}  {event.resource_id}  "
                f"{event.event_type}  {event.status}  {event.failure_code or ''}".rstrip()
            )
        sys.stdout.flush()

    err.print(f"Listening for callbacks on http://{host}:{port}/ (secret from ${secret_env})")
    uvicorn.run(asgi_app(secret, show), host=host, port=port, log_level="warning")
