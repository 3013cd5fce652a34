"""A transport of the other kind (async for the blocking client, or the reverse) is refused
when the client is made, saying what to pass: never an AttributeError at the first call."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    ConfigurationError,
    QualifiedNumbersClient,
)

from .conftest import ONE, number_json

KEY: dict[str, Any] = {"project_id": "p", "key_id": "k", "key_secret": "s", "auth": "basic"}


def test_the_blocking_client_refuses_an_async_transport() -> None:
    with pytest.raises(ConfigurationError) as refused:
        QualifiedNumbersClient(**KEY, http_transport=httpx.AsyncHTTPTransport())  # type: ignore[arg-type]
    message = str(refused.value)
    assert "http_transport must be an httpx.BaseTransport for QualifiedNumbersClient" in message
    assert "not AsyncHTTPTransport" in message and "pass httpx.HTTPTransport(...)" in message


def test_the_async_client_refuses_a_blocking_transport() -> None:
    with pytest.raises(ConfigurationError) as refused:
        AsyncQualifiedNumbersClient(**KEY, http_transport=httpx.HTTPTransport())  # type: ignore[arg-type]
    message = str(refused.value)
    assert "httpx.AsyncBaseTransport for AsyncQualifiedNumbersClient" in message
    assert "pass httpx.AsyncHTTPTransport(...)" in message


@pytest.mark.anyio
async def test_a_mock_transport_serves_both() -> None:
    mock = httpx.MockTransport(lambda request: httpx.Response(200, json=number_json(ONE)))
    with QualifiedNumbersClient(**KEY, http_transport=mock) as client:
        assert client.qualified_numbers.get(ONE).phone_number == ONE
    async with AsyncQualifiedNumbersClient(**KEY, http_transport=mock) as aclient:
        assert (await aclient.qualified_numbers.get(ONE)).phone_number == ONE
