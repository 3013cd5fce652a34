"""The sandbox answers as the service does: proto3 JSON, no field holding its default value.

A whole demo run is recorded at the sandbox's ASGI boundary and every answer of a service
operation is walked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import sinch_qualified_numbers_sandbox as sandbox_package
from sinch_qualified_numbers.cli._demo import run_demo
from sinch_qualified_numbers_sandbox import PortServer, SandboxConfig
from sinch_qualified_numbers_sandbox.server import serve_app_in_thread


def defaults_in(value: Any, path: str = "") -> list[str]:
    """Every path below `value` that holds a proto3 default (`""`, 0, false, [], {}, null)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if item in ("", 0, [], {}, None) or item is False:
                found.append(where)
            else:
                found.extend(defaults_in(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(defaults_in(item, f"{path}[{index}]"))
    return found


def test_the_walker_finds_defaults_at_any_depth() -> None:
    body = {"a": {"b": [{"c": 0}, {"d": "x"}]}, "e": False, "f": {"g": {}}, "h": 1}
    assert defaults_in(body) == ["a.b[0].c", "e", "f.g"]


def test_every_answer_of_a_demo_run_leaves_default_values_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    answers: list[tuple[str, str, int, bytes]] = []

    def recording(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            status = 0
            chunks: list[bytes] = []

            async def capture(message: dict[str, Any]) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                elif message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))
                await send(message)

            await app(scope, receive, capture)
            answers.append((scope["method"], scope["path"], status, b"".join(chunks)))

        return wrapped

    def serve(config: SandboxConfig | None = None, host: str = "127.0.0.1") -> PortServer:
        sandbox = sandbox_package.Sandbox(config)
        return PortServer(sandbox, serve_app_in_thread(recording(sandbox.app), host))

    monkeypatch.setattr(sandbox_package, "serve_in_thread", serve)
    with open(tmp_path / "out.txt", "w", encoding="utf-8") as printed_to:
        quiet = Console(file=printed_to, width=120)
        assert run_demo(count=120, workdir=tmp_path, console=quiet, out=quiet) == 0

    api = [a for a in answers if "/projects/" in a[1] and not a[1].startswith("/_sandbox")]
    operations = {
        (method, path.rsplit(":", 1)[-1] if ":" in path else "") for method, path, *_ in api
    }
    # The demo reaches every kind of answer: listing, add, challenge, verify, both text-enables.
    for suffix in ("addNumbers", "sendVoiceChallenge", "verifyVoiceChallenge"):
        assert ("POST", suffix) in operations
    assert ("POST", "textEnableNumbers") in operations
    assert ("POST", "textEnableTollFreeNumbers") in operations
    assert ("GET", "") in operations
    # ... and it ends by moving hosted numbers: unlink, then link, through PATCHes.
    patches = [path for method, path, *_ in api if method == "PATCH"]
    assert patches and all("/importedNumbers/" in path for path in patches)
    printed = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "9. Imported numbers moved to CDEMO02" in printed
    assert "demo-service-plan / CDEMO02" in printed
    assert len(api) > 100
    offending: list[str] = []
    for method, path, status, raw in api:
        assert status == 200, (method, path, status, raw[:300])
        body = json.loads(raw)
        offending.extend(f"{method} {path}: {where}" for where in defaults_in(body))
    assert offending == []
    # A listing's last page has no token and an in-progress number no hostedNumber at all.
    last_pages = [json.loads(raw) for m, p, _, raw in api if m == "GET" and p.endswith("Numbers")]
    assert last_pages and any("nextPageToken" not in page for page in last_pages)
