"""Hosting orders without I/O: argument rules, the report, and waiting for orders to finish."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from sinch_qualified_numbers_api.models import (
    HostingOrder,
    HostingOrderState,
    HostingOrderType,
    OrderBy,
    ProcessStatus,
    RegionCode,
)
from sinch_qualified_numbers_api.models import (
    HostingOrderReport as ApiHostingOrderReport,
)
from sinch_qualified_numbers_api.types import UNSET, Unset

from ._arguments import enum_argument, link_filters, order_by_argument
from ._exceptions import InvalidArgumentError
from ._waiting import Waiter, WaitProgress, check_wait, poll_intervals

T = TypeVar("T")
_ORDER_ID = re.compile(r"[0-9A-Za-z_-]{1,128}")


@dataclass(frozen=True)
class HostingOrderReport:
    """How many of an order's numbers went through each step. The service leaves a count of
    0 out of its answer: here an absent count is 0, so the counts always add up."""

    total: int
    osr_updated: int
    sms_provisioned: int
    added_to_campaign: int
    ongoing_manual_action: int


def report(answer: ApiHostingOrderReport) -> HostingOrderReport:
    def count(value: int | Unset) -> int:
        return 0 if isinstance(value, Unset) else int(value)

    return HostingOrderReport(
        total=count(answer.total),
        osr_updated=count(answer.osr_updated),
        sms_provisioned=count(answer.sms_provisioned),
        added_to_campaign=count(answer.added_to_campaign),
        ongoing_manual_action=count(answer.ongoing_manual_action),
    )


def order_id(value: object) -> str:
    """A hosting order ID as a text-enable call answered it (letters, digits, `-`, `_`)."""
    if not isinstance(value, str) or not _ORDER_ID.fullmatch(value):
        raise InvalidArgumentError(
            f"hosting_order_id must be the ID of a hosting order (letters, digits, - and _), "
            f"not {value!r:.80}"
        )
    return value


def step_state(name: str, value: object) -> ProcessStatus | Unset:
    """A filter on one step's state: None for any, else one of `ProcessStatus`."""
    return UNSET if value is None else enum_argument(ProcessStatus, value, name)


@dataclass(frozen=True)
class OrderQuery:
    states: list[HostingOrderState]
    type_: HostingOrderType
    service_plan_id: str
    campaign_id: str
    region_code: RegionCode | Unset
    order_by: OrderBy | Unset


def order_query(
    states: object,
    type_: object,
    service_plan_id: object,
    campaign_id: object,
    region_code: object,
    order_by: object,
) -> OrderQuery:
    if isinstance(states, str | HostingOrderState):
        states = [states]
    if not isinstance(states, Iterable) or isinstance(states, Mapping):
        raise InvalidArgumentError(f"states: {states!r:.80} is not a list of order states")
    chosen = list(dict.fromkeys(enum_argument(HostingOrderState, s, "states") for s in states))
    if not chosen:
        raise InvalidArgumentError("states: give at least one hosting order state")
    plan, campaign = link_filters(service_plan_id, campaign_id, "orders")
    region: RegionCode | Unset = UNSET
    if region_code is not None:
        region = enum_argument(RegionCode, region_code, "region_code")
    return OrderQuery(
        states=chosen,
        type_=enum_argument(HostingOrderType, type_, "type"),
        service_plan_id=plan,
        campaign_id=campaign,
        region_code=region,
        order_by=order_by_argument(order_by),
    )


# -- waiting for orders ---------------------------------------------------------------------

#: The states an order ends in.
FINAL_STATES = ("COMPLETED", "REJECTED")


def order_state(order: HostingOrder) -> str | None:
    return None if isinstance(order.state, Unset) else str(order.state)


def order_wait_arguments(
    hosting_order_ids: Iterable[str],
    states: Iterable[str],
    timeout: float,
    poll_interval: float,
    on_poll: Callable[[WaitProgress[HostingOrder]], None] | None,
) -> Waiter[HostingOrder]:
    if isinstance(hosting_order_ids, str | bytes) or not isinstance(hosting_order_ids, Iterable):
        raise InvalidArgumentError(
            f"hosting_order_ids must be a list of hosting order IDs, not {hosting_order_ids!r:.80}"
        )
    ids = list(dict.fromkeys(order_id(value) for value in hosting_order_ids))
    if not ids:
        raise InvalidArgumentError("hosting_order_ids is empty")
    known = {state.value for state in HostingOrderState}
    chosen: list[object] = (
        [states]
        if isinstance(states, str)
        else list(states)
        if isinstance(states, Iterable)
        else []
    )
    wrong = [s for s in chosen if not isinstance(s, str) or s not in known]
    if not chosen or wrong:
        raise InvalidArgumentError(
            f"states must be hosting order states ({', '.join(sorted(known))}), "
            f"not {wrong or states!r:.80}"
        )
    seconds, interval = check_wait(timeout, poll_interval, on_poll)
    return Waiter(
        ids,
        frozenset(str(s) for s in chosen),
        frozenset(FINAL_STATES),
        seconds,
        poll_intervals(interval),
        order_state,
        str,
        on_poll,
        what="hosting orders",
    )
