"""The callback configuration: the secret that signs callbacks, kept out of reprs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from sinch_qualified_numbers_api.models import (
    CallbackConfiguration as ApiCallbackConfiguration,
)
from sinch_qualified_numbers_api.models import UpdateCallbackConfigurationRequest
from sinch_qualified_numbers_api.types import Unset

from ._exceptions import InvalidArgumentError

#: The longest secret the service takes.
MAX_SECRET_CHARS = 512


@dataclass(frozen=True)
class CallbackConfiguration:
    """The project's callback configuration. `hmac_secret` signs `X-Sinch-Signature`; it is
    None when the service holds none, and never shown in a repr or a log."""

    project_id: str | None
    hmac_secret: str | None = field(repr=False)


def from_api(answer: ApiCallbackConfiguration) -> CallbackConfiguration:
    project = None if isinstance(answer.project_id, Unset) else answer.project_id
    secret = None if isinstance(answer.hmac_secret, Unset) else answer.hmac_secret
    return CallbackConfiguration(project, secret or None)


def secret_problem(secret: object) -> str | None:
    """What is wrong with a callback (HMAC) secret, or None: the one rule for the client's
    update, `CallbackVerifier` and the sandbox. A string of 1 to 512 characters, valid
    Unicode, not only whitespace and without control characters (a pasted line break or NUL
    would sign differently on each side). Never quotes the secret."""
    if not isinstance(secret, str):
        return f"must be a string, not {type(secret).__name__}"
    if not secret.strip():
        return "must not be empty or only whitespace"
    if len(secret) > MAX_SECRET_CHARS:
        return f"must be at most {MAX_SECRET_CHARS} characters, not {len(secret)}"
    try:
        secret.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    if any(unicodedata.category(c) == "Cc" for c in secret):
        return "must not hold control characters (a line break, tab or NUL)"
    return None


def update_request(hmac_secret: object) -> UpdateCallbackConfigurationRequest:
    """The body of an update; a bad secret is refused without ever quoting it."""
    problem = secret_problem(hmac_secret)
    if problem is not None:
        raise InvalidArgumentError(f"hmac_secret {problem}")
    assert isinstance(hmac_secret, str)
    return UpdateCallbackConfigurationRequest(hmac_secret=hmac_secret)
