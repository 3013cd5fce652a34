"""The order engine: putting numbers in hosting orders, chunk by chunk (`order_chunk`, its
decisions in `.._orders.ChunkPlan`), shared by text enablement (two published routes, under
`qualifiedNumbers:` and `hostingOrders:`, differing only in the call that creates an order:
`_text_enabling.AsyncTextEnabling`, the one `text_enable` of both resources, calls
`text_enable` here when first used) and by import orders. Each gives its chunks, the call that
creates one order, the reconciliation read that says whether a number was taken
(`_reads.read_states`, `_reads.read_imported`), and what "taken" reads as."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from sinch_qualified_numbers_api.api.qualified_numbers import (
    list_qualified_numbers,
)
from sinch_qualified_numbers_api.models import (
    GlobalProcessState,
    HostingOrder,
    ListQualifiedNumbersResponse,
    QualifiedNumber,
    RegionCode,
)
from sinch_qualified_numbers_api.types import UNSET

from .. import _arguments as arguments
from .. import _imported_numbers as imports
from .. import _orders as order_rules
from .. import _states as state_filters
from .._exceptions import (
    QualifiedNumbersError,
    could_have_acted,
)
from .._pagination import Page, page_of
from . import _reads as reads
from ._resource_context import AsyncResourceContext

if TYPE_CHECKING:
    # Only named in annotations: `_text_enabling` imports this module when first used.
    from ._text_enabling import Route

ResultT = TypeVar("ResultT", bound=order_rules.OrderBatchResult)


async def text_enable(
    context: AsyncResourceContext,
    numbers: Iterable[str],
    options: order_rules.TextEnableOptions,
    routes: tuple[Route, Route],
    on_chunk_start: Callable[[order_rules.Chunk], None] | None,
    on_chunk_done: Callable[[order_rules.ChunkOutcome], None] | None,
    known_states: Mapping[str, str] | None = None,
) -> order_rules.TextEnableResult:
    """Text-enable: `routes` creates an order for numbers that are not toll-free, then for
    toll-free ones."""
    chunks = order_rules.plan_text_enable(numbers, options, context.default_region)
    known_states = order_rules.known_states_argument(known_states)
    result = order_rules.TextEnableResult()
    if known_states is None:
        regions = list(dict.fromkeys(chunk.region_code for chunk in chunks))
        known_states = await census(context, regions, order_rules.census_pages_allowed(len(chunks)))
    if known_states:
        wanted = [n for chunk in chunks for n in chunk.numbers]
        todo = order_rules.settle_known(wanted, known_states, order_rules.TEXT_ENABLEMENT, result)
        if len(todo) != len(wanted):
            chunks = order_rules.split_into_chunks(todo, arguments.MAX_NUMBERS_PER_CALL)

    async def create_order(chunk: order_rules.Chunk) -> HostingOrder:
        body = order_rules.text_enable_body(context.project_id, chunk, options)
        route = routes[1] if chunk.toll_free else routes[0]
        return await context.read(
            lambda: route(context.project_id, client=context.api, body=body), HostingOrder
        )

    async def read(numbers: list[str]) -> dict[str, str | QualifiedNumbersError]:
        return await reads.read_states(context, numbers, reconciling=True)

    return await place_orders(
        context,
        chunks,
        create_order,
        read,
        order_rules.TEXT_ENABLEMENT,
        result,
        on_chunk_start,
        on_chunk_done,
    )


async def _not_verified_page(
    context: AsyncResourceContext, states: list[GlobalProcessState], region: str, token: str | None
) -> Page[QualifiedNumber]:
    answer = await context.read(
        lambda: list_qualified_numbers.asyncio_detailed(
            context.project_id,
            client=context.api,
            states=states,
            region_code=RegionCode(region),
            page_size=order_rules.CENSUS_PAGE_SIZE,
            page_token=UNSET if token is None else token,
        ),
        ListQualifiedNumbersResponse,
    )
    return page_of(answer.qualified_numbers, answer.next_page_token, answer.total_size)


async def census(
    context: AsyncResourceContext, regions: list[str], allowed: int
) -> dict[str, str] | None:
    """The project's numbers that are not VERIFIED in `regions` -> their state, by one paged
    listing per region, within `allowed` pages in all (`order_rules.census_worth_it`); None when it
    was not worth it or could not be read (the refusals then tell, at no loss)."""
    if allowed < 1 or not regions:
        return None
    found: dict[str, str] = {}
    pages = 0
    states = [GlobalProcessState(s) for s in order_rules.NOT_VERIFIED_STATES]
    for region in regions:
        token: str | None = None
        total: int | None = None
        region_pages = 0
        while True:
            if not order_rules.census_worth_it(total, region_pages, pages, allowed):
                return None
            try:
                page = await _not_verified_page(context, states, region, token)
            except QualifiedNumbersError:
                return None
            pages += 1
            region_pages += 1
            if total is None and page.total_size is not None:
                total = page.total_size
            for number in page.items:
                state = state_filters.state_of(number)
                if state and state != order_rules.VERIFIED:
                    found[number.phone_number] = state
            if not page.next_page_token:
                break
            token = page.next_page_token
    return found


async def import_numbers(
    context: AsyncResourceContext,
    numbers: Iterable[str],
    options: imports.ImportOptions,
    route: Route,
    on_chunk_start: Callable[[order_rules.Chunk], None] | None,
    on_chunk_done: Callable[[order_rules.ChunkOutcome], None] | None,
) -> imports.ImportResult:
    size = context.config.max_numbers_per_import_order
    chunks = imports.plan_import(numbers, options, context.default_region, size)

    async def create_order(chunk: order_rules.Chunk) -> HostingOrder:
        body = imports.import_body(context.project_id, chunk, options)
        return await context.read(
            lambda: route(context.project_id, client=context.api, body=body), HostingOrder
        )

    async def read(numbers: list[str]) -> dict[str, str | QualifiedNumbersError]:
        found = await reads.read_imported(context, numbers, reconciling=True)
        return {number: imports.import_state(was) for number, was in found.items()}

    return await place_orders(
        context,
        chunks,
        create_order,
        read,
        imports.IMPORTS,
        imports.ImportResult(),
        on_chunk_start,
        on_chunk_done,
    )


async def place_orders(
    context: AsyncResourceContext,
    chunks: list[order_rules.Chunk],
    create_order: Callable[[order_rules.Chunk], Awaitable[HostingOrder]],
    read: Callable[[list[str]], Awaitable[dict[str, str | QualifiedNumbersError]]],
    kind: order_rules.OrderKind,
    result: ResultT,
    on_chunk_start: Callable[[order_rules.Chunk], None] | None,
    on_chunk_done: Callable[[order_rules.ChunkOutcome], None] | None,
) -> ResultT:
    """Run each chunk through `order_chunk` (`max_concurrency` at once) and account for
    every number exactly once (`kind`: what differs between text enablement and imports)."""
    arguments.hook_argument("on_chunk_start", on_chunk_start)
    arguments.hook_argument("on_chunk_done", on_chunk_done)
    rounds = context.config.max_retries + 1

    async def run(chunk: order_rules.Chunk) -> order_rules.ChunkOutcome:
        return await order_chunk(chunk, kind, rounds, create_order, read)

    def done(chunk: order_rules.Chunk, outcome: order_rules.ChunkOutcome) -> None:
        if on_chunk_done is not None:
            on_chunk_done(outcome)

    with order_rules.reconcile_budget():  # one reconcile_timeout for all the chunks
        outcomes = await context.map(run, chunks, on_chunk_start, done)
    for outcome in outcomes:
        order_rules.merge(result, outcome)
    return result


async def order_chunk(
    chunk: order_rules.Chunk,
    kind: order_rules.OrderKind,
    rounds: int,
    create_order: Callable[[order_rules.Chunk], Awaitable[HostingOrder]],
    read: Callable[[list[str]], Awaitable[Mapping[str, str | QualifiedNumbersError]]],
) -> order_rules.ChunkOutcome:
    """Put one chunk in hosting orders, every number settled exactly once: `create_order`
    sends one call, `read` reads numbers' states; every decision is `order_rules.ChunkPlan`'s
    (reconciliation after a lost answer, a refusal kept to the numbers it is about, at most
    `rounds` submissions of a number)."""
    plan = order_rules.ChunkPlan(chunk, kind, rounds)
    while (part := plan.next_part()) is not None:
        try:
            order = await create_order(plan.request(part))
        except QualifiedNumbersError as error:
            if could_have_acted(error):
                doubt: order_rules.Doubt | None = order_rules.Doubt(part, error)
            else:
                named = plan.refused(part, error)
                if named:
                    unstated = plan.unstated(named)
                    plan.settle_refused(named, await read(unstated) if unstated else {})
                continue
        else:
            doubt = plan.answered(part, order)
        if doubt is not None:
            plan.reconciled(doubt, await read(doubt.part.numbers))
    return plan.outcome
