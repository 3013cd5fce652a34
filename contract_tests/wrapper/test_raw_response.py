"""Request IDs on errors, and `client.with_raw_response.<resource>.<method>(...)` for every
method that makes one call, blocking and asyncio (openai-python's convention)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from sinch_qualified_numbers import (
    APIStatusError,
    InvalidArgumentError,
    NotFoundError,
    QualifiedNumbersClient,
    RateLimitError,
    RawResponse,
)
from sinch_qualified_numbers_sandbox import PortServer

from ..conftest import API_VERSION
from . import both
from .conftest import FAKE_BASE, FAKE_TOKEN_URL, ONE, PROJECT, client_kwargs, number_json, seed

# Served: these tests check the answers name the loopback host they came from.
pytestmark = pytest.mark.served

IMPORTED = "+12025550177"


def _mock(status: int, headers: dict[str, str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if str(request.url) == FAKE_TOKEN_URL:
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        if status >= 400:
            body = {"code": status, "message": "no", "status": "NOT_FOUND"}
            return httpx.Response(status, json=body, headers=headers)
        return httpx.Response(200, json=number_json(ONE), headers=headers)

    return httpx.MockTransport(handle)


def _fake(transport: httpx.MockTransport) -> QualifiedNumbersClient:
    return QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret="s3cr3t-key-secret",
        base_url=FAKE_BASE,
        token_url=FAKE_TOKEN_URL,
        retry_backoff=0,
        max_retries=0,
        http_transport=transport,
    )


@pytest.mark.parametrize(
    "header", ["X-Request-ID", "x-request-id", "Request-Id", "X-Correlation-ID", "x-amzn-RequestId"]
)
def test_every_status_error_carries_the_request_id(header: str) -> None:
    with _fake(_mock(404, {header: " req-7f3a9c "})) as client:
        with pytest.raises(NotFoundError) as caught:
            client.qualified_numbers.get(ONE)
    assert caught.value.request_id == "req-7f3a9c"


def test_the_request_id_of_a_retried_error_and_none_without_one() -> None:
    with _fake(_mock(429, {"x-request-id": "req-429", "retry-after": "0"})) as client:
        with pytest.raises(RateLimitError) as caught:
            client.qualified_numbers.get(ONE)
    assert caught.value.request_id == "req-429"
    with _fake(_mock(404, {})) as client:
        with pytest.raises(APIStatusError) as bare:
            client.qualified_numbers.get(ONE)
    assert bare.value.request_id is None


def test_a_raw_response_from_a_mock() -> None:
    with _fake(_mock(200, {"x-request-id": "req-42", "x-extra": "yes"})) as client:
        raw = client.with_raw_response.qualified_numbers.get(ONE)
        again = client.qualified_numbers.get(ONE)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.headers["x-extra"] == "yes"
    assert raw.request_id == "req-42"
    assert raw.method == "GET"
    assert (
        str(raw.url)
        == f"{FAKE_BASE}/{API_VERSION}/projects/{PROJECT}/qualifiedNumbers/%2B{ONE[1:]}"
    )
    assert raw.http_request.headers["authorization"] == "Bearer tok"
    assert isinstance(raw.elapsed, dt.timedelta)
    assert len(raw.responses) == 1  # the token endpoint's answer is not the call's
    assert raw.json()["phoneNumber"] == ONE
    assert raw.parse() == again  # the usual model


# Every method that makes one call: (resource, method, arguments), after `_prepare`.
ONE_CALL: list[tuple[str, str, Callable[[], tuple[tuple[Any, ...], dict[str, Any]]], str]] = [
    ("qualified_numbers", "get", lambda: ((ONE,), {}), "GET"),
    ("qualified_numbers", "add", lambda: ((["+12025550140"],), {}), "POST"),
    ("qualified_numbers", "send_voice_challenge", lambda: (("+12025550141",), {}), "POST"),
    ("qualified_numbers", "delete", lambda: ((ONE,), {}), "DELETE"),
    ("callback_configuration", "get", lambda: ((), {}), "GET"),
    ("callback_configuration", "update", lambda: ((), {"hmac_secret": "new-secret-1"}), "PATCH"),
    (
        "imported_numbers",
        "create",
        lambda: ((IMPORTED,), {"service_plan_id": "plan", "campaign_id": "CAMP1"}),
        "POST",
    ),
]


def _prepare(sandbox: PortServer) -> None:
    seed(sandbox, [ONE])
    seed(sandbox, ["+12025550141"], "GLOBAL_PROCESS_STATE_ELIGIBLE")


def _check(raw: Any, verb: str, resource: str, method: str, plain: Any) -> None:
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.method == verb
    assert raw.url.host == "127.0.0.1"
    assert isinstance(raw.elapsed, dt.timedelta)
    assert "content-type" in raw.headers or raw.content == b""
    assert type(raw.parse()) is type(plain), f"{resource}.{method}"


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize(("resource", "method", "arguments", "verb"), ONE_CALL)
def test_every_one_call_method_has_a_raw_response(
    sandbox: PortServer, resource: str, method: str, arguments: Any, verb: str, mode: str
) -> None:
    _prepare(sandbox)
    args, kwargs = arguments()
    options = client_kwargs(sandbox)
    raw = both.run(
        mode,
        options,
        lambda client: getattr(getattr(client.with_raw_response, resource), method)(
            *args, **kwargs
        ),
    )
    sandbox.sandbox.reset()
    _prepare(sandbox)
    plain = both.run(
        mode, options, lambda client: getattr(getattr(client, resource), method)(*args, **kwargs)
    )
    _check(raw, verb, resource, method, plain)


def test_a_listing_is_refused_with_a_clear_error(sandbox: PortServer) -> None:
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        with pytest.raises(InvalidArgumentError, match="made no HTTP call"):
            client.with_raw_response.qualified_numbers.list()
        with pytest.raises(AttributeError):
            client.with_raw_response.close  # noqa: B018


def test_an_error_still_raises_with_its_request_id() -> None:
    with _fake(_mock(404, {"request-id": "req-404"})) as client:
        with pytest.raises(NotFoundError) as caught:
            client.with_raw_response.qualified_numbers.get(ONE)
    assert caught.value.request_id == "req-404"
