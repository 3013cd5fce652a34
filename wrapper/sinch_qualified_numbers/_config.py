"""Client settings: constructor arguments first, then environment variables, then defaults."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, fields, replace
from typing import Literal
from urllib.parse import urlsplit

import httpx

# The versions are the spec's server variable `version`, written into the generated package
# by `make generate`: changing the default is one edit of the spec.
from sinch_qualified_numbers_api.api_versions import API_VERSIONS, DEFAULT_API_VERSION

from ._exceptions import ConfigurationError
from ._redact import Secret, mask_url

DEFAULT_BASE_URL = "https://imported.numbers.api.sinch.com"
DEFAULT_TOKEN_URL = "https://auth.sinch.com/oauth2/token"
#: Never "no timeout": 5 s to connect, 30 s for each read/write.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_CONCURRENCY = 4
#: The longest one HTTP attempt may take, connecting to the last byte of the answer: the
#: per-read timeout alone lets a server that drips a byte at a time hold a call forever.
DEFAULT_ATTEMPT_TIMEOUT = 120.0
#: The largest answer read, once decoded (a gzip bomb is refused, not inflated): the
#: service's answers are small JSON (a 1,000-number page is about half a megabyte).
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
#: The longest `Retry-After` waited for: a longer one is raised (`RateLimitError.retry_after`)
#: for the caller to decide, never slept through.
DEFAULT_MAX_RETRY_AFTER = 60.0
#: The first retry's backoff in seconds; each later one doubles it (up to 8 s), with jitter.
#: Tests set it near zero (`SINCH_QN_RETRY_BACKOFF=0.001`; the pytest plugin does) so that a
#: fault costs milliseconds instead of seconds.
DEFAULT_RETRY_BACKOFF = 0.5
#: How long reconciliation (reading numbers' state after a lost answer) keeps asking again:
#: past it, each number still unread is read no more and is reported unknown, so a service
#: that died mid-run costs one attempt per number, not minutes of retries.
DEFAULT_RECONCILE_TIMEOUT = 60.0
DEFAULT_RETRY_BACKOFF_LIMIT = 60.0

AuthMethod = Literal["oauth2", "basic"]
AUTH_METHODS = ("oauth2", "basic")

ENV = {
    "project_id": "SINCH_PROJECT_ID",
    "key_id": "SINCH_KEY_ID",
    "key_secret": "SINCH_KEY_SECRET",
    "base_url": "SINCH_QN_BASE_URL",
    "api_version": "SINCH_QN_API_VERSION",
    "token_url": "SINCH_AUTH_URL",
    "auth": "SINCH_QN_AUTH",
    "proxy": "SINCH_QN_PROXY",
    "attempt_timeout": "SINCH_QN_ATTEMPT_TIMEOUT",
    "max_response_bytes": "SINCH_QN_MAX_RESPONSE_BYTES",
    "max_retry_after": "SINCH_QN_MAX_RETRY_AFTER",
    "retry_backoff": "SINCH_QN_RETRY_BACKOFF",
    "reconcile_timeout": "SINCH_QN_RECONCILE_TIMEOUT",
}


def is_loopback_host(host: str) -> bool:
    """`localhost` or a loopback address (127.0.0.0/8, ::1, IPv4-mapped too), any case, with
    or without brackets or a trailing dot. `0.0.0.0` and `::` are "any address", not loopback:
    never a safe local target. The one rule of the client and the sandbox (which serves,
    calls back and answers as its own name loopback only)."""
    name = host.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost":
        return True
    try:
        found = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        found = found.ipv4_mapped
    return found.is_loopback


def is_loopback_url(url: str) -> bool:
    """Is `url`'s host loopback (`is_loopback_host`)? An http(s) URL only."""
    try:
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return False
        host = urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return is_loopback_host(host)


