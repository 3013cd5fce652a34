# Generated from _async/_reads.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""Reading numbers one GET each: their states (`read_states`), whether they are imported
(`read_imported`), any per-number read (`read_each`: `max_concurrency` at once, in rounds, transient
errors asked again) and one read asked again (`read_with_retries`). The reads after a lost
answer (`reconciling`) stop at the operation's one `reconcile_timeout`
(`.._orders.reconcile_budget`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sinch_qualified_numbers_api.api.imported_numbers import get_imported_number
from sinch_qualified_numbers_api.api.qualified_numbers import get_qualified_number
from sinch_qualified_numbers_api.models import ImportedNumber, QualifiedNumber
from sinch_qualified_numbers_api.types import Response

from .. import _arguments as arguments
from .. import _concurrency as concurrency
from .. import _orders as order_rules
from .. import _states as state_filters
from .._concurrency import sleep
from .._exceptions import APITimeoutError, NotFoundError, QualifiedNumbersError
from ._resource_context import ResourceContext

#: A generated `sync_detailed` of a GET of one number (`project_id, number, *, client`).
NumberRoute = Callable[..., Response[Any]]

T = TypeVar("T")
R = TypeVar("R")


def read_with_retries(
    read: Callable[[], T], deadline: float | None = None
) -> T | QualifiedNumbersError:
    """A safe read, asked again while the error is transient: a wrong answer here would
    misreport a number. Not asked again once `deadline` (`_concurrency.monotonic()`) would pass: the
    error is returned (the number stays unknown) instead of minutes of retries against a
    service that died. `deadline` is on `_concurrency.monotonic`."""
    for attempt in range(order_rules.RECONCILE_READS):
        try:
            return read()
        except QualifiedNumbersError as error:
            pause = order_rules.reconcile_pause(attempt)
            if not order_rules.is_transient(error) or attempt == order_rules.RECONCILE_READS - 1:
                return error
            if deadline is not None and concurrency.monotonic() + pause >= deadline:
                return error
            sleep(pause)
    raise AssertionError("unreachable")


def _deadline(bound: float) -> float:
    return order_rules.budget_deadline(bound, concurrency.monotonic)


#: Transient read failures in a row that stop a round of reads (at least; `max_concurrency`
#: when larger, as that many reads are in flight when the service stops answering).
STALL_AFTER = 4


def read_each(
    context: ResourceContext,
    phone_numbers: Iterable[str],
    get: Callable[[str], T],
    answer: Callable[[T], R],
    reconciling: bool = False,
) -> dict[str, R | QualifiedNumbersError]:
    """`answer(get(number))` for each number, or the error that prevented reading it: one read
    per number, `max_concurrency` at once, in rounds: a number whose read failed transiently
    is asked again in the next round, after one pause (`order_rules.reconcile_pause`), at most
    `RECONCILE_READS` times.

    `reconciling` (the reads after a lost answer): only until `reconcile_timeout` has passed
    since the operation's first reconciliation read (`reconcile_budget`); a number not read
    by then is not asked (`APITimeoutError`, or its last read's error: it stays unknown). And
    a round stops sending once `STALL_AFTER` (or `max_concurrency`) reads in a row failed
    transiently (a 503, a timeout): the reads not begun wait for the next round instead of
    each being refused and retried in turn, so a service that cannot answer costs a few reads
    per round, not one per number, while one that fails some reads gets the rest read."""
    numbers = arguments.numbers_argument(phone_numbers, context.default_region, "phone_numbers")
    bound = context.config.reconcile_timeout
    deadline = _deadline(bound) if reconciling else None
    found: dict[str, R | QualifiedNumbersError] = {}
    attempts = dict.fromkeys(numbers, 0)
    todo = list(numbers)
    failing_rounds = 0
    stall_after = max(STALL_AFTER, context.config.max_concurrency)
    while todo:
        if failing_rounds:
            pause = order_rules.reconcile_pause(failing_rounds - 1)
            if deadline is not None and concurrency.monotonic() + pause >= deadline:
                break
            sleep(pause)
        # The round stops once reads fail one after another (a service that cannot answer),
        # not at the first failure: a service failing some reads still gets the rest read.
        failing_in_a_row = 0

        def one(number: str) -> R | QualifiedNumbersError | None:
            nonlocal failing_in_a_row
            stalled = failing_in_a_row >= stall_after
            if deadline is not None and (stalled or concurrency.monotonic() >= deadline):
                return None  # not begun: the next round (or unknown, past the bound)
            attempts[number] += 1
            try:
                got = answer(get(number))
            except QualifiedNumbersError as error:
                if order_rules.is_transient(error):
                    failing_in_a_row += 1
                return error
            failing_in_a_row = 0
            return got

        results = context.map(one, todo)
        again = []
        for number, got in zip(todo, results, strict=True):
            if got is not None:
                found[number] = got
            transient = got is None or (
                isinstance(got, QualifiedNumbersError) and order_rules.is_transient(got)
            )
            if transient and attempts[number] < order_rules.RECONCILE_READS:
                again.append(number)
        failing_rounds = failing_rounds + 1 if again else 0
        todo = again
        if deadline is not None and concurrency.monotonic() >= deadline:
            break
    for number in numbers:
        if number not in found:
            found[number] = APITimeoutError(
                f"{number} was not read: reconcile_timeout ({bound:g} s) passed",
                method="GET",
                request_sent=False,
            )
    return {number: found[number] for number in numbers}


def _get_number(context: ResourceContext, number: str, route: NumberRoute, expected: type[T]) -> T:
    """One GET of the reads above: one number (E.164 already) through `route`, its error
    naming the number. (A resource's own `get` asks the resource context itself.)"""
    return context.read_about(
        number, lambda: route(context.project_id, number, client=context.api), expected
    )


def read_states(
    context: ResourceContext, phone_numbers: Iterable[str], reconciling: bool = False
) -> dict[str, str | QualifiedNumbersError]:
    """Each number's current state (`""` if the service gave none) or the error that prevented
    reading it; one GET per number, `max_concurrency` at once, transient errors retried
    (`reconciling`: within `reconcile_timeout`, see `read_each`)."""
    found = read_numbers(context, phone_numbers, reconciling)
    return {
        number: read
        if isinstance(read, QualifiedNumbersError)
        else state_filters.state_of(read) or ""
        for number, read in found.items()
    }


def read_numbers(
    context: ResourceContext, phone_numbers: Iterable[str], reconciling: bool = False
) -> dict[str, QualifiedNumber | QualifiedNumbersError]:
    """Each number's record or the error that prevented reading it, read as `read_each` reads."""

    def get(number: str) -> QualifiedNumber:
        return _get_number(context, number, get_qualified_number.sync_detailed, QualifiedNumber)

    return read_each(context, phone_numbers, get, lambda found: found, reconciling)


def read_imported(
    context: ResourceContext, phone_numbers: Iterable[str], reconciling: bool = False
) -> dict[str, bool | QualifiedNumbersError]:
    """Whether each number is an imported number of the project (False: the service answers
    404) or the error that prevented reading it; one GET per number, `max_concurrency` at
    once, transient errors retried."""

    def get(number: str) -> bool:
        try:
            _get_number(context, number, get_imported_number.sync_detailed, ImportedNumber)
        except NotFoundError:
            return False
        return True

    return read_each(context, phone_numbers, get, lambda found: found, reconciling)
