"""`callbacks listen` prints verified events; `callbacks secret` shows or sets the secret."""

from __future__ import annotations

import json
import os
import secrets
import sys

import click

from .._context import Context, pass_context
from .._output import err, fail


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


@callbacks.group("secret")
def secret() -> None:
    """The secret that signs the project's callbacks (`X-Sinch-Signature`)."""


@secret.command("show")
@click.option("--reveal", is_flag=True, help="Print the secret itself (hidden otherwise).")
@pass_context
def secret_show(ctx: Context, reveal: bool) -> None:
    """Whether the project has a callback secret (and, with --reveal, the secret)."""
    value = ctx.client().callback_configuration.get().hmac_secret
    if value is None:
        fail("the project has no callback secret: set one with `sinch-qn callbacks secret set`", 1)
    click.echo(value if reveal else f"set ({len(value)} characters; --reveal prints it)")


@secret.command("set")
@click.option("--from-env", "env_name", help="Read the new secret from this variable.")
@click.option("--generate", is_flag=True, help="Set a new random secret and print it once.")
@pass_context
def secret_set(ctx: Context, env_name: str | None, generate: bool) -> None:
    """Set the callback secret: from a variable, generated, typed (hidden) or piped on stdin.

    Never as an argument: arguments end up in shell history and process listings.
    """
    if generate and env_name:
        raise click.UsageError("give --generate or --from-env, not both")
    if generate:
        value = secrets.token_urlsafe(32)
    elif env_name:
        value = os.environ.get(env_name, "")
        if not value:
            fail(f"${env_name} is empty or not set", 2)
    elif sys.stdin.isatty():
        value = click.prompt("New callback secret", hide_input=True, confirmation_prompt=True)
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    ctx.client().callback_configuration.update(hmac_secret=value)
    if generate:
        click.echo(value)  # the only time it is shown: keep it for your receiver
    err.print("callback secret set")
