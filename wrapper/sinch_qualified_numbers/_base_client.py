"""What both clients share: settings, auth, the connection pool and `with_options`."""

from __future__ import annotations

import functools
from importlib.metadata import version
from typing import Any, Generic, Self, TypeVar

import httpx

from ._auth import BasicAuth, OAuth2ClientCredentials
from ._config import AuthMethod, ClientConfig, resolve
from ._exceptions import ConfigurationError
from ._logging import setup_from_env

_UNSET: Any = object()


def _auth(config: ClientConfig) -> httpx.Auth:
    if config.auth == "basic":
        return BasicAuth(config.key_id, config.key_secret)
    return OAuth2ClientCredentials(config.key_id, config.key_secret, config.token_url)


@functools.cache
def user_agent() -> str:
    return f"sinch-qualified-numbers-python/{version('sinch-qualified-numbers')}"


TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)


class BaseClient(Generic[TransportT]):
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
        auth: AuthMethod | None = None,
        base_url: str | None = None,
        api_version: str | None = None,
        token_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        max_concurrency: int | None = None,
        max_numbers_per_import_order: int | None = None,
        attempt_timeout: float | None = None,
        max_response_bytes: int | None = None,
        max_retry_after: float | None = None,
        retry_backoff: float | None = None,
        default_region: str = "US",
        http_transport: TransportT | None = None,
        _parent: BaseClient[TransportT] | None = None,
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
            max_numbers_per_import_order=max_numbers_per_import_order,
            attempt_timeout=attempt_timeout,
            max_response_bytes=max_response_bytes,
            max_retry_after=max_retry_after,
            retry_backoff=retry_backoff,
        )
        if default_region not in ("US", "CA"):
            raise ConfigurationError(f"default_region must be US or CA, not {default_region!r}")
        self.default_region = default_region
        if _parent is None:
            self._owns_transport = http_transport is None
            self._inner = http_transport or self._default_transport()
            self._auth = _auth(self.config)
        else:  # a `with_options` copy: the parent's connections and token
            self._owns_transport = False
            self._inner = _parent._inner
            self._auth = _parent._auth
        self._build()

    def _auth_secrets(self) -> list[str]:
        """What the client knows that must never be quoted back (see `_redact`)."""
        auth = self._auth
        if isinstance(auth, BasicAuth | OAuth2ClientCredentials):
            return auth.known_secrets()
        return [self.config.key_secret]

    def _default_transport(self) -> TransportT:
        raise NotImplementedError

    def _build(self) -> None:
        raise NotImplementedError

    def with_options(
        self,
        *,
        timeout: Any = _UNSET,
        max_retries: Any = _UNSET,
        max_concurrency: Any = _UNSET,
        max_numbers_per_import_order: Any = _UNSET,
        attempt_timeout: Any = _UNSET,
        max_response_bytes: Any = _UNSET,
        max_retry_after: Any = _UNSET,
        retry_backoff: Any = _UNSET,
    ) -> Self:
        """A copy with other timeout/retries/backoff/concurrency/import-order size/limits,
        sharing connections and the token."""
        c = self.config
        # Through the constructor, so a copy is built exactly as the original was.
        return type(self)(
            c.project_id,
            c.key_id,
            c.key_secret,
            auth=c.auth,
            base_url=c.base_url,
            api_version=c.api_version,
            token_url=c.token_url,
            timeout=c.timeout if timeout is _UNSET else timeout,
            max_retries=c.max_retries if max_retries is _UNSET else max_retries,
            max_concurrency=c.max_concurrency if max_concurrency is _UNSET else max_concurrency,
            max_numbers_per_import_order=(
                c.max_numbers_per_import_order
                if max_numbers_per_import_order is _UNSET
                else max_numbers_per_import_order
            ),
            attempt_timeout=c.attempt_timeout if attempt_timeout is _UNSET else attempt_timeout,
            max_response_bytes=(
                c.max_response_bytes if max_response_bytes is _UNSET else max_response_bytes
            ),
            max_retry_after=c.max_retry_after if max_retry_after is _UNSET else max_retry_after,
            retry_backoff=c.retry_backoff if retry_backoff is _UNSET else retry_backoff,
            default_region=self.default_region,
            _parent=self,
        )

    def _headers(self) -> dict[str, str]:
        # Only the encodings the transport decodes within max_response_bytes (httpx would also
        # offer br and zstd when their packages happen to be installed).
        return {
            "User-Agent": user_agent(),
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",
        }

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(project_id={c.project_id!r}, key_id={c.key_id!r}, "
            f"auth={c.auth!r}, base_url={c.api_base_url!r})"
        )
