# Generated from _async/_add_call.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""One call of `add` (at most 500 numbers) with its reconciliation: the I/O, every decision
in `.._adding.AddCall`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sinch_qualified_numbers_api.models import QualifiedNumber

from .. import _adding as adding
from .._exceptions import QualifiedNumbersError, could_have_acted


def add_call(
    numbers: list[str],
    *,
    skip_existing: bool,
    rounds: int,
    send: Callable[[list[str]], list[QualifiedNumber]],
    read: Callable[[list[str]], Mapping[str, adding.Read]],
) -> adding.Added:
    """At most `rounds` POSTs (`send`) after ambiguous failures; after one, or after a 409
    that may be about numbers the project holds, the pending numbers are read (`read`: each
    number's record, `NotFoundError` or the error that kept it unread) before anything is sent
    again. The numbers a 409 left unsent once the ones it was about are read held are sent again
    whatever `rounds` is: that is the call the user asked for, not a retry of a failure, and
    failing them would blame them for another number (a call reads its 409 once, so this adds
    at most one POST)."""
    call = adding.AddCall.start(numbers, skip_existing=skip_existing)
    retries = max(1, rounds) - 1
    while True:
        try:
            call.answered(send(call.pending))
            return call.outcome
        except QualifiedNumbersError as error:
            conflict = call.conflict_to_read(error)
            if not conflict and not could_have_acted(error):
                call.failed(error)
                return call.outcome
            pending = len(call.pending)
            call.settle_reads(read(call.pending), error, conflict)
            if not call.pending:
                return call.outcome
            if conflict and len(call.pending) < pending:
                continue
            if retries == 0:
                call.failed(error)
                return call.outcome
            retries -= 1
