"""The clients: one object configured once, sync and async twins over the same rules."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import httpx

from sinch_qualified_numbers_api import Client as _ApiClient

from ._auth import BasicAuth, OAuth2ClientCredentials
from ._config import AuthMethod, ClientConfig, resolve
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


class _BaseClient:
    config: ClientConfig
    default_region: str

    def _setup(
        self,
        *,
        project_id: str | None,
        key_id: str | None,
        key_secret: str | None,
        auth: AuthMethod,
        base_url: str | None,
        api_version: str | None,
        token_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        max_concurrency: int | None,
        default_region: str,
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
            from ._exceptions import ConfigurationError

            raise ConfigurationError(f"default_region must be US or CA, not {default_region!r}")
        self.default_region = default_region

    def _options(self, timeout: Any, max_retries: Any, max_concurrency: Any) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if timeout is not _UNSET:
            changes["timeout"] = timeout
        if max_retries is not _UNSET:
            changes["max_retries"] = max_retries
        if max_concurrency is not _UNSET:
            changes["max_concurrency"] = max_concurrency
        return changes

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(project_id={c.project_id!r}, key_id={c.key_id!r}, "
            f"auth={c.auth!r}, base_url={c.api_base_url!r})"
        )


class QualifiedNumbersClient(_BaseClient):
    """Synchronous client of the Sinch Qualified Numbers API.

    Settings come from the arguments, else from the environment (`SINCH_PROJECT_ID`,
    `SINCH_KEY_ID`, `SINCH_KEY_SECRET`, `SINCH_QN_BASE_URL`, `SINCH_QN_API_VERSION`,
    `SINCH_AUTH_URL`). Use it as a context manager, or call `close()`.
    """

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
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._setup(
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
            default_region=default_region,
        )
        self._owns_transport = http_transport is None
        self._inner = http_transport or httpx.HTTPTransport(retries=0)
        self._auth = _auth(self.config)
        self._build()

    def _build(self) -> None:
        self._http = httpx.Client(
            base_url=self.config.api_base_url,
            transport=RetryTransport(self._inner, RetryPolicy(max_retries=self.config.max_retries)),
            auth=self._auth,
            timeout=self.config.timeout,
            headers={"User-Agent": _user_agent(), "Accept": "application/json"},
        )
        self._api = _ApiClient(base_url=self.config.api_base_url).set_httpx_client(self._http)
        self.qualified_numbers = QualifiedNumbers(self)

    def with_options(
        self, *, timeout: Any = _UNSET, max_retries: Any = _UNSET, max_concurrency: Any = _UNSET
    ) -> QualifiedNumbersClient:
        """A copy with other timeout/retries/concurrency, sharing connections and the token."""
        clone = object.__new__(QualifiedNumbersClient)
        clone.config = self.config.with_changes(
            **self._options(timeout, max_retries, max_concurrency)
        )
        clone.default_region = self.default_region
        clone._owns_transport = False
        clone._inner = self._inner
        clone._auth = self._auth
        clone._build()
        return clone

    def _map(self, func: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Run `func` over items with at most `max_concurrency` at once, results in order."""
        todo = list(items)
        if len(todo) <= 1 or self.config.max_concurrency == 1:
            return [func(item) for item in todo]
        with ThreadPoolExecutor(max_workers=min(self.config.max_concurrency, len(todo))) as pool:
            return list(pool.map(func, todo))

    def close(self) -> None:
        """Close the connections (a client made by `with_options` leaves them to its parent)."""
        if self._owns_transport:
            self._http.close()

    def __enter__(self) -> QualifiedNumbersClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncQualifiedNumbersClient(_BaseClient):
    """Asynchronous twin of `QualifiedNumbersClient`: same settings, same names, coroutines."""

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
        http_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._setup(
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
            default_region=default_region,
        )
        self._owns_transport = http_transport is None
        self._inner = http_transport or httpx.AsyncHTTPTransport(retries=0)
        self._auth = _auth(self.config)
        self._build()

    def _build(self) -> None:
        self._http = httpx.AsyncClient(
            base_url=self.config.api_base_url,
            transport=AsyncRetryTransport(
                self._inner, RetryPolicy(max_retries=self.config.max_retries)
            ),
            auth=self._auth,
            timeout=self.config.timeout,
            headers={"User-Agent": _user_agent(), "Accept": "application/json"},
        )
        self._api = _ApiClient(base_url=self.config.api_base_url).set_async_httpx_client(self._http)
        self.qualified_numbers = AsyncQualifiedNumbers(self)

    def with_options(
        self, *, timeout: Any = _UNSET, max_retries: Any = _UNSET, max_concurrency: Any = _UNSET
    ) -> AsyncQualifiedNumbersClient:
        """A copy with other timeout/retries/concurrency, sharing connections and the token."""
        clone = object.__new__(AsyncQualifiedNumbersClient)
        clone.config = self.config.with_changes(
            **self._options(timeout, max_retries, max_concurrency)
        )
        clone.default_region = self.default_region
        clone._owns_transport = False
        clone._inner = self._inner
        clone._auth = self._auth
        clone._build()
        return clone

    async def _map(self, func: Callable[[T], Awaitable[R]], items: Iterable[T]) -> list[R]:
        """Await `func` over items with at most `max_concurrency` at once, results in order."""
        gate = asyncio.Semaphore(self.config.max_concurrency)

        async def one(item: T) -> R:
            async with gate:
                return await func(item)

        return list(await asyncio.gather(*(one(item) for item in items)))

    async def close(self) -> None:
        """Close the connections (a client made by `with_options` leaves them to its parent)."""
        if self._owns_transport:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncQualifiedNumbersClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
