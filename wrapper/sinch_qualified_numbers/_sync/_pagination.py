# Generated from _async/_pagination.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""The auto-paging iterator; the paging rules themselves are `.._pagination._Cursor`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .._exceptions import PagerReusedError
from .._pagination import Page, _Cursor

T = TypeVar("T")


class SyncPager(Generic[T]):
    """`for item in pager` fetches pages lazily; `pager.pages()` yields `Page` objects."""

    def __init__(self, fetch: Callable[[str | None], Page[T]], *, limit: int | None = None) -> None:
        self._fetch = fetch
        self._cursor: _Cursor[T] = _Cursor(limit)
        self._started = False

    @property
    def total_size(self) -> int | None:
        """The service's count of matching items, known once the first page is fetched."""
        return self._cursor.total_size

    def pages(self) -> Iterator[Page[T]]:
        if self._started:
            raise PagerReusedError("a pager can be iterated once; call list() again for a new one")
        self._started = True
        cursor = self._cursor
        while not cursor.done:
            yield cursor.accept(self._fetch(cursor.token))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items
