"""The auto-paging iterator; the rules that stop a looping listing are in `.._pagination`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from .. import _extras as extras
from .. import _pagination as paging
from .._exceptions import PagerReusedError
from .._pagination import Page

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """`async for item in pager` fetches pages lazily; `pager.pages()` yields `Page` objects."""

    def __init__(
        self, fetch: Callable[[str | None], Awaitable[Page[T]]], *, limit: int | None = None
    ) -> None:
        self._fetch = fetch
        # The extras of the method that made the pager, for each page it fetches later (and
        # none of those in force where it is iterated: see `.._extras`).
        self._extras = extras.in_force()
        self._limit = paging.limit_argument(limit)
        self._started = False
        self._total_size: int | None = None

    @property
    def total_size(self) -> int | None:
        """The service's count of matching items, known once the first page is fetched."""
        return self._total_size

    async def pages(self) -> AsyncIterator[Page[T]]:
        if self._started:
            raise PagerReusedError("a pager can be iterated once; call list() again for a new one")
        self._started = True
        limit = self._limit
        token: str | None = None
        seen: set[str] = set()
        returned = empty_in_a_row = 0
        done = limit == 0
        while not done:
            with extras.applied(self._extras):
                page = await self._fetch(token)
            if page.total_size is not None:
                self._total_size = page.total_size
            token = page.next_page_token or ""
            empty_in_a_row = 0 if page.items else empty_in_a_row + 1
            paging.check_progress(token, seen, empty_in_a_row, returned)
            seen.add(token)
            # Cut to what the limit still allows.
            items = page.items if limit is None else page.items[: limit - returned]
            returned += len(items)
            done = not token or (limit is not None and returned >= limit)
            yield Page(items, token, page.total_size)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
