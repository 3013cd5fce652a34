"""State filters and state names: what `list()` and `wait_for` accept as a state (a known one,
by its full or short name, or one the spec does not know yet, by its full name), and a number's
state as a string."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from sinch_qualified_numbers_api.models import GlobalProcessState, QualifiedNumber
from sinch_qualified_numbers_api.types import Unset

from ._exceptions import InvalidArgumentError

#: The ten states a number can be in: what `list()` asks for when given no states
#: (`GLOBAL_PROCESS_STATE_UNSPECIFIED` is a valid filter, but no resource is ever in it).
CONCRETE_STATES = tuple(
    state
    for state in GlobalProcessState
    if state is not GlobalProcessState.GLOBAL_PROCESS_STATE_UNSPECIFIED
)


@dataclass(frozen=True)
class UnknownState:
    """A state the spec does not know yet (Sinch added it), asked for by its full name: sent
    as is, so that a number in it can be listed and waited for before the client is
    regenerated."""

    value: str


#: A state filter: one the spec knows, or one given by its full name that it does not.
StateFilter = GlobalProcessState | UnknownState


#: What follows the prefix in the full name of a state the spec does not know (`PORTED`).
_STATE_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def state_filter(value: object) -> StateFilter:
    """A state to list by: a known one (as itself, or its full or short name such as
    `VERIFIED`, in any case), or an unknown one given by its full name (a short unknown name
    such as `PORTNG` is much likelier a typo than a new state, and stays refused)."""
    if isinstance(value, GlobalProcessState | UnknownState):
        return value
    if isinstance(value, str):
        try:
            return GlobalProcessState(GlobalProcessState.full_name(value.upper()))
        except ValueError:
            pass
        rest = GlobalProcessState.short_name(value)
        if rest != value and _STATE_NAME.fullmatch(rest):
            return UnknownState(value)
    allowed = ", ".join(str(v.value) for v in GlobalProcessState)
    example = GlobalProcessState.full_name("...")
    raise InvalidArgumentError(
        f"states: {value!r:.80} is not one of {allowed} (a state newer than this client is "
        f"given by its full name, {example})"
    )


def states_sent(states: list[StateFilter]) -> list[GlobalProcessState]:
    # The generated call reads only each state's `.value`: an unknown one is sent as is.
    return cast(list[GlobalProcessState], states)


def state_of(number: QualifiedNumber) -> str | None:
    state = number.global_process_state
    if isinstance(state, Unset):
        return None
    return state.value if isinstance(state, GlobalProcessState) else str(state)
