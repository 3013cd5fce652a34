"""Cross-site request forgery: what another site's page may make the sandbox do.

A browser sends its cached HTTP Basic credentials (the console's) with any site's form or
`fetch()`; what marks such a request is its `Origin` (every browser sends it with a POST,
PATCH or DELETE) or its `Sec-Fetch-Site`. Scripts (the client, curl) send neither. A request
that changes state and comes from another site is refused, on the Sinch API and on the
sandbox-only endpoints alike (those also require JSON or the admin key: `admin.endpoints`).
"""

from __future__ import annotations

from starlette.requests import Request

from .errors import ApiError

#: Methods that only read: every other one may change state.
READS = frozenset({"GET", "HEAD"})

#: `Sec-Fetch-Site` values of a request the user made on the sandbox's own pages (or typed).
_OWN_SITE = frozenset({"same-origin", "none"})


def cross_site_refusal(request: Request) -> ApiError | None:
    """A 403 for a request another site's page sent (its Origin is not the sandbox's own, or
    its `Sec-Fetch-Site` says so), or None."""
    origin = request.headers.get("origin")
    if origin is not None:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
        if origin.lower().rstrip("/") != own:
            return _refused("its Origin is not the sandbox's own")
    site = request.headers.get("sec-fetch-site")
    if site is not None and site.strip().lower() not in _OWN_SITE:
        return _refused(f"its Sec-Fetch-Site is {site!r}")
    return None


def _refused(why: str) -> ApiError:
    return ApiError(
        403,
        f"A cross-site request cannot change the sandbox: {why}.",
        status="PERMISSION_DENIED",
    )
