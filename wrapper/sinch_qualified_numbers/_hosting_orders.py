"""Hosting orders without I/O: argument rules, the report, and waiting for orders to finish."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

from sinch_qualified_numbers_api.models import (
    HostingOrder,
    HostingOrderNumber,
    HostingOrderState,
    HostingOrderType,
    ListHostingOrderNumbersResponse,
    ListHostingOrdersOrderBy,
    ListHostingOrdersResponse,
    ProcessStatus,
    RegionCode,
)
from sinch_qualified_numbers_api.models import (
    HostingOrderReport as ApiHostingOrderReport,
)
from sinch_qualified_numbers_api.types import UNSET, Unset

from ._exceptions import InvalidArgumentError, WaitTimeoutError
from ._pagination import Page
from ._steps import Now, Procedure, Sleep
from ._waiting import Backoff, WaitProgress, check_wait

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
    if value is None:
        return UNSET
    if isinstance(value, ProcessStatus):
        return value
    known = {state.value: state for state in ProcessStatus}
    if not isinstance(value, str) or value not in known:
        raise InvalidArgumentError(f"{name}: {value!r:.80} is not one of {', '.join(known)}")
    return known[value]


@dataclass(frozen=True)
class OrderQuery:
    states: list[HostingOrderState]
    type_: HostingOrderType
    service_plan_id: str
    campaign_id: str
    region_code: RegionCode | Unset
    order_by: ListHostingOrdersOrderBy | Unset


def _known(kind: type[T], name: str, value: object) -> T:
    """A value of one of the generated enums, checked against its known values (the enums
    themselves accept unknown values, as answers may carry them)."""
    members = {member.value: member for member in kind}  # type: ignore[attr-defined]
    if isinstance(value, kind):
        return value
    if not isinstance(value, str) or value not in members:
        raise InvalidArgumentError(f"{name}: {value!r:.80} is not one of {', '.join(members)}")
    return cast(T, members[value])


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
    chosen = list(dict.fromkeys(_known(HostingOrderState, "states", s) for s in states))
    if not chosen:
        raise InvalidArgumentError("states: give at least one hosting order state")
    if not isinstance(service_plan_id, str) or not service_plan_id.strip():
        raise InvalidArgumentError(
            f"service_plan_id must be a non-empty string, not {service_plan_id!r:.80}"
        )
    if not isinstance(campaign_id, str):
        raise InvalidArgumentError(
            f'campaign_id must be a string ("" for orders without a campaign), '
            f"not {campaign_id!r:.80}"
        )
    region: RegionCode | Unset = UNSET
    if region_code is not None:
        region = _known(RegionCode, "region_code", region_code)
    return OrderQuery(
        states=chosen,
        type_=_known(HostingOrderType, "type", type_),
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region,
        order_by=UNSET
        if order_by is None
        else _known(ListHostingOrdersOrderBy, "order_by", order_by),
    )


def orders_page(answer: ListHostingOrdersResponse) -> Page[HostingOrder]:
    items = [] if isinstance(answer.hosting_orders, Unset) else answer.hosting_orders
    token = "" if isinstance(answer.next_page_token, Unset) else answer.next_page_token
    total = None if isinstance(answer.total_size, Unset) else answer.total_size
    return Page(items, token, total)


def numbers_page(answer: ListHostingOrderNumbersResponse) -> Page[HostingOrderNumber]:
    items = [] if isinstance(answer.numbers, Unset) else answer.numbers
    token = "" if isinstance(answer.next_page_token, Unset) else answer.next_page_token
    total = None if isinstance(answer.total_size, Unset) else answer.total_size
    return Page(items, token, total)


# -- waiting for orders ---------------------------------------------------------------------

#: The states an order ends in.
FINAL_STATES = ("COMPLETED", "REJECTED")


@dataclass(frozen=True)
class ReadOrders:
    """Read these orders (one GET each); the answer maps each ID to its `HostingOrder`."""

    order_ids: list[str]


OrderWaitStep = ReadOrders | Sleep | Now


@dataclass
class OrderWaiter:
    order_ids: list[str]
    states: frozenset[str]
    timeout: float
    backoff: Backoff
    on_poll: Callable[[WaitProgress[HostingOrder]], None] | None = None
    arrived: dict[str, HostingOrder] = field(default_factory=dict)
    last: dict[str, str | None] = field(default_factory=dict)

    @property
    def pending(self) -> list[str]:
        return [o for o in self.order_ids if o not in self.arrived]

    def see(self, order_id: str, order: HostingOrder) -> None:
        state = None if isinstance(order.state, Unset) else str(order.state)
        self.last[order_id] = state
        if state in self.states:
            self.arrived[order_id] = order


def order_wait_arguments(
    hosting_order_ids: Iterable[str],
    states: Iterable[str],
    timeout: float,
    poll_interval: float,
    on_poll: Callable[[WaitProgress[HostingOrder]], None] | None,
) -> OrderWaiter:
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
    return OrderWaiter(ids, frozenset(str(s) for s in chosen), seconds, Backoff(interval), on_poll)


def wait_for_orders(waiter: OrderWaiter) -> Procedure[OrderWaitStep, dict[str, HostingOrder]]:
    """Read every pending order each round until all are in a wanted state."""
    start = cast(float, (yield Now()))
    while True:
        found = cast(Mapping[str, HostingOrder], (yield ReadOrders(waiter.pending)))
        for key, order in found.items():
            waiter.see(key, order)
        elapsed = cast(float, (yield Now())) - start
        if waiter.on_poll is not None:
            waiter.on_poll(WaitProgress(dict(waiter.arrived), waiter.pending, elapsed))
        if not waiter.pending:
            return {o: waiter.arrived[o] for o in waiter.order_ids}
        remaining = waiter.timeout - elapsed
        if remaining <= 0:
            late = {o: waiter.last.get(o) for o in waiter.pending}
            raise WaitTimeoutError(late, waiter.timeout, what="hosting orders")
        yield Sleep(waiter.backoff.next_sleep(remaining))
