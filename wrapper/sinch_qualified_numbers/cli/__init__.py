"""`sinch-qn`: the whole qualification process from the command line.

With no credentials configured every command runs against the embedded sandbox, whose state
persists in a SQLite file in the user's state directory. Exit codes: 0 success, 1 service
error or partial failure, 2 usage or input error, 130 interrupted (Ctrl-C).

One module per command under `commands/`; this module puts them together behind one error
boundary (`_Group.invoke`), which reports every error a command lets through; a command
catches one only to report it its own way (`add` that added some numbers, a `wait` that ran
out of time).
"""

from __future__ import annotations

import contextlib
import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ._inputs import SHOWN_REJECTED

#: Every command: its module under `commands/`, its object there, and the line `--help` shows
#: for it. A command's module (and with it httpx, the generated models, rich's tables, the
#: sandbox) is imported only when that command runs or shows its own help, so `sinch-qn
#: --help`, `--version` and a mistyped command cost little more than click. A test keeps each
#: line here equal to the command's own docstring.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "add": (
        "numbers",
        "add",
        "Add numbers (arguments or --file) to qualify; bad rows are reported and skipped.",
    ),
    "callbacks": ("callbacks", "callbacks", "Receive text-enablement callbacks."),
    "challenge": (
        "challenge",
        "challenge",
        "Prove ownership with a voice call: one number, or every number of a file.",
    ),
    "completion": (
        "completion",
        "completion",
        "Print the completion script for SHELL: commands, options, and values such as the "
        "state names of --state.",
    ),
    "delete": ("numbers", "delete", "Delete numbers from the project."),
    "demo": ("demo", "demo", "The whole process, end to end, on a fresh in-memory sandbox."),
    "get": ("numbers", "get", "Show one number."),
    "imported": (
        "imported",
        "imported",
        "The numbers on the SMS platform: find, import, move, unlink and delete them.",
    ),
    "list": ("numbers", "list_command", "List the project's numbers."),
    "orders": ("orders", "orders", "Follow the hosting orders that text-enable created."),
    "sandbox": ("sandbox", "sandbox", "The embedded sandbox."),
    "text-enable": (
        "text_enable",
        "text_enable",
        "Text-enable the verified numbers of a file, in chunks, resumable; with --wait, then "
        "follow the hosting orders it created until they are COMPLETED or REJECTED.",
    ),
    "wait": (
        "wait",
        "wait",
        "Wait until every NUMBER (or every number of --file) is in one of the --state values.",
    ),
}


class _Group(click.Group):
    """The one error boundary: a readable line on stderr instead of a traceback (unless
    --debug), exit 2 for bad input (a journal or state file that cannot be used included),
    1 for the service's errors, 130 for Ctrl-C. Its commands are imported when used (see
    `COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS.keys() | self.commands.keys())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)  # one added with add_command
        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(import_module(f"{__name__}.commands.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The listing from `COMMANDS`, as click would write it, without importing any command.
        helps = {name: text for name, (_, _, text) in COMMANDS.items()}
        helps.update({name: command.help or "" for name, command in self.commands.items()})
        limit = formatter.width - 6 - max(len(name) for name in helps)
        rows = [
            (name, click.Command(name, help=text).get_short_help_str(limit))
            for name, text in sorted(helps.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from .._exceptions import InvalidArgumentError, QualifiedNumbersError

        try:
            return super().invoke(ctx)
        except (QualifiedNumbersError, KeyboardInterrupt) as error:
            from ._context import Context
            from ._output import INTERRUPTED, escape, fail

            settings = ctx.find_object(Context)
            if settings is not None and settings.debug:
                raise
            if isinstance(error, KeyboardInterrupt):
                fail("interrupted", INTERRUPTED)
            fail(escape(str(error)), 2 if isinstance(error, InvalidArgumentError) else 1)
        except Exception as error:
            # A journal or state file that cannot be used is the user's to fix, said in one
            # line. Their modules are loaded if they raised it: looked up, not imported (a
            # mistyped command must not load the commands' stack to be refused).
            kinds = tuple(
                getattr(module, name)
                for module, name in (
                    (sys.modules.get(f"{__name__}._journal"), "JournalError"),
                    (sys.modules.get(f"{__name__}._context"), "StateFileError"),
                )
                if module is not None
            )
            if not kinds or not isinstance(error, kinds):
                raise
            from ._context import Context
            from ._output import fail

            settings = ctx.find_object(Context)
            if settings is not None and settings.debug:
                raise
            fail(str(error), 2)  # already escaped: it names a file the user gave


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
@click.option(
    "--auth",
    envvar="SINCH_QN_AUTH",
    type=click.Choice(["oauth2", "basic"], case_sensitive=False),
    default="oauth2",
    show_default=True,
    help="[env SINCH_QN_AUTH]",
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="Text encoding of input files without a byte order mark (e.g. latin-1, cp1252); "
    "default UTF-8 (UTF-16/32 with a BOM are read as such).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and log every HTTP call.")
# The version is read from the package's metadata only when asked for.
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
    encoding: str | None,
    debug: bool,
) -> None:
    """Qualify US/CA numbers you own and text-enable them with Sinch."""
    from ._context import Context

    stack = ctx.with_resource(contextlib.ExitStack())
    if debug:
        os.environ.setdefault("SINCH_LOG", "debug")
    elif not os.environ.get("SINCH_LOG"):
        # The rows, the summary and the error line report every failure; the client's
        # WARNINGs ("giving up", before a reconciliation that may find the call went through)
        # would only repeat them, misleadingly. --debug or SINCH_LOG turn the log on.
        import logging

        library = logging.getLogger("sinch_qualified_numbers")
        stack.callback(library.setLevel, library.level)
        library.setLevel(logging.ERROR)
    ctx.obj = Context(
        project_id, key_id, key_secret, base_url, auth, debug, stack, token_url, encoding
    )


if not TYPE_CHECKING:  # type checkers see the import above

    def __getattr__(name: str) -> Any:
        if name == "SHOWN_REJECTED":
            from ._inputs import SHOWN_REJECTED

            return SHOWN_REJECTED
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))


__all__ = ["COMMANDS", "SHOWN_REJECTED", "main"]
