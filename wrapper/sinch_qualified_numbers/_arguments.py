"""Argument rules of single calls, shared by the sync and async resources; no I/O here: each
argument checked before any request (a typed error naming the bad value), and the request
bodies of listing and adding built from them."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sinch_qualified_numbers_api.models import AddQualifiedNumbersRequest, OrderBy, RegionCode
from sinch_qualified_numbers_api.types import UNSET, Unset

from ._exceptions import InvalidArgumentError
from ._phone import parse_phone_numbers
from ._states import CONCRETE_STATES, StateFilter, state_filter

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

#: The service's limit per text-enable call; `add` keeps the same bound.
MAX_NUMBERS_PER_CALL = 500


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
