# Generated from _async/qualified_numbers.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""`client.qualified_numbers`: the operations, named after what the user does.

The asyncio class in `_async/` is the source; the blocking one in `_sync/` is generated from
it by `make generate`. A single call goes from its method here to the resource context
(`_async/_resource_context.py`: the call made, its answer a model or a typed error by the
rules of `_answers`), the generated operation and the retrying transport
(`_async/_transport.py`). Most rules live in the sans-I/O modules (`_arguments`, `_states`,
`_adding`, `_challenges`, `_waiting`): a method checks its arguments with them, does the I/O
and asks them what the answers mean. Not all: `text_enable` is inherited from
`_async/_text_enabling.py` (which runs the order engine, `_async/_order_engine.py`), the
per-number reads (`read_states`) are `_async/_reads.py`'s and one call of `add` with its
reconciliation `_async/_add_call.py`'s; `add` checks `skip_existing` and shares
`max_concurrency` between its calls and their reads here. Types both clients share
(`AddChunkOutcome`) live outside `_async/`, so that `make generate` never copies them.

A bulk operation imports its rules, its routes and the reconciliation reads when first
called: a script's first `get()` (or `list()`, `delete()`) loads none of them.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from sinch_qualified_numbers_api.api.qualified_numbers import (
    delete_qualified_number,
    get_qualified_number,
    list_qualified_numbers,
)
from sinch_qualified_numbers_api.models import ListQualifiedNumbersResponse, QualifiedNumber
from sinch_qualified_numbers_api.types import UNSET

from .. import _arguments as arguments
from .. import _concurrency as concurrency
from .. import _extras as extras
from .. import _states as state_filters
from .._concurrency import sleep, slots
from .._exceptions import (
    InvalidArgumentError,
    NotFoundError,
    QualifiedNumbersError,
    could_have_acted,
)
from .._extras import Body, Headers, Query
from .._pagination import Page, page_of
from .._phone import normalize_phone_number
from ._pagination import SyncPager
from ._resource_context import ResourceContext
from ._text_enabling import Route, TextEnabling

# What only the bulk operations need (their rules, reconciliation reads, their routes) is
# imported by them when first called: a script's first `get()` loads none of it.
if TYPE_CHECKING:
    from .. import _adding as adding
    from .. import _challenges as challenges
    from .. import _waiting as waiting

States = Iterable[state_filters.StateFilter | str] | state_filters.StateFilter | str


