"""The key ID and secret only ever go to a token endpoint that belongs with the base URL."""

from __future__ import annotations

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    APIConnectionError,
    AuthenticationError,
    ConfigurationError,
    QualifiedNumbersClient,
)

SECRET = "s3cr3t-key-secret"
SINCH_TOKEN_URL = "https://auth.sinch.com/oauth2/token"


@pytest.fixture(autouse=True)
def _no_sinch_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SINCH_QN_BASE_URL", "SINCH_AUTH_URL"):
        monkeypatch.delenv(name, raising=False)


def client(**kwargs: object) -> QualifiedNumbersClient:
    return QualifiedNumbersClient(project_id="p", key_id="k", key_secret=SECRET, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base_url", "token_url"),
    [
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765/oauth2/token"),
        ("http://localhost:9/", "http://localhost:9/oauth2/token"),
        ("http://[::1]:9/proxy", "http://[::1]:9/proxy/oauth2/token"),
        ("https://imported.numbers.api.sinch.com/", SINCH_TOKEN_URL),
    ],
)
def test_the_token_url_follows_a_loopback_or_sinch_base_url(base_url: str, token_url: str) -> None:
    with client(base_url=base_url) as c:
        assert c.config.token_url == token_url


def test_a_loopback_base_url_from_the_environment_gets_its_own_token_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SINCH_QN_BASE_URL", "http://127.0.0.1:9")
    with client() as c:
        assert c.config.token_url == "http://127.0.0.1:9/oauth2/token"


def test_another_base_url_with_the_default_token_url_is_refused() -> None:
    with pytest.raises(ConfigurationError) as caught:
        client(base_url="https://staging.example.com")
    message = str(caught.value)
    assert "https://staging.example.com" in message
    assert SINCH_TOKEN_URL in message
    assert "token_url" in message and "SINCH_AUTH_URL" in message
    assert SECRET not in message


@respx.mock
def test_nothing_is_sent_anywhere_when_the_mixed_case_is_refused() -> None:
    sinch = respx.post(SINCH_TOKEN_URL).mock(return_value=httpx.Response(200, json={}))
    with pytest.raises(ConfigurationError):
        client(base_url="https://proxy.example.com")
    assert not sinch.called


def test_an_explicit_token_url_is_always_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    with client(base_url="https://proxy.example.com", token_url=SINCH_TOKEN_URL) as c:
        assert c.config.token_url == SINCH_TOKEN_URL  # said explicitly: the user's choice
    monkeypatch.setenv("SINCH_AUTH_URL", "https://auth.example.com/oauth2/token")
    with client(base_url="https://proxy.example.com") as c:
        assert c.config.token_url == "https://auth.example.com/oauth2/token"
        assert c.with_options(max_retries=0).config.token_url == c.config.token_url


def test_basic_auth_never_uses_the_token_url_so_any_base_url_is_fine() -> None:
    with client(base_url="https://proxy.example.com", auth="basic") as c:
        assert c.config.base_url == "https://proxy.example.com"


def test_a_connection_error_names_the_host_it_tried() -> None:
    # Port 9 on loopback: nothing listens there, the connect is refused at once.
    with client(base_url="http://127.0.0.1:9", max_retries=0) as c:
        with pytest.raises(APIConnectionError) as caught:
            c.qualified_numbers.get("+12025550134")
    assert "http://127.0.0.1:9/oauth2/token" in str(caught.value)


@respx.mock
def test_a_refused_token_names_the_token_endpoint() -> None:
    respx.post("https://auth.example.com/oauth2/token").mock(
        return_value=httpx.Response(
            401, json={"code": "401", "message": "Bad key.", "status": "UNAUTHENTICATED"}
        )
    )
    with client(
        base_url="https://proxy.example.com", token_url="https://auth.example.com/oauth2/token"
    ) as c:
        with pytest.raises(AuthenticationError) as caught:
            c.qualified_numbers.get("+12025550134")
    assert "token endpoint https://auth.example.com/oauth2/token" in str(caught.value)
