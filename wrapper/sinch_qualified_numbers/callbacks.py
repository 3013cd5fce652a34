"""Text-enablement callbacks: verify, parse and receive the events sent to `callbackUrl`.

The service POSTs JSON events about the hosting process, signed with `X-Sinch-Signature`:
the hex HMAC-SHA1 of the raw body with the project's callback secret. Verify the raw bytes
before parsing anything; the same event may arrive twice, and in any order.

    from sinch_qualified_numbers.callbacks import CallbackVerifier

    event = CallbackVerifier(secret).verify_and_parse(raw_body, request_headers)
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import enum
import functools
import hashlib
import hmac
import inspect
import ipaddress
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # type-only: the clients sit above this module
    from ._async._client import AsyncQualifiedNumbersClient
    from ._sync._client import QualifiedNumbersClient

from sinch_qualified_numbers_api.models import EventStatus, EventType, FailureCode, ResourceType

from ._callback_configuration import CallbackConfiguration, secret_problem
from ._config import is_loopback_host, is_loopback_url
from ._exceptions import (
    ConfigurationError,
    InvalidArgumentError,
    InvalidCallbackError,
    InvalidSignatureError,
    UntrustedSourceError,
)

__all__ = [
    "SIGNATURE_HEADER",
    "SINCH_CALLBACK_SOURCES",
    "CallbackEvent",
    "CallbackVerifier",
    "EventStatus",
    "EventType",
    "FailureCode",
    "InvalidCallbackError",
    "InvalidSignatureError",
    "ResourceType",
    "UntrustedSourceError",
    "asgi_app",
    "is_loopback_host",
    "is_loopback_url",
    "parse_event",
    "secret_problem",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER = "x-sinch-signature"
#: The largest callback body the receiver reads (an event is well under a kilobyte).
MAX_BODY_BYTES = 1_048_576
#: Seconds the receiver waits for a whole body before it answers 408 and lets go.
RECEIVE_TIMEOUT = 10.0
#: Events older than this (their `timestamp`, seconds) are refused as replays by default.
MAX_EVENT_AGE = 24 * 3600.0
#: Synchronous handlers run in worker threads, this many at most at once (per receiver).
HANDLER_THREADS = 32
log = logging.getLogger("sinch_qualified_numbers.callbacks")


#: The addresses Sinch publishes as the sources of callbacks (for firewall allow-lists).
SINCH_CALLBACK_SOURCES = ("54.76.19.159/32", "54.78.194.39/32", "54.155.83.128/32")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(sources: Iterable[str]) -> tuple[Network, ...]:
    if isinstance(sources, str):
        raise InvalidArgumentError("allowed_sources must be a list of networks, not one string")
    try:
        given = list(sources)
    except TypeError:
        raise InvalidArgumentError(
            f"allowed_sources must be a list of networks, not {type(sources).__name__}"
        ) from None
    networks = []
    for source in given:
        try:
            networks.append(ipaddress.ip_network(source, strict=False))
        except (ValueError, TypeError):
            raise InvalidArgumentError(
                f"allowed_sources: {source!r:.80} is not an IP network"
            ) from None
    if not networks:
        raise InvalidArgumentError("allowed_sources is empty: pass None to accept any source")
    return tuple(networks)


def _known(kind: type[enum.Enum], value: object) -> Any:
    """A known member, or the raw string for values this version does not know yet."""
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        return str(value)


def _timestamp(value: object) -> dt.datetime | None:
    """Always timezone-aware: Sinch's own SDK fixtures show callback timestamps without an
    offset (`2024-02-10T17:22:09.412722588`), which are UTC, as the generated models read
    them too. Not a timestamp: None (the raw value stays in `raw`)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def event_key(event: CallbackEvent, raw_body: bytes) -> str:
    """What identifies an event for deduplication: its `eventId` as sent, with its JSON
    type (so `0` and `"0"` are two events), else a hash of the body."""
    if "eventId" in event.raw and event.raw["eventId"] is not None:
        return "id:" + json.dumps(event.raw["eventId"], sort_keys=True)
    return "sha256:" + hashlib.sha256(raw_body).hexdigest()


