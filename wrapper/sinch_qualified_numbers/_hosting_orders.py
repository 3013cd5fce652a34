"""Hosting orders without I/O: argument rules, the report, and waiting for orders to finish."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar, cast

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

from ._calls import enum_argument, link_filters, order_by_argument
from ._exceptions import InvalidArgumentError, UnreachableStateError, WaitTimeoutError
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
    #: Orders in a final state that is not wanted (`REJECTED` while waiting for `COMPLETED`).
    ended: dict[str, HostingOrder] = field(default_factory=dict)

    @property
    def pending(self) -> list[str]:
        return [o for o in self.order_ids if o not in self.arrived and o not in self.ended]

    def see(self, order_id: str, order: HostingOrder) -> None:
        state = None if isinstance(order.state, Unset) else str(order.state)
        self.last[order_id] = state
        if state in self.states:
            self.arrived[order_id] = order
        elif state in FINAL_STATES:
            self.ended[order_id] = order

    def final(self) -> dict[str, str]:
        return {o: str(self.last.get(o)) for o in self.order_ids if o in self.ended}


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
    """Read every pending order each round until all are in a wanted state; an order that
    ended in another final state stops being waited for (`UnreachableStateError` at the end)."""
    start = cast(float, (yield Now()))
    while True:
        found = cast(Mapping[str, HostingOrder], (yield ReadOrders(waiter.pending)))
        for key, order in found.items():
            waiter.see(key, order)
        elapsed = cast(float, (yield Now())) - start
        if waiter.on_poll is not None:
            waiter.on_poll(
                WaitProgress(dict(waiter.arrived), waiter.pending, elapsed, dict(waiter.ended))
            )
        arrived = {o: waiter.arrived[o] for o in waiter.order_ids if o in waiter.arrived}
        if not waiter.pending:
            if waiter.ended:
                raise UnreachableStateError(
                    waiter.final(), waiter.ended, arrived, what="hosting orders"
                )
            return arrived
        remaining = waiter.timeout - elapsed
        if remaining <= 0:
            late = {o: waiter.last.get(o) for o in waiter.pending}
            raise WaitTimeoutError(
                late, waiter.timeout, what="hosting orders", final=waiter.final(), arrived=arrived
            )
        yield Sleep(waiter.backoff.next_sleep(remaining))
