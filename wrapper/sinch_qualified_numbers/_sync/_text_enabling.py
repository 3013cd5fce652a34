# Generated from _async/_text_enabling.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""`text_enable` and `not_verified_states`, written once for the two resources that have them
(`TextEnabling`, their base class).

The order engine (`_order_engine`), its rules (`.._orders`) and the routes are imported by the
methods when first called, not here: `client.qualified_numbers` derives from this class, and
its other operations (a first `get()`) never load the bulk-order code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sinch_qualified_numbers_api.types import Response

from .. import _extras as extras
from .._extras import Body, Headers, Query

if TYPE_CHECKING:
    from .. import _orders as order_rules
    from .._loa import Loa
    from ._resource_context import ResourceContext

#: A generated `sync_detailed` of one of the routes (`project_id, *, client, body`).
Route = Callable[..., Response[Any]]


class TextEnabling:
    """`text_enable`, written once for the two resources that have it: Sinch publishes text
    enablement under `qualifiedNumbers:` and under `hostingOrders:`, and each resource names
    its two routes (`_text_enable_routes`)."""

    _context: ResourceContext

    @staticmethod
    def _text_enable_routes() -> tuple[Route, Route]:
        """The generated calls that create an order: for numbers that are not toll-free, then
        for toll-free ones (imported when first asked for, as the engine is)."""
        raise NotImplementedError

    @extras.accepted
    def text_enable(
        self,
        numbers: Iterable[str],
        *,
        service_plan_id: str,
        loa: Loa,
        campaign_id: str | None = None,
        display_name: str | None = None,
        nnid: str | None = None,
        callback_url: str | None = None,
        scheduled_osr_update_time: dt.datetime | None = None,
        scheduled_zipwhip_provisioning_time: dt.datetime | None = None,
        on_chunk_start: Callable[[order_rules.Chunk], None] | None = None,
        on_chunk_done: Callable[[order_rules.ChunkOutcome], None] | None = None,
        known_states: Mapping[str, str] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> order_rules.TextEnableResult:
        """Text-enable verified numbers: grouped by region, toll-free apart, 500 per call,
        `max_concurrency` calls at once; no numbers, an empty result.

        Nothing is raised for a failed call: the result accounts for every number exactly once
        (`enabled`, `already_enabled`, `not_verified` or `failed`); call
        `result.raise_for_failures()` to raise instead. A number already `HOSTING_IN_PROGRESS`
        or `HOSTING_DONE` is never sent again, one not `VERIFIED` is reported with its state,
        and neither is a failure; a number never fails because another one of its call was
        refused (the refused ones are settled with their own reason, the others sent again
        at once).

        Before sending more than one call's worth, the states of the project's numbers that
        are not `VERIFIED` in the numbers' regions are read with one paged listing, where that
        costs fewer calls than the refusals it saves (at most one page per call it would
        send; otherwise the refusals tell). `known_states` (number -> state, of numbers known
        not to be `VERIFIED`) replaces that listing: a caller sending one file in parts lists
        once (`not_verified_states`) and passes it to each part.
        `on_chunk_start(chunk)` is called just before a chunk's first call and
        `on_chunk_done(outcome)` when the chunk is settled, both in this thread: a journal
        written from them knows at any moment which numbers may be in flight.

        `client.hosting_orders.text_enable` is the same call through the `hostingOrders:`
        route, which answers each whole hosting order (`result.orders[i].order`, with its
        `state` and LOA info) instead of its ID alone: the same chunking, concurrency,
        reconciliation and hooks, nothing submitted twice.
        """
        from .. import _orders as order_rules
        from . import _order_engine as order_engine

        options = order_rules.TextEnableOptions(
            service_plan_id,
            loa,
            campaign_id,
            display_name,
            nnid,
            callback_url,
            scheduled_osr_update_time,
            scheduled_zipwhip_provisioning_time,
        )
        return order_engine.text_enable(
            self._context,
            numbers,
            options,
            self._text_enable_routes(),
            on_chunk_start,
            on_chunk_done,
            known_states,
        )

    @extras.accepted
    def not_verified_states(
        self,
        region_codes: Iterable[str] = ("US", "CA"),
        *,
        max_pages: int | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> dict[str, str] | None:
        """The project's numbers that are not `VERIFIED` in these regions -> their state, from
        one paged listing (1,000 a page) per region: what `text_enable(known_states=)` takes.
        None when it would take more than `max_pages` pages (then rely on refusals)."""
        from .. import _orders as order_rules
        from . import _order_engine as order_engine

        regions = order_rules.region_codes_argument(region_codes)
        pages = order_rules.max_pages_argument(max_pages)
        return order_engine.census(self._context, regions, pages)
