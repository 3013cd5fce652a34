"""Secrets out of any server text this package quotes (exception messages, bodies, headers).

A server that echoes the request (its `Authorization` header, say) into an error body would
otherwise put the key secret, the Basic value or a token into an exception message or a log.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"
#: Shorter values are not looked for: they would mask ordinary words.
_SHORTEST = 4


def secrets_of(authorization: str | None) -> list[str]:
    """What an `Authorization` header gives away: the whole value, its credential part and,
    for Basic, the decoded `id:secret` and the secret alone."""
    if not authorization:
        return []
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
    return found


def _usable(secrets: Iterable[str]) -> list[str]:
    # Longest first, so a secret inside a longer one (the Basic value) leaves no tail behind.
    return sorted({s for s in secrets if len(s) >= _SHORTEST}, key=len, reverse=True)


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


def mask_url(url: str) -> str:
    """`url` with the credentials of its user part masked (`http://user:***@proxy:3128`; a
    user part without a password, often a token, is masked whole), for messages and reprs."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    if "@" not in parts.netloc:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    user, sep, _password = userinfo.partition(":")
    shown = f"{user}:{MASK}" if sep else MASK
    return urlunsplit(parts._replace(netloc=f"{shown}@{host}"))
