"""Shared fixtures of the contract test suite."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

# The pytest plugin's own tests run pytest on files they write (contract_tests/plugin).
pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "qualified-numbers.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@functools.cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


# -- helpers shared by the suites that drive a running sandbox --------------------------------

VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"


def seed_numbers(url: str, numbers: list[str], state: str = VERIFIED) -> None:
    """Put numbers of the default sandbox project straight into a state."""
    from sinch_qualified_numbers_sandbox import SandboxAdmin

    with SandboxAdmin(url) as admin:
        assert admin.seed(numbers, state) == len(numbers)


def voice_codes(url: str) -> dict[str, str]:
    """The code of the newest voice call to each number of the default sandbox project."""
    from sinch_qualified_numbers_sandbox import SandboxAdmin

    with SandboxAdmin(url) as admin:
        return admin.voice_codes()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def send_raw(url: str, raw: bytes, timeout: float = 20) -> int:
    """Write an HTTP request byte for byte to the server at `url`; return the answer's status.

    For bytes an HTTP library would refuse to send. A server that never answers fails the
    caller with `socket.timeout`.
    """
    import socket

    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 "), f"no HTTP answer: {answer[:200]!r}"
    return int(status_line.split()[1])
