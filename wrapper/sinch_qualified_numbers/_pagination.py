"""Auto-paging iterators that fetch lazily, like google-api-core's page_iterator.

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

from ._exceptions import InvalidArgumentError, PaginationError

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


class _Cursor(Generic[T]):
    """The paging rules, shared by the sync and async pagers; it does no I/O."""

    def __init__(self, limit: int | None) -> None:
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            raise InvalidArgumentError(f"limit must be an integer >= 0, not {limit!r}")
        self.limit = limit
        self.token: str | None = None
        self.done = limit == 0
        self.total_size: int | None = None
        self.returned = 0
        self._seen: set[str] = set()
        self._empty_in_a_row = 0

    def accept(self, page: Page[T]) -> Page[T]:
        """Record a fetched page; return it cut to what the limit still allows."""
        if page.total_size is not None:
            self.total_size = page.total_size
        token = page.next_page_token or ""
        if token and token in self._seen:
            raise PaginationError(
                f"the service repeated page token {token[:40]!r}: stopping to avoid a loop"
            )
        self._seen.add(token)
        self._empty_in_a_row = 0 if page.items else self._empty_in_a_row + 1
        if token and self._empty_in_a_row >= MAX_EMPTY_PAGES:
            raise PaginationError(
                f"the service sent {self._empty_in_a_row} empty pages in a row, each with a new "
                f"page token: stopping to avoid a loop (after {self.returned} items)"
            )
        items = page.items
        if self.limit is not None:
            items = items[: self.limit - self.returned]
        self.returned += len(items)
        self.token = token
        self.done = not token or (self.limit is not None and self.returned >= self.limit)
        return Page(items, token, page.total_size)
