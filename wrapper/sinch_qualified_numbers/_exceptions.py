"""The exception hierarchy: everything the client raises derives from `QualifiedNumbersError`.

Modelled on openai-python / stripe-python: `APIStatusError` carries the HTTP status and the
service's `code`/`message`/`status`/`details`, with one subclass per status family, and
`APIConnectionError`/`APITimeoutError` for requests that got no answer.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._redact import Secrets, mask_url, redact

if TYPE_CHECKING:  # type-only: results sit above the errors they hold
    import httpx

    from sinch_qualified_numbers_api.models import QualifiedNumber

    from ._challenges import VoiceChallengesResult
    from ._imported_numbers import ImportResult, MoveManyResult, MoveResult
    from ._orders import TextEnableResult

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AddNumbersError",
    "AuthenticationError",
    "BadRequestError",
    "ClientUsageError",
    "ConfigurationError",
    "ConflictError",
    "FieldViolation",
    "ImportNumbersFailedError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidCallbackError",
    "InvalidPhoneNumberError",
    "InvalidSignatureError",
    "MoveFailedError",
    "MoveIncompleteError",
    "NotFoundError",
    "PagerReusedError",
    "PaginationError",
    "PermissionDeniedError",
    "ProxyError",
    "QualifiedNumbersError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "TextEnableFailedError",
    "TokenEndpointError",
    "UnreachableStateError",
    "UntrustedSourceError",
    "VoiceChallengesFailedError",
    "WaitTimeoutError",
]


class QualifiedNumbersError(Exception):
    """Base class of every error raised by this package.

    A URL's userinfo (`https://user:password@host`) in a message is masked (`***@`), whoever
    built the message."""

    def __init__(self, *args: object) -> None:
        super().__init__(*(mask_url(a) if isinstance(a, str) else a for a in args))


class InvalidArgumentError(QualifiedNumbersError, ValueError):
    """A call was given a bad argument; raised before any request is sent."""


class ConfigurationError(InvalidArgumentError):
    """The client is missing a setting or was given an invalid one."""


class PaginationError(QualifiedNumbersError):
    """The listing cannot be followed to its end: the service sent a page token it had already
    sent, or too many empty pages in a row (`MAX_EMPTY_PAGES`), either of which would loop
    forever."""


class PagerReusedError(QualifiedNumbersError, RuntimeError):
    """A pager was iterated a second time; call `list()` again for a new one."""


class ClientUsageError(QualifiedNumbersError, RuntimeError):
    """The client cannot be used where it was called: it was closed (or the client it was
    made from by `with_options` was), or, for the async one, its connections belong to
    another event loop (a second `asyncio.run`, another thread's loop). The message says what
    to do: make a new client, or one client per event loop."""


class ResponseTooLargeError(QualifiedNumbersError):
    """The answer, decoded, is larger than the client's `max_response_bytes`: it was not read
    further (a compressed answer is refused as it inflates, never inflated whole)."""

    def __init__(self, message: str, *, limit: int, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.limit = limit
        self.method = method
        self.url = mask_url(url)


class InvalidPhoneNumberError(InvalidArgumentError):
    """One or more phone numbers were rejected before any request was sent.

    `invalid` lists every rejected value with the reason, in input order.
    """

    def __init__(self, invalid: Sequence[tuple[str, str]]) -> None:
        self.invalid: list[tuple[str, str]] = list(invalid)
        shown = "; ".join(f"{value!r}: {reason}" for value, reason in self.invalid[:20])
        more = f" (and {len(self.invalid) - 20} more)" if len(self.invalid) > 20 else ""
        count = len(self.invalid)
        super().__init__(f"{count} invalid phone number{'s' * (count != 1)}: {shown}{more}")


@dataclass(frozen=True)
class FieldViolation:
    """One field the service rejected, from `details[].fieldViolations[]`."""

    field: str
    description: str


class APIError(QualifiedNumbersError):
    """A request failed; `request_sent` tells whether it may have reached the server."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.message = mask_url(message)
        self.method = method
        self.url = mask_url(url)


class APIConnectionError(APIError):
    """No answer: the connection failed or broke.

    `request_sent` is False when the request provably never reached the server (a connect
    error), so it is safe to send again; True when the outcome is unknown.
    """

    def __init__(
        self,
        message: str = "Connection error.",
        *,
        method: str = "",
        url: str = "",
        request_sent: bool = True,
        proxy: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.request_sent = request_sent
        #: The proxy the request went through (its password masked), None when direct.
        self.proxy = None if proxy is None else mask_url(proxy)


class ProxyError(APIConnectionError):
    """The proxy refused or failed the request, which never reached the service: it asked for
    credentials (407: check the user and password in the proxy URL) or could not open the
    tunnel (a failed CONNECT, retried like a connect error). `proxy` names it, masked;
    `status_code` is the proxy's answer (407, 502...), 0 when unknown."""

    def __init__(self, message: str, *, proxy: str, status_code: int = 0, **fields: Any) -> None:
        super().__init__(message, proxy=proxy, request_sent=False, **fields)
        self.status_code = status_code


class APITimeoutError(APIConnectionError):
    """The request timed out (see the client's `timeout`)."""


class APIResponseValidationError(APIError):
    """The service answered with a body this client cannot read."""

    def __init__(
        self, message: str, *, status_code: int, body: bytes, method: str = "", url: str = ""
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.body = body


#: Field violations quoted in an error's message (all of them are in `field_violations`).
SHOWN_VIOLATIONS = 3

#: Where an answer's request ID is looked for, first found wins. Sinch's reference publishes
#: no request-ID header, so the spellings gateways and proxies commonly use are all read.
REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "correlation-id",
    "x-amzn-requestid",
)


def request_id_of(headers: Mapping[str, str]) -> str | None:
    """The answer's request ID (to quote to Sinch's support), or None when it sent none."""
    lowered = {str(k).lower(): v for k, v in headers.items()}
    for name in REQUEST_ID_HEADERS:
        value = lowered.get(name)
        if value and str(value).strip():
            return str(value).strip()
    return None


class APIStatusError(APIError):
    """The service answered with an error status (4xx/5xx)."""

    status_code: int = 0

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None,
        status: str | None,
        details: list[dict[str, Any]],
        body: Any,
        headers: Mapping[str, str],
        method: str = "",
        url: str = "",
        subject: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.code = code
        self.status = status
        self.details = details
        self.body = body
        self.headers = dict(headers)
        #: The answer's request ID (`x-request-id`, `request-id`, `x-correlation-id`...), the
        #: value to quote to Sinch's support; None when the answer carried none.
        self.request_id = request_id_of(self.headers)
        #: What the failed call was about (a phone number, say), shown in the message.
        self.subject = subject
        #: True when this answer came to a retry after an attempt whose outcome was unknown
        #: (a timeout or 5xx): a 404 to a retried DELETE then means it was already deleted.
        self.after_ambiguous_attempt = False
        #: The answer's Retry-After in seconds (None when absent or unreadable).
        self.retry_after: float | None = None

    def __str__(self) -> str:
        text = f"{self.status_code} {self.status or 'ERROR'}: {self.message}"
        if self.subject:
            text = f"{text} ({self.subject})"
        # The reason is often only in the details ("Invalid argument: callbackUrl" says which
        # field, not why): the first few, so that a log line or the CLI's says it whole.
        said = [v for v in self.field_violations if v.description]
        if said:
            shown = "; ".join(f"{v.field}: {v.description[:200]}" for v in said[:SHOWN_VIOLATIONS])
            more = len(said) - SHOWN_VIOLATIONS
            text = f"{text} - {shown}" + (f"; and {more} more" if more > 0 else "")
        return mask_url(text)

    @property
    def field_violations(self) -> list[FieldViolation]:
        """Every `details[].fieldViolations[]` entry of the error body."""
        found: list[FieldViolation] = []
        for detail in self.details:
            for violation in detail.get("fieldViolations") or []:
                if isinstance(violation, Mapping):
                    found.append(
                        FieldViolation(
                            str(violation.get("field", "")), str(violation.get("description", ""))
                        )
                    )
        return found


class RedirectError(APIStatusError):
    """The answer was a redirect (3xx), which the client does not follow: it would carry the
    credentials to another URL, and the service never redirects. Usually `base_url` names
    the wrong place (http for https, a web page). `location` is where it pointed (masked)."""

    def __init__(self, message: str, *, location: str | None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.location = None if location is None else mask_url(location)

    def __str__(self) -> str:
        return self.message


class BadRequestError(APIStatusError):
    """400: a parameter or field is not valid (see `field_violations`)."""

    status_code = 400


class AuthenticationError(APIStatusError):
    """401: missing, wrong or expired credentials."""

    status_code = 401


class TokenEndpointError(AuthenticationError):
    """The token endpoint (`token_url`) gave no token: it answered something that is neither a
    token nor a refusal of the key. A 404 means `token_url` is not a token endpoint (a mock or
    proxy without one: `auth="basic"` or `SINCH_QN_AUTH=basic` needs none); a 200 that is not
    a token is usually a proxy's or a login page. `status_code` is what it answered and
    `token_url` names it. The key refused (401) is a plain `AuthenticationError`; a 429 or a
    5xx, retried first, stays a `RateLimitError` or `InternalServerError` naming the endpoint."""

    def __init__(self, message: str, *, token_url: str, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.token_url = mask_url(token_url)

    def __str__(self) -> str:
        # The message names the endpoint and what it answered; what the call was about (a
        # number) is kept in `subject` but not shown: this is no error about that number.
        return self.message


class PermissionDeniedError(APIStatusError):
    """403: the credentials do not give access to this project."""

    status_code = 403


class NotFoundError(APIStatusError):
    """404: the number (or project, or order) does not exist."""

    status_code = 404


class ConflictError(APIStatusError):
    """409: the number already exists."""

    status_code = 409


class RateLimitError(APIStatusError):
    """429: rate limited; retried automatically up to `max_retries` honouring Retry-After.

    `retry_after` is the server's wait in seconds (None if it gave none; possibly `inf`). A
    wait longer than the client's `max_retry_after` is not slept through: the error is
    raised at once, for the caller to decide.
    """

    status_code = 429


class InternalServerError(APIStatusError):
    """5xx: the service failed."""


class WaitTimeoutError(QualifiedNumbersError, TimeoutError):
    """`wait_for` gave up; `pending` maps each number (or hosting order ID) that did not arrive
    to its last state. `final` maps those that ended in a final state outside the wanted ones
    (they could never arrive) to that state, and `arrived` holds what did arrive."""

    def __init__(
        self,
        pending: Mapping[str, str | None],
        timeout: float,
        what: str = "numbers",
        *,
        final: Mapping[str, str] | None = None,
        arrived: Mapping[str, Any] | None = None,
    ) -> None:
        self.pending = dict(pending)
        self.timeout = timeout
        self.final = dict(final or {})
        self.arrived = dict(arrived or {})
        shown = ", ".join(f"{n} ({s or 'not seen'})" for n, s in list(self.pending.items())[:20])
        more = f" and {len(self.pending) - 20} more" if len(self.pending) > 20 else ""
        count = len(self.pending)
        ended = f"; {_ended_text(self.final, what)}" if self.final else ""
        super().__init__(
            f"{count} {what} did not reach the wanted states within {timeout:g}s: "
            f"{shown}{more}{ended}"
        )


def _ended_text(final: Mapping[str, str], what: str) -> str:
    shown = ", ".join(f"{n} ({s})" for n, s in list(final.items())[:20])
    more = f" and {len(final) - 20} more" if len(final) > 20 else ""
    return f"{len(final)} {what} ended in a final state and can never arrive: {shown}{more}"


class UnreachableStateError(QualifiedNumbersError):
    """`wait_for` stopped early: some numbers (or hosting orders) ended in a final state
    outside the wanted ones (`NOT_ELIGIBLE`, `VERIFICATION_BLOCKED`, `HOSTING_FAILED`; an
    order `COMPLETED` or `REJECTED`), so they can never arrive. Raised as soon as everything
    else arrived, not after the timeout.

    `final` maps each of them to that state (the short name, e.g. `"NOT_ELIGIBLE"`), `ended`
    to the number or order as last read, and `arrived` holds everything that did arrive.
    """

    def __init__(
        self,
        final: Mapping[str, str],
        ended: Mapping[str, Any],
        arrived: Mapping[str, Any],
        what: str = "numbers",
    ) -> None:
        self.final = dict(final)
        self.ended = dict(ended)
        self.arrived = dict(arrived)
        super().__init__(f"{_ended_text(self.final, what)} ({len(self.arrived)} arrived)")


class AddNumbersError(QualifiedNumbersError):
    """Not every number of `add` was added: `added` holds the numbers the project holds (as
    answered or read), `failed` maps the numbers provably not added to their errors, and
    `unknown` the numbers whose outcome could not be established (an answer lost and the reads
    that would have told failed too: the project may hold them) to the error."""

    def __init__(
        self,
        added: list[QualifiedNumber],
        failed: dict[str, QualifiedNumbersError],
        unknown: dict[str, QualifiedNumbersError] | None = None,
    ) -> None:
        self.added = added
        self.failed = failed
        self.unknown = dict(unknown or {})
        parts = []
        if failed:
            first_number, first = next(iter(failed.items()))
            parts.append(
                f"{len(failed)} numbers were not added ({len(added)} were), "
                f"first {first_number}: {first}"
            )
        if self.unknown:
            first_number, first = next(iter(self.unknown.items()))
            held = "" if failed else f" ({len(added)} were added)"
            parts.append(
                f"{len(self.unknown)} numbers have an unknown outcome{held}, first "
                f"{first_number}: {first}; read them before adding them again"
            )
        super().__init__("; ".join(parts))


class TextEnableFailedError(QualifiedNumbersError):
    """Raised by `TextEnableResult.raise_for_failures`; `result` has the whole account."""

    def __init__(self, result: TextEnableResult, message: str) -> None:
        super().__init__(message)
        self.result = result


class ImportNumbersFailedError(QualifiedNumbersError):
    """Raised by `ImportResult.raise_for_failures`; `result` has the whole account."""

    def __init__(self, result: ImportResult, message: str) -> None:
        super().__init__(message)
        self.result = result


class MoveIncompleteError(QualifiedNumbersError):
    """`move` unlinked the number but could not link the new values: it is now linked to
    nothing. `result.error` is the cause; call `move` again to finish."""

    def __init__(self, result: MoveResult) -> None:
        super().__init__(
            f"{result.phone_number} was unlinked, but linking it failed: {result.error}; "
            "it is linked to nothing until move() is called again"
        )
        self.result = result
        self.phone_number = result.phone_number


class MoveFailedError(QualifiedNumbersError):
    """Raised by `MoveManyResult.raise_for_failures`; `result` has every number."""

    def __init__(self, result: MoveManyResult, message: str) -> None:
        super().__init__(message)
        self.result = result


class InvalidCallbackError(QualifiedNumbersError, ValueError):
    """The body is not a callback event (malformed JSON, or not an object)."""


class InvalidSignatureError(QualifiedNumbersError):
    """The `X-Sinch-Signature` header is missing or does not match the body."""


class UntrustedSourceError(QualifiedNumbersError):
    """The callback came from an address outside the configured allow-list."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def _error_fields(body: Any) -> tuple[str | None, str | None, str | None, list[dict[str, Any]]]:
    """Read both shapes: `{"code": "404", ...}` and `{"error": {"code": 404, ...}}`."""
    if not isinstance(body, Mapping):
        return None, None, None, []
    inner = body.get("error")
    source: Mapping[str, Any] = inner if isinstance(inner, Mapping) else body
    code = source.get("code")
    message = source.get("message")
    status = source.get("status")
    if isinstance(inner, str) and not isinstance(
        message, str
    ):  # OAuth2: {"error": "invalid_client"}
        status = inner
        message = body.get("error_description") or inner
    details = source.get("details")
    return (
        None if code is None else str(code),
        message if isinstance(message, str) else None,
        status if isinstance(status, str) else None,
        [dict(d) for d in details if isinstance(d, Mapping)] if isinstance(details, list) else [],
    )


def could_have_acted(outcome: BaseException | httpx.Response) -> bool:
    """Could the service have acted on the request although no good answer came back? The one
    answer, for an attempt's raw outcome (the transport: an httpx error or an error answer)
    and for the error it became (the reconciliation after a POST): the request may have been
    sent and got no answer, the service failed (5xx), or it answered 2xx and the answer could
    not be read (it acted; we lost what it said)."""
    from ._retry import never_sent

    if isinstance(outcome, APIConnectionError):  # timeouts included
        return outcome.request_sent
    if isinstance(outcome, APIResponseValidationError):
        return 200 <= outcome.status_code < 300
    if isinstance(outcome, QualifiedNumbersError):
        return isinstance(outcome, InternalServerError)
    if isinstance(outcome, BaseException):
        return not never_sent(outcome)
    return outcome.status_code >= 500


#: The resources a 404's message may name, by the path segment of the collection holding them.
_RESOURCES = {
    "qualifiedNumbers": "qualified number",
    "importedNumbers": "imported number",
    "hostingOrders": "hosting order",
}
#: Sinch's sentence for every 404, whatever the call was about (its published sample for a
#: qualified number's DELETE says "The imported number could not be found.").
_NOT_FOUND_SENTENCE = re.compile(
    r"The (qualified number|imported number|hosting order) could not be found\."
)


def _named_after_call(message: str, url: str) -> str:
    """Sinch's not-found sentence with the resource the call was about (a qualified number's
    404 said "imported number"): the last `<collection>/<id>` of the URL's path. Any other
    text is the service's own and kept; the body keeps what it said."""
    segments = [s for s in url.split("?", 1)[0].split("/") if s]
    resource = None
    for collection, item in itertools.pairwise(segments):
        if collection in _RESOURCES and item:
            resource = _RESOURCES[collection]
    if resource is None:
        return message
    return _NOT_FOUND_SENTENCE.sub(f"The {resource} could not be found.", message)


def error_from_response(
    status_code: int,
    content: bytes,
    headers: Mapping[str, str],
    *,
    method: str = "",
    url: str = "",
    subject: str | None = None,
    secrets: Iterable[str] = (),
) -> APIStatusError:
    """Build the typed error for an error answer, every one of `secrets` (what the request
    carried: see `_redact.secrets_of`) masked in whatever of the answer it quotes.

    The message reads `404 NOT_FOUND: The qualified number could not be found. (+12025550134)`
    (Sinch's not-found sentence names the resource of the call: `_named_after_call`).
    """
    from ._retry import parse_retry_after

    hidden = Secrets(secrets)
    try:
        body: Any = json.loads(content) if content else None
    except (ValueError, RecursionError):  # RecursionError: `[[[[...` nested past Python's limit
        body = content[:500].decode("utf-8", "replace")
    body = redact(body, hidden)
    code, message, status, details = _error_fields(body)
    if message is None:
        message = body if isinstance(body, str) and body else "The service returned an error."
    cls = _BY_STATUS.get(status_code) or (
        InternalServerError if status_code >= 500 else APIStatusError
    )
    if status_code == 404:
        message = _named_after_call(message, url)
    error = cls(
        message[:2000],
        status_code=status_code,
        code=code,
        status=status,
        details=[dict(d) for d in details],
        body=body,
        # A header may hold a URL with credentials of its own (a redirect's Location).
        headers={k: mask_url(v) for k, v in redact(dict(headers), hidden).items()},
        method=method,
        url=url,
        subject=subject,
    )
    error.retry_after = parse_retry_after(headers.get("retry-after"))
    return error


def token_endpoint_error(
    status_code: int,
    content: bytes,
    headers: Mapping[str, str],
    *,
    token_url: str,
    secrets: Iterable[str] = (),
) -> APIStatusError:
    """The error for an answer of the token endpoint that is not a token.

    A 401 (the key refused), a 429 or a 5xx keep their usual class, naming the endpoint as
    their subject; anything else (a 404, a 400, a redirect, a 200 without a usable
    `access_token`) is a `TokenEndpointError`: never a `NotFoundError`, which would read as the
    number the call was about being missing. A 2xx body is never kept (it may hold a token).
    """
    where = f"token endpoint {token_url}"
    if status_code == 401 or status_code == 429 or status_code >= 500:
        return error_from_response(
            status_code,
            content,
            headers,
            method="POST",
            url=token_url,
            subject=where,
            secrets=secrets,
        )
    kept = content if status_code >= 400 else b""
    base = error_from_response(
        status_code, kept, headers, method="POST", url=token_url, secrets=secrets
    )
    if 200 <= status_code < 300:
        what = f"{status_code} without a usable access_token"
    else:
        said = f" ({base.status or base.code}: {base.message[:200]})" if kept else ""
        what = f"{status_code} instead of a token{said}"
    return TokenEndpointError(
        f"the {where} answered {what}: check token_url ($SINCH_AUTH_URL, sinch-qn --token-url); "
        'a service without a token endpoint takes auth="basic" ($SINCH_QN_AUTH=basic)',
        token_url=token_url,
        status_code=status_code,
        code=base.code,
        status=base.status,
        details=base.details,
        body=base.body if kept else None,
        headers=base.headers,
        method="POST",
        url=token_url,
        subject=where,
    )


class VoiceChallengesFailedError(QualifiedNumbersError):
    """Raised by `VoiceChallengesResult.raise_for_failures`; `result` has every number."""

    def __init__(self, result: VoiceChallengesResult, message: str) -> None:
        super().__init__(message)
        self.result = result
