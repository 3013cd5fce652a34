"""Paging rules of the auto-paging iterators (`_async/_pagination.py`, which fetch lazily, like
google-api-core's page_iterator): a page, the limit, and when a listing loops.

Iterating a pager yields items, fetching the next page only when the previous one is used
up; `pages()` yields whole pages. Paging follows `nextPageToken` until it is empty (an empty
page that still carries a token is followed, not taken as the end); a token that comes back a
second time, or `MAX_EMPTY_PAGES` empty pages in a row, raise `PaginationError` instead of
looping forever. Only one page is held at a
time, so memory stays flat however many items are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sinch_qualified_numbers_api.types import Unset

from ._exceptions import APIResponseValidationError, InvalidArgumentError, PaginationError

T = TypeVar("T")

#: Empty pages in a row that carry a next token: past this, the listing is taken to loop
#: (distinct tokens that never yield an item would otherwise be followed forever).
MAX_EMPTY_PAGES = 20


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing."""

    items: list[T]
    next_page_token: str
    total_size: int | None


def limit_argument(limit: object) -> int | None:
    """The most items a listing may yield (None: all of them)."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise InvalidArgumentError(f"limit must be an integer >= 0, not {limit!r}")
    return limit


def check_progress(token: str, seen: set[str], empty_in_a_row: int, returned: int) -> None:
    """Refuse a listing that loops: a page token that came back a second time, or
    `MAX_EMPTY_PAGES` empty pages in a row that each carry a new token."""
    if token and token in seen:
        raise PaginationError(
            f"the service repeated page token {token[:40]!r}: stopping to avoid a loop"
        )
    if token and empty_in_a_row >= MAX_EMPTY_PAGES:
        raise PaginationError(
            f"the service sent {empty_in_a_row} empty pages in a row, each with a new "
            f"page token: stopping to avoid a loop (after {returned} items)"
        )


def page_of(items: list[T] | Unset, token: str | Unset, total: int | Unset) -> Page[T]:
    """A page of any listing answer: proto3 leaves out an empty list, the last page's token
    and a total of 0."""
    return Page(
        [] if isinstance(items, Unset) else items,
        "" if isinstance(token, Unset) else token,
        total_size(total),
    )


def total_size(total: object) -> int | None:
    """A listing's `totalSize`: None when absent, else a non-negative integer (proto3 JSON may
    write an integer as a decimal string). Anything else is an unreadable answer, never passed
    on as a count."""
    if isinstance(total, Unset) or total is None:
        return None
    if isinstance(total, int) and not isinstance(total, bool) and total >= 0:
        return total
    if isinstance(total, str) and total.isascii() and total.isdigit():
        return int(total)
    raise APIResponseValidationError(
        f"The service's totalSize is not a count: {total!r:.40}.", status_code=200, body=b""
    )
