"""What both clients share: settings, auth, the connection pool and `with_options`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx

# httpx's own reading of the proxy variables (what `trust_env` does), so that the client
# follows them exactly as plain httpx would; httpx applies it only to a client whose transport
# it builds itself, and this client always gives its own (the retrying one).
from httpx._utils import get_environment_proxies as environment_proxies

from ._auth import BasicAuth, OAuth2ClientCredentials
from ._config import ENV, AuthMethod, ClientConfig, check_proxy, resolve
from ._exceptions import ConfigurationError
from ._lifecycle import Connections
from ._logging import setup_from_env
from ._redact import Secret, Secrets, mask_url, secrets_of

if TYPE_CHECKING:
    from ._raw_response import WithRawResponse

_UNSET: Any = object()


def _auth(config: ClientConfig) -> httpx.Auth:
    if config.auth == "basic":
        return BasicAuth(config.key_id, config.key_secret)
    return OAuth2ClientCredentials(
        config.key_id, config.key_secret, config.token_url, config.timeout
    )


def proxy_secrets(url: str) -> list[str]:
    """What a proxy URL's user part gives away: the password (as written and decoded), the
    `user:password` pair and the `Proxy-Authorization` value made of it."""
    parts = httpx.URL(url)
    user, password = parts.username, parts.password
    if not password:
        return [user] if user else []
    header = httpx.BasicAuth(user, password)._auth_header
    raw = url.partition("://")[2].rpartition("@")[0]
    return [password, raw.partition(":")[2], *secrets_of(header)]


def _missing(package: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(package) is None


@functools.cache
def user_agent() -> str:
    from importlib.metadata import version  # with the first request's headers

    return f"sinch-qualified-numbers-python/{version('sinch-qualified-numbers')}"


TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
T = TypeVar("T")


def made_once(owner: object, name: str, make: Callable[[], T]) -> T:
    """`owner`'s `name`, made by `make` at its first use. Threads racing to the first use may
    each make one, but all of them get the one stored first (`dict.setdefault` is atomic): what
    is made here opens nothing, so a spare one is dropped unused. No lock, so nothing is left
    held in a forked child."""
    made: T | None = vars(owner).get(name)
    if made is None:
        made = vars(owner).setdefault(name, make())
    return made


class Transports(Generic[TransportT]):
    """The transports of one connection pool: the direct one and the proxies' (httpx mounts,
    pattern -> transport, None for a `NO_PROXY` host: the direct one), built at the first
    request. Building httpx's transport imports httpcore and anyio and loads the CA bundle:
    more than `import httpx` itself, which a client only made (a serverless cold start, a
    script that fails on its arguments) never needs. Every setting they are built from was
    checked when the client was made. Shared by the `with_options` copies using the same
    connections."""

    def __init__(
        self,
        build: Callable[[str | None], TransportT],
        given: TransportT | None,
        proxies: Mapping[str, str | None],
    ) -> None:
        self._build: Callable[[str | None], TransportT] = build  # proxy URL (None: direct)
        self._given: TransportT | None = given
        self._proxy_urls = proxies

    @property
    def direct(self) -> TransportT:
        given = self._given
        direct: TransportT = made_once(
            self, "_direct", lambda: self._build(None) if given is None else given
        )
        return direct

    @property
    def mounts(self) -> dict[str, TransportT | None]:
        return made_once(
            self,
            "_mounts",
            lambda: {
                pattern: None if url is None else self._build(url)
                for pattern, url in self._proxy_urls.items()
            },
        )

    def built(self) -> list[TransportT]:
        """The transports built so far (a client closed before its first request has none)."""
        made = vars(self)
        mounts: dict[str, TransportT | None] = made.get("_mounts", {})
        found: list[TransportT] = [made["_direct"]] if "_direct" in made else []
        for transport in mounts.values():
            if transport is not None:
                found.append(transport)
        return found


class BaseClient(Generic[TransportT]):
    """What both clients share: settings, auth, the connection pool, `with_options`."""

    config: ClientConfig
    default_region: str
    #: The transport the caller gave (`http_transport`), used as given: no proxy mounts.
    _given: TransportT | None
    #: The direct transport and the proxies', built at the first request.
    _transports: Transports[TransportT]
    _auth: httpx.Auth
    #: What `http_transport` must be: httpx.BaseTransport, or AsyncBaseTransport for the
    #: async client.
    _transport_class: type[httpx.BaseTransport] | type[httpx.AsyncBaseTransport]
    _owns_transport: bool
    #: The connections' state (closed, their event loop), shared with `with_options` copies.
    _connections: Connections
    #: A `with_options` copy using its parent's connections (its `close()` leaves them).
    _shares_connections: bool

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
        reconcile_timeout: float | None = None,
        default_region: str = "US",
        http_transport: TransportT | None = None,
        proxy: str | None = None,
        _parent: BaseClient[TransportT] | None = None,
    ) -> None:
        # A traceback's locals (pytest --showlocals) print this frame: hold the secret masked.
        secret = None if key_secret is None else Secret(key_secret)
        del key_secret
        setup_from_env()
        self.config = resolve(
            project_id=project_id,
            key_id=key_id,
            key_secret=secret,
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
            proxy=proxy,
            reconcile_timeout=reconcile_timeout,
        )
        if default_region not in ("US", "CA"):
            raise ConfigurationError(f"default_region must be US or CA, not {default_region!r}")
        self.default_region = default_region
        if http_transport is not None and not isinstance(http_transport, self._transport_class):
            # Else a bare AttributeError (handle_request) at the first call.
            wanted = self._transport_class.__name__
            raise ConfigurationError(
                f"http_transport must be an httpx.{wanted} for {type(self).__name__}, not "
                f"{type(http_transport).__name__}: pass "
                f"httpx.{wanted.replace('BaseTransport', 'HTTPTransport')}(...) (or "
                "httpx.MockTransport, which serves both)"
            )
        given = http_transport if _parent is None else _parent._given
        changed = _parent is None or proxy != _parent.config.proxy
        if proxy is not None and given is not None and changed:
            raise ConfigurationError(
                "proxy and http_transport cannot be used together: give the proxy to your "
                "transport (httpx.HTTPTransport(proxy=...))"
            )
        self._given = given
        if _parent is not None and self.config.proxy == _parent.config.proxy:
            # A `with_options` copy: the parent's connections and token.
            self._owns_transport = False
            self._transports = _parent._transports
            self._connections = _parent._connections
            self._shares_connections = True
        else:
            self._owns_transport = given is None
            # A transport the caller gave is used as given (httpx reads no proxy then either).
            proxies = {} if given is not None else self._proxy_mounts()
            self._transports = Transports(self._http_transport, given, proxies)
            self._connections = Connections(type(self).__name__)
            self._shares_connections = False
        self._auth = _auth(self.config) if _parent is None else _parent._auth

    @property
    def _inner(self) -> TransportT:
        """The transport under the retrying one (httpx's own unless `http_transport` was
        given), built at its first use."""
        return self._transports.direct

    @property
    def _proxies(self) -> dict[str, TransportT | None]:
        """httpx mounts: URL pattern -> the proxy's transport, or None for the direct one."""
        return self._transports.mounts

    def _proxy_mounts(self) -> dict[str, str | None]:
        """httpx's mounts for the proxies, checked (their transports are built at the first
        request): the `proxy` setting for every URL, else the environment's as httpx reads it
        with `trust_env` (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, and `NO_PROXY`, whose
        hosts map to None: the direct transport)."""
        if self.config.proxy:
            found: dict[str, str | None] = {"all://": self.config.proxy}
            source = f"${ENV['proxy']}"
        else:
            found, source = environment_proxies(), "$HTTPS_PROXY, $HTTP_PROXY or $ALL_PROXY"
        mounts: dict[str, str | None] = {}
        for pattern, url in found.items():
            mounts[pattern] = None if url is None else check_proxy(url, source)
            socks = url is not None and url.strip().lower().startswith("socks5")
            # What httpx's transport would raise at the first request, said now.
            if socks and _missing("socksio"):
                raise ConfigurationError(
                    f"proxy {mask_url(url or '')!r}: a SOCKS proxy needs the 'socksio' package "
                    "(`pip install httpx[socks]`)"
                )
        return mounts

    def _proxy_urls(self) -> list[str]:
        if self.config.proxy:
            return [self.config.proxy]
        return [url for url in environment_proxies().values() if url]

    def _auth_secrets(self) -> Secrets:
        """What the client knows that must never be quoted back (see `_redact`): the key, the
        token, and the proxies' credentials."""
        auth = self._auth
        known: tuple[str, ...] = (
            auth.known_secrets()
            if isinstance(auth, BasicAuth | OAuth2ClientCredentials)
            else (self.config.key_secret,)
        )
        return Secrets((*known, *(s for url in self._proxy_urls() for s in proxy_secrets(url))))

    @staticmethod
    def _http_transport(proxy: str | None) -> TransportT:
        """httpx's transport, to `proxy` or direct (None)."""
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
        reconcile_timeout: Any = _UNSET,
        proxy: Any = _UNSET,
    ) -> Self:
        """A copy with other timeout/retries/backoff/concurrency/import-order size/limits,
        sharing connections and the token; with another `proxy`, its own connections (still
        the same token)."""
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
            reconcile_timeout=(
                c.reconcile_timeout if reconcile_timeout is _UNSET else reconcile_timeout
            ),
            default_region=self.default_region,
            proxy=c.proxy if proxy is _UNSET else proxy,
            _parent=self,
        )

    @property
    def with_raw_response(self) -> WithRawResponse:
        """The same resources and methods, each returning a `RawResponse`: the HTTP answer
        (`status_code`, `headers`, `http_request`, `method`, `url`, `elapsed`, `request_id`)
        and `parse()` for the usual result, as in openai-python:
        `client.with_raw_response.qualified_numbers.get(number)`."""
        from ._raw_response import WithRawResponse

        return WithRawResponse(self)

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
        proxy = f", proxy={mask_url(c.proxy)!r}" if c.proxy else ""
        return (
            f"{type(self).__name__}(project_id={c.project_id!r}, key_id={c.key_id!r}, "
            f"auth={c.auth!r}, base_url={mask_url(c.api_base_url)!r}{proxy})"
        )
