"""URL settings (base_url, token_url, proxy) as users type them: white space around them is
stripped; a query, a fragment or an API version at the end of base_url is refused, named."""

from __future__ import annotations

from typing import Any

import pytest

from sinch_qualified_numbers import ConfigurationError, QualifiedNumbersClient

from ..conftest import API_VERSION

BASE = "http://127.0.0.1:18765"
KEY: dict[str, Any] = {"project_id": "p", "key_id": "k", "key_secret": "s"}


@pytest.fixture(autouse=True)
def _no_url_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SINCH_QN_BASE_URL", "SINCH_AUTH_URL", "SINCH_QN_PROXY", "SINCH_QN_API_VERSION"):
        monkeypatch.delenv(name, raising=False)


def test_white_space_around_url_settings_is_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    client = QualifiedNumbersClient(
        **KEY,
        base_url=f" {BASE} ",
        token_url=f"\t{BASE}/oauth2/token\n",
        proxy=" http://127.0.0.1:3128 ",
    )
    assert client.config.base_url == BASE
    assert client.config.api_base_url == f"{BASE}/{API_VERSION}"
    assert client.config.token_url == f"{BASE}/oauth2/token"
    assert client.config.proxy == "http://127.0.0.1:3128"
    client.close()
    monkeypatch.setenv("SINCH_QN_BASE_URL", f"{BASE}/ \n")
    with QualifiedNumbersClient(**KEY) as from_env:
        assert from_env.config.base_url == BASE
        assert from_env.config.token_url == f"{BASE}/oauth2/token"


@pytest.mark.parametrize("version", [API_VERSION, f"{API_VERSION}/"])
def test_a_base_url_ending_with_the_api_version_is_refused(version: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        QualifiedNumbersClient(**KEY, base_url=f"{BASE}/{version}")
    message = str(refused.value)
    assert f"'{BASE}/{API_VERSION}'" in message and "api_version" in message
    assert f"without it ('{BASE}')" in message


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"base_url": f"{BASE}?x=1"}, f"base_url '{BASE}?x=1'"),
        ({"base_url": f"{BASE}/#top"}, f"base_url '{BASE}/#top'"),
        ({"base_url": f"{BASE}?"}, f"base_url '{BASE}?'"),
        ({"base_url": BASE, "token_url": f"{BASE}/oauth2/token?a=b"}, "token_url"),
        ({"base_url": "http://u:pw@127.0.0.1:1?x=1"}, "base_url 'http://***@127.0.0.1:1?x=1'"),
    ],
)
def test_a_query_or_fragment_in_a_url_setting_is_refused(
    kwargs: dict[str, Any], named: str
) -> None:
    with pytest.raises(ConfigurationError, match="query or fragment") as refused:
        QualifiedNumbersClient(**KEY, **kwargs)
    assert named in str(refused.value)


def test_a_query_in_the_proxy_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="is not a proxy URL") as refused:
        QualifiedNumbersClient(**KEY, proxy="http://u:pw@127.0.0.1:3128?x=1")
    assert "'http://***@127.0.0.1:3128?x=1'" in str(refused.value)
