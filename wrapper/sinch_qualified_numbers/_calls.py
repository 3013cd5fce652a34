"""The rules of single calls, shared by the sync and async resources; no I/O here.

Argument checks, request bodies for listing and adding, and reading the generated client's
answers (error statuses never reach it: the transport raises them as typed exceptions).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sinch_qualified_numbers_api.models import (
    AddQualifiedNumbersRequest,
    GlobalProcessState,
    OrderBy,
    QualifiedNumber,
    RegionCode,
)
from sinch_qualified_numbers_api.types import UNSET, Response, Unset

from ._exceptions import (
    APIResponseValidationError,
    APIStatusError,
    InvalidArgumentError,
    QualifiedNumbersError,
)
from ._pagination import Page
from ._phone import parse_phone_numbers
from ._transport import answered

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

#: The service's limit per text-enable call; `add` keeps the same bound.
MAX_NUMBERS_PER_CALL = 500

#: The ten states a number can be in: what `list()` asks for when given no states
#: (`GLOBAL_PROCESS_STATE_UNSPECIFIED` is a valid filter, but no resource is ever in it).
CONCRETE_STATES = tuple(
    state
    for state in GlobalProcessState
    if state is not GlobalProcessState.GLOBAL_PROCESS_STATE_UNSPECIFIED
)


def unreadable(exc: Exception) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"The service's answer could not be read ({type(exc).__name__}: {exc}).",
        status_code=200,
        body=b"",
    )


@contextlib.contextmanager
def answer_guard(*, tolerate_unreadable: bool = False) -> Iterator[None]:
    """Around one generated call: a ValueError/KeyError/TypeError raised once the service
    answered is an unreadable answer (`APIResponseValidationError`, or ignored for a call whose
    answer carries nothing); raised before, it is a bug building the request and propagates as
    it is. Error statuses never get here: the transport raises them as typed exceptions."""
    seen = [False]
    token = answered.set(seen)
    try:
        yield
    except QualifiedNumbersError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        # RecursionError: an answer nested past Python's limit (`[[[[...`).
        if not seen[0]:
            raise
        if not tolerate_unreadable:
            raise unreadable(exc) from None
    finally:
        answered.reset(token)


def check(response: Response[Any], expected: type[T]) -> T:
    parsed = response.parsed
    if not isinstance(parsed, expected):
        raise APIResponseValidationError(
            f"Expected a {expected.__name__} from the service, got {type(parsed).__name__}.",
            status_code=int(response.status_code),
            body=response.content[:2000],
        )
    return parsed


def with_subject(error: APIStatusError, subject: str) -> APIStatusError:
    # Kept beside one set earlier (the token endpoint that refused the key, say).
    error.subject = f"{subject}; {error.subject}" if error.subject else subject
    return error


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


@dataclass(frozen=True)
class ListQuery:
    states: list[StateFilter]
    region_code: RegionCode | Unset
    page_size: int | Unset
    order_by: OrderBy | Unset


def optional_text(name: str, value: object) -> str | None:
    """None, or a string (an int where a campaign ID belongs is a caller's bug: say so)."""
    if value is None or isinstance(value, str):
        return value
    raise InvalidArgumentError(f"{name} must be a string, not {type(value).__name__} {value!r:.80}")


def optional_time(name: str, value: object) -> dt.datetime | None:
    """None, or a timezone-aware datetime (a naive one has no defined instant)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise InvalidArgumentError(
            f"{name} must be a timezone-aware datetime, not {type(value).__name__} {value!r:.80}"
        )
    return value


def enum_argument(kind: type[E], value: object, name: str) -> E:
    """A member of a generated enum, given as itself or its value; anything else is refused
    before any request, naming the known values."""
    if isinstance(value, kind):
        return value
    try:
        member: E = kind(value)
    except (ValueError, TypeError):  # TypeError: an unhashable value
        allowed = ", ".join(str(v.value) for v in kind)
        raise InvalidArgumentError(f"{name}: {value!r:.80} is not one of {allowed}") from None
    return member


def order_by_argument(order_by: object) -> OrderBy | Unset:
    """`createdTime` or `updatedTime`: what Sinch publishes for every listing (None: the
    service's default order)."""
    return UNSET if order_by is None else enum_argument(OrderBy, order_by, "order_by")


def link_filters(service_plan_id: object, campaign_id: object, what: str) -> tuple[str, str]:
    """The two filters Sinch documents as required on the listings of hosting orders and of
    imported numbers: a service plan (non-empty) and a campaign (`""` = without one)."""
    if not isinstance(service_plan_id, str) or not service_plan_id.strip():
        raise InvalidArgumentError(
            f"service_plan_id must be a non-empty string, not {service_plan_id!r:.80}"
        )
    if not isinstance(campaign_id, str):
        raise InvalidArgumentError(
            f'campaign_id must be a string ("" for {what} without a campaign), '
            f"not {campaign_id!r:.80}"
        )
    return service_plan_id, campaign_id


def page_size_argument(page_size: object) -> int | Unset:
    if page_size is None:
        return UNSET
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size < 2**31:
        raise InvalidArgumentError(f"page_size must be an integer >= 1, not {page_size!r:.80}")
    return page_size


def page_of(items: list[T] | Unset, token: str | Unset, total: int | Unset) -> Page[T]:
    """A page of any listing answer: proto3 leaves out an empty list, the last page's token
    and a total of 0."""
    return Page(
        [] if isinstance(items, Unset) else items,
        "" if isinstance(token, Unset) else token,
        total_size(total),
    )


def total_size(total: object) -> int | None:
    """A listing's `totalSize`: None when absent, else a non-negative integer (proto3 JSON may
    write an integer as a decimal string). Anything else is an unreadable answer, never passed
    on as a count."""
    if isinstance(total, Unset) or total is None:
        return None
    if isinstance(total, int) and not isinstance(total, bool) and total >= 0:
        return total
    if isinstance(total, str) and total.isascii() and total.isdigit():
        return int(total)
    raise APIResponseValidationError(
        f"The service's totalSize is not a count: {total!r:.40}.", status_code=200, body=b""
    )


def answer_about(subject: str, answer: T) -> T:
    """The answer to a call about one number (`subject`) must be that number's record:
    another number's (a connection shared across a fork answering another request, a cache) is
    an unreadable answer, never that number's success. An answer without a `phone_number` (an
    order's), or with proto3's empty default, names no number."""
    found = getattr(answer, "phone_number", None)
    if isinstance(found, str) and found and found != subject:
        raise APIResponseValidationError(
            f"The service answered about {found!r:.40} to a call about {subject}.",
            status_code=200,
            body=b"",
        )
    return answer


def list_query(
    states: Iterable[StateFilter | str] | StateFilter | str | None,
    region_code: str | None,
    page_size: int | None,
    order_by: str | None,
) -> ListQuery:
    if states is None:
        chosen: list[StateFilter] = list(CONCRETE_STATES)
    else:
        if not isinstance(states, str | Iterable) or isinstance(states, bytes | Mapping):
            raise InvalidArgumentError(f"states: {states!r:.80} is not a state or a list of them")
        items = [states] if isinstance(states, str) else list(states)
        if not items:
            raise InvalidArgumentError("states: give at least one state (or None for all)")
        chosen = []
        for item in items:
            state = state_filter(item)
            if state not in chosen:
                chosen.append(state)
    size = page_size_argument(page_size)
    return ListQuery(
        states=chosen,
        region_code=UNSET
        if region_code is None
        else enum_argument(RegionCode, region_code, "region_code"),
        page_size=size,
        order_by=order_by_argument(order_by),
    )


def add_requests(
    phone_numbers: Iterable[str], default_region: str
) -> list[AddQualifiedNumbersRequest]:
    numbers = numbers_argument(phone_numbers, default_region, "phone_numbers")
    return [
        AddQualifiedNumbersRequest(phone_numbers=numbers[i : i + MAX_NUMBERS_PER_CALL])
        for i in range(0, len(numbers), MAX_NUMBERS_PER_CALL)
    ]


def numbers_argument(values: Iterable[str], default_region: str, name: str) -> list[str]:
    if isinstance(values, str | bytes | bytearray):
        raise InvalidArgumentError(
            f"{name} must be a list of numbers, not a single string {values!r}"
        )
    if isinstance(values, Mapping) or not isinstance(values, Iterable):
        raise InvalidArgumentError(
            f"{name} must be a list of numbers, not {type(values).__name__} {values!r:.80}"
        )
    # Empty is no error: every bulk method answers an empty input with an empty result, so a
    # pipeline needs no guard before each call.
    return parse_phone_numbers(values, default_region=default_region).raise_for_invalid()


def state_of(number: QualifiedNumber) -> str | None:
    state = number.global_process_state
    if isinstance(state, Unset):
        return None
    return state.value if isinstance(state, GlobalProcessState) else str(state)


def required_text(name: str, value: object) -> str:
    """A required string argument that may not be empty or blank."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{name} is required (a non-empty string, not {value!r:.80})")
    return value


def or_unset(value: T | None) -> T | Unset:
    """An optional request field: None (not given) is left out of the body."""
    return UNSET if value is None else value


def hook_argument(name: str, hook: object) -> None:
    """A hook must be callable (or None): said before anything is sent."""
    if hook is not None and not callable(hook):
        raise InvalidArgumentError(f"{name} must be callable, not {hook!r:.80}")