@dataclass(frozen=True)
class CallbackEvent:
    """One event. Enum fields hold a member when known, else the raw string."""

    event_id: str | None
    timestamp: dt.datetime | None
    project_id: str | None
    resource_id: str | None
    resource_type: ResourceType | str | None
    event_type: EventType | str | None
    status: EventStatus | str | None
    failure_code: FailureCode | str | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def succeeded(self) -> bool:
        return self.status == EventStatus.SUCCEEDED


def sign(raw_body: bytes, secret: str) -> str:
    """The signature the service puts in `X-Sinch-Signature` (lowercase hex)."""
    return hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha1).hexdigest()


def _raw_bytes(raw_body: bytes | bytearray | memoryview | str) -> bytes:
    """The body as the bytes the service signed: bytes as they are, a `str` as its UTF-8
    encoding (the service sends UTF-8 JSON, so text decoded as UTF-8 encodes back to the
    same bytes); anything else is refused, naming its type."""
    if isinstance(raw_body, bytes | bytearray | memoryview):
        return bytes(raw_body)
    if isinstance(raw_body, str):
        return raw_body.encode("utf-8", "surrogatepass")
    raise InvalidArgumentError(
        f"raw_body must be the request's raw body (bytes, or its UTF-8 text), not "
        f"{type(raw_body).__name__}: pass what the framework read before any JSON parsing "
        "(e.g. `await request.body()`)"
    )


def verify_signature(
    raw_body: bytes | bytearray | memoryview | str, signature: str | None, secret: str
) -> bool:
    """Constant-time check of a signature on the raw bytes (a `str` body is taken as its UTF-8
    bytes); hex case does not matter."""
    body = _raw_bytes(raw_body)
    if not signature or not isinstance(signature, str) or not secret:
        return False
    expected = sign(body, secret)
    return hmac.compare_digest(
        expected.encode(), signature.strip().lower().encode("ascii", "replace")
    )


