# Generated from _async/_text_enabling.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""Text enablement's bulk run, shared by `qualified_numbers.text_enable` and
`hosting_orders.text_enable`: Sinch publishes two routes to the same thing (under
`qualifiedNumbers:` and under `hostingOrders:`), which differ only in the call that creates an
order, so that call is the one thing each resource gives."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sinch_qualified_numbers_api.api.qualified_numbers import get_qualified_number
from sinch_qualified_numbers_api.models import HostingOrder, QualifiedNumber
from sinch_qualified_numbers_api.types import Response

from .. import _calls as calls
from .. import _text_enable as bulk
from .._concurrency import sleep
from .._exceptions import QualifiedNumbersError
from ._drive import drive
from ._session import SyncSession

#: A generated `sync_detailed` of one of the routes (`project_id, *, client, body`).
Route = Callable[..., Response[Any]]


def text_enable(
    session: SyncSession,
    numbers: Iterable[str],
    options: bulk.TextEnableOptions,
    routes: tuple[Route, Route],
    on_chunk_start: Callable[[bulk.Chunk], None] | None,
    on_chunk_done: Callable[[bulk.ChunkOutcome], None] | None,
) -> bulk.TextEnableResult:
    """Plan the chunks, run each through `bulk.enable_chunk` (`max_concurrency` at once), and
    account for every number exactly once. `routes` creates an order for numbers that are not
    toll-free, then for toll-free ones."""

    def create_order(chunk: bulk.Chunk) -> HostingOrder:
        body = bulk.text_enable_body(session.project_id, chunk, options)
        route = routes[1] if chunk.toll_free else routes[0]
        return calls.read(
            lambda: route(session.project_id, client=session.api, body=body), HostingOrder
        )

    chunks = bulk.plan_text_enable(numbers, options, session.default_region)
    calls.hook_argument("on_chunk_start", on_chunk_start)
    calls.hook_argument("on_chunk_done", on_chunk_done)
    rounds = session.config.max_retries + 1

    def io(step: bulk.EnableStep) -> object:
        if isinstance(step, bulk.Submit):
            return create_order(step.chunk)
        return read_states(session, step.numbers)

    def run(chunk: bulk.Chunk) -> bulk.ChunkOutcome:
        return drive(bulk.enable_chunk(chunk, rounds), io)

    def done(chunk: bulk.Chunk, outcome: bulk.ChunkOutcome) -> None:
        if on_chunk_done is not None:
            on_chunk_done(outcome)

    result = bulk.TextEnableResult()
    for outcome in session.map(run, chunks, on_chunk_start, done):
        bulk.merge(result, outcome)
    return result


def read_states(
    session: SyncSession, phone_numbers: Iterable[str]
) -> dict[str, str | QualifiedNumbersError]:
    """Each number's current state (`""` if the service gave none) or the error that prevented
    reading it; one GET per number, `max_concurrency` at once, transient errors retried."""
    numbers = calls.numbers_argument(phone_numbers, session.default_region, "phone_numbers")

    def one(number: str) -> str | QualifiedNumbersError:
        # Reads are safe to repeat, and a wrong answer here would misreport a number.
        for attempt in range(bulk.RECONCILE_READS):
            try:
                found = session.read_about(
                    number,
                    lambda: get_qualified_number.sync_detailed(
                        session.project_id, number, client=session.api
                    ),
                    QualifiedNumber,
                )
                return calls.state_of(found) or ""
            except QualifiedNumbersError as error:
                if not bulk.is_transient(error) or attempt == bulk.RECONCILE_READS - 1:
                    return error
                sleep(bulk.reconcile_pause(attempt))
        raise AssertionError("unreachable")

    return dict(zip(numbers, session.map(one, numbers), strict=True))
