"""`challenge send` and `challenge verify`: prove ownership with a voice call."""

from __future__ import annotations

import sys

import click

from ..._calls import state_of
from .._context import Context, pass_context


@click.group()
def challenge() -> None:
    """Prove ownership with a voice call."""


@challenge.command("send")
@click.argument("number")
@pass_context
def challenge_send(ctx: Context, number: str) -> None:
    """Call NUMBER; the call speaks a code."""
    answer = ctx.client().qualified_numbers.send_voice_challenge(number)
    click.echo(f"{answer.phone_number} {state_of(answer)}")


@challenge.command("verify")
@click.argument("number")
@click.argument("code")
@pass_context
def challenge_verify(ctx: Context, number: str, code: str) -> None:
    """Verify NUMBER with the CODE the call spoke."""
    answer = ctx.client().qualified_numbers.verify_voice_challenge(number, code)
    state = state_of(answer)
    click.echo(f"{answer.phone_number} {state}")
    if state != "GLOBAL_PROCESS_STATE_VERIFIED":
        sys.exit(1)
