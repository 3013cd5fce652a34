"""`sinch-qn`: the whole qualification process from the command line.

With no credentials configured every command runs against the embedded sandbox, whose state
persists in a SQLite file in the user's state directory. Exit codes: 0 success, 1 service
error or partial failure, 2 usage or input error, 130 interrupted (Ctrl-C).

One module per command under `commands/`; this module puts them together behind one error
boundary (`_Group.invoke`), so no command handles errors of its own.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

import click

from .._exceptions import InvalidArgumentError, QualifiedNumbersError
from ._context import Context
from ._output import INTERRUPTED, SHOWN_REJECTED, escape, fail
from .commands.callbacks import callbacks
from .commands.challenge import challenge
from .commands.completion import completion
from .commands.demo import demo
from .commands.imported import imported
from .commands.numbers import add, delete, get, list_command
from .commands.orders import orders
from .commands.sandbox import sandbox
from .commands.text_enable import text_enable
from .commands.wait import wait


class _Group(click.Group):
    """The one error boundary: a readable line on stderr instead of a traceback (unless
    --debug), exit 2 for bad input, 1 for the service's errors, 130 for Ctrl-C."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (QualifiedNumbersError, KeyboardInterrupt) as error:
            settings = ctx.find_object(Context)
            if settings is not None and settings.debug:
                raise
            if isinstance(error, KeyboardInterrupt):
                fail("interrupted", INTERRUPTED)
            fail(escape(str(error)), 2 if isinstance(error, InvalidArgumentError) else 1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project-id", envvar="SINCH_PROJECT_ID", help="[env SINCH_PROJECT_ID]")
@click.option("--key-id", envvar="SINCH_KEY_ID", help="[env SINCH_KEY_ID]")
@click.option("--key-secret", envvar="SINCH_KEY_SECRET", help="[env SINCH_KEY_SECRET]")
@click.option("--base-url", envvar="SINCH_QN_BASE_URL", help="[env SINCH_QN_BASE_URL]")
@click.option(
    "--token-url",
    envvar="SINCH_AUTH_URL",
    help="OAuth2 token endpoint [env SINCH_AUTH_URL]; default: Sinch's for Sinch's base URL, "
    "BASE_URL/oauth2/token for a loopback one; required with any other --base-url.",
)
@click.option("--auth", type=click.Choice(["oauth2", "basic"]), default="oauth2", show_default=True)
@click.option("--debug", is_flag=True, help="Show tracebacks and log every HTTP call.")
@click.version_option(package_name="sinch-qualified-numbers", prog_name="sinch-qn")
@click.pass_context
def main(
    ctx: click.Context,
    project_id: str | None,
    key_id: str | None,
    key_secret: str | None,
    base_url: str | None,
    token_url: str | None,
    auth: str,
    debug: bool,
) -> None:
    """Qualify US/CA numbers you own and text-enable them with Sinch."""
    if debug:
        os.environ.setdefault("SINCH_LOG", "debug")
    stack = ctx.with_resource(contextlib.ExitStack())
    ctx.obj = Context(project_id, key_id, key_secret, base_url, auth, debug, stack, token_url)


for command in (
    list_command,
    get,
    delete,
    add,
    challenge,
    text_enable,
    wait,
    orders,
    imported,
    sandbox,
    callbacks,
    demo,
    completion,
):
    main.add_command(command)

__all__ = ["SHOWN_REJECTED", "main"]
