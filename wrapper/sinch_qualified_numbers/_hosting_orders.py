"""Hosting orders: argument rules and the report, shared by the sync and async resources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sinch_qualified_numbers_api.models import (
    HostingOrderNumber,
    ListHostingOrderNumbersResponse,
    ProcessStatus,
)
from sinch_qualified_numbers_api.models import (
    HostingOrderReport as ApiHostingOrderReport,
)
from sinch_qualified_numbers_api.types import UNSET, Unset

from ._exceptions import InvalidArgumentError
from ._pagination import Page

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


def numbers_page(answer: ListHostingOrderNumbersResponse) -> Page[HostingOrderNumber]:
    items = [] if isinstance(answer.numbers, Unset) else answer.numbers
    token = "" if isinstance(answer.next_page_token, Unset) else answer.next_page_token
    total = None if isinstance(answer.total_size, Unset) else answer.total_size
    return Page(items, token, total)
