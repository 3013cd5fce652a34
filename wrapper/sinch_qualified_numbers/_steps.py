"""The steps of the two workflows still written as step procedures (`_bulk_orders.enable_chunk`
and `_adding.add_call`; every other workflow is async code in `_async/`, its blocking twin
generated). A procedure is a generator: it yields a step, `_async/_drive.py` performs it and
sends the answer back (or throws the error in). New workflows are not written this way.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

S = TypeVar("S")
R = TypeVar("R")

#: A procedure yielding steps of type S and returning R; answers come back as `object` and
#: each procedure checks what it receives.
Procedure: TypeAlias = Generator[S, object, R]


@dataclass(frozen=True)
class ReadStates:
    """Read the current state of these numbers: number -> state string, or the error."""

    numbers: list[str]
