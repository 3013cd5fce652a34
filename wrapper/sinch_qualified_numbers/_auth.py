"""Authentication as httpx auth flows: HTTP Basic, or OAuth2 client credentials.

OAuth2 tokens are cached and refreshed a safety margin before they expire (monotonic clock);
one refresh runs at a time however many threads or tasks ask at once; a 401 drops the token
and replays the request once. A second 401 is raised as `AuthenticationError`.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from ._config import DEFAULT_TIMEOUT
from ._exceptions import error_from_response, token_endpoint_error
from ._logging import logger
from ._redact import Secrets, mask_url, secrets_of
from ._retry import IDEMPOTENT_EXTENSION, TOKEN_REQUEST_EXTENSION

if TYPE_CHECKING:
    import anyio


@dataclass(frozen=True)
class _Token:
    # Never in its repr: a traceback's locals (pytest --showlocals) print the token objects.
    value: str = field(repr=False)
    refresh_at: float


def _unauthorized(
    response: httpx.Response, known: Secrets, subject: str | None = None
) -> Exception:
    return error_from_response(
        response.status_code,
        response.content,
        response.headers,
        method=response.request.method,
        url=mask_url(str(response.request.url.copy_with(query=None))),
        subject=subject,
        secrets=Secrets((*secrets_of(response.request.headers.get("authorization")), *known)),
    )


def _token_of(response: httpx.Response) -> tuple[str | None, float]:
    """The access token and its lifetime in seconds, or None when the answer holds none."""
    try:
        data = json.loads(response.content)
        value = data["access_token"]
        ttl = float(data.get("expires_in", 3600))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None, 0.0
    return (value if isinstance(value, str) and value else None), ttl


def _replaying(request: httpx.Request) -> None:
    logger.info(
        "%s %s -> 401: the token was refused; fetching a new one and replaying once",
        request.method,
        request.url.raw_path.decode("ascii", "replace"),
    )


def _read(response: httpx.Response) -> httpx.Response:
    response.read()
    return response


async def _aread(response: httpx.Response) -> httpx.Response:
    await response.aread()
    return response


class BasicAuth(httpx.Auth):
    """HTTP Basic with the access key; a 401 is raised as `AuthenticationError`."""

    requires_response_body = True

    def __init__(self, key_id: str, key_secret: str) -> None:
        self._header = httpx.BasicAuth(key_id, key_secret)._auth_header
        self._secret = key_secret

    def __repr__(self) -> str:
        return "BasicAuth(***)"

    def known_secrets(self) -> Secrets:
        """What must never be quoted back in an error or a log."""
        return Secrets((self._secret, self._header))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        response = yield request
        if response.status_code == 401:
            raise _unauthorized(response, self.known_secrets())


class OAuth2ClientCredentials(httpx.Auth):
    """Bearer tokens from the token endpoint, fetched with HTTP Basic (key id / secret)."""

    requires_response_body = True

    def __init__(
        self,
        key_id: str,
        key_secret: str,
        token_url: str,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self._basic = httpx.BasicAuth(key_id, key_secret)._auth_header
        self._secret = key_secret
        self.token_url = token_url
        # httpx applies its client's timeout only to the requests the client builds: the
        # token request, built here, carries the same one (without it, none but the attempt's).
        self._timeout = (timeout or httpx.Timeout(DEFAULT_TIMEOUT)).as_dict()
        self._token: _Token | None = None
        self._thread_lock = threading.Lock()
        # One lock per event loop (a loop's lock must not cross loops), gone with its loop.
        self._async_locks: weakref.WeakKeyDictionary[Any, anyio.Lock] = weakref.WeakKeyDictionary()
        #: How many tokens were fetched (tests and metrics).
        self.fetch_count = 0

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(token_url={mask_url(self.token_url)!r})"

    def known_secrets(self) -> Secrets:
        """What must never be quoted back in an error or a log: the secret, the Basic value
        and the current token."""
        token = self._token
        return Secrets((self._secret, self._basic, *([token.value] if token is not None else [])))

    def _token_request(self) -> httpx.Request:
        return httpx.Request(
            "POST",
            self.token_url,
            headers={
                "Authorization": self._basic,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
            content=b"grant_type=client_credentials",
            extensions={
                IDEMPOTENT_EXTENSION: True,
                TOKEN_REQUEST_EXTENSION: True,
                "timeout": self._timeout,
            },
        )

    def _store(self, response: httpx.Response) -> _Token:
        # The transport raised every error status but a 401 already (see `_transport`).
        value, ttl = _token_of(response) if response.status_code < 300 else (None, 0.0)
        if value is None:
            raise token_endpoint_error(
                response.status_code,
                response.content,
                response.headers,
                token_url=self.token_url,
                secrets=Secrets((*secrets_of(self._basic), *self.known_secrets())),
            )
        from . import _concurrency  # with the first token: a client only made never needs it

        margin = min(60.0, ttl / 10)
        self.fetch_count += 1
        token = _Token(value, _concurrency.monotonic() + ttl - margin)
        self._token = token
        return token

    def _valid(self) -> _Token | None:
        token = self._token
        if token is None:
            return None
        from . import _concurrency  # loaded with the first token (`_store`)

        return token if _concurrency.monotonic() < token.refresh_at else None

    def invalidate(self, stale: _Token | None = None) -> None:
        if stale is None or self._token is stale:
            self._token = None

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._valid()
        if token is None:
            with self._thread_lock:
                token = self._valid()
                if token is None:
                    token = self._store(_read((yield self._token_request())))
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = _read((yield request))
        if response.status_code != 401:
            return
        _replaying(request)
        with self._thread_lock:
            self.invalidate(token)
            fresh = self._valid()
            if fresh is None:
                fresh = self._store(_read((yield self._token_request())))
        request.headers["Authorization"] = f"Bearer {fresh.value}"
        response = _read((yield request))
        if response.status_code == 401:
            self.invalidate(fresh)
            raise _unauthorized(response, self.known_secrets())

    def _async_lock(self) -> anyio.Lock:
        # One lock per event loop (asyncio's loop, trio's token, as anyio names them): a
        # loop's lock must not be shared with another loop. anyio's, so trio works too.
        import anyio
        import anyio.lowlevel

        loop = anyio.lowlevel.current_token().native_token
        lock = self._async_locks.get(loop)
        if lock is None:  # only this loop's thread makes the lock of this loop
            lock = self._async_locks[loop] = anyio.Lock()
        return lock

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = self._valid()
        if token is None:
            async with self._async_lock():
                token = self._valid()
                if token is None:
                    token = self._store(await _aread((yield self._token_request())))
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = await _aread((yield request))
        if response.status_code != 401:
            return
        _replaying(request)
        async with self._async_lock():
            self.invalidate(token)
            fresh = self._valid()
            if fresh is None:
                fresh = self._store(await _aread((yield self._token_request())))
        request.headers["Authorization"] = f"Bearer {fresh.value}"
        response = await _aread((yield request))
        if response.status_code == 401:
            self.invalidate(fresh)
            raise _unauthorized(response, self.known_secrets())
