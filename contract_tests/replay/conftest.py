"""Recorded-response replay: cassettes recorded through the client, replayed with no server.

`make record` re-records them against the sandbox (`--record-mode=rewrite`); CI replays with
`--record-mode=none` (pytest-recording's default), so no server runs at all. Requests match on
method, path, query and body: host and port do not matter, so replay needs no fixed port.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers import QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxConfig,
    serve_in_thread,
)

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
TARGET = os.environ.get("CONTRACT_RECORD_TARGET", "sandbox")
REPLAY_URL = "http://127.0.0.1:9"  # nothing listens there: replay never touches the network
TOKEN_PLACEHOLDER = "REDACTED-ACCESS-TOKEN"


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string", b"")
    if isinstance(body, bytes) and b"access_token" in body:
        data = json.loads(body)
        data["access_token"] = TOKEN_PLACEHOLDER
        response["body"]["string"] = json.dumps(data).encode()
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": ["authorization", "cookie", "set-cookie"],
        "before_record_response": _scrub_response,
        "match_on": ["method", "path", "query", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES / TARGET)


def recorded_version() -> str:
    """The API version the cassettes were recorded at: replay asks for the very same paths,
    whatever the client's default version has become since."""
    found = {
        version
        for cassette in (CASSETTES / TARGET).glob("*.yaml")
        for version in re.findall(r"/(v\w+)/projects/", cassette.read_text(encoding="utf-8"))
    }
    (version,) = found
    return version


@dataclass
class Target:
    """Where the client points: a live sandbox while recording, nowhere while replaying."""

    url: str
    recording: bool
    sandbox: PortServer | None

    def client(self, **options: Any) -> QualifiedNumbersClient:
        if TARGET == "live" and self.recording:
            return QualifiedNumbersClient(**options)  # settings from SINCH_* variables
        if not self.recording:
            options.setdefault("api_version", recorded_version())
        return QualifiedNumbersClient(
            project_id=DEFAULT_PROJECT_ID,
            key_id=DEFAULT_KEY_ID,
            key_secret=DEFAULT_KEY_SECRET,
            base_url=self.url,
            token_url=f"{self.url}/oauth2/token",
            **options,
        )


@pytest.fixture
def target(record_mode: str) -> Iterator[Target]:
    if record_mode == "none":
        yield Target(REPLAY_URL, recording=False, sandbox=None)
        return
    if TARGET == "live":
        yield Target(os.environ.get("SINCH_QN_BASE_URL", ""), recording=True, sandbox=None)
        return
    with serve_in_thread(
        SandboxConfig(
            # An LOA is signed only when a test says so (the order-life cassette).
            eligibility_delay=0,
            hosting_delay=0,
            loa_signature_delay=3600,
            seed=21,
            token_ttl=60,
        )
    ) as running:
        yield Target(running.url, recording=True, sandbox=running)


def secrets_in(text: str) -> list[str]:
    """Every credential-looking thing in a cassette's text."""
    import base64

    found = []
    basic = base64.b64encode(f"{DEFAULT_KEY_ID}:{DEFAULT_KEY_SECRET}".encode()).decode()
    for needle in (
        DEFAULT_KEY_SECRET,
        basic,
        os.environ.get("SINCH_KEY_SECRET") or DEFAULT_KEY_SECRET,
    ):
        if needle and needle in text:
            found.append(needle)
    for token in re.findall(r'access_token\\?"\s*:\s*\\?"([^"\\]+)', text):
        if token != TOKEN_PLACEHOLDER:
            found.append(token)
    if re.search(r"(?i)bearer\s+(?!REDACTED)[A-Za-z0-9_\-]{10,}", text):
        found.append("bearer token")
    return found
