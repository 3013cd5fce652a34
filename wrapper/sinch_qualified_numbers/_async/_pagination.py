"""The auto-paging iterator; the paging rules themselves are `.._pagination._Cursor`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from .._exceptions import PagerReusedError
from .._pagination import Page, _Cursor

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """`async for item in pager` fetches pages lazily; `pager.pages()` yields `Page` objects."""

    def __init__(
        self, fetch: Callable[[str | None], Awaitable[Page[T]]], *, limit: int | None = None
    ) -> None:
        self._fetch = fetch
        self._cursor: _Cursor[T] = _Cursor(limit)
        self._started = False

    @property
    def total_size(self) -> int | None:
        """The service's count of matching items, known once the first page is fetched."""
        return self._cursor.total_size

    async def pages(self) -> AsyncIterator[Page[T]]:
        if self._started:
            raise PagerReusedError("a pager can be iterated once; call list() again for a new one")
        self._started = True
        cursor = self._cursor
        while not cursor.done:
            yield cursor.accept(await self._fetch(cursor.token))

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
