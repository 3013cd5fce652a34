"""`SINCH_QN_AUTH` (`oauth2`|`basic`) chooses the auth method as `auth=` does, for the library
and for `sinch-qn` (whose `--auth` reads it too): a service run against a mock without a token
endpoint needs no code of its own."""

from __future__ import annotations

import httpx
import pytest

from sinch_qualified_numbers import (
    ConfigurationError,
    QualifiedNumbersClient,
)

from ..conftest import API_VERSION
from . import both
from .conftest import FAKE_BASE, ONE, PROJECT, number_json

SECRET = "s3cr3t-key-secret"
BASIC = httpx.BasicAuth("key-id", SECRET)._auth_header


def _mock_without_token_endpoint(seen: list[str]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path} {request.headers.get('authorization')}")
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(404)
        return httpx.Response(200, json=number_json(ONE))

    return httpx.MockTransport(handle)


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SINCH_QN_AUTH", "SINCH_QN_BASE_URL", "SINCH_AUTH_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SINCH_PROJECT_ID", PROJECT)
    monkeypatch.setenv("SINCH_KEY_ID", "key-id")
    monkeypatch.setenv("SINCH_KEY_SECRET", SECRET)


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize("value", ["basic", "BASIC", " basic "])
def test_sinch_qn_auth_basic_needs_no_token_endpoint(
    monkeypatch: pytest.MonkeyPatch, value: str, mode: str
) -> None:
    monkeypatch.setenv("SINCH_QN_AUTH", value)
    seen: list[str] = []
    # A base URL that is not Sinch's with no token_url: OAuth2 would refuse it (no token
    # endpoint belongs with it); Basic needs none.
    options = {"base_url": FAKE_BASE, "http_transport": _mock_without_token_endpoint(seen)}
    assert both.run(mode, options, lambda client: client.config.auth) == "basic"
    assert both.run(mode, options, lambda c: c.qualified_numbers.get(ONE)).phone_number == ONE
    assert seen == [f"GET /{API_VERSION}/projects/{PROJECT}/qualifiedNumbers/{ONE} {BASIC}"]


def test_the_argument_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_QN_AUTH", "basic")
    with QualifiedNumbersClient(auth="oauth2") as client:
        assert client.config.auth == "oauth2"


def test_oauth2_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_QN_AUTH", "oauth2")
    with QualifiedNumbersClient() as client:
        assert client.config.auth == "oauth2"
    monkeypatch.delenv("SINCH_QN_AUTH")
    with QualifiedNumbersClient() as client:
        assert client.config.auth == "oauth2"


def test_with_options_keeps_the_method(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_QN_AUTH", "basic")
    with QualifiedNumbersClient(base_url=FAKE_BASE) as client:
        monkeypatch.delenv("SINCH_QN_AUTH")
        assert client.with_options(max_retries=0).config.auth == "basic"


def test_a_bad_value_is_a_configuration_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_QN_AUTH", "oauth")
    with pytest.raises(ConfigurationError) as caught:
        QualifiedNumbersClient()
    assert "$SINCH_QN_AUTH" in str(caught.value) and "'oauth'" in str(caught.value)
