"""`client.hosting_orders`: create hosting orders (text enablement, inherited from the bulk-order
engine, and import orders) and follow them: list, get, report, their numbers, wait."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sinch_qualified_numbers_api.api.hosting_orders import (
    create_text_enable_hosting_order,
    create_toll_free_text_enable_hosting_order,
    get_hosting_order,
    get_hosting_order_number,
    get_hosting_order_report,
    import_numbers,
    list_hosting_order_numbers,
    list_hosting_orders,
)
from sinch_qualified_numbers_api.models import (
    HostingOrder,
    HostingOrderNumber,
    ListHostingOrderNumbersResponse,
    ListHostingOrdersResponse,
)
from sinch_qualified_numbers_api.models import (
    HostingOrderReport as ApiHostingOrderReport,
)
from sinch_qualified_numbers_api.types import UNSET

from .. import _arguments as arguments
from .. import _concurrency as concurrency
from .. import _extras as extras
from .. import _hosting_orders as rules
from .. import _orders as order_rules
from .._concurrency import asleep
from .._extras import Body, Headers, Query
from .._imported_numbers import ImportOptions, ImportResult
from .._pagination import Page, page_of
from .._phone import normalize_phone_number
from .._waiting import WaitProgress
from . import _order_engine as order_engine
from ._pagination import AsyncPager
from ._resource_context import AsyncResourceContext
from ._text_enabling import AsyncTextEnabling, Route
from ._waiting import wait


class AsyncHostingOrders(AsyncTextEnabling):
    """The hosting orders of one project."""

    @staticmethod
    def _text_enable_routes() -> tuple[Route, Route]:
        return (
            create_text_enable_hosting_order.asyncio_detailed,
            create_toll_free_text_enable_hosting_order.asyncio_detailed,
        )

    def __init__(self, context: AsyncResourceContext) -> None:
        self._context = context

    @extras.accepted
    def list(
        self,
        *,
        states: Iterable[str] | str,
        type: str,
        service_plan_id: str,
        campaign_id: str,
        region_code: str | None = None,
        order_by: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AsyncPager[HostingOrder]:
        """The project's orders matching the filters, fetched lazily as iterated.

        Sinch documents all four of `states`, `type` (`TYPE_TEXT_ENABLE` for the orders
        text enablement creates), `service_plan_id` and `campaign_id` as required, so they
        are keyword arguments without defaults: a call the service would refuse cannot be
        written. `campaign_id=""` selects the orders made without a campaign.
        """
        query = rules.order_query(states, type, service_plan_id, campaign_id, region_code, order_by)
        size = arguments.page_size_argument(page_size)
        context = self._context

        async def fetch(token: str | None) -> Page[HostingOrder]:
            answer = await self._context.read(
                lambda: list_hosting_orders.asyncio_detailed(
                    context.project_id,
                    client=context.api,
                    states=query.states,
                    type_=query.type_,
                    service_plan_id=query.service_plan_id,
                    campaign_id=query.campaign_id,
                    region_code=query.region_code,
                    order_by=query.order_by,
                    page_size=size,
                    page_token=UNSET if token is None else token,
                ),
                ListHostingOrdersResponse,
            )
            return page_of(answer.hosting_orders, answer.next_page_token, answer.total_size)

        return AsyncPager(fetch, limit=limit)

    @extras.accepted
    async def get(
        self,
        hosting_order_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> HostingOrder:
        """The order and its current `state` (`IN_PROGRESS`, then `COMPLETED` or `REJECTED`)."""
        order = rules.order_id(hosting_order_id)
        context = self._context
        return await context.read_about(
            order,
            lambda: get_hosting_order.asyncio_detailed(
                context.project_id, order, client=context.api
            ),
            HostingOrder,
        )

    @extras.accepted
    async def report(
        self,
        hosting_order_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> rules.HostingOrderReport:
        """How many of the order's numbers went through each step (absent counts are 0)."""
        order = rules.order_id(hosting_order_id)
        context = self._context
        answer = await context.read_about(
            order,
            lambda: get_hosting_order_report.asyncio_detailed(
                context.project_id, order, client=context.api
            ),
            ApiHostingOrderReport,
        )
        return rules.report(answer)

    @extras.accepted
    def numbers(
        self,
        hosting_order_id: str,
        *,
        osr_update_state: str | None = None,
        campaign_provisioning_state: str | None = None,
        platform_provisioning_state: str | None = None,
        order_by: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AsyncPager[HostingOrderNumber]:
        """The order's numbers with the state of each step, fetched lazily as iterated; the
        state filters take `WAITING`, `IN_PROGRESS`, `DONE`, `FAILED`...; `order_by` is
        `createdTime` or `updatedTime` (as for every listing)."""
        order = rules.order_id(hosting_order_id)
        osr = rules.step_state("osr_update_state", osr_update_state)
        campaign = rules.step_state("campaign_provisioning_state", campaign_provisioning_state)
        platform = rules.step_state("platform_provisioning_state", platform_provisioning_state)
        order_by_ = arguments.order_by_argument(order_by)
        size = arguments.page_size_argument(page_size)
        context = self._context

        async def fetch(token: str | None) -> Page[HostingOrderNumber]:
            answer = await self._context.read(
                lambda: list_hosting_order_numbers.asyncio_detailed(
                    context.project_id,
                    order,
                    client=context.api,
                    page_size=size,
                    page_token=UNSET if token is None else token,
                    osr_update_state=osr,
                    campaign_provisioning_state=campaign,
                    platform_provisioning_state=platform,
                    order_by=order_by_,
                ),
                ListHostingOrderNumbersResponse,
            )
            return page_of(answer.numbers, answer.next_page_token, answer.total_size)

        return AsyncPager(fetch, limit=limit)

    @extras.accepted
    async def number(
        self,
        hosting_order_id: str,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> HostingOrderNumber:
        """One number of the order, with the state of each step."""
        order = rules.order_id(hosting_order_id)
        phone = normalize_phone_number(phone_number, default_region=self._context.default_region)
        context = self._context
        return await context.read_about(
            phone,
            lambda: get_hosting_order_number.asyncio_detailed(
                context.project_id, order, phone, client=context.api
            ),
            HostingOrderNumber,
        )

    @extras.accepted
    async def import_numbers(
        self,
        numbers: Iterable[str],
        *,
        service_plan_id: str,
        campaign_id: str | None = None,
        region_code: str | None = None,
        display_name: str | None = None,
        callback_url: str | None = None,
        migrate_to_sinch_tmo: bool | None = None,
        on_chunk_start: Callable[[order_rules.Chunk], None] | None = None,
        on_chunk_done: Callable[[order_rules.ChunkOutcome], None] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> ImportResult:
        """Import numbers through hosting orders: grouped by region, at most
        `max_numbers_per_import_order` (a client setting, Sinch's default 5) per call,
        `max_concurrency` calls at once.

        Nothing is raised for a failed call: the result accounts for every number exactly once
        (`imported` or `failed`); after an ambiguous failure the numbers are read before
        anything is sent again, so no number is submitted twice. The hooks are those of
        `text_enable`."""
        options = ImportOptions(
            service_plan_id,
            campaign_id,
            region_code,
            display_name,
            callback_url,
            migrate_to_sinch_tmo,
        )
        return await order_engine.import_numbers(
            self._context,
            numbers,
            options,
            import_numbers.asyncio_detailed,
            on_chunk_start,
            on_chunk_done,
        )

    @extras.accepted
    async def wait_for(
        self,
        hosting_order_ids: Iterable[str],
        *,
        states: Iterable[str] = rules.FINAL_STATES,
        timeout: float = 3600.0,
        poll_interval: float = 5.0,
        on_poll: Callable[[WaitProgress[HostingOrder]], None] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> dict[str, HostingOrder]:
        """Poll the orders (one GET each per round, `max_concurrency` at once) until every one
        is in `states` (default: `COMPLETED` or `REJECTED`); `WaitTimeoutError` names the rest
        with their last state. An order that ends in a final state outside `states` (say
        `REJECTED` while waiting for `COMPLETED`) is not waited for any longer: once the others
        arrived, `UnreachableStateError` lists it with that state. `on_poll(progress)` is
        called after each round; for the counts, read `report(order_id)` from it."""
        waiter = rules.order_wait_arguments(
            hosting_order_ids, states, timeout, poll_interval, on_poll
        )

        async def get(order: str) -> HostingOrder:
            # The method's own reads: with its extras (`get` alone would set none).
            return await self.get(order, **extras.passed_on())

        async def poll(pending: list[str]) -> dict[str, HostingOrder]:
            # One GET per pending order, `max_concurrency` at once.
            orders = await self._context.map(get, pending)
            return dict(zip(pending, orders, strict=True))

        async def read_late(pending: list[str]) -> dict[str, HostingOrder]:
            return {}  # each poll read every pending order itself: nothing newer to read

        return await wait(waiter, poll, read_late, concurrency.monotonic, asleep)
