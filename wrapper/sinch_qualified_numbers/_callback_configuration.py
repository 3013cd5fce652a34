"""The callback configuration: the secret that signs callbacks, kept out of reprs."""

from __future__ import annotations

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


def update_request(hmac_secret: object) -> UpdateCallbackConfigurationRequest:
    """The body of an update; a bad secret is refused without ever quoting it."""
    if not isinstance(hmac_secret, str):
        raise InvalidArgumentError(
            f"hmac_secret must be a string, not {type(hmac_secret).__name__}"
        )
    if not hmac_secret.strip():
        raise InvalidArgumentError("hmac_secret must not be empty")
    if len(hmac_secret) > MAX_SECRET_CHARS:
        raise InvalidArgumentError(
            f"hmac_secret must be at most {MAX_SECRET_CHARS} characters, not {len(hmac_secret)}"
        )
    try:
        hmac_secret.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgumentError("hmac_secret must be valid Unicode text") from None
    return UpdateCallbackConfigurationRequest(hmac_secret=hmac_secret)
