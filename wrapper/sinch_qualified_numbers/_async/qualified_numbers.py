"""`client.qualified_numbers`: the operations, named after what the user does.

The asyncio class in `_async/` is the source; the blocking one in `_sync/` is generated from
it by `make generate`. Every rule lives below it (`_calls`, `_bulk_orders`, `_waiting`): a
method here only checks its arguments through them, performs the I/O steps they ask for, and
reads the answers.
"""

from __future__ import annotations

import builtins
import functools
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field

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
    AddQualifiedNumbersRequest,
    AddQualifiedNumbersResponse,
    GlobalProcessState,
    ListQualifiedNumbersResponse,
    QualifiedNumber,
    VerifyVoiceChallengeRequest,
)
from sinch_qualified_numbers_api.types import UNSET, Unset

from .. import _calls as calls
from .. import _challenges as challenges
from .. import _waiting as waiting
from .._concurrency import asleep
from .._exceptions import (
    AddNumbersError,
    ConflictError,
    InvalidArgumentError,
    NotFoundError,
    QualifiedNumbersError,
)
from .._pagination import Page
from .._phone import normalize_phone_number
from .._steps import ReadStates, Sleep
from . import _bulk_orders as engine
from ._drive import drive
from ._pagination import AsyncPager
from ._session import AsyncSession

States = Iterable[GlobalProcessState | str] | GlobalProcessState | str


@dataclass(frozen=True)
class AddChunkOutcome:
    """One `add` call, given to `on_chunk_done`: its numbers, and what was added or the error.

    With `add(skip_existing=True)`, `existing` holds the numbers the project already had (as
    read after the service's 409); they are in `added` too, as read, and not an error.
    """

    numbers: builtins.list[str]
    added: builtins.list[QualifiedNumber]
    error: QualifiedNumbersError | None
    existing: builtins.list[str] = field(default_factory=builtins.list)


@dataclass(frozen=True)
class _Added:
    """What one chunk of `add` came to: numbers added (or already there, as read), and the
    numbers that were not added with the reason."""

    added: builtins.list[QualifiedNumber]
    existing: builtins.list[str]
    failed: builtins.list[str]
    error: QualifiedNumbersError | None


AddAnswer = builtins.list[QualifiedNumber] | QualifiedNumbersError


def _code(code: object) -> str:
    if not isinstance(code, str) or not code.strip():
        raise InvalidArgumentError(
            f"code must be the non-empty code of the voice call, not {code!r}"
        )
    return code.strip()


def _add_outcome(answers: builtins.list[_Added]) -> builtins.list[QualifiedNumber]:
    if not answers:
        return []  # nothing to add
    first = answers[0]
    if len(answers) == 1 and first.error is not None and not first.added:
        # The whole input went in one call: its own typed error says it all (nothing was added).
        raise first.error
    added: builtins.list[QualifiedNumber] = []
    failed: dict[str, QualifiedNumbersError] = {}
    for answer in answers:
        added.extend(answer.added)
        if answer.error is not None:
            failed.update(dict.fromkeys(answer.failed, answer.error))
    if failed:
        raise AddNumbersError(added, failed)
    return added


def _add_chunk_outcome(request: AddQualifiedNumbersRequest, answer: _Added) -> AddChunkOutcome:
    return AddChunkOutcome(list(request.phone_numbers), answer.added, answer.error, answer.existing)