def parse_event(raw_body: bytes | str) -> CallbackEvent:
    """Parse an event; unknown event types and failure codes are kept as strings."""
    try:
        data = json.loads(raw_body)
    except (ValueError, RecursionError) as exc:
        raise InvalidCallbackError(f"the callback body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidCallbackError("the callback body is not a JSON object")

    def text(name: str) -> str | None:
        value = data.get(name)
        return None if value is None else str(value)

    return CallbackEvent(
        event_id=text("eventId"),
        timestamp=_timestamp(data.get("timestamp")),
        project_id=text("projectId"),
        resource_id=text("resourceId"),
        resource_type=_known(ResourceType, data.get("resourceType")),
        event_type=_known(EventType, data.get("eventType")),
        status=_known(EventStatus, data.get("status")),
        failure_code=_known(FailureCode, data.get("failureCode")),
        raw=data,
    )


def _header(headers: Headers, name: str) -> str | None:
    values = _header_lines(headers, name)
    return values[0] if values else None


def _text(part: object) -> str:
    if isinstance(part, bytes):
        return part.decode("latin-1")
    if isinstance(part, str):
        return part
    raise TypeError


def _header_lines(headers: Headers, name: str) -> list[str]:
    """Every line of header `name`, in the order they came (a header may be sent twice)."""
    if isinstance(headers, list | tuple):
        pairs: Iterable[Any] = headers
    elif isinstance(headers, Mapping):
        # httpx's and Starlette's headers give each line through multi_items(); items() of
        # httpx.Headers joins them, and a plain mapping has one line per name.
        multi = getattr(headers, "multi_items", None)
        pairs = multi() if callable(multi) else headers.items()
    else:
        raise InvalidArgumentError(
            f"headers must be the request's headers (a mapping, or a list of (name, value) "
            f"pairs as str or bytes), not {type(headers).__name__}"
        )
    found = []
    for index, pair in enumerate(pairs):
        try:
            key, value = pair
            if _text(key).lower() == name:
                found.append(_text(value))
        except (TypeError, ValueError):
            raise InvalidArgumentError(
                f"headers: item {index} is not a (name, value) pair of str or bytes"
            ) from None
    return found


#: The request's headers as frameworks hand them: a mapping (httpx's, Starlette's, a dict), or
#: (name, value) pairs (ASGI's raw bytes, WSGI-style str).
Headers = (
    Mapping[str, str]
    | list[tuple[bytes, bytes]]
    | list[tuple[str, str]]
    | tuple[tuple[Any, Any], ...]
)


def _secret_of(configuration: CallbackConfiguration) -> str:
    if not configuration.hmac_secret:
        raise ConfigurationError(
            "the project has no callback secret: set one with "
            "client.callback_configuration.update(hmac_secret=...)"
        )
    return configuration.hmac_secret


class CallbackVerifier:
    """Holds the callback secret (never shown in its repr) and an optional source allow-list.

    `allowed_sources` (off by default) lists the networks callbacks may come from, e.g.
    `SINCH_CALLBACK_SOURCES`; a callback from elsewhere raises `UntrustedSourceError`. The
    source is the peer address given to `verify`, unless `trusted_proxy_header` names a header
    (e.g. `"x-forwarded-for"`) that your own proxy sets: then the last address of its last
    line is used (every line is read: a line the sender wrote comes before the proxy's). Only
    name a header your proxy overwrites or appends to, or a sender could choose its address.
    """

    def __init__(
        self,
        secret: str,
        *,
        allowed_sources: Iterable[str] | None = None,
        trusted_proxy_header: str | None = None,
    ) -> None:
        problem = secret_problem(secret)
        if problem is not None:  # the rule the service's configuration (and the sandbox) keep
            raise InvalidArgumentError(f"the callback secret {problem}")
        if trusted_proxy_header is not None and not isinstance(trusted_proxy_header, str):
            raise InvalidArgumentError("trusted_proxy_header must be a header name (a string)")
        self._secret = secret
        self.allowed_sources = None if allowed_sources is None else _networks(allowed_sources)
        self.trusted_proxy_header = trusted_proxy_header.lower() if trusted_proxy_header else None

    def __repr__(self) -> str:
        return "CallbackVerifier(secret=***)"

    @classmethod
    def from_client(
        cls,
        client: QualifiedNumbersClient,
        *,
        allowed_sources: Iterable[str] | None = None,
        trusted_proxy_header: str | None = None,
    ) -> CallbackVerifier:
        """A verifier with the project's secret, fetched once through `client`."""
        secret = _secret_of(client.callback_configuration.get())
        return cls(
            secret, allowed_sources=allowed_sources, trusted_proxy_header=trusted_proxy_header
        )

    @classmethod
    async def afrom_client(
        cls,
        client: AsyncQualifiedNumbersClient,
        *,
        allowed_sources: Iterable[str] | None = None,
        trusted_proxy_header: str | None = None,
    ) -> CallbackVerifier:
        """`from_client` for the asyncio client."""
        secret = _secret_of(await client.callback_configuration.get())
        return cls(
            secret, allowed_sources=allowed_sources, trusted_proxy_header=trusted_proxy_header
        )

    def source_of(self, peer: str | None, headers: Headers) -> str | None:
        """The address a callback came from: the peer, or the trusted proxy header's last."""
        if self.trusted_proxy_header is None:
            return peer
        # Every line counts: a sender's own line comes before the one the proxy adds, so
        # the last address of the last line is the one the proxy saw.
        forwarded = ",".join(_header_lines(headers, self.trusted_proxy_header))
        if not forwarded:
            return None
        return forwarded.split(",")[-1].strip() or None

    def check_source(self, peer: str | None, headers: Headers) -> None:
        """Raise `UntrustedSourceError` if an allow-list is set and the source is not in it."""
        if self.allowed_sources is None:
            return
        source = self.source_of(peer, headers)
        try:
            address = ipaddress.ip_address((source or "").strip("[]"))
        except ValueError:
            raise UntrustedSourceError(
                f"the callback's source address {source!r} is not an IP address"
            ) from None
        if not any(address in network for network in self.allowed_sources):
            raise UntrustedSourceError(f"callbacks are not accepted from {address}")

    def verify(self, raw_body: bytes | str, headers: Headers, *, peer: str | None = None) -> None:
        """Check the source (when an allow-list is set) and the signature on the raw bytes
        (a `str` body is taken as its UTF-8 bytes)."""
        body = _raw_bytes(raw_body)
        self.check_source(peer, headers)
        self.check_signature(body, headers)

    def check_signature(self, raw_body: bytes | str, headers: Headers) -> None:
        """Raise `InvalidSignatureError` unless `X-Sinch-Signature` signs the raw bytes."""
        body = _raw_bytes(raw_body)
        signature = _header(headers, SIGNATURE_HEADER)
        if signature is None:
            raise InvalidSignatureError("the X-Sinch-Signature header is missing")
        if not verify_signature(body, signature, self._secret):
            raise InvalidSignatureError("the X-Sinch-Signature header does not match the body")

    def verify_and_parse(
        self, raw_body: bytes | str, headers: Headers, *, peer: str | None = None
    ) -> CallbackEvent:
        """Check the source and the signature on the raw bytes, then parse."""
        body = _raw_bytes(raw_body)
        self.verify(body, headers, peer=peer)
        return parse_event(body)


Handler = Callable[[CallbackEvent], Awaitable[None] | None]
ASGIApp = Callable[
    [
        dict[str, Any],
        Callable[[], Awaitable[dict[str, Any]]],
        Callable[[dict[str, Any]], Awaitable[None]],
    ],
    Awaitable[None],
]


class _Seen:
    """The last `size` event IDs, to drop duplicate deliveries."""

    def __init__(self, size: int) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def __contains__(self, event_id: str) -> bool:
        return event_id in self._ids

    def add(self, event_id: str) -> None:
        self._ids[event_id] = None
        self._ids.move_to_end(event_id)
        while len(self._ids) > self._size:
            self._ids.popitem(last=False)


_SIGNATURE = re.compile(r"[0-9a-fA-F]{40}")


def _is_coroutine_handler(handler: Handler) -> bool:
    """A coroutine function (or an object whose `__call__` is one), run on the loop."""
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        getattr(handler, "__call__", None)  # noqa: B004 - the method itself is inspected
    )


