"""Run a sans-I/O procedure (see `.._steps`): perform each step it yields, send the answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from .._exceptions import QualifiedNumbersError
from .._steps import Procedure

S = TypeVar("S")
R = TypeVar("R")


async def drive(procedure: Procedure[S, R], do: Callable[[S], Awaitable[object]]) -> R:
    """Perform the procedure's steps with `do`; a step's error is thrown into the procedure."""
    try:
        step = next(procedure)
        while True:
            try:
                answer = await do(step)
            except QualifiedNumbersError as error:
                step = procedure.throw(error)
            else:
                step = procedure.send(answer)
    except StopIteration as stop:
        result: R = stop.value
        return result
