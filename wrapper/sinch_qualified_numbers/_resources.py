"""`client.qualified_numbers`: the operations, named after what the user does.

The sync and async classes share every rule through `_calls`,
`_procedures` and `_text_enable`; they differ only in how they
wait for I/O (threads and time.sleep, or tasks and asyncio.sleep).
"""

from __future__ import annotations

import asyncio
import builtins
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sinch_qualified_numbers_api.api.qualified_numbers import (
    add_qualified_numbers,
    delete_qualified_number,
    get_qualified_number,
    list_qualified_numbers,
    send_voice_challenge,
    text_enable_numbers,
    text_enable_toll_free_numbers,
    verify_voice_challenge,
)
from sinch_qualified_numbers_api.models import (
    AddQualifiedNumbersResponse,
    GlobalProcessState,
    HostingOrder,
    ListQualifiedNumbersResponse,
    QualifiedNumber,
    TextEnableNumbersRequest,
    VerifyVoiceChallengeRequest,
)
from sinch_qualified_numbers_api.types import UNSET, Unset

from . import _calls as calls
from . import _procedures as proc
from . import _text_enable as bulk
from ._exceptions import (
    APIStatusError,
    InvalidArgumentError,
    NotFoundError,
    QualifiedNumbersError,
)
from ._loa import Loa
from ._pagination import AsyncPager, Page, SyncPager
from ._phone import normalize_phone_number

if TYPE_CHECKING:
    import datetime as dt

    from ._client import AsyncQualifiedNumbersClient, QualifiedNumbersClient

__all__ = ["AddChunkOutcome", "AddNumbersError", "AsyncQualifiedNumbers", "QualifiedNumbers"]

States = Iterable[GlobalProcessState | str] | GlobalProcessState | str


class AddNumbersError(QualifiedNumbersError):
    """Some batches of `add` failed: `added` went through, `failed` maps numbers to errors."""

    def __init__(
        self, added: list[QualifiedNumber], failed: dict[str, QualifiedNumbersError]
    ) -> None:
        self.added = added
        self.failed = failed
        first_number, first = next(iter(failed.items()))
        super().__init__(
            f"{len(failed)} numbers were not added ({len(added)} were), "
            f"first {first_number}: {first}"
        )


def _code(code: object) -> str:
    if not isinstance(code, str) or not code.strip():
        raise InvalidArgumentError(
            f"code must be the non-empty code of the voice call, not {code!r}"
        )
    return code.strip()


def _page_token(token: str | None) -> str | Unset:
    return UNSET if token is None else token


def _add_outcome(
    chunks: list[list[str]], answers: list[list[QualifiedNumber] | QualifiedNumbersError]
) -> list[QualifiedNumber]:
    if len(answers) == 1 and isinstance(answers[0], QualifiedNumbersError):
        # The whole input went in one call: its own typed error says it all (nothing was added).
        raise answers[0]
    added: list[QualifiedNumber] = []
    failed: dict[str, QualifiedNumbersError] = {}
    for numbers, answer in zip(chunks, answers, strict=True):
        if isinstance(answer, QualifiedNumbersError):
            failed.update(dict.fromkeys(numbers, answer))
        else:
            added.extend(answer)
    if failed:
        raise AddNumbersError(added, failed)
    return added


@dataclass(frozen=True)
class AddChunkOutcome:
    """One `add` call, given to `on_chunk_done`: its numbers, and what was added or the error."""

    numbers: builtins.list[str]
    added: builtins.list[QualifiedNumber]
    error: QualifiedNumbersError | None


AddHook = Callable[[AddChunkOutcome], None]


def _add_hook(
    on_chunk_done: AddHook | None,
) -> Callable[[Any, builtins.list[QualifiedNumber] | QualifiedNumbersError], None] | None:
    if on_chunk_done is None:
        return None
    if not callable(on_chunk_done):
        raise InvalidArgumentError(f"on_chunk_done must be callable, not {on_chunk_done!r:.80}")

    def done(request: Any, answer: builtins.list[QualifiedNumber] | QualifiedNumbersError) -> None:
        if isinstance(answer, QualifiedNumbersError):
            on_chunk_done(AddChunkOutcome(list(request.phone_numbers), [], answer))
        else:
            on_chunk_done(AddChunkOutcome(list(request.phone_numbers), answer, None))

    return done


def _added(answer: AddQualifiedNumbersResponse) -> list[QualifiedNumber]:
    return [] if isinstance(answer.qualified_numbers, Unset) else answer.qualified_numbers