async def _body(receive: Callable[[], Awaitable[dict[str, Any]]], limit: int) -> bytes | int | None:
    """The whole body; its size (an int) once past `limit`; None if the client went away."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return size
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def asgi_app(
    secret: str | CallbackVerifier,
    handler: Handler,
    *,
    remember: int = 100_000,
    allowed_sources: Iterable[str] | None = None,
    trusted_proxy_header: str | None = None,
    max_event_age: float | None = MAX_EVENT_AGE,
    receive_timeout: float = RECEIVE_TIMEOUT,
    max_body_bytes: int = MAX_BODY_BYTES,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> ASGIApp:
    """An ASGI app that receives callbacks: verify, parse, deduplicate by event ID, handle.

    Answers 200 once the handler returned (or for a duplicate), 403 for a source outside
    `allowed_sources` (when given; see `CallbackVerifier`), 401 for a missing or bad signature,
    400 for a bad body, an event older than `max_event_age` seconds, or one without a
    readable `timestamp` while `max_event_age` is set (None: no age check at all), 408
    for a body not received within `receive_timeout` seconds, 413 for one larger than
    `max_body_bytes` (before reading it when its Content-Length says so), 405 for other
    methods and 500 if the handler raised (so the service delivers again; the event is then
    not remembered as seen).

    Replays: the last `remember` event IDs are remembered (an ID is its JSON value, so `0`
    and `"0"` differ; an event without one is known by its body's hash), and an event older
    than `max_event_age` is refused, so a captured event cannot be replayed once it has left
    that window; an event whose age cannot be judged (no timestamp, or one that is not an
    ISO 8601 time) is refused too, since nothing would stop its replay later. A request
    without a well-formed `X-Sinch-Signature` is refused before its body is read.

    Handlers: a coroutine function runs on the event loop; any other handler runs in a
    worker thread (at most `HANDLER_THREADS` at once), so a blocking handler (a database
    call) never stalls the receiver's other requests. Events are handled concurrently; only
    deliveries of the same event wait for each other, so its handler runs once.
    """
    if isinstance(receive_timeout, bool) or not isinstance(receive_timeout, int | float):
        raise InvalidArgumentError("receive_timeout must be a number of seconds")
    if not 0 < receive_timeout < float("inf"):
        raise InvalidArgumentError("receive_timeout must be a positive number of seconds")
    if max_event_age is not None and (
        isinstance(max_event_age, bool)
        or not isinstance(max_event_age, int | float)
        or not max_event_age > 0
    ):
        raise InvalidArgumentError("max_event_age must be a positive number of seconds or None")
    if (
        isinstance(max_body_bytes, bool)
        or not isinstance(max_body_bytes, int)
        or max_body_bytes < 1
    ):
        raise InvalidArgumentError("max_body_bytes must be a positive integer")
    if isinstance(remember, bool) or not isinstance(remember, int) or remember < 1:
        raise InvalidArgumentError("remember must be a positive integer")
    if isinstance(secret, CallbackVerifier):
        if allowed_sources is not None or trusted_proxy_header is not None:
            raise InvalidArgumentError(
                "give allowed_sources to the CallbackVerifier, not to asgi_app"
            )
        verifier = secret
    else:
        verifier = CallbackVerifier(
            secret, allowed_sources=allowed_sources, trusted_proxy_header=trusted_proxy_header
        )
    seen = _Seen(remember)
    # The deliveries under way, by event key: a second delivery of one waits for the first
    # (then it is a duplicate, or the first failed and it runs); other events never wait.
    in_flight: dict[str, asyncio.Event] = {}
    threads: list[ThreadPoolExecutor] = []  # made at the first synchronous handler
    on_loop = _is_coroutine_handler(handler)

    async def run_handler(event: CallbackEvent) -> None:
        if on_loop:
            outcome = handler(event)
        else:
            if not threads:
                threads.append(
                    ThreadPoolExecutor(HANDLER_THREADS, thread_name_prefix="sinch-callback")
                )
            call = functools.partial(contextvars.copy_context().run, handler, event)
            outcome = await asyncio.get_running_loop().run_in_executor(threads[0], call)
        if inspect.isawaitable(outcome):  # e.g. a lambda returning a coroutine
            await outcome

    async def respond(
        send: Callable[[dict[str, Any]], Awaitable[None]], status: int, message: str
    ) -> None:
        body = json.dumps({"status": status, "message": message}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def app(
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[dict[str, Any]]],
        send: Callable[[dict[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        if scope["method"] != "POST":
            await respond(send, 405, "POST only")
            return
        client = scope.get("client")
        headers = scope.get("headers", [])
        try:
            verifier.check_source(client[0] if client else None, headers)
        except UntrustedSourceError as exc:
            await respond(send, 403, str(exc))
            return
        # Refused before a byte of the body is read: nothing to verify, or too much to hold.
        signature = _header(headers, SIGNATURE_HEADER)
        if signature is None or not _SIGNATURE.fullmatch(signature.strip()):
            await respond(send, 401, "the X-Sinch-Signature header is missing or malformed")
            return
        declared = _header(headers, "content-length")
        if declared is not None and (
            not declared.strip().isdigit() or int(declared) > max_body_bytes
        ):
            await respond(send, 413, "body too large")
            return
        try:
            async with asyncio.timeout(receive_timeout):
                raw = await _body(receive, max_body_bytes)
        except TimeoutError:
            await respond(send, 408, "the body did not arrive in time")
            return
        if raw is None:  # disconnected
            return
        if isinstance(raw, int):
            await respond(send, 413, "body too large")
            return
        try:
            verifier.check_signature(raw, headers)  # the source was checked
            event = parse_event(raw)
        except InvalidSignatureError as exc:
            await respond(send, 401, str(exc))
            return
        except InvalidCallbackError as exc:
            await respond(send, 400, str(exc))
            return
        if max_event_age is not None:
            if event.timestamp is None:
                # Its age cannot be judged: once out of the ID window it could be replayed.
                log.warning("callback event refused: no readable timestamp")
                await respond(
                    send, 400, "the event has no readable timestamp: its age cannot be checked"
                )
                return
            if (clock() - event.timestamp).total_seconds() > max_event_age:
                log.warning("callback event refused as too old (a replay?): %s", event.timestamp)
                await respond(send, 400, f"the event is older than {max_event_age:g} s")
                return
        key = event_key(event, raw)
        while (running := in_flight.get(key)) is not None:
            await running.wait()
        if key in seen:
            await respond(send, 200, "duplicate")
            return
        done = in_flight[key] = asyncio.Event()
        try:
            await run_handler(event)
        except Exception:
            log.exception("callback handler failed for event %s", key)
            await respond(send, 500, "handler failed")
            return
        else:
            seen.add(key)
        finally:
            del in_flight[key]
            done.set()
        await respond(send, 200, "ok")

    return app