def _check_url(name: str, url: str) -> str:
    """A URL setting, white space around it stripped and its trailing `/` dropped; one with a
    query or fragment is refused (the client appends paths to it: `?x=1` would end up in the
    middle of every request's URL)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
        httpx.URL(url)  # what the client will be built with must parse too
    except (ValueError, httpx.InvalidURL):  # an unbalanced IPv6 bracket, a `#` in a password
        raise ConfigurationError(f"{name} {mask_url(url)!r} is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"{name} {mask_url(url)!r} is not an http(s) URL")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise ConfigurationError(
            f"{name} {mask_url(url)!r} has a query or fragment: give scheme://host[:port][/path]"
        )
    if parts.scheme == "http" and not is_loopback_url(url):
        raise ConfigurationError(
            f"{name} {mask_url(url)!r} must use https (plain http is only allowed for loopback "
            "addresses)"
        )
    return url.rstrip("/")


def default_token_url(base_url: str, auth: str) -> str:
    """The token endpoint that goes with `base_url` when none was given.

    Sinch's base URL goes with Sinch's token endpoint, and a loopback base URL (the sandbox, a
    local proxy) with its own `/oauth2/token`. Any other base URL (a staging host, a proxy) has
    no sensible default: sending the key to auth.sinch.com then would hand it to a host the
    user never named together with that base URL, so OAuth2 refuses to guess. Basic auth never
    calls the token endpoint, so any base URL is fine there.
    """
    base = base_url.rstrip("/")
    if base == DEFAULT_BASE_URL:
        return DEFAULT_TOKEN_URL
    if is_loopback_url(base):
        return f"{base}/oauth2/token"
    if auth == "oauth2":
        raise ConfigurationError(
            f"base_url {mask_url(base)!r} is not Sinch's ({DEFAULT_BASE_URL}) but token_url is the "
            f"default {DEFAULT_TOKEN_URL!r}: the key ID and secret would go to a host that "
            "does not belong with that base URL. Set token_url (or $SINCH_AUTH_URL; "
            "--token-url in sinch-qn) to the token endpoint of that host, or to "
            f"{DEFAULT_TOKEN_URL!r} explicitly if that is what you mean."
        )
    return DEFAULT_TOKEN_URL


#: Sinch's default limit of numbers per import order.
DEFAULT_MAX_NUMBERS_PER_IMPORT_ORDER = 5


@dataclass(frozen=True)
class ClientConfig:
    """The resolved settings of a client. `key_secret` never appears in its repr."""

    project_id: str
    key_id: str
    key_secret: str = field(repr=False)
    auth: AuthMethod = "oauth2"
    base_url: str = DEFAULT_BASE_URL
    api_version: str = DEFAULT_API_VERSION
    token_url: str = DEFAULT_TOKEN_URL
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_retries: int = DEFAULT_MAX_RETRIES
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    #: Numbers per `hostingOrders:importNumbers` call: Sinch's default limit is 5 per account
    #: (raised on request); set it to what your account allows.
    max_numbers_per_import_order: int = DEFAULT_MAX_NUMBERS_PER_IMPORT_ORDER
    attempt_timeout: float = DEFAULT_ATTEMPT_TIMEOUT
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    retry_backoff: float = DEFAULT_RETRY_BACKOFF
    reconcile_timeout: float = DEFAULT_RECONCILE_TIMEOUT
    #: Every request (the token endpoint's too) goes through this proxy; None: the
    #: environment's (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`), as httpx reads it.
    #: Not in the repr: its URL may hold a password.
    proxy: str | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        # The key secret is left out, and a URL's userinfo masked.
        shown = ", ".join(
            f"{f.name}={_masked(getattr(self, f.name))!r}" for f in fields(self) if f.repr
        )
        return f"ClientConfig({shown})"

    @property
    def api_base_url(self) -> str:
        return f"{self.base_url}/{self.api_version}"

    def with_changes(self, **changes: object) -> ClientConfig:
        return validate(replace(self, **changes))  # type: ignore[arg-type]


def _masked(value: object) -> object:
    """A setting as a repr may show it: a URL with its userinfo masked."""
    return mask_url(value) if isinstance(value, str) else value


def _pick(name: str, value: str | None) -> str | None:
    if value is not None:
        return value
    return os.environ.get(ENV[name]) or None


def _revealed(value: str | Secret | None) -> str:
    return value.reveal() if isinstance(value, Secret) else str(value)


def _number_setting(name: str, value: float | None, default: float, kind: type) -> float:
    """A numeric setting: the argument, else its environment variable, else the default."""
    if value is not None:
        return value
    text = os.environ.get(ENV[name])
    if not text:
        return default
    try:
        return kind(text.strip())  # type: ignore[no-any-return]
    except ValueError:
        raise ConfigurationError(
            f"${ENV[name]} must be {'an integer' if kind is int else 'a number'}, not {text!r}"
        ) from None


def resolve(
    *,
    project_id: str | None,
    key_id: str | None,
    key_secret: str | Secret | None,
    auth: str | None,
    base_url: str | None,
    api_version: str | None,
    token_url: str | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int | None,
    max_concurrency: int | None,
    max_numbers_per_import_order: int | None = None,
    attempt_timeout: float | None = None,
    max_response_bytes: int | None = None,
    max_retry_after: float | None = None,
    retry_backoff: float | None = None,
    proxy: str | None = None,
    reconcile_timeout: float | None = None,
) -> ClientConfig:
    # The key secret is held masked from here on: a traceback's locals (pytest --showlocals)
    # print every frame's variables, and this one read it from the environment.
    # A caller may hand the secret over masked already (its own frame then shows `***`).
    secret = _pick("key_secret", _revealed(key_secret) if key_secret is not None else None)
    values = {
        "project_id": _pick("project_id", project_id),
        "key_id": _pick("key_id", key_id),
        "key_secret": None if secret is None else Secret(secret),
    }
    del key_secret, secret
    missing = [f"{name} (or ${ENV[name]})" for name, value in values.items() if not value]
    if missing:
        raise ConfigurationError("missing required setting(s): " + ", ".join(missing))
    auth = _auth_method(auth)
    base_url_value = _check_url("base_url", _pick("base_url", base_url) or DEFAULT_BASE_URL)
    config = ClientConfig(
        project_id=str(values["project_id"]),
        key_id=str(values["key_id"]),
        key_secret=_revealed(values["key_secret"]),
        auth=auth,  # type: ignore[arg-type]
        base_url=base_url_value,
        api_version=_pick("api_version", api_version) or DEFAULT_API_VERSION,
        token_url=_pick("token_url", token_url) or default_token_url(base_url_value, auth),
        timeout=as_timeout(timeout),
        max_retries=DEFAULT_MAX_RETRIES if max_retries is None else max_retries,
        max_concurrency=DEFAULT_MAX_CONCURRENCY if max_concurrency is None else max_concurrency,
        max_numbers_per_import_order=(
            DEFAULT_MAX_NUMBERS_PER_IMPORT_ORDER
            if max_numbers_per_import_order is None
            else max_numbers_per_import_order
        ),
        attempt_timeout=_number_setting(
            "attempt_timeout", attempt_timeout, DEFAULT_ATTEMPT_TIMEOUT, float
        ),
        max_response_bytes=int(
            _number_setting(
                "max_response_bytes", max_response_bytes, DEFAULT_MAX_RESPONSE_BYTES, int
            )
        ),
        max_retry_after=_number_setting(
            "max_retry_after", max_retry_after, DEFAULT_MAX_RETRY_AFTER, float
        ),
        retry_backoff=_number_setting("retry_backoff", retry_backoff, DEFAULT_RETRY_BACKOFF, float),
        reconcile_timeout=_number_setting(
            "reconcile_timeout", reconcile_timeout, DEFAULT_RECONCILE_TIMEOUT, float
        ),
        proxy=_pick("proxy", proxy),
    )
    return validate(config)


PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def check_proxy(url: str, source: str = f"${ENV['proxy']}") -> str:
    """A proxy URL httpx can use; the error shows it with its password masked and says where
    it came from (`source`)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in PROXY_SCHEMES
        or not parts.hostname
        or parts.query
        or parts.fragment
    ):
        raise ConfigurationError(
            f"proxy {mask_url(url)!r} (from the proxy argument or {source}) is not a proxy URL: "
            f"{'|'.join(PROXY_SCHEMES)}://[user:password@]host:port"
        )
    return url