class AsyncQualifiedNumbers(engine.AsyncTextEnabling):
    """The Qualified Numbers operations of one project."""

    _text_enable_routes = (
        text_enable_numbers.asyncio_detailed,
        text_enable_toll_free_numbers.asyncio_detailed,
    )

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _number(self, phone_number: str) -> str:
        return normalize_phone_number(phone_number, default_region=self._session.default_region)

    def list(
        self,
        states: States | None = None,
        region_code: str | None = None,
        page_size: int | None = None,
        order_by: str | None = None,
        *,
        limit: int | None = None,
    ) -> AsyncPager[QualifiedNumber]:
        """Numbers in the given states (default: all), fetched lazily as they are iterated:
        `async for number in qn.list(states=["VERIFIED"])`; `limit` caps how many."""
        query = calls.list_query(states, region_code, page_size, order_by)
        session = self._session

        async def fetch(token: str | None) -> Page[QualifiedNumber]:
            answer = await calls.aread(
                lambda: list_qualified_numbers.asyncio_detailed(
                    session.project_id,
                    client=session.api,
                    states=query.states,
                    region_code=query.region_code,
                    page_size=query.page_size,
                    page_token=UNSET if token is None else token,
                    order_by=query.order_by,
                ),
                ListQualifiedNumbersResponse,
            )
            return calls.page_of(
                answer.qualified_numbers, answer.next_page_token, answer.total_size
            )

        return AsyncPager(fetch, limit=limit)

    async def get(self, phone_number: str) -> QualifiedNumber:
        """One number of the project (`NotFoundError` if it is not one)."""
        number = self._number(phone_number)
        return await engine.get_number(
            self._session, number, get_qualified_number.asyncio_detailed, QualifiedNumber
        )

    async def delete(self, phone_number: str) -> None:
        """Delete a number. A retry whose lost first attempt already deleted it counts as done."""
        number = self._number(phone_number)
        session = self._session
        await session.delete_about(
            number,
            lambda: delete_qualified_number.asyncio_detailed(
                session.project_id, number, client=session.api
            ),
        )

    async def add(
        self,
        phone_numbers: Iterable[str],
        *,
        on_chunk_done: Callable[[AddChunkOutcome], None] | None = None,
        skip_existing: bool = False,
    ) -> builtins.list[QualifiedNumber]:
        """Add numbers to qualify, in calls of at most 500; returns them in input order.

        When everything went in one call and it failed, that call's own error is raised
        (`BadRequestError`, `ConflictError`...). When some calls failed and others went
        through, `AddNumbersError` says which numbers were added and which were not.
        `on_chunk_done(outcome)` is called in this thread as each call completes (for a
        progress bar or a journal), with the call's numbers and what it added or its error.

        The service refuses a whole call (409) when one of its numbers is in the project
        already. With `skip_existing=True` (safe reruns) such a call's numbers are read: the
        ones the project has are returned as read (and listed in `outcome.existing`), the
        others are sent again in one call. A number the project does not have that still
        conflicts (another project's, say) stays a `ConflictError`. The reads go one at a time
        inside each call's slot, so no more than `max_concurrency` requests are in flight.
        """
        requests = calls.add_requests(phone_numbers, self._session.default_region)
        calls.hook_argument("on_chunk_done", on_chunk_done)
        if not isinstance(skip_existing, bool):
            raise InvalidArgumentError(
                f"skip_existing must be True or False, not {skip_existing!r:.80}"
            )
        session = self._session

        async def send(numbers: builtins.list[str]) -> AddAnswer:
            body = AddQualifiedNumbersRequest(phone_numbers=numbers)
            try:
                answer = await calls.aread(
                    lambda: add_qualified_numbers.asyncio_detailed(
                        session.project_id, client=session.api, body=body
                    ),
                    AddQualifiedNumbersResponse,
                )
            except QualifiedNumbersError as error:
                return error
            return [] if isinstance(answer.qualified_numbers, Unset) else answer.qualified_numbers

        async def one(body: AddQualifiedNumbersRequest) -> _Added:
            numbers = list(body.phone_numbers)
            answer = await send(numbers)
            if not isinstance(answer, QualifiedNumbersError):
                return _Added(answer, [], [], None)
            if not (skip_existing and isinstance(answer, ConflictError)):
                return _Added([], [], numbers, answer)
            found: dict[str, QualifiedNumber] = {}
            missing: builtins.list[str] = []
            for number in numbers:
                read = await engine.read_with_retries(functools.partial(self.get, number))
                if isinstance(read, QualifiedNumber):
                    found[number] = read
                elif isinstance(read, NotFoundError):
                    missing.append(number)
                else:  # unreadable: whether it is there is not known, so it is not added
                    return _Added(
                        list(found.values()),
                        list(found),
                        [n for n in numbers if n not in found],
                        read,
                    )
            again = await send(missing) if missing else []
            if isinstance(again, QualifiedNumbersError):
                return _Added(list(found.values()), list(found), missing, again)
            by_number = {n.phone_number: n for n in again} | found
            ordered = [by_number[n] for n in numbers if n in by_number]
            return _Added(ordered, list(found), [], None)

        def done(request: AddQualifiedNumbersRequest, answer: _Added) -> None:
            if on_chunk_done is not None:
                on_chunk_done(_add_chunk_outcome(request, answer))

        answers = await session.map(one, requests, on_done=done)
        return _add_outcome(answers)

    async def send_voice_challenge(self, phone_number: str) -> QualifiedNumber:
        """Call the number; the call speaks the code that `verify_voice_challenge` needs."""
        number = self._number(phone_number)
        session = self._session
        return await session.read_about(
            number,
            lambda: send_voice_challenge.asyncio_detailed(
                session.project_id, number, client=session.api
            ),
            QualifiedNumber,
        )

    async def verify_voice_challenge(self, phone_number: str, code: str) -> QualifiedNumber:
        """Prove ownership with the code of the voice call; the answer's state says if it did."""
        number = self._number(phone_number)
        body = VerifyVoiceChallengeRequest(code=_code(code))
        session = self._session
        return await session.read_about(
            number,
            lambda: verify_voice_challenge.asyncio_detailed(
                session.project_id, number, client=session.api, body=body
            ),
            QualifiedNumber,
        )

    async def send_voice_challenges(
        self,
        phone_numbers: Iterable[str],
        *,
        on_start: Callable[[str], None] | None = None,
        on_done: Callable[[challenges.ChallengeOutcome], None] | None = None,
    ) -> challenges.VoiceChallengesResult:
        """`send_voice_challenge` for many numbers, `max_concurrency` at once.

        Nothing is raised for a number that fails: every number is in exactly one of
        `result.succeeded` (the call was placed; the number as answered) and `result.failed`
        (its error); `result.raise_for_failures()` raises instead. `on_start(number)` is
        called just before a number's request and `on_done(outcome)` after it, both in this
        thread (a journal written from them knows what may be in flight).
        """
        numbers = challenges.numbers_to_call(phone_numbers, self._session.default_region)
        return await self._challenges(numbers, self.send_voice_challenge, False, on_start, on_done)

    async def verify_voice_challenges(
        self,
        codes: Mapping[str, str],
        *,
        on_start: Callable[[str], None] | None = None,
        on_done: Callable[[challenges.ChallengeOutcome], None] | None = None,
    ) -> challenges.VoiceChallengesResult:
        """`verify_voice_challenge` for many numbers (`{number: code}`), `max_concurrency` at
        once.

        Every number is in exactly one of `result.succeeded` (now `VERIFIED`),
        `result.rejected` (the service answered, but the code was wrong: its state is
        `VERIFICATION_FAILED`, or `VERIFICATION_BLOCKED` after the third wrong code) and
        `result.failed` (an error). The hooks are those of `send_voice_challenges`.
        """
        checked = challenges.codes_argument(codes, self._session.default_region)

        async def verify(number: str) -> QualifiedNumber:
            return await self.verify_voice_challenge(number, checked[number])

        return await self._challenges(list(checked), verify, True, on_start, on_done)

    async def _challenges(
        self,
        numbers: builtins.list[str],
        call: Callable[[str], Awaitable[QualifiedNumber]],
        verify: bool,
        on_start: Callable[[str], None] | None,
        on_done: Callable[[challenges.ChallengeOutcome], None] | None,
    ) -> challenges.VoiceChallengesResult:
        calls.hook_argument("on_start", on_start)
        calls.hook_argument("on_done", on_done)

        async def one(number: str) -> challenges.ChallengeOutcome:
            try:
                return challenges.ChallengeOutcome(number, await call(number), None)
            except InvalidArgumentError:
                raise  # a bad argument is the caller's, and the same for every number
            except QualifiedNumbersError as error:
                return challenges.ChallengeOutcome(number, None, error)

        def done(_number: str, outcome: challenges.ChallengeOutcome) -> None:
            if on_done is not None:
                on_done(outcome)

        outcomes = await self._session.map(one, numbers, on_start=on_start, on_done=done)
        return challenges.collect(outcomes, verify)

    async def wait_for(
        self,
        phone_numbers: Iterable[str],
        *,
        states: States,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: Callable[[waiting.WaitProgress[QualifiedNumber]], None] | None = None,
    ) -> dict[str, QualifiedNumber]:
        """Poll until every number is in one of `states`; `WaitTimeoutError` names the rest.

        A number in a final state it can never leave (`NOT_ELIGIBLE`, `VERIFICATION_BLOCKED`,
        `HOSTING_FAILED`) that is not one of `states` is not waited for any longer: once the
        other numbers arrived, `UnreachableStateError` lists those numbers with their final
        state (`.final`), and what arrived (`.arrived`), instead of running out the timeout.

        One paged listing per poll, however many numbers; the interval grows by half each
        poll up to 30 s. `on_poll(progress)` is called after each poll with the numbers that
        arrived, those that ended, those still pending and the seconds elapsed.
        """
        waiter = waiting.wait_arguments(
            phone_numbers, states, timeout, poll_interval, self._session.default_region, on_poll
        )

        async def io(step: waiting.WaitStep) -> object:
            if isinstance(step, waiting.PollList):
                return [n async for n in self.list(states=step.states, page_size=1000)]
            if isinstance(step, ReadStates):
                return await self.read_states(step.numbers)
            if isinstance(step, Sleep):
                await asleep(step.seconds)
                return None
            return time.monotonic()  # Now

        return await drive(waiting.wait(waiter), io)

    async def read_states(
        self, phone_numbers: Iterable[str]
    ) -> dict[str, str | QualifiedNumbersError]:
        """Each number's current state (e.g. `GLOBAL_PROCESS_STATE_VERIFIED`, `""` if the
        service gave none) or the error that prevented reading it; one GET per number,
        `max_concurrency` at once, transient errors retried. Reconciliation uses it to know
        what a lost answer did before anything is sent again."""
        return await engine.read_states(self._session, phone_numbers)


__all__ = ["AddChunkOutcome", "AsyncQualifiedNumbers", "States"]
