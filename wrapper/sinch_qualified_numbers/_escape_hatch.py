"""`client.request(method, path, ...)`: any operation of the API, with the client's auth,
retries, limits, redaction and typed errors, before the client has a method for it.

The arguments are checked here (no I/O); the clients send the request through their own httpx
client, whose transport retries what is safe to retry and raises error statuses as typed
exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from ._exceptions import APIResponseValidationError, InvalidArgumentError
from ._extras import checked_headers, checked_json, checked_query

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    params: dict[str, Any] | None
    json: Any
    headers: dict[str, str] | None


def call_of(
    method: object,
    path: object,
    project_id: str,
    params: object,
    json: object,
    headers: object,
) -> Call:
    """The request to send, or `InvalidArgumentError` naming the bad argument."""
    if not isinstance(method, str) or method.upper() not in _METHODS:
        raise InvalidArgumentError(
            f"method must be one of {', '.join(sorted(_METHODS))}, not {method!r:.80}"
        )
    # Relative to the versioned base URL only: an absolute URL would take the client's
    # credentials to a host the user did not name as the service.
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise InvalidArgumentError(
            f"path must start with / (relative to the versioned base URL, e.g. "
            f"'/projects/{{project_id}}/qualifiedNumbers'), not {path!r:.80}"
        )
    if any(ch in path for ch in "?#") or any(ord(ch) < 0x21 for ch in path):
        raise InvalidArgumentError(
            f"path must be a path without spaces, a query or a fragment (give the query as "
            f"params): {path!r:.80}"
        )
    url = path.replace("{project_id}", quote(project_id, safe=""))
    # The same checks as the methods' extras: what httpx could not send is refused here.
    checked_json("json", json)
    return Call(
        method.upper(),
        url,
        None if params is None else checked_query("params", params),
        json,
        None if headers is None else checked_headers("headers", headers),
    )


def decoded(response: httpx.Response) -> Any:
    """The answer's JSON, None for an empty body; an unreadable body is a typed error."""
    if not response.content.strip():
        return None
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIResponseValidationError(
            f"The service's answer is not JSON ({type(exc).__name__}).",
            status_code=response.status_code,
            body=response.content[:2000],
            method=response.request.method,
            url=str(response.request.url),
        ) from None
