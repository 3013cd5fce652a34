# Generated from _async/_drive.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""Run a sans-I/O procedure (see `.._steps`): perform each step it yields, send the answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .._exceptions import QualifiedNumbersError
from .._steps import Procedure

S = TypeVar("S")
R = TypeVar("R")


def drive(procedure: Procedure[S, R], do: Callable[[S], object]) -> R:
    """Perform the procedure's steps with `do`; a step's error is thrown into the procedure."""
    try:
        step = next(procedure)
        while True:
            try:
                answer = do(step)
            except QualifiedNumbersError as error:
                step = procedure.throw(error)
            else:
                step = procedure.send(answer)
    except StopIteration as stop:
        result: R = stop.value
        return result
