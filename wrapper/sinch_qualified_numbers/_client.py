"""The clients: one object configured once, sync and async twins over the same rules."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, Generic, Self, TypeVar

import httpx

from sinch_qualified_numbers_api import Client as _ApiClient

from ._auth import BasicAuth, OAuth2ClientCredentials
from ._config import AuthMethod, ClientConfig, resolve
from ._exceptions import ConfigurationError
from ._logging import setup_from_env
from ._resources import AsyncQualifiedNumbers, QualifiedNumbers
from ._retry import RetryPolicy
from ._transport import AsyncRetryTransport, RetryTransport

__all__ = ["AsyncQualifiedNumbersClient", "QualifiedNumbersClient"]

T = TypeVar("T")
R = TypeVar("R")

_UNSET: Any = object()


def _auth(config: ClientConfig) -> httpx.Auth:
    if config.auth == "basic":
        return BasicAuth(config.key_id, config.key_secret)
    return OAuth2ClientCredentials(config.key_id, config.key_secret, config.token_url)


def _user_agent() -> str:
    from . import __version__

    return f"sinch-qualified-numbers-python/{__version__}"


TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)


class _BaseClient(Generic[TransportT]):
    """What both clients share: settings, auth, the connection pool, `with_options`."""

    config: ClientConfig
    default_region: str
    _inner: TransportT

    def __init__(
        self,
        project_id: str | None = None,
        key_id: str | None = None,
        key_secret: str | None = None,
        *,
        auth: AuthMethod = "oauth2",
        base_url: str | None = None,
        api_version: str | None = None,
        token_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        max_concurrency: int | None = None,
        default_region: str = "US",
        http_transport: TransportT | None = None,
    ) -> None:
        setup_from_env()
        self.config = resolve(
            project_id=project_id,
            key_id=key_id,
            key_secret=key_secret,
            auth=auth,
            base_url=base_url,
            api_version=api_version,
            token_url=token_url,
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
        )
        if default_region not in ("US", "CA"):
            raise ConfigurationError(f"default_region must be US or CA, not {default_region!r}")
        self.default_region = default_region
        self._owns_transport = http_transport is None
        self._inner = http_transport or self._default_transport()
        self._auth = _auth(self.config)
        self._build()

    def _default_transport(self) -> TransportT:
        raise NotImplementedError

    def _build(self) -> None:
        raise NotImplementedError

    def with_options(
        self, *, timeout: Any = _UNSET, max_retries: Any = _UNSET, max_concurrency: Any = _UNSET
    ) -> Self:
        """A copy with other timeout/retries/concurrency, sharing connections and the token."""
        changes = {
            name: value
            for name, value in (
                ("timeout", timeout),
                ("max_retries", max_retries),
                ("max_concurrency", max_concurrency),
            )
            if value is not _UNSET
        }
        clone = object.__new__(type(self))
        clone.config = self.config.with_changes(**changes)
        clone.default_region = self.default_region
        clone._owns_transport = False
        clone._inner = self._inner
        clone._auth = self._auth
        clone._build()
        return clone

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": _user_agent(), "Accept": "application/json"}

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(project_id={c.project_id!r}, key_id={c.key_id!r}, "
            f"auth={c.auth!r}, base_url={c.api_base_url!r})"
        )


class QualifiedNumbersClient(_BaseClient[httpx.BaseTransport]):
    """Synchronous client of the Sinch Qualified Numbers API.

    Settings come from the arguments, else from the environment (`SINCH_PROJECT_ID`,
    `SINCH_KEY_ID`, `SINCH_KEY_SECRET`, `SINCH_QN_BASE_URL`, `SINCH_QN_API_VERSION`,
    `SINCH_AUTH_URL`). Use it as a context manager, or call `close()`.
    """

    def _default_transport(self) -> httpx.BaseTransport:
        return httpx.HTTPTransport(retries=0)

    def _build(self) -> None:
        self._http = httpx.Client(
            base_url=self.config.api_base_url,
            transport=RetryTransport(self._inner, RetryPolicy(max_retries=self.config.max_retries)),
            auth=self._auth,
            timeout=self.config.timeout,
            headers=self._headers(),
        )
        self._api = _ApiClient(base_url=self.config.api_base_url).set_httpx_client(self._http)
        self.qualified_numbers = QualifiedNumbers(self)

    def _map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        on_done: Callable[[T, R], None] | None = None,
    ) -> list[R]:
        """Run `func` over items with at most `max_concurrency` at once, results in order.

        `on_done(item, result)` runs in the calling thread as each item completes.
        """
        todo = list(items)
        if len(todo) <= 1 or self.config.max_concurrency == 1:
            results = []
            for item in todo:
                results.append(func(item))
                if on_done is not None:
                    on_done(item, results[-1])
            return results
        done: dict[int, R] = {}
        pool = ThreadPoolExecutor(max_workers=min(self.config.max_concurrency, len(todo)))
        try:
            futures = {pool.submit(func, item): index for index, item in enumerate(todo)}
            for future in as_completed(futures):
                index = futures[future]
                done[index] = future.result()
                if on_done is not None:
                    on_done(todo[index], done[index])
        finally:
            # On Ctrl-C or a hook's error nothing new starts; calls in flight finish.
            pool.shutdown(wait=True, cancel_futures=True)
        return [done[index] for index in range(len(todo))]

    def close(self) -> None:
        """Close the connections (a client made by `with_options` leaves them to its parent)."""
        if self._owns_transport:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncQualifiedNumbersClient(_BaseClient[httpx.AsyncBaseTransport]):
    """Asynchronous twin of `QualifiedNumbersClient`: same settings, same names, coroutines."""

    def _default_transport(self) -> httpx.AsyncBaseTransport:
        return httpx.AsyncHTTPTransport(retries=0)

    def _build(self) -> None:
        self._http = httpx.AsyncClient(
            base_url=self.config.api_base_url,
            transport=AsyncRetryTransport(
                self._inner, RetryPolicy(max_retries=self.config.max_retries)
            ),
            auth=self._auth,
            timeout=self.config.timeout,
            headers=self._headers(),
        )
        self._api = _ApiClient(base_url=self.config.api_base_url).set_async_httpx_client(self._http)
        self.qualified_numbers = AsyncQualifiedNumbers(self)

    async def _map(
        self,
        func: Callable[[T], Awaitable[R]],
        items: Iterable[T],
        on_done: Callable[[T, R], None] | None = None,
    ) -> list[R]:
        """Await `func` over items with at most `max_concurrency` at once, results in order.

        `on_done(item, result)` runs as each item completes.
        """
        gate = asyncio.Semaphore(self.config.max_concurrency)

        async def one(item: T) -> R:
            async with gate:
                result = await func(item)
            if on_done is not None:
                on_done(item, result)
            return result

        return list(await asyncio.gather(*(one(item) for item in items)))

    async def close(self) -> None:
        """Close the connections (a client made by `with_options` leaves them to its parent)."""
        if self._owns_transport:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
