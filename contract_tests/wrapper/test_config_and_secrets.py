"""Bad input fails before any request; configuration; secrets never leak."""

from __future__ import annotations

import base64
import html
import json
import logging
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    Address,
    APIConnectionError,
    AuthenticationError,
    AuthorisedPerson,
    BadRequestError,
    BlanketLoa,
    ConfigurationError,
    DirectLoa,
    InvalidArgumentError,
    InvalidPhoneNumberError,
    QualifiedNumbersClient,
    ResellerLoa,
    parse_phone_numbers,
)

from ..conftest import API_VERSION
from .conftest import FAKE_TOKEN_URL, LOA, fake_client

SECRET = "s3cr3t-key-secret"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (["not a number"], "not a phone number"),
        (["+1 202 555 01"], "not a valid phone number"),
        (["+44 20 7946 0000"], "outside the US and Canada (region GB)"),
        (["+52 55 1234 5678"], "outside the US and Canada"),
        (["2025550134", "(202) 555-0134"], "duplicate of '2025550134'"),
        ([""], "empty"),
        ([12025550134], "not a string"),
    ],
)
@respx.mock(assert_all_called=False)
def test_bad_numbers_fail_before_any_request(values: list[Any], reason: str) -> None:
    with fake_client() as client, pytest.raises(InvalidPhoneNumberError) as caught:
        client.qualified_numbers.add(values)
    assert reason in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert respx.calls.call_count == 0


@respx.mock(assert_all_called=False)
def test_every_bad_value_is_listed() -> None:
    values = ["+12025550134", "junk", "+442079460000", "202-555-0134", "+12025550135"]
    with fake_client() as client, pytest.raises(InvalidPhoneNumberError) as caught:
        client.qualified_numbers.text_enable(values, service_plan_id="p", loa=BlanketLoa())
    assert [v for v, _ in caught.value.invalid] == ["junk", "+442079460000", "202-555-0134"]
    assert respx.calls.call_count == 0


def test_parse_phone_numbers_normalises() -> None:
    parsed = parse_phone_numbers(["(202) 555-0134", "+1-416-555-0123", "1 (833) 587-0229", "x"])
    assert parsed.valid == ["+12025550134", "+14165550123", "+18335870229"]
    assert [v for v, _ in parsed.invalid] == ["x"]


@pytest.mark.parametrize(
    "call",
    [
        lambda qn: qn.add("+12025550134"),
        lambda qn: qn.text_enable(["+12025550134"], service_plan_id="", loa=BlanketLoa()),
        lambda qn: qn.text_enable(["+12025550134"], service_plan_id="p", loa="direct"),
        lambda qn: qn.text_enable(["+18335870229"], service_plan_id="p", loa=BlanketLoa()),
        lambda qn: qn.list(states=["BOGUS"]),  # a full unknown name is sent: a new state
        lambda qn: qn.list(states=[]),
        lambda qn: qn.list(states=["VERIFIED"], region_code="MX"),
        lambda qn: qn.list(states=["VERIFIED"], page_size=0),
        lambda qn: qn.list(states=["VERIFIED"], order_by="phoneNumber"),
        lambda qn: qn.list(states=["VERIFIED"], limit=-1),
        lambda qn: qn.verify_voice_challenge("+12025550134", ""),
        lambda qn: qn.get("12"),
        lambda qn: qn.wait_for(["+12025550134"], states=["NOPE"]),
        lambda qn: qn.wait_for(["+12025550134"], states=["VERIFIED"], timeout=0),
    ],
)
@respx.mock(assert_all_called=False)
def test_bad_arguments_fail_before_any_request(call: Any) -> None:
    with fake_client() as client, pytest.raises(InvalidArgumentError):
        call(client.qualified_numbers)
    assert respx.calls.call_count == 0


def test_loa_fields_are_required() -> None:
    with pytest.raises(InvalidArgumentError, match="email"):
        AuthorisedPerson(first_name="Jane", last_name="Doe", email="")
    with pytest.raises(InvalidArgumentError, match="not an email"):
        AuthorisedPerson(first_name="Jane", last_name="Doe", email="jane")
    with pytest.raises(InvalidArgumentError, match="postal_code"):
        Address(
            building_number="1", street="s", city="c", state="IL", postal_code=" ", country="US"
        )
    with pytest.raises(InvalidArgumentError, match="current_voice_carrier"):
        DirectLoa(
            authorised_person=LOA.authorised_person, address=LOA.address, current_voice_carrier=""
        )
    with pytest.raises(InvalidArgumentError, match="business_name"):
        ResellerLoa(
            business_name="",
            authorised_person=LOA.authorised_person,
            address=LOA.address,
            current_voice_carrier="V",
        )
    with pytest.raises(InvalidArgumentError, match="authorised_person"):
        DirectLoa(authorised_person="Jane", address=LOA.address, current_voice_carrier="V")  # type: ignore[arg-type]


