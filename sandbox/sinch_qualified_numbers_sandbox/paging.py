"""Page tokens: opaque, HMAC-signed, bound to the project and the listing's filter."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json

from .errors import bad_request

Key = tuple[float, int]  # the last row's (order value, seq): keyset paging


def fingerprint(states: list[str], region: str | None, order_by: str) -> str:
    """What a token is bound to besides the project: the same filter must come back."""
    return hashlib.sha256(json.dumps([sorted(set(states)), region, order_by]).encode()).hexdigest()[
        :16
    ]


class PageTokens:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret  # kept in the database, so tokens outlive a restart

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()[:16]

    def issue(self, project: str, filter_print: str, key: Key) -> str:
        payload = json.dumps({"p": project, "f": filter_print, "k": list(key)}).encode()
        return base64.urlsafe_b64encode(payload + self._mac(payload)).decode().rstrip("=")

    def read(self, token: str, project: str, filter_print: str) -> Key:
        invalid = bad_request("pageToken", "The page token is not valid for this listing.")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise invalid from None
        payload, mac = raw[:-16], raw[-16:]
        if len(raw) <= 16 or not hmac.compare_digest(mac, self._mac(payload)):
            raise invalid
        try:
            data = json.loads(payload)
            value, seq = data["k"]
            if data["p"] != project or data["f"] != filter_print:
                raise invalid
            return float(value), int(seq)
        except (ValueError, KeyError, TypeError):  # signed by an older, different sandbox
            raise invalid from None
