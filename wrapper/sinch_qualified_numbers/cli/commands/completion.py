"""`completion SHELL`: the shell completion script (click's), commands, options and values."""

from __future__ import annotations

import click

#: The variable click reads to complete instead of running: `_SINCH_QN_COMPLETE`.
COMPLETE_VAR = "_SINCH_QN_COMPLETE"


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL: commands, options, and values such as the
    state names of --state.

    Add to ~/.bashrc (or ~/.zshrc):

        eval "$(sinch-qn completion bash)"

    For fish: sinch-qn completion fish > ~/.config/fish/completions/sinch-qn.fish"""
    from click.shell_completion import get_completion_class

    kind = get_completion_class(shell)
    assert kind is not None  # the three click ships
    root = ctx.find_root()
    click.echo(kind(root.command, {}, "sinch-qn", COMPLETE_VAR).source())
