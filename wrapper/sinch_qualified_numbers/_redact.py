"""Secrets out of any text this package shows: quoted server text (exception messages,
bodies, headers), URLs, reprs and the locals a traceback prints.

A server that echoes the request (its `Authorization` header, say) into an error body would
otherwise put the key secret, the Basic value or a token into an exception message or a log;
a URL's userinfo (`https://user:password@host`) would be quoted by any message naming it; a
secret in a plain local variable is printed by `pytest --showlocals`.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "***"
#: Shorter values are not looked for: they would mask ordinary words.
_SHORTEST = 4

#: `scheme://userinfo@` inside other text: the userinfo runs to the last `@` before white
#: space, a quote or a bracket (the text around a URL, and `[user:password@]` in a hint).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s'\"<>\[\]]*@")
#: A text that is one URL: `scheme://` at its start.
_ONE_URL = re.compile(r"(?i)^(\s*[a-z][a-z0-9+.-]*://)")


def mask_url(text: str) -> str:
    """`text` (a URL, or any text quoting URLs) with each URL's userinfo masked:
    `https://user:pw@host/x` reads `https://***@host/x`. A text that starts with a scheme is
    taken as one URL, masked up to its last `@` whatever the password holds (white space, `#`,
    `/`: a setting as the user typed it); in other text each URL's userinfo ends at white
    space or a quote. Anything else is left as it is."""
    if "@" not in text:
        return text
    if (one := _ONE_URL.match(text)) is not None:
        return f"{one.group(1)}{MASK}@{text.rpartition('@')[2]}"
    return _USERINFO.sub(lambda found: f"{found.group(1)}{MASK}@", text)


class Secret:
    """A secret held where a repr or a traceback's locals could show it: its repr and str are
    masked; `reveal()` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    __str__ = __repr__


def encodings_of(secret: str) -> Iterator[str]:
    """`secret` as a message may carry it: as is, percent-encoded (in a URL or a form),
    escaped in JSON, in a Python repr or in HTML, and in base64."""
    yield secret
    yield quote(secret, safe="")
    yield quote(secret, safe="").lower()  # %2f as well as %2F
    yield quote_plus(secret, safe="")
    yield json.dumps(secret)[1:-1]
    yield json.dumps(secret, ensure_ascii=False)[1:-1]
    yield repr(secret)[1:-1]
    yield html.escape(secret)
    raw = secret.encode("utf-8", "replace")
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        yield text
        yield text.rstrip("=")


class Secrets(tuple[str, ...]):
    """Values to mask, held in an object whose repr never shows them: the frames that build
    an error hold these, and a traceback printer that shows locals (pytest --showlocals, an
    error tracker) prints their repr."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Secrets(<{len(self)} masked>)"

    __str__ = __repr__


def secrets_of(authorization: str | None) -> Secrets:
    """What an `Authorization` header gives away: the whole value, its credential part and,
    for Basic, the decoded `id:secret` and the secret alone."""
    if not authorization:
        return Secrets()
    found = [authorization]
    scheme, _, credential = authorization.partition(" ")
    credential = credential.strip()
    if credential:
        found.append(credential)
    if scheme.lower() == "basic" and credential:
        try:
            decoded = base64.b64decode(credential, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            decoded = ""
        if decoded:
            found.append(decoded)
            found.append(decoded.partition(":")[2])
    return Secrets(found)


def _usable(secrets: Iterable[str]) -> list[str]:
    # Each in every encoding; longest first, so a secret inside a longer one (the Basic
    # value) leaves no tail behind.
    forms = {form for s in secrets if len(s) >= _SHORTEST for form in encodings_of(s)}
    return sorted({f for f in forms if len(f) >= _SHORTEST}, key=len, reverse=True)


def redact_text(text: str, secrets: Iterable[str]) -> str:
    for secret in _usable(secrets):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_bytes(body: bytes, secrets: Iterable[str]) -> bytes:
    for secret in _usable(secrets):
        encoded = secret.encode("utf-8", "replace")
        if encoded in body:
            body = body.replace(encoded, MASK.encode())
    return body


def redact(value: Any, secrets: Iterable[str]) -> Any:
    """`value` (JSON-like: strings, lists, mappings) with every secret masked."""
    usable = _usable(secrets)
    if not usable:
        return value
    return _walk(value, usable)


def _walk(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, bytes):
        return redact_bytes(value, secrets)
    if isinstance(value, Mapping):
        return {_walk(k, secrets): _walk(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, secrets) for v in value]
    return value