def test_missing_settings_name_argument_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError) as caught:
        QualifiedNumbersClient(project_id="p")
    message = str(caught.value)
    assert "key_id (or $SINCH_KEY_ID)" in message and "key_secret (or $SINCH_KEY_SECRET)" in message
    assert "project_id" not in message


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_PROJECT_ID", "env-project")
    monkeypatch.setenv("SINCH_KEY_ID", "env-key")
    monkeypatch.setenv("SINCH_KEY_SECRET", SECRET)
    monkeypatch.setenv("SINCH_QN_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("SINCH_QN_API_VERSION", "v1")
    monkeypatch.setenv("SINCH_AUTH_URL", "http://127.0.0.1:9/oauth2/token")
    with QualifiedNumbersClient() as client:
        assert client.config.project_id == "env-project"
        assert client.config.api_base_url == "http://127.0.0.1:9/v1"
        assert client.config.token_url == "http://127.0.0.1:9/oauth2/token"
    with QualifiedNumbersClient(project_id="arg-project", api_version="v1beta1") as client:
        assert client.config.project_id == "arg-project"  # arguments win
        assert client.config.api_version == "v1beta1"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"base_url": "http://example.com"}, "must use https"),
        ({"token_url": "http://auth.example.com/token"}, "must use https"),
        ({"base_url": "ftp://example.com"}, "not an http(s) URL"),
        ({"api_version": "v2"}, "api_version"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"timeout": 0}, "timeout"),
        ({"auth": "token"}, "auth"),
        ({"default_region": "MX"}, "default_region"),
    ],
)
def test_invalid_settings(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ConfigurationError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        QualifiedNumbersClient(project_id="p", key_id="k", key_secret=SECRET, **kwargs)


def test_defaults_and_with_options() -> None:
    with QualifiedNumbersClient(project_id="p", key_id="k", key_secret=SECRET) as client:
        assert client.config.base_url == "https://imported.numbers.api.sinch.com"
        assert client.config.token_url == "https://auth.sinch.com/oauth2/token"
        assert client.config.timeout.connect == 5.0 and client.config.timeout.read == 30.0
        assert client.config.auth == "oauth2" and client.config.max_retries == 2
        quick = client.with_options(timeout=2.0, max_retries=0)
        assert quick.config.timeout.read == 2.0 and quick.config.max_retries == 0
        assert quick._auth is client._auth  # one token cache
        assert client.config.max_retries == 2
        with pytest.raises(ConfigurationError):
            client.with_options(max_retries=-5)


@respx.mock
def test_secrets_never_leak(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    respx.post(FAKE_TOKEN_URL).mock(
        return_value=httpx.Response(
            200, json={"access_token": "tok-SECRET-123", "expires_in": 3600}
        )
    )
    respx.get(url__regex=r".*/qualifiedNumbers/.*").mock(
        return_value=httpx.Response(
            401, json={"code": "401", "message": "Bad token.", "status": "UNAUTHENTICATED"}
        )
    )
    client = fake_client(auth="oauth2")
    with pytest.raises(AuthenticationError) as caught:
        client.qualified_numbers.get("+12025550134")
    texts = [
        caplog.text,
        repr(client),
        str(client.config),
        repr(client.config),
        str(caught.value),
        repr(caught.value),
    ]
    texts += [repr(client._auth), repr(caught.value.__dict__)]
    for text in texts:
        assert SECRET not in text
        assert "tok-SECRET-123" not in text
    assert (
        f"GET /{API_VERSION}/projects/sandbox-project/qualifiedNumbers/%2B12025550134 -> 401"
        in caplog.text
    )
    client.close()


def test_sinch_log_env_turns_logging_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from sinch_qualified_numbers._logging import logger

    monkeypatch.setenv("SINCH_LOG", "debug")
    before = list(logger.handlers)
    try:
        QualifiedNumbersClient(project_id="p", key_id="k", key_secret=SECRET).close()
        assert logger.level == logging.DEBUG
        assert any(getattr(h, "_sinch_qn", False) for h in logger.handlers)
    finally:
        logger.handlers[:] = before
        logger.setLevel(logging.NOTSET)


URL_PASSWORD = "URLPASS-4e1b"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"base_url": f"http://user:{URL_PASSWORD}@example.com"},
        {"token_url": f"http://user:{URL_PASSWORD}@example.com/oauth2/token"},
        {"base_url": f"https://user:{URL_PASSWORD}@example.com"},  # no token_url to go with it
        {"base_url": f"https://user:{URL_PASSWORD}@[::1"},  # not even a URL
        {"base_url": f"ftp://user:p@{URL_PASSWORD}@example.com"},  # an `@` in the password
    ],
)
def test_configuration_errors_mask_a_urls_userinfo(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        QualifiedNumbersClient(project_id="p", key_id="k", key_secret=SECRET, **kwargs)
    assert "***@" in str(caught.value)
    assert URL_PASSWORD not in str(caught.value) and URL_PASSWORD not in repr(caught.value)


def test_a_urls_userinfo_is_masked_in_settings_reprs_and_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = QualifiedNumbersClient(
        project_id="p",
        key_id="k",
        key_secret=SECRET,
        base_url=f"https://user:{URL_PASSWORD}@qn.test",
        token_url=f"https://user:{URL_PASSWORD}@auth.test/oauth2/token",
        max_retries=0,
        http_transport=httpx.MockTransport(refuse),
    )
    with client, pytest.raises(APIConnectionError) as caught:
        client.qualified_numbers.get("+12025550134")
    for text in (repr(client.config), repr(client._auth), str(caught.value), caught.value.url):
        assert URL_PASSWORD not in text, text
    assert "https://***@auth.test/oauth2/token" in repr(client.config)


#: A secret with characters every encoding changes.
ODD_SECRET = "k3y/Secret+é=1&x"


@pytest.mark.parametrize(
    "quoted",
    [
        ODD_SECRET,
        quote(ODD_SECRET, safe=""),
        quote_plus(ODD_SECRET),
        json.dumps(ODD_SECRET)[1:-1],
        base64.b64encode(ODD_SECRET.encode()).decode(),
        base64.b64encode(f"k:{ODD_SECRET}".encode()).decode(),
        html.escape(ODD_SECRET),
    ],
)
def test_the_key_secret_is_masked_in_any_encoding_a_server_echoes(quoted: str) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        body = '{"code": 400, "message": "bad key QUOTED", "status": "INVALID_ARGUMENT"}'
        return httpx.Response(400, text=body.replace("QUOTED", quoted.replace('"', '\\"')))

    client = QualifiedNumbersClient(
        project_id="p",
        key_id="k",
        key_secret=ODD_SECRET,
        auth="basic",
        base_url="https://qn.test",
        http_transport=httpx.MockTransport(echo),
    )
    with client, pytest.raises(BadRequestError) as caught:
        client.qualified_numbers.get("+12025550134")
    text = f"{caught.value} {caught.value.body!r} {caught.value.message}"
    assert "bad key ***" in text
    assert quoted not in text and ODD_SECRET not in text


def test_the_settings_take_the_key_secret_masked_and_keep_it() -> None:
    from sinch_qualified_numbers._config import resolve
    from sinch_qualified_numbers._redact import Secret

    held = Secret(SECRET)
    assert SECRET not in repr(held) and SECRET not in str(held) and held.reveal() == SECRET
    config = resolve(
        project_id="p",
        key_id="k",
        key_secret=held,
        auth="basic",
        base_url=None,
        api_version=None,
        token_url=None,
        timeout=None,
        max_retries=None,
        max_concurrency=None,
    )
    assert config.key_secret == SECRET and SECRET not in repr(config)


@pytest.mark.parametrize("password", ["sec ret", "p@ss w0rd#x", "s3cr#t/pw", "a?b", "x'y", "pw]"])
def test_a_password_of_any_shape_is_masked_in_reprs_and_errors(password: str) -> None:
    """Passwords with the characters that end a URL's user part in the text around it (white
    space, `#`, `/`, `?`, quotes, brackets): the trial found each shown in part or whole."""
    from sinch_qualified_numbers._redact import mask_url

    for url in (f"http://alice:{password}@127.0.0.1:18081", f"https://u:{password}@gw.example"):
        assert password not in mask_url(url)
        assert "***@" in mask_url(url)
    try:
        client = QualifiedNumbersClient(
            project_id="p",
            key_id="k",
            key_secret="s",
            base_url=f"https://u:{password}@gw.example.com",
            token_url="https://auth.test/t",
        )
    except ConfigurationError as not_a_url:  # `#`, `/`, `?` end the authority: not a URL
        assert password not in str(not_a_url) and "***@" in str(not_a_url)
    else:
        with client:
            assert password not in repr(client) and password not in repr(client.config)
    try:
        QualifiedNumbersClient(
            project_id="p", key_id="k", key_secret="s", proxy=f"http://alice:{password}@h:1"
        ).close()
    except ConfigurationError as refused:
        assert password not in str(refused)
        assert "[user:password@]" in str(refused)  # the hint itself is not mangled
