"""A redirect is never followed (it would carry the credentials elsewhere): it is a
`RedirectError` saying so, with its status and where it pointed (masked), never a parse
error of an empty body."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sinch_qualified_numbers import (
    RedirectError,
)

from .both import MODES, run
from .conftest import ONE

ELSEWHERE = "https://someone:hunter2@login.example.com/sso?next=/v1beta1"
KEY: dict[str, Any] = {
    "project_id": "p",
    "key_id": "k",
    "key_secret": "s3cr3t-key-secret",
    "auth": "basic",
    "base_url": "http://127.0.0.1:18765",
}


def _redirecting(seen: list[httpx.Request]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": ELSEWHERE})

    return httpx.MockTransport(answer)


def _check(error: RedirectError, seen: list[httpx.Request]) -> None:
    shown = str(error)
    assert error.status_code == 302
    assert "answered 302 Found, a redirect to https://***@login.example.com/sso" in shown
    assert "not followed" in shown and "base_url" in shown
    assert error.location == "https://***@login.example.com/sso?next=/v1beta1"
    assert "hunter2" not in f"{shown} {error!r} {error.location} {error.headers}"
    assert [r.url.host for r in seen] == ["127.0.0.1"]  # asked once, never followed


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_is_a_redirect_error(mode: str) -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(RedirectError) as caught:
        run(
            mode,
            {**KEY, "http_transport": _redirecting(seen)},
            lambda c: c.qualified_numbers.get(ONE),
        )
    _check(caught.value, seen)
