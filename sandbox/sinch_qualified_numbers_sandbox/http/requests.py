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
from collections.abc import Collection
from typing import Any

import phonenumbers
from starlette.datastructures import QueryParams
from starlette.requests import Request

from ..spec import validate_body
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


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, refused (400) as soon as it grows past `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise bad_request("body", f"The body is larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise bad_request("body", f"The body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


async def any_json(request: Request, limit: int, *, allow_empty: bool = False) -> Any:
    raw = await read_body(request, limit)
    return parse_json(raw, request.headers.get("content-type"), allow_empty=allow_empty)


async def json_body(request: Request, schema: str, limit: int) -> dict[str, Any]:
    """A JSON object valid against the spec's schema `schema`."""
    body = await any_json(request, limit)
    validate_body(schema, body)
    if not isinstance(body, dict):  # the schemas are objects: validation refused anything else
        raise bad_request("body", "The body must be a JSON object.")
    return body


def phone_param(request: Request, field: str = "phoneNumber") -> str:
    raw: str = request.path_params["phone"]
    # A `+` sent unencoded may reach us form-decoded as a space.
    phone = "+" + raw[1:] if raw.startswith(" ") else raw
    return e164(phone, field)


def e164(phone: object, field: str) -> str:
    if not (
        isinstance(phone, str)
        and phone.startswith("+")
        and phone[1:].isascii()
        and phone[1:].isdigit()
        and phone[1] != "0"
        and 2 <= len(phone) - 1 <= 15
    ):
        raise bad_request(field, f"{phone!r} is not an E.164 number (like +12025550134).")
    return phone


def region_of(phone: object, field: str) -> str:
    """The region (US or CA) of a phone number given in `field`, or a 400 naming it."""
    return nanp_region(e164(phone, field), field)


def nanp_region(phone: str, field: str) -> str:
    try:
        parsed = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        parsed = None
    region = phonenumbers.region_code_for_number(parsed) if parsed else None
    if parsed is None or not phonenumbers.is_valid_number(parsed) or region not in ("US", "CA"):
        raise bad_request(field, f"{phone} is not a valid US or CA number.")
    return str(region)


# -- listing queries -------------------------------------------------------------------------


def only_params(query: QueryParams, allowed: Collection[str]) -> None:
    """A parameter the listing does not know is an error, not silently ignored."""
    unknown = set(query.keys()) - set(allowed)
    if unknown:
        name = sorted(unknown)[0]
        raise bad_request(name, f"Unknown query parameter {name}.")


def states_param(query: QueryParams, known: Collection[str]) -> list[str]:
    """The required `states` filter, repeated or comma-separated, each one of `known`."""
    states: list[str] = []
    for value in query.getlist("states"):
        states.extend(part for part in value.split(",") if part)
    if not states:
        raise bad_request("states", "At least one state is required.")
    for state in states:
        if state not in known:
            raise bad_request("states", f"Unknown state {state!r}.")
    return states


def choice_param(query: QueryParams, name: str, allowed: Collection[str]) -> str | None:
    """An optional parameter taking one of `allowed` (None when absent). Present but empty is
    refused like any other value outside the enum, as Sinch's gateway parses it."""
    value = query.get(name)
    if value is not None and value not in allowed:
        raise bad_request(name, f"Unknown {name} {value!r}.")
    return value
