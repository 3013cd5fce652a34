"""The I/O steps that more than one procedure asks for (each rule's own steps live with it).

A procedure is a generator: it yields a step, the resource performs it and sends the answer
back (or throws the error in). Every decision therefore exists once, without I/O, and the
sync and async resources only differ in how they perform a step.
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


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Now:
    """The monotonic clock, in seconds."""
