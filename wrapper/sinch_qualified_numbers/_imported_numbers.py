"""The rules of imported numbers, without I/O: arguments, import orders, and moving a number
between service plans and campaigns.

Sinch documents a move as two calls: unlink both (set them to `""`), then link the new values.
The move itself (`_async/imported_numbers.py`, `_move`) is written so that a number is never
left half-moved silently: after a failure of the second call the result says the number is
unlinked, and calling it again finishes the move (a number already unlinked skips the first
call).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sinch_qualified_numbers_api.models import (
    ImportedNumber,
    ImportNumbersRequest,
    RegionCode,
    SearchPattern,
    SmsConfigurationUpdate,
    UpdateImportedNumberRequest,
)
from sinch_qualified_numbers_api.types import UNSET, Unset

from ._arguments import enum_argument, numbers_argument, optional_text, or_unset, required_text
from ._exceptions import (
    APIStatusError,
    ImportNumbersFailedError,
    InvalidArgumentError,
    MoveFailedError,
    QualifiedNumbersError,
)
from ._orders import (
    Chunk,
    OrderBatchResult,
    OrderKind,
    split_into_chunks,
)
from ._phone import region_of

#: What reading a number says while reconciling an import (see `_orders.reconcile`).
IMPORTED = "IMPORTED"
NOT_IMPORTED = "NOT_IMPORTED"
TAKEN = frozenset({IMPORTED})
RESEND = frozenset({NOT_IMPORTED})


def _state_in_refusal(error: APIStatusError) -> str | None:
    """A 409 about a number of an import order says it is imported already."""
    return IMPORTED if error.status_code == 409 else None


#: Imports in the order engine: a number already imported is reported apart, not sent.
IMPORTS = OrderKind(TAKEN, RESEND, TAKEN, _state_in_refusal)


# -- import orders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOptions:
    service_plan_id: str
    campaign_id: str | None = None
    region_code: str | None = None
    display_name: str | None = None
    callback_url: str | None = None
    migrate_to_sinch_tmo: bool | None = None


class ImportResult(OrderBatchResult):
    """Every input number exactly once: in `imported` (number -> hosting order ID, None when
    the order's answer was lost), `already_imported` (an imported number already: not sent
    again, not a failure) or `failed`; `orders` lists the import orders created."""

    _accepted_as = "imported"
    _already_as = "already_imported"

    @property
    def imported(self) -> dict[str, str | None]:
        """`accepted` by its import name: number -> hosting order ID."""
        return self.accepted

    @property
    def already_imported(self) -> dict[str, str]:
        """`already` by its import name: number -> `IMPORTED`."""
        return self.already

    def _failure(self, message: str) -> QualifiedNumbersError:
        return ImportNumbersFailedError(self, message)


def plan_import(
    numbers: Iterable[str], options: ImportOptions, default_region: str, size: int
) -> list[Chunk]:
    """Validate everything before any request, then group by region (and toll-free or not),
    `size` numbers per chunk (no numbers: no chunks)."""
    parsed = numbers_argument(numbers, default_region, "numbers")
    required_text("service_plan_id", options.service_plan_id)
    for name in ("campaign_id", "display_name", "callback_url"):
        optional_text(name, getattr(options, name))
    migrate = options.migrate_to_sinch_tmo
    if migrate is not None and not isinstance(migrate, bool):
        raise InvalidArgumentError(
            f"migrate_to_sinch_tmo must be True, False or None, not {migrate!r:.80}"
        )
    if options.region_code is not None:
        wanted = enum_argument(RegionCode, options.region_code, "region_code").value
        elsewhere = [n for n in parsed if region_of(n) != wanted]
        if elsewhere:
            raise InvalidArgumentError(
                f"numbers outside region_code {wanted}: " + ", ".join(elsewhere[:10])
            )
    return split_into_chunks(parsed, size)


def import_body(project_id: str, chunk: Chunk, options: ImportOptions) -> ImportNumbersRequest:
    return ImportNumbersRequest(
        project_id=project_id,
        region_code=RegionCode(chunk.region_code),
        numbers=list(chunk.numbers),
        service_plan_id=options.service_plan_id,
        campaign_id=or_unset(options.campaign_id),
        display_name=or_unset(options.display_name),
        callback_url=or_unset(options.callback_url),
        migrate_to_sinch_tmo=or_unset(options.migrate_to_sinch_tmo),
    )


def import_state(imported: bool | QualifiedNumbersError) -> str | QualifiedNumbersError:
    """A read while reconciling (`read_imported`'s answer) as a state: imported, not
    imported (404), or the error."""
    if isinstance(imported, QualifiedNumbersError):
        return imported
    return IMPORTED if imported else NOT_IMPORTED


# -- listing and updating ------------------------------------------------------------------------


def search_pattern_argument(
    pattern: str | None, search_pattern: str | None
) -> SearchPattern | Unset:
    if search_pattern is None:
        return UNSET
    if pattern is None:
        raise InvalidArgumentError("search_pattern needs a pattern to search for")
    return enum_argument(SearchPattern, search_pattern, "search_pattern")


def pattern_argument(pattern: object) -> str | Unset:
    """Digits, optionally after a `+` (the service matches them against E.164 numbers)."""
    if pattern is None:
        return UNSET
    if (
        not isinstance(pattern, str)
        or not pattern.isascii()
        or not pattern.lstrip("+").isdigit()
        or len(pattern) > 16
    ):
        raise InvalidArgumentError(f"pattern must be digits (e.g. '1202555'), not {pattern!r:.80}")
    return pattern


class Unchanged:
    """The type of `UNCHANGED`, the default of `update`'s arguments."""

    def __repr__(self) -> str:
        return "UNCHANGED"


#: The default of `update`'s arguments: leave that field as it is.
UNCHANGED = Unchanged()


def update_body(display_name: object, callback_url: object) -> UpdateImportedNumberRequest:
    body = UpdateImportedNumberRequest()
    if display_name is not UNCHANGED:
        body.display_name = optional_text("display_name", display_name) or ""
    if callback_url is not UNCHANGED:
        body.callback_url = optional_text("callback_url", callback_url) or ""
    if isinstance(body.display_name, Unset) and isinstance(body.callback_url, Unset):
        raise InvalidArgumentError("update needs display_name or callback_url (or both)")
    return body


def link_body(service_plan_id: str, campaign_id: str) -> UpdateImportedNumberRequest:
    return UpdateImportedNumberRequest(
        sms_configuration=SmsConfigurationUpdate(
            service_plan_id=service_plan_id, campaign_id=campaign_id
        )
    )


# -- moving ---------------------------------------------------------------------------------------


Outcome = Literal["moved", "unchanged", "unlinked", "unknown"]


@dataclass(frozen=True)
class MoveResult:
    """What became of one number: `moved` (now linked as asked), `unchanged` (it already was),
    `unlinked` (the unlink went through but the link did not: `error` says why; calling
    `move` again finishes it, since it reads the number first) or `unknown` (an answer was
    lost and the read that would have told failed too: read the number before moving it
    again). `number` is the number as last read or answered (None if never read)."""

    phone_number: str
    outcome: Outcome
    number: ImportedNumber | None
    error: QualifiedNumbersError | None = None


def links_of(number: ImportedNumber) -> tuple[str, str]:
    """The number's (service plan, campaign); absent reads as `""`, as proto3 means."""
    sms = number.sms_configuration
    if isinstance(sms, Unset):
        return "", ""
    plan = "" if isinstance(sms.service_plan_id, Unset) else sms.service_plan_id
    campaign = "" if isinstance(sms.campaign_id, Unset) else sms.campaign_id
    return plan, campaign


def import_region(number: str, region_code: object) -> RegionCode:
    """The `regionCode` of an import (Sinch requires it): the number's own region, or the
    caller's if it agrees with the number."""
    own = RegionCode(region_of(number))
    if region_code is None:
        return own
    given = enum_argument(RegionCode, region_code, "region_code")
    if given is not own:
        raise InvalidArgumentError(
            f"region_code: {number} is a number of {own.value}, not {given.value}"
        )
    return given


def move_arguments(service_plan_id: object, campaign_id: object) -> tuple[str, str]:
    plan = required_text("service_plan_id", service_plan_id)
    campaign = optional_text("campaign_id", campaign_id) or ""
    return plan, campaign


@dataclass
class MoveManyResult:
    """Every input number exactly once: `moved` (including those already there), `unlinked`
    (unlinked, the link failed: move them again to finish), `failed` (left as they were) or
    `unknown` (an answer was lost and the number could not be read back: read it, or move it
    again, which reads it first)."""

    moved: dict[str, ImportedNumber | None] = field(default_factory=dict)
    unlinked: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    failed: dict[str, QualifiedNumbersError] = field(default_factory=dict)
    unknown: dict[str, QualifiedNumbersError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.unlinked and not self.failed and not self.unknown

    def add(self, phone: str, outcome: MoveResult | QualifiedNumbersError) -> None:
        if isinstance(outcome, QualifiedNumbersError):
            self.failed[phone] = outcome
        elif outcome.outcome in ("unlinked", "unknown"):
            assert outcome.error is not None
            kind = self.unlinked if outcome.outcome == "unlinked" else self.unknown
            kind[phone] = outcome.error
        else:
            self.moved[phone] = outcome.number

    def raise_for_failures(self) -> None:
        if self.ok:
            return
        unknown = f", {len(self.unknown)} with an unknown outcome" if self.unknown else ""
        raise MoveFailedError(
            self,
            f"{len(self.unlinked)} numbers left unlinked (move them again to finish), "
            f"{len(self.failed)} failed and unchanged{unknown}",
        )
