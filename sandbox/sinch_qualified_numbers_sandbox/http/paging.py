"""Listing pages: page tokens (opaque, HMAC-signed, bound to the project and the listing's
filter), page sizes, and pages of a listing computed whole."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from .errors import bad_request
from .render import Proto3Response
from .requests import query_int

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


#: The `orderBy` values Sinch publishes for every listing.
TIME_ORDER = ("createdTime", "updatedTime")


def region_param(query: QueryParams) -> str | None:
    region = query.get("regionCode")
    if region is not None and region not in ("US", "CA"):
        raise bad_request("regionCode", f"Unsupported region {region!r}: use US or CA.")
    return region


class Pages:
    """The listings' pages: their tokens, their sizes (the config's default and most)."""

    def __init__(self, tokens: PageTokens, default_size: int, max_size: int) -> None:
        self.tokens = tokens
        self.default_size = default_size
        self.max_size = max_size

    def size(self, raw: str | None) -> int:
        """The `pageSize` asked for: the default when none (or 0), at most the most."""
        if raw in (None, ""):
            return self.default_size
        size = query_int(raw, "pageSize")
        return min(size, self.max_size) if size else self.default_size

    def of_list(
        self,
        request: Request,
        project: str,
        bound_to: str,
        name: str,
        items: list[dict[str, Any]],
        size: int,
    ) -> Response:
        """One page of `size` of a listing computed whole (orders, an order's numbers,
        imported numbers), resumed by a signed token bound to the project and the filters."""
        token = request.query_params.get("pageToken")
        start = int(self.tokens.read(token, project, bound_to)[1]) if token else 0
        page = items[start : start + size]
        after = start + len(page)
        more = after < len(items)
        return Proto3Response(
            {
                name: page,
                "nextPageToken": self.tokens.issue(project, bound_to, (0.0, after)) if more else "",
                "totalSize": len(items),
            }
        )
