"""Auto-paging iterators that fetch lazily, like google-api-core's page_iterator.

Iterating a pager yields items, fetching the next page only when the previous one is used
up; `pages()` yields whole pages. Paging follows `nextPageToken` until it is empty (an empty
page that still carries a token is followed, not taken as the end); a token that comes back a
second time raises `PaginationError` instead of looping forever. Only one page is held at a
time, so memory stays flat however many items are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from ._exceptions import InvalidArgumentError, PaginationError

T = TypeVar("T")


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
        items = page.items
        if self.limit is not None:
            items = items[: self.limit - self.returned]
        self.returned += len(items)
        self.token = token
        self.done = not token or (self.limit is not None and self.returned >= self.limit)
        return Page(items, token, page.total_size)