class QualifiedNumbers:
    """The Qualified Numbers operations of one project (synchronous)."""

    def __init__(self, client: QualifiedNumbersClient) -> None:
        self._client = client

    @property
    def _project(self) -> str:
        return self._client.config.project_id

    def list(
        self,
        states: States | None = None,
        region_code: str | None = None,
        page_size: int | None = None,
        order_by: str | None = None,
        *,
        limit: int | None = None,
    ) -> SyncPager[QualifiedNumber]:
        """Numbers in the given states (all states when None), fetched lazily page by page.

        `states` takes `GlobalProcessState` members or their names, with or without the
        `GLOBAL_PROCESS_STATE_` prefix; `limit` caps the total number of items.
        """
        query = calls.list_query(states, region_code, page_size, order_by)
        api = self._client._api

        def fetch(token: str | None) -> Page[QualifiedNumber]:
            answer = calls.read(
                lambda: list_qualified_numbers.sync_detailed(
                    self._project,
                    client=api,
                    states=query.states,
                    region_code=query.region_code,
                    page_size=query.page_size,
                    page_token=_page_token(token),
                    order_by=query.order_by,
                ),
                ListQualifiedNumbersResponse,
            )
            return calls.to_page(answer)

        return SyncPager(fetch, limit=limit)

    def get(self, phone_number: str) -> QualifiedNumber:
        """One number of the project (`NotFoundError` if it is not one)."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        try:
            return calls.read(
                lambda: get_qualified_number.sync_detailed(
                    self._project, number, client=self._client._api
                ),
                QualifiedNumber,
            )
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None

    def delete(self, phone_number: str) -> None:
        """Delete a number. A retry whose lost first attempt already deleted it counts as done."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        try:
            delete_qualified_number.sync_detailed(self._project, number, client=self._client._api)
        except NotFoundError as error:
            if error.after_ambiguous_attempt:
                return
            raise calls.with_subject(error, number) from None
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None
        except (ValueError, KeyError, TypeError):
            return  # a 2xx with an empty or unreadable body: deleted all the same

    def add(
        self, phone_numbers: Iterable[str], *, on_chunk_done: AddHook | None = None
    ) -> builtins.list[QualifiedNumber]:
        """Add numbers to qualify, in calls of at most 500; returns them in input order.

        `on_chunk_done(outcome)` is called in this thread as each call completes (for a progress
        bar or a journal): an `AddChunkOutcome` with the call's numbers and what it added or its
        error.

        When everything went in one call and it failed, that call's own error is raised
        (`BadRequestError`, `ConflictError`...). When some batches failed and others went
        through, `AddNumbersError` says which numbers were added and which were not.
        """
        requests = calls.add_requests(phone_numbers, self._client.default_region)
        hook = _add_hook(on_chunk_done)
        api = self._client._api

        def one(body: Any) -> builtins.list[QualifiedNumber] | QualifiedNumbersError:
            try:
                answer = calls.read(
                    lambda: add_qualified_numbers.sync_detailed(
                        self._project, client=api, body=body
                    ),
                    AddQualifiedNumbersResponse,
                )
            except QualifiedNumbersError as error:
                return error
            return _added(answer)

        answers = self._client._map(one, requests, hook)
        return _add_outcome([r.phone_numbers for r in requests], answers)

    def send_voice_challenge(self, phone_number: str) -> QualifiedNumber:
        """Call the number; the call speaks the code that `verify_voice_challenge` needs."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        try:
            return calls.read(
                lambda: send_voice_challenge.sync_detailed(
                    self._project, number, client=self._client._api
                ),
                QualifiedNumber,
            )
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None

    def verify_voice_challenge(self, phone_number: str, code: str) -> QualifiedNumber:
        """Prove ownership with the code of the voice call; the answer's state says if it did."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        body = VerifyVoiceChallengeRequest(code=_code(code))
        try:
            return calls.read(
                lambda: verify_voice_challenge.sync_detailed(
                    self._project, number, client=self._client._api, body=body
                ),
                QualifiedNumber,
            )
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None

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
    ) -> bulk.TextEnableResult:
        """Text-enable verified numbers: grouped by region, toll-free apart, 500 per call.

        Nothing is raised for a failed call: the result accounts for every number exactly once
        (`enabled` or `failed`); call `result.raise_for_failures()` to raise instead.
        """
        options = bulk.TextEnableOptions(
            service_plan_id,
            loa,
            campaign_id,
            display_name,
            nnid,
            callback_url,
            scheduled_osr_update_time,
            scheduled_zipwhip_provisioning_time,
        )
        chunks = bulk.plan_text_enable(numbers, options, self._client.default_region)

        def run(chunk: bulk.Chunk) -> bulk.ChunkOutcome:
            outcome: bulk.ChunkOutcome = proc.drive(
                bulk.enable_chunk(chunk, self._client.config.max_retries + 1),
                lambda step: self._do(step, options),
            )
            return outcome

        result = bulk.TextEnableResult()
        for outcome in self._client._map(run, chunks):
            bulk.merge(result, outcome)
        return result

    def wait_for(
        self,
        phone_numbers: Iterable[str],
        *,
        states: States,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
    ) -> dict[str, QualifiedNumber]:
        """Poll until every number is in one of `states`; `WaitTimeoutError` names the rest.

        Each poll is one paged listing filtered by `states`, not one request per number.
        """
        waiter = proc.wait_arguments(
            phone_numbers, states, timeout, poll_interval, self._client.default_region
        )
        arrived: dict[str, QualifiedNumber] = proc.drive(
            proc.wait(waiter), lambda step: self._do(step, None)
        )
        return arrived

    # -- I/O of the procedures -----------------------------------------------------------------

    def _do(self, step: proc.Step, options: bulk.TextEnableOptions | None) -> Any:
        if isinstance(step, proc.Submit):
            assert options is not None
            return self._submit(step.chunk, options)
        if isinstance(step, proc.ReadStates):
            return self._read_states(step.numbers)
        if isinstance(step, proc.PollList):
            return list(self.list(states=step.states, page_size=1000))
        if isinstance(step, proc.Sleep):
            time.sleep(step.seconds)
            return None
        return time.monotonic()

    def _submit(self, chunk: bulk.Chunk, options: bulk.TextEnableOptions) -> HostingOrder:
        body = bulk.text_enable_body(self._project, chunk, options)
        api = self._client._api
        if isinstance(body, TextEnableNumbersRequest):
            return calls.read(
                lambda: text_enable_numbers.sync_detailed(self._project, client=api, body=body),
                HostingOrder,
            )
        return calls.read(
            lambda: text_enable_toll_free_numbers.sync_detailed(
                self._project, client=api, body=body
            ),
            HostingOrder,
        )

    def _read_states(self, numbers: builtins.list[str]) -> dict[str, str | QualifiedNumbersError]:
        def one(number: str) -> str | QualifiedNumbersError:
            # Reads are safe to repeat, and a wrong answer here would misreport a number.
            for attempt in range(bulk.RECONCILE_READS):
                try:
                    return calls.state_of(self.get(number)) or ""
                except QualifiedNumbersError as error:
                    if not bulk.is_transient(error) or attempt == bulk.RECONCILE_READS - 1:
                        return error
                    time.sleep(bulk.reconcile_pause(attempt))
            raise AssertionError("unreachable")

        return dict(zip(numbers, self._client._map(one, numbers), strict=True))


