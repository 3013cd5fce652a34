"""Reading what a client sent, strictly: a hostile byte gets a 400, never a 500.

JSON bodies must be declared `application/json`, be UTF-8, hold no duplicate keys, no
`NaN`/`Infinity`, no number too long to convert and no lone surrogate (which could not be
written back out, and would fail the answer after the state changed). Query integers are
ASCII digits only (`int()` would take `1_0`, `" 2 "` and Arabic-Indic digits).
"""

from __future__ import annotations

import hmac
import json
import math
import re
from typing import Any

from .errors import ApiError, bad_request

_DIGITS = re.compile(r"[0-9]{1,10}")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for key, value in pairs:
        if key in body:
            raise bad_request(key, f"The key {key!r} is given more than once.")
        body[key] = value
    return body


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise bad_request("body", f"The number {text[:20]} is out of range.")
    return value


def _no_constant(name: str) -> Any:
    raise bad_request("body", f"{name} is not JSON.")


def _check_text(value: Any) -> None:
    """Every string (keys included) must be encodable: no lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise bad_request(
                    "body", "A string holds a lone surrogate (not Unicode)."
                ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def parse_json(raw: bytes, content_type: str | None, *, allow_empty: bool = False) -> Any:
    """The JSON value of a body, or a 400 naming what is wrong with it."""
    if not raw and allow_empty:
        return {}
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise bad_request("content-type", "The body must be sent as application/json.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("body", "The body is not valid UTF-8.") from None
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_finite,
            parse_constant=_no_constant,
        )
    except ApiError:
        raise
    except (ValueError, RecursionError):  # JSONDecodeError, and integers of > 4300 digits
        raise bad_request("body", "The body is not valid JSON.") from None
    _check_text(value)
    return value


def query_int(raw: str, field: str, *, maximum: int = 2**31 - 1) -> int:
    """A non-negative integer written in ASCII digits, at most `maximum`."""
    if not _DIGITS.fullmatch(raw) or int(raw) > maximum:
        raise bad_request(field, f"Must be an integer between 0 and {maximum}, not {raw[:40]!r}.")
    return int(raw)


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII (and broken) text without raising."""
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )
