"""A token endpoint that answers anything but a token is a `TokenEndpointError` naming it.

Never a `NotFoundError`: a 404 from a mock or proxy without a token endpoint used to read as
the number the call was about being missing (an application mapping `NotFoundError` to "not
added" then said so of every number).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from sinch_qualified_numbers import (
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    QualifiedNumbersClient,
    TokenEndpointError,
)

from . import both
from .conftest import FAKE_BASE, FAKE_TOKEN_URL, ONE, PROJECT, number_json

SECRET = "s3cr3t-key-secret"


def _options(handler: Callable[[httpx.Request], httpx.Response]) -> dict[str, object]:
    return {
        "project_id": PROJECT,
        "key_id": "key-id",
        "key_secret": SECRET,
        "base_url": FAKE_BASE,
        "token_url": FAKE_TOKEN_URL,
        "retry_backoff": 0,
        "http_transport": httpx.MockTransport(handler),
    }


def _service(token: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        if str(request.url) == FAKE_TOKEN_URL:
            return token
        return httpx.Response(200, json=number_json(ONE))

    return handle


NOT_TOKENS = {
    "404 json": httpx.Response(
        404, json={"code": 404, "message": "no route", "status": "NOT_FOUND"}
    ),
    "404 html": httpx.Response(404, text="<html>Not Found</html>"),
    "405": httpx.Response(405, text="Method Not Allowed"),
    "400 oauth2": httpx.Response(400, json={"error": "unsupported_grant_type"}),
    "302": httpx.Response(302, headers={"location": "https://login.example.com/"}),
    "200 html": httpx.Response(200, text="<html>proxy login</html>"),
    "200 no token": httpx.Response(200, json={"token_type": "bearer"}),
    "200 empty token": httpx.Response(200, json={"access_token": ""}),
}


def _check(error: BaseException, status: int) -> None:
    assert isinstance(error, TokenEndpointError)
    assert isinstance(error, AuthenticationError)
    assert not isinstance(error, NotFoundError)
    assert error.status_code == status
    assert error.token_url == FAKE_TOKEN_URL
    text = str(error)
    assert f"token endpoint {FAKE_TOKEN_URL}" in text
    assert "token_url" in text and "SINCH_QN_AUTH=basic" in text
    assert str(status) in text
    assert SECRET not in f"{text} {error!r} {error.body} {error.headers}"


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize("kind", NOT_TOKENS)
def test_an_answer_that_is_not_a_token_names_the_token_endpoint(mode: str, kind: str) -> None:
    answer = NOT_TOKENS[kind]
    with pytest.raises(AuthenticationError) as caught:
        both.run(mode, _options(_service(answer)), lambda c: c.qualified_numbers.get(ONE))
    _check(caught.value, answer.status_code)


def test_a_failing_token_endpoint_stays_a_server_error_naming_it() -> None:
    # Retried first, then raised as what it is (transient), not as a wrong token_url.
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(503, json={"code": 503, "message": "down", "status": "UNAVAILABLE"})

    with QualifiedNumbersClient(**_options(handle)) as client:  # type: ignore[arg-type]
        with pytest.raises(InternalServerError) as caught:
            client.qualified_numbers.get(ONE)
    assert not isinstance(caught.value, TokenEndpointError)
    assert f"token endpoint {FAKE_TOKEN_URL}" in str(caught.value)
    assert calls == ["/oauth2/token"] * 3  # max_retries=2


def test_the_api_404_is_still_not_found() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if str(request.url) == FAKE_TOKEN_URL:
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        return httpx.Response(404, json={"code": 404, "message": "gone", "status": "NOT_FOUND"})

    with QualifiedNumbersClient(**_options(handle)) as client:  # type: ignore[arg-type]
        with pytest.raises(NotFoundError) as caught:
            client.qualified_numbers.get(ONE)
    assert not isinstance(caught.value, TokenEndpointError)
    assert ONE in str(caught.value)


@pytest.mark.parametrize("timeout", [2.0, httpx.Timeout(1.0, read=3.0)])
def test_the_token_request_keeps_the_clients_timeout(timeout: float | httpx.Timeout) -> None:
    """A silent token endpoint must time out as the API calls do (it waited attempt_timeout,
    120 s by default, three times: httpx applies no timeout to a request it did not build)."""
    seen: dict[str, dict[str, float | None]] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.path] = request.extensions.get("timeout", {})
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        return httpx.Response(200, json=number_json(ONE))

    with QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="k",
        key_secret="s",
        base_url=FAKE_BASE,
        token_url=FAKE_TOKEN_URL,
        timeout=timeout,
        http_transport=httpx.MockTransport(handler),
    ) as client:
        client.qualified_numbers.get(ONE)
    expected = httpx.Timeout(timeout).as_dict()
    assert seen["/oauth2/token"] == expected
    assert [v for k, v in seen.items() if k != "/oauth2/token"] == [expected]


WITH_PASSWORD = "https://tok-user:tok-p4ssw0rd@auth.test/oauth2/token"


def _with_password(handler: Callable[[httpx.Request], httpx.Response]) -> dict[str, object]:
    return {**_options(handler), "token_url": WITH_PASSWORD}


def _refused_by(request: httpx.Request) -> httpx.Response:
    # A 302 whose Location carries credentials too: every URL an error holds is masked.
    return httpx.Response(
        302, headers={"location": "https://sso-user:sso-p4ssw0rd@login.example.com/"}
    )


def _check_masked(error: TokenEndpointError) -> None:
    assert error.token_url == "https://***@auth.test/oauth2/token"
    assert error.url == "https://***@auth.test/oauth2/token"
    assert error.headers["location"] == "https://***@login.example.com/"
    shown = f"{error} {error!r} {error.token_url} {error.url} {error.headers} {error.body}"
    assert "p4ssw0rd" not in shown


@pytest.mark.parametrize("mode", both.MODES)
def test_a_token_urls_password_is_masked_in_the_errors_attributes(mode: str) -> None:
    with pytest.raises(TokenEndpointError) as caught:
        both.run(mode, _with_password(_refused_by), lambda c: c.qualified_numbers.get(ONE))
    _check_masked(caught.value)
