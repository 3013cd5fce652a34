"""`client.imported_numbers`: the numbers on the SMS platform, managed after hosting (or
imported directly): find them, change their name or callback URL, move them between service
plans and 10DLC campaigns, delete them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sinch_qualified_numbers_api.api.imported_numbers import (
    create_imported_number,
    delete_imported_number,
    get_imported_number,
    list_imported_numbers,
    update_imported_number,
)
from sinch_qualified_numbers_api.models import (
    CreateImportedNumberRequest,
    ImportedNumber,
    ListImportedNumbersResponse,
    RegionCode,
    SmsConfigurationRequest,
    UpdateImportedNumberRequest,
)
from sinch_qualified_numbers_api.types import UNSET

from .. import _arguments as arguments
from .. import _extras as extras
from .. import _imported_numbers as rules
from .._exceptions import MoveIncompleteError, QualifiedNumbersError, could_have_acted
from .._extras import Body, Headers, Query
from .._pagination import Page, page_of
from .._phone import normalize_phone_number
from . import _reads as reads
from ._pagination import AsyncPager
from ._resource_context import AsyncResourceContext


class AsyncImportedNumbers:
    """The imported numbers of one project."""

    def __init__(self, context: AsyncResourceContext) -> None:
        self._context = context

    def _number(self, phone_number: str) -> str:
        return normalize_phone_number(phone_number, default_region=self._context.default_region)

    @extras.accepted
    def list(
        self,
        *,
        service_plan_id: str,
        campaign_id: str,
        region_code: str | None = None,
        pattern: str | None = None,
        search_pattern: str | None = None,
        order_by: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AsyncPager[ImportedNumber]:
        """The project's imported numbers linked to `service_plan_id` and `campaign_id`,
        fetched lazily as iterated.

        Sinch documents both filters as required (as for `hosting_orders.list`), so they are
        keyword arguments without defaults: a call the service would refuse cannot be written.
        `campaign_id=""` selects the numbers linked to no campaign. `pattern` is digits the
        number must start with, or contain or end with (`search_pattern` `"START"`,
        `"CONTAIN"`, `"END"`); `order_by` is `createdTime` or `updatedTime`."""
        region = (
            UNSET
            if region_code is None
            else arguments.enum_argument(RegionCode, region_code, "region_code")
        )
        digits = rules.pattern_argument(pattern)
        where = rules.search_pattern_argument(pattern, search_pattern)
        plan, campaign = arguments.link_filters(service_plan_id, campaign_id, "numbers")
        order = arguments.order_by_argument(order_by)
        size = arguments.page_size_argument(page_size)
        context = self._context

        async def fetch(token: str | None) -> Page[ImportedNumber]:
            answer = await self._context.read(
                lambda: list_imported_numbers.asyncio_detailed(
                    context.project_id,
                    client=context.api,
                    region_code=region,
                    number_pattern_pattern=digits,
                    number_pattern_search_pattern=where,
                    service_plan_id=plan,
                    campaign_id=campaign,
                    order_by=order,
                    page_size=size,
                    page_token=UNSET if token is None else token,
                ),
                ListImportedNumbersResponse,
            )
            return page_of(answer.imported_numbers, answer.next_page_token, answer.total_size)

        return AsyncPager(fetch, limit=limit)

    @extras.accepted
    async def get(
        self,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> ImportedNumber:
        """One imported number (`NotFoundError` if the project has no such number)."""
        number = self._number(phone_number)
        context = self._context
        return await context.read_about(
            number,
            lambda: get_imported_number.asyncio_detailed(
                context.project_id, number, client=context.api
            ),
            ImportedNumber,
        )

    @extras.accepted
    async def read_imported(
        self,
        phone_numbers: Iterable[str],
        *,
        reconciling: bool = False,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> dict[str, bool | QualifiedNumbersError]:
        """Whether each number is an imported number of the project (`False`: the service
        answers 404) or the error that prevented reading it; one GET per number,
        `max_concurrency` at once, transient errors retried. The reconciliation read of
        `hosting_orders.import_numbers`: it tells what a lost answer did before anything is
        sent again; `reconciling=True` reads as it does, within `reconcile_timeout` (no read
        or retry begins once that has passed; a number not read by then has an
        `APITimeoutError`)."""
        return await reads.read_imported(self._context, phone_numbers, reconciling=reconciling)

    @extras.accepted
    async def create(
        self,
        phone_number: str,
        *,
        service_plan_id: str,
        campaign_id: str | None = None,
        region_code: str | None = None,
        display_name: str | None = None,
        callback_url: str | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> ImportedNumber:
        """Import one number directly, linked to `service_plan_id` (and `campaign_id`);
        `ConflictError` if it is already imported. `region_code` (required by Sinch) is the
        number's own region when not given; one that disagrees with the number is refused."""
        number = self._number(phone_number)
        plan, campaign = rules.move_arguments(service_plan_id, campaign_id)
        body = CreateImportedNumberRequest(
            phone_number=number,
            region_code=rules.import_region(number, region_code),
            sms_configuration=SmsConfigurationRequest(
                service_plan_id=plan, campaign_id=campaign or UNSET
            ),
            display_name=arguments.optional_text("display_name", display_name) or UNSET,
            callback_url=arguments.optional_text("callback_url", callback_url) or UNSET,
        )
        context = self._context
        return await context.read_about(
            number,
            lambda: create_imported_number.asyncio_detailed(
                context.project_id, client=context.api, body=body
            ),
            ImportedNumber,
        )

    @extras.accepted
    async def update(
        self,
        phone_number: str,
        *,
        display_name: str | rules.Unchanged | None = rules.UNCHANGED,
        callback_url: str | rules.Unchanged | None = rules.UNCHANGED,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> ImportedNumber:
        """Change the display name and/or callback URL; an argument left out stays as it is,
        `""` or None clears it. To change the service plan or campaign, use `move` or
        `unlink`."""
        number = self._number(phone_number)
        return await self._patch(number, rules.update_body(display_name, callback_url))

    @extras.accepted
    async def delete(
        self,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> None:
        """Remove the number from the SMS platform."""
        number = self._number(phone_number)
        context = self._context
        await context.delete_about(
            number,
            lambda: delete_imported_number.asyncio_detailed(
                context.project_id, number, client=context.api
            ),
        )

    @extras.accepted
    async def unlink(
        self,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> ImportedNumber:
        """Unlink the number from its service plan and campaign (both set to `""`)."""
        number = self._number(phone_number)
        return await self._patch(number, rules.link_body("", ""))

    @extras.accepted
    async def move(
        self,
        phone_number: str,
        *,
        service_plan_id: str,
        campaign_id: str | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> rules.MoveResult:
        """Link the number to `service_plan_id` (and `campaign_id`; None = no campaign), the
        documented way: unlink both, then link the new values.

        An error while the number is still as it was is raised as is. If the unlink went
        through but the link failed, `MoveIncompleteError` says the number is now unlinked;
        calling `move` again finishes the move (an unlinked number skips the unlink). After
        an ambiguous failure (a 5xx, a lost answer) the number is read before anything is
        sent again; when that read fails too, the failure is raised (the outcome is
        unknown: `move` again reads it first)."""
        result = await self._move(self._number(phone_number), service_plan_id, campaign_id)
        if result.outcome == "unlinked":
            raise MoveIncompleteError(result)
        if result.outcome == "unknown":
            assert result.error is not None
            raise result.error
        return result

    @extras.accepted
    async def move_many(
        self,
        phone_numbers: Iterable[str],
        *,
        service_plan_id: str,
        campaign_id: str | None = None,
        on_done: Callable[[str, rules.MoveResult | QualifiedNumbersError], None] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> rules.MoveManyResult:
        """`move` for many numbers, `max_concurrency` at once. Nothing is raised: the result
        puts every number in exactly one of `moved`, `unlinked` (move them again), `failed`
        (unchanged) and `unknown` (an answer lost and the number unreadable: move them
        again, which reads them first); `on_done(number, outcome)` is called in this thread
        as each number is settled. After an ambiguous failure a number is read before
        anything is sent again: no PATCH the service took is sent twice."""
        numbers = arguments.numbers_argument(
            phone_numbers, self._context.default_region, "phone_numbers"
        )
        rules.move_arguments(service_plan_id, campaign_id)
        arguments.hook_argument("on_done", on_done)

        async def one(number: str) -> rules.MoveResult | QualifiedNumbersError:
            try:
                return await self._move(number, service_plan_id, campaign_id)
            except QualifiedNumbersError as error:
                return error

        def done(number: str, outcome: rules.MoveResult | QualifiedNumbersError) -> None:
            if on_done is not None:
                on_done(number, outcome)

        result = rules.MoveManyResult()
        for number, outcome in zip(
            numbers, await self._context.map(one, numbers, on_done=done), strict=True
        ):
            result.add(number, outcome)
        return result

    async def _move(
        self, number: str, service_plan_id: str, campaign_id: str | None
    ) -> rules.MoveResult:
        """Move one number to (plan, campaign), at most `rounds` PATCHes of each kind. An
        error while the number is known to be as it was is raised. After an ambiguous failure
        (a 5xx, a lost or unreadable answer) the number is read before anything is sent again:
        a PATCH the service took is never sent twice, one it provably did not take is sent
        again, and a number that cannot be read is `unknown` (never a silent half-move)."""
        plan, campaign = rules.move_arguments(service_plan_id, campaign_id)
        current = await self.get(number, **extras.passed_on())
        if rules.links_of(current) == (plan, campaign):
            return rules.MoveResult(number, "unchanged", current)
        tries = max(1, self._context.config.max_retries + 1)
        if rules.links_of(current) != ("", ""):
            for attempt in range(tries):
                try:
                    current = await self._patch(number, rules.link_body("", ""))
                    break
                except QualifiedNumbersError as error:
                    if not could_have_acted(error):
                        raise
                    try:
                        current = await self.get(number, **extras.passed_on())
                    except QualifiedNumbersError:
                        return rules.MoveResult(number, "unknown", None, error)
                    if rules.links_of(current) == ("", ""):
                        break  # the unlink went through: its answer was lost
                    if attempt == tries - 1:
                        raise error from None  # provably as it was: unchanged
        for attempt in range(tries):
            try:
                moved = await self._patch(number, rules.link_body(plan, campaign))
            except QualifiedNumbersError as error:
                if not could_have_acted(error):
                    return rules.MoveResult(number, "unlinked", current, error)
                try:
                    again = await self.get(number, **extras.passed_on())
                except QualifiedNumbersError:
                    return rules.MoveResult(number, "unknown", current, error)
                if rules.links_of(again) == (plan, campaign):
                    return rules.MoveResult(number, "moved", again)  # the link went through
                if rules.links_of(again) != ("", ""):
                    return rules.MoveResult(number, "unknown", again, error)  # linked elsewhere
                current = again
                if attempt == tries - 1:
                    return rules.MoveResult(number, "unlinked", current, error)
            else:
                return rules.MoveResult(number, "moved", moved)
        raise AssertionError("unreachable")

    async def _patch(self, number: str, body: UpdateImportedNumberRequest) -> ImportedNumber:
        context = self._context
        return await context.read_about(
            number,
            lambda: update_imported_number.asyncio_detailed(
                context.project_id, number, client=context.api, body=body
            ),
            ImportedNumber,
        )


__all__ = ["AsyncImportedNumbers"]