class AsyncQualifiedNumbers:
    """The Qualified Numbers operations of one project (asyncio); same names, as coroutines."""

    def __init__(self, client: AsyncQualifiedNumbersClient) -> None:
        self._client = client

    @property
    def _project(self) -> str:
        return self._client.config.project_id

    def list(
        self,
        states: States | None = None,
        region_code: str | None = None,
        page_size: int | None = None,
        order_by: str | None = None,
        *,
        limit: int | None = None,
    ) -> AsyncPager[QualifiedNumber]:
        """Numbers in the given states, fetched lazily: `async for number in qn.list(...)`."""
        query = calls.list_query(states, region_code, page_size, order_by)
        api = self._client._api

        async def fetch(token: str | None) -> Page[QualifiedNumber]:
            answer = await calls.aread(
                lambda: list_qualified_numbers.asyncio_detailed(
                    self._project,
                    client=api,
                    states=query.states,
                    region_code=query.region_code,
                    page_size=query.page_size,
                    page_token=_page_token(token),
                    order_by=query.order_by,
                ),
                ListQualifiedNumbersResponse,
            )
            return calls.to_page(answer)

        return AsyncPager(fetch, limit=limit)

    async def get(self, phone_number: str) -> QualifiedNumber:
        """One number of the project (`NotFoundError` if it is not one)."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        try:
            return await calls.aread(
                lambda: get_qualified_number.asyncio_detailed(
                    self._project, number, client=self._client._api
                ),
                QualifiedNumber,
            )
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None

    async def delete(self, phone_number: str) -> None:
        """Delete a number. A retry whose lost first attempt already deleted it counts as done."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        try:
            await delete_qualified_number.asyncio_detailed(
                self._project, number, client=self._client._api
            )
        except NotFoundError as error:
            if error.after_ambiguous_attempt:
                return
            raise calls.with_subject(error, number) from None
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None
        except (ValueError, KeyError, TypeError):
            return

    async def add(
        self, phone_numbers: Iterable[str], *, on_chunk_done: AddHook | None = None
    ) -> builtins.list[QualifiedNumber]:
        """Add numbers to qualify, in calls of at most 500; returns them in input order.

        `on_chunk_done(outcome)` is called as each call completes (see the sync twin).
        """
        requests = calls.add_requests(phone_numbers, self._client.default_region)
        hook = _add_hook(on_chunk_done)
        api = self._client._api

        async def one(body: Any) -> builtins.list[QualifiedNumber] | QualifiedNumbersError:
            try:
                answer = await calls.aread(
                    lambda: add_qualified_numbers.asyncio_detailed(
                        self._project, client=api, body=body
                    ),
                    AddQualifiedNumbersResponse,
                )
            except QualifiedNumbersError as error:
                return error
            return _added(answer)

        answers = await self._client._map(one, requests, hook)
        return _add_outcome([r.phone_numbers for r in requests], answers)

    async def send_voice_challenge(self, phone_number: str) -> QualifiedNumber:
        """Call the number; the call speaks the code that `verify_voice_challenge` needs."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        try:
            return await calls.aread(
                lambda: send_voice_challenge.asyncio_detailed(
                    self._project, number, client=self._client._api
                ),
                QualifiedNumber,
            )
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None

    async def verify_voice_challenge(self, phone_number: str, code: str) -> QualifiedNumber:
        """Prove ownership with the code of the voice call; the answer's state says if it did."""
        number = normalize_phone_number(phone_number, default_region=self._client.default_region)
        body = VerifyVoiceChallengeRequest(code=_code(code))
        try:
            return await calls.aread(
                lambda: verify_voice_challenge.asyncio_detailed(
                    self._project, number, client=self._client._api, body=body
                ),
                QualifiedNumber,
            )
        except APIStatusError as error:
            raise calls.with_subject(error, number) from None

    async def text_enable(
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
    ) -> bulk.TextEnableResult:
        """Text-enable verified numbers (see `QualifiedNumbers.text_enable`)."""
        options = bulk.TextEnableOptions(
            service_plan_id,
            loa,
            campaign_id,
            display_name,
            nnid,
            callback_url,
            scheduled_osr_update_time,
            scheduled_zipwhip_provisioning_time,
        )
        chunks = bulk.plan_text_enable(numbers, options, self._client.default_region)

        async def run(chunk: bulk.Chunk) -> bulk.ChunkOutcome:
            outcome: bulk.ChunkOutcome = await proc.adrive(
                bulk.enable_chunk(chunk, self._client.config.max_retries + 1),
                lambda step: self._do(step, options),
            )
            return outcome

        result = bulk.TextEnableResult()
        for outcome in await self._client._map(run, chunks):
            bulk.merge(result, outcome)
        return result

    async def wait_for(
        self,
        phone_numbers: Iterable[str],
        *,
        states: States,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
    ) -> dict[str, QualifiedNumber]:
        """Poll until every number is in one of `states`; `WaitTimeoutError` names the rest."""
        waiter = proc.wait_arguments(
            phone_numbers, states, timeout, poll_interval, self._client.default_region
        )
        arrived: dict[str, QualifiedNumber] = await proc.adrive(
            proc.wait(waiter), lambda step: self._do(step, None)
        )
        return arrived

    async def _do(self, step: proc.Step, options: bulk.TextEnableOptions | None) -> Any:
        if isinstance(step, proc.Submit):
            assert options is not None
            return await self._submit(step.chunk, options)
        if isinstance(step, proc.ReadStates):
            return await self._read_states(step.numbers)
        if isinstance(step, proc.PollList):
            return [n async for n in self.list(states=step.states, page_size=1000)]
        if isinstance(step, proc.Sleep):
            await asyncio.sleep(step.seconds)
            return None
        return time.monotonic()

    async def _submit(self, chunk: bulk.Chunk, options: bulk.TextEnableOptions) -> HostingOrder:
        body = bulk.text_enable_body(self._project, chunk, options)
        api = self._client._api
        if isinstance(body, TextEnableNumbersRequest):
            return await calls.aread(
                lambda: text_enable_numbers.asyncio_detailed(self._project, client=api, body=body),
                HostingOrder,
            )
        return await calls.aread(
            lambda: text_enable_toll_free_numbers.asyncio_detailed(
                self._project, client=api, body=body
            ),
            HostingOrder,
        )

    async def _read_states(
        self, numbers: builtins.list[str]
    ) -> dict[str, str | QualifiedNumbersError]:
        async def one(number: str) -> str | QualifiedNumbersError:
            for attempt in range(bulk.RECONCILE_READS):
                try:
                    return calls.state_of(await self.get(number)) or ""
                except QualifiedNumbersError as error:
                    if not bulk.is_transient(error) or attempt == bulk.RECONCILE_READS - 1:
                        return error
                    await asyncio.sleep(bulk.reconcile_pause(attempt))
            raise AssertionError("unreachable")

        return dict(zip(numbers, await self._client._map(one, numbers), strict=True))
