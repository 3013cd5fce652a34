"""A contract suite that cannot fail is worthless: broken sandboxes must be caught."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers import PaginationError, QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    Sandbox,
    SandboxConfig,
    serve_app_in_thread,
)

from .report import summarise
from .runner import run_schemathesis

Mutation = Callable[[dict[str, Any], int, Any], tuple[int, Any]]


def broken(app: Any, mutate: Mutation) -> Any:
    """Wrap an ASGI app and rewrite its JSON answers: (scope, status, body) -> (status, body)."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["path"].startswith("/_sandbox")
            or scope["path"] == "/oauth2/token"
        ):
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await app(scope, receive, capture)
        raw = b"".join(chunks)
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = None
        status, body = mutate(scope, start["status"], body)
        data = raw if body is None else json.dumps(body).encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return wrapped


def wrong_type(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    # Every listing answer, empty ones included (proto3 leaves a zero totalSize out).
    listing = scope["method"] == "GET" and scope["path"].endswith("/qualifiedNumbers")
    if status == 200 and listing and isinstance(body, dict):
        body["totalSize"] = str(body.get("totalSize", 0))
    return status, body


def _strip_phone(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_phone(v) for k, v in value.items() if k != "phoneNumber"}
    if isinstance(value, list):
        return [_strip_phone(v) for v in value]
    return value


def missing_required(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    return status, _strip_phone(body) if status == 200 else body


def undocumented_status(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    if scope["path"].endswith(":addNumbers") and status == 200:
        return 201, body
    return status, body


def server_error(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    """Every listing fails with a 500, whatever its parameters."""
    if scope["method"] == "GET" and scope["path"].endswith("/qualifiedNumbers"):
        return 500, {"code": "500", "message": "boom", "status": "INTERNAL"}
    return status, body


def endless_pages() -> Mutation:
    """Answer the first real page token again and again (each one is valid for the server)."""
    first: list[str] = []

    def mutate(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
        if isinstance(body, dict) and body.get("nextPageToken"):
            if not first:
                first.append(body["nextPageToken"])
            body["nextPageToken"] = first[0]
        return status, body

    return mutate


#: Every break above is in the qualified-numbers answers: the teeth runs (and their control)
#: cover those operations only, so that five full runs do not dominate the suite's time.
TEETH_SCOPE = ["--include-tag", "QualifiedNumbers"]


@pytest.fixture
def serve() -> Iterator[Callable[[Mutation], str]]:
    stack: list[Any] = []

    def start(mutation: Mutation) -> str:
        sandbox = Sandbox(SandboxConfig(eligibility_delay=0, hosting_delay=1, seed=1))
        running = serve_app_in_thread(broken(sandbox.app, mutation))
        stack.append(running)
        return running.url

    yield start
    for running in stack:
        running.stop()


@pytest.mark.parametrize(
    ("mutation", "expected", "check"),
    [
        (wrong_type, "Response violates schema", "response_schema_conformance"),
        (missing_required, "Response violates schema", "response_schema_conformance"),
        (undocumented_status, "Undocumented status code", "status_code_conformance"),
        (server_error, "Server error", "not_a_server_error"),
    ],
)
def test_conformance_run_catches_a_broken_server(
    serve: Callable[[Mutation], str], mutation: Mutation, expected: str, check: str, tmp_path: Path
) -> None:
    result = run_schemathesis(
        serve(mutation),
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        max_examples=10,
        report_dir=tmp_path,
        extra=TEETH_SCOPE,
    )
    assert result.returncode != 0, result.output[-3000:]
    assert expected in result.output
    assert result.ndjson is not None
    table = summarise(result.ndjson)
    assert any(counts.get(check, [0, 0])[1] > 0 for counts in table.counts.values())


def test_healthy_sandbox_passes_the_same_run(
    serve: Callable[[Mutation], str], tmp_path: Path
) -> None:
    """The control: the same run against an unbroken sandbox is clean."""
    result = run_schemathesis(
        serve(lambda scope, status, body: (status, body)),
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        max_examples=10,
        report_dir=tmp_path,
        extra=TEETH_SCOPE,
    )
    assert result.returncode == 0, result.output[-3000:]
    assert result.ndjson is not None and summarise(result.ndjson).failed() == 0


def test_endless_page_tokens_are_caught_by_the_client(serve: Callable[[Mutation], str]) -> None:
    url = serve(endless_pages())
    with QualifiedNumbersClient(
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        base_url=url,
        token_url=f"{url}/oauth2/token",
    ) as client:
        client.qualified_numbers.add(["+12025550134", "+12025550135", "+12025550136"])
        with pytest.raises(PaginationError):
            list(client.qualified_numbers.list(page_size=1))