def _auth_method(auth: str | None) -> str:
    """The argument, else `$SINCH_QN_AUTH` (any case), else OAuth2."""
    if auth is not None:
        if auth not in AUTH_METHODS:
            raise ConfigurationError(f"auth must be 'oauth2' or 'basic', not {auth!r}")
        return auth
    text = os.environ.get(ENV["auth"], "")
    if not text.strip():
        return "oauth2"
    if text.strip().lower() not in AUTH_METHODS:
        raise ConfigurationError(f"${ENV['auth']} must be oauth2 or basic, not {text!r}")
    return text.strip().lower()


def as_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        if None in (timeout.connect, timeout.read, timeout.write, timeout.pool):
            raise ConfigurationError("timeout must set connect, read, write and pool limits")
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigurationError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return httpx.Timeout(
        float(timeout), connect=min(float(timeout), DEFAULT_TIMEOUT.connect or 5.0)
    )


def validate(config: ClientConfig) -> ClientConfig:
    if config.api_version not in API_VERSIONS:
        raise ConfigurationError(
            f"api_version must be one of {', '.join(API_VERSIONS)}, not {config.api_version!r}"
        )
    if (
        isinstance(config.max_retries, bool)
        or not isinstance(config.max_retries, int)
        or config.max_retries < 0
    ):
        raise ConfigurationError(f"max_retries must be an integer >= 0, not {config.max_retries!r}")
    if (
        isinstance(config.max_concurrency, bool)
        or not isinstance(config.max_concurrency, int)
        or config.max_concurrency < 1
    ):
        raise ConfigurationError(
            f"max_concurrency must be an integer >= 1, not {config.max_concurrency!r}"
        )
    size = config.max_numbers_per_import_order
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 500:
        raise ConfigurationError(
            f"max_numbers_per_import_order must be an integer from 1 to 500, not {size!r}"
        )
    for name in ("attempt_timeout", "max_retry_after", "reconcile_timeout"):
        value = getattr(config, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 < value < float("inf")
        ):
            raise ConfigurationError(f"{name} must be a positive number of seconds, not {value!r}")
    backoff = config.retry_backoff
    if (
        isinstance(backoff, bool)
        or not isinstance(backoff, int | float)
        or not 0 <= backoff <= DEFAULT_RETRY_BACKOFF_LIMIT
    ):
        raise ConfigurationError(
            f"retry_backoff must be a number of seconds from 0 to {DEFAULT_RETRY_BACKOFF_LIMIT:g}, "
            f"not {backoff!r}"
        )
    size = config.max_response_bytes
    if isinstance(size, bool) or not isinstance(size, int) or size < 1024:
        raise ConfigurationError(f"max_response_bytes must be an integer >= 1024, not {size!r}")
    if config.proxy is not None and not isinstance(config.proxy, str):
        raise ConfigurationError(f"proxy must be a URL string, not {type(config.proxy).__name__}")
    base_url = _check_url("base_url", config.base_url)
    # The client appends the version itself: `.../v1beta1/` would become `/v1beta1/v1beta1`.
    last = base_url.rpartition("/")[2]
    if last in API_VERSIONS:
        raise ConfigurationError(
            f"base_url {mask_url(base_url)!r} ends with the API version {last!r}: give the base "
            f"URL without it ({mask_url(base_url[: -len(last) - 1])!r}) and the version as "
            "api_version ($SINCH_QN_API_VERSION)"
        )
    return replace(
        config,
        proxy=check_proxy(config.proxy) if config.proxy else None,
        base_url=base_url,
        token_url=_check_url("token_url", config.token_url),
        timeout=as_timeout(config.timeout),
    )