class QualifiedNumbers(TextEnabling):
    """The Qualified Numbers operations of one project."""

    @staticmethod
    def _text_enable_routes() -> tuple[Route, Route]:
        from sinch_qualified_numbers_api.api.qualified_numbers import (
            text_enable_numbers,
            text_enable_toll_free_numbers,
        )

        return (
            text_enable_numbers.sync_detailed,
            text_enable_toll_free_numbers.sync_detailed,
        )

    def __init__(self, context: ResourceContext) -> None:
        self._context = context

    def _number(self, phone_number: str) -> str:
        return normalize_phone_number(phone_number, default_region=self._context.default_region)

    @extras.accepted
    def list(
        self,
        states: States | None = None,
        region_code: str | None = None,
        page_size: int | None = None,
        order_by: str | None = None,
        *,
        limit: int | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> SyncPager[QualifiedNumber]:
        """Numbers in the given states (default: all), fetched lazily as they are iterated:
        `for number in qn.list(states=["VERIFIED"])`; `limit` caps how many."""
        query = arguments.list_query(states, region_code, page_size, order_by)
        context = self._context

        def fetch(token: str | None) -> Page[QualifiedNumber]:
            answer = self._context.read(
                lambda: list_qualified_numbers.sync_detailed(
                    context.project_id,
                    client=context.api,
                    states=state_filters.states_sent(query.states),
                    region_code=query.region_code,
                    page_size=query.page_size,
                    page_token=UNSET if token is None else token,
                    order_by=query.order_by,
                ),
                ListQualifiedNumbersResponse,
            )
            return page_of(answer.qualified_numbers, answer.next_page_token, answer.total_size)

        return SyncPager(fetch, limit=limit)

    @extras.accepted
    def get(
        self,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> QualifiedNumber:
        """One number of the project (`NotFoundError` if it is not one)."""
        number = self._number(phone_number)
        context = self._context
        return context.read_about(
            number,
            lambda: get_qualified_number.sync_detailed(
                context.project_id, number, client=context.api
            ),
            QualifiedNumber,
        )

    @extras.accepted
    def delete(
        self,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> None:
        """Delete a number. A retry whose lost first attempt already deleted it counts as done."""
        number = self._number(phone_number)
        context = self._context
        context.delete_about(
            number,
            lambda: delete_qualified_number.sync_detailed(
                context.project_id, number, client=context.api
            ),
        )

    @extras.accepted
    def add(
        self,
        phone_numbers: Iterable[str],
        *,
        on_chunk_done: Callable[[adding.AddChunkOutcome], None] | None = None,
        skip_existing: bool = True,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> builtins.list[QualifiedNumber]:
        """Add numbers to qualify, in calls of at most 500; returns the numbers the project
        holds, in input order.

        `AddNumbersError` says which numbers were added (`added`), which were provably not
        (`failed`, each with its error) and which have an unknown outcome (`unknown`); when
        everything went in one call and the service refused it, that call's own error is
        raised (`BadRequestError`, `ConflictError`...). `on_chunk_done(outcome)` is called in
        this thread as each call completes (for a progress bar or a journal).

        After an ambiguous failure (a timeout once the body was sent, a 5xx, a dropped
        connection, an answer that does not name exactly the numbers sent) the call's numbers
        are read before anything is sent again: those the project holds are added (as read),
        those it lacks are sent again (at most `max_retries + 1` calls in all), and those that
        cannot be read are unknown, never failed.

        The service refuses a whole call (409) when one of its numbers is in the project
        already. With `skip_existing=True` (the default: reruns are safe) such a call's
        numbers are read: the ones the project has are returned as read (and listed in
        `outcome.existing`), the others are sent again in one call. A number the project does
        not have that still conflicts (another project's, say) stays a `ConflictError`.
        `skip_existing=False` raises the service's 409 instead (unless the call's own lost
        answer may have added the numbers). A call's reads go concurrently (one GET per
        number, transient errors asked again), and all the requests of one `add`, its calls'
        POSTs and reads together, share `max_concurrency`: no more are ever in flight.
        """
        from sinch_qualified_numbers_api.api.qualified_numbers import add_qualified_numbers
        from sinch_qualified_numbers_api.models import (
            AddQualifiedNumbersRequest,
            AddQualifiedNumbersResponse,
        )
        from sinch_qualified_numbers_api.types import Unset

        from .. import _adding as adding
        from .. import _orders as order_rules
        from . import _reads as reads
        from ._add_call import add_call

        requests = arguments.add_requests(phone_numbers, self._context.default_region)
        arguments.hook_argument("on_chunk_done", on_chunk_done)
        if not isinstance(skip_existing, bool):
            raise InvalidArgumentError(
                f"skip_existing must be True or False, not {skip_existing!r:.80}"
            )
        context = self._context
        rounds = context.config.max_retries + 1
        # The calls run `max_concurrency` at once and a lost answer's reads run concurrently
        # inside a call's turn: every request takes one of these, so that together they stay
        # within `max_concurrency` (a pause between reconciliation reads holds none).
        in_flight = slots(context.config.max_concurrency)

        def get(number: str) -> QualifiedNumber:
            with in_flight:
                return self.get(number, **extras.passed_on())

        def send(numbers: list[str]) -> list[QualifiedNumber]:
            body = AddQualifiedNumbersRequest(phone_numbers=numbers)
            with in_flight:
                answer = self._context.read(
                    lambda: add_qualified_numbers.sync_detailed(
                        context.project_id, client=context.api, body=body
                    ),
                    AddQualifiedNumbersResponse,
                )
            found = answer.qualified_numbers
            return [] if isinstance(found, Unset) else found

        def read(numbers: list[str]) -> dict[str, adding.Read]:
            return reads.read_each(context, numbers, get, lambda found: found, reconciling=True)

        def one(body: AddQualifiedNumbersRequest) -> adding.Added:
            return add_call(
                list(body.phone_numbers),
                skip_existing=skip_existing,
                rounds=rounds,
                send=send,
                read=read,
            )

        def done(_request: AddQualifiedNumbersRequest, answer: adding.Added) -> None:
            if on_chunk_done is not None:
                on_chunk_done(adding.chunk_outcome(answer))

        # One reconcile_timeout for the reads of all the calls, not one per call.
        with order_rules.reconcile_budget():
            return adding.add_result(context.map(one, requests, on_done=done))

    @extras.accepted
    def send_voice_challenge(
        self,
        phone_number: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> QualifiedNumber:
        """Call the number; the call speaks the code that `verify_voice_challenge` needs.

        After an ambiguous failure (a 5xx, a lost answer) the number is read before anything
        is sent again: a number already `VERIFICATION_PENDING` was called (its state is
        returned as read), any other is called again; the error is raised only when the
        number was provably not called, or could not be read."""
        from .. import _challenges as challenges

        number = self._number(phone_number)
        return challenges.answer_or_raise(self._challenge(number, None))

    @extras.accepted
    def verify_voice_challenge(
        self,
        phone_number: str,
        code: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> QualifiedNumber:
        """Prove ownership with the code of the voice call; the answer's state says if it did.

        After an ambiguous failure the number is read before the code is sent again (see
        `verify_voice_challenges`): a code is never counted twice."""
        from .. import _challenges as challenges

        number = self._number(phone_number)
        checked = challenges.code_argument(code)
        return challenges.answer_or_raise(self._challenge(number, checked))

    def _challenge(self, number: str, code: str | None) -> challenges.ChallengeOutcome:
        """One number's challenge (the call, or with `code` the code), reconciled after an
        ambiguous failure."""
        from sinch_qualified_numbers_api.api.qualified_numbers import (
            send_voice_challenge,
            verify_voice_challenge,
        )
        from sinch_qualified_numbers_api.models import VerifyVoiceChallengeRequest

        from .. import _challenges as challenges
        from . import _reads as reads

        context = self._context
        rounds = context.config.max_retries + 1

        def post() -> QualifiedNumber:
            # read_about refuses an answer about another number (unreadable: reconciled).
            if code is None:
                return context.read_about(
                    number,
                    lambda: send_voice_challenge.sync_detailed(
                        context.project_id, number, client=context.api
                    ),
                    QualifiedNumber,
                )
            body = VerifyVoiceChallengeRequest(code=code)
            return context.read_about(
                number,
                lambda: verify_voice_challenge.sync_detailed(
                    context.project_id, number, client=context.api, body=body
                ),
                QualifiedNumber,
            )

        # At most `rounds` POSTs; after an ambiguous failure the number is read before the
        # challenge is sent again (`challenges.after_read`).
        cause: QualifiedNumbersError | None = None
        for _ in range(max(1, rounds)):
            try:
                return challenges.ChallengeOutcome(number, post(), None)
            except InvalidArgumentError:
                raise  # a bad argument is the caller's, and the same for every number
            except QualifiedNumbersError as error:
                if not could_have_acted(error):
                    return challenges.ChallengeOutcome(number, None, error)
                cause = error
            # The method's own read: with its extras (`get` alone would set none).
            found = reads.read_with_retries(
                functools.partial(self.get, number, **extras.passed_on())
            )
            if isinstance(found, NotFoundError):  # not in the project: its own reason
                return challenges.ChallengeOutcome(number, None, found)
            if isinstance(found, QualifiedNumbersError):
                return challenges.ChallengeOutcome(number, None, cause, unknown=True)
            if (
                outcome := challenges.after_read(number, found, cause, code is not None)
            ) is not None:
                return outcome
        assert cause is not None
        return challenges.ChallengeOutcome(number, None, cause)

    @extras.accepted
    def send_voice_challenges(
        self,
        phone_numbers: Iterable[str],
        *,
        on_start: Callable[[str], None] | None = None,
        on_done: Callable[[challenges.ChallengeOutcome], None] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> challenges.VoiceChallengesResult:
        """`send_voice_challenge` for many numbers, `max_concurrency` at once.

        Nothing is raised for a number that fails: every number is in exactly one of
        `result.succeeded` (the call was placed; the number as answered, or as read after a
        lost answer), `result.failed` (provably not called: its error) and `result.unknown`
        (the answer was lost and the number could not be read); `result.raise_for_failures()`
        raises instead. After an ambiguous failure the number is read before it is called
        again, so no number is called twice. `on_start(number)` is called just before a
        number's first request and `on_done(outcome)` once it is settled, both in this thread
        (a journal written from them knows what may be in flight).
        """
        from .. import _challenges as challenges

        numbers = challenges.numbers_to_call(phone_numbers, self._context.default_region)
        return self._challenges(dict.fromkeys(numbers), on_start, on_done)

    @extras.accepted
    def verify_voice_challenges(
        self,
        codes: Mapping[str, str],
        *,
        on_start: Callable[[str], None] | None = None,
        on_done: Callable[[challenges.ChallengeOutcome], None] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> challenges.VoiceChallengesResult:
        """`verify_voice_challenge` for many numbers (`{number: code}`), `max_concurrency` at
        once.

        Every number is in exactly one of `result.succeeded` (now `VERIFIED`),
        `result.rejected` (the service answered, but the code was wrong: its state is
        `VERIFICATION_FAILED`, or `VERIFICATION_BLOCKED` after the third wrong code),
        `result.failed` (provably not checked: an error) and `result.unknown`. After an
        ambiguous failure the number is read before its code is sent again: `VERIFIED` is a
        success, `VERIFICATION_PENDING` is sent again, and `VERIFICATION_FAILED` is unknown (a
        wrong code that was checked and one that never arrived read the same; sending it
        again could count a second wrong code). The hooks are those of
        `send_voice_challenges`.
        """
        from .. import _challenges as challenges

        checked = challenges.codes_argument(codes, self._context.default_region)
        return self._challenges(dict(checked), on_start, on_done)

    def _challenges(
        self,
        codes: dict[str, str | None],
        on_start: Callable[[str], None] | None,
        on_done: Callable[[challenges.ChallengeOutcome], None] | None,
    ) -> challenges.VoiceChallengesResult:
        """Each number's challenge (`codes[number]` None: the call; else that code)."""
        from .. import _challenges as challenges

        arguments.hook_argument("on_start", on_start)
        arguments.hook_argument("on_done", on_done)

        def one(number: str) -> challenges.ChallengeOutcome:
            return self._challenge(number, codes[number])

        def done(_number: str, outcome: challenges.ChallengeOutcome) -> None:
            if on_done is not None:
                on_done(outcome)

        verify = any(code is not None for code in codes.values())
        outcomes = self._context.map(one, list(codes), on_start=on_start, on_done=done)
        return challenges.collect(outcomes, verify)

    @extras.accepted
    def wait_for(
        self,
        phone_numbers: Iterable[str],
        *,
        states: States,
        timeout: float = 600.0,
        poll_interval: float = 2.0,
        on_poll: Callable[[waiting.WaitProgress[QualifiedNumber]], None] | None = None,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
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
        from .. import _waiting as waiting
        from ._waiting import wait

        waiter, listed = waiting.wait_arguments(
            phone_numbers, states, timeout, poll_interval, self._context.default_region, on_poll
        )

        def poll(pending: builtins.list[str]) -> dict[str, QualifiedNumber]:
            # One paged listing per poll, however many numbers are pending.
            return {
                n.phone_number: n
                for n in self.list(states=listed, page_size=1000, **extras.passed_on())
            }

        def read_late(pending: builtins.list[str]) -> dict[str, QualifiedNumber]:
            # Each late number's own record: the listing may lag behind it.
            from . import _reads as reads

            found = reads.read_numbers(self._context, pending)
            return {n: read for n, read in found.items() if isinstance(read, QualifiedNumber)}

        return wait(waiter, poll, read_late, concurrency.monotonic, sleep)

    @extras.accepted
    def read_states(
        self,
        phone_numbers: Iterable[str],
        *,
        reconciling: bool = False,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> dict[str, str | QualifiedNumbersError]:
        """Each number's current state (e.g. `GLOBAL_PROCESS_STATE_VERIFIED`, `""` if the
        service gave none) or the error that prevented reading it; one GET per number,
        `max_concurrency` at once, transient errors retried. Reconciliation uses it to know
        what a lost answer did before anything is sent again; `reconciling=True` reads as it
        does, within `reconcile_timeout`: no read (or retry) begins once that has passed since
        the reads began, and a number not read by then has an `APITimeoutError`."""
        from . import _reads as reads

        return reads.read_states(self._context, phone_numbers, reconciling=reconciling)


__all__ = ["QualifiedNumbers", "States"]
