"""Shared fixtures of the contract test suite."""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
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


#: The API version the tests' URLs use: the default of the spec's server variable `version`
#: (the client's default too), so flipping the default in the spec moves every test with it.
API_VERSION: str = load_spec()["servers"][0]["variables"]["version"]["default"]
#: Every version the spec's server variable lists.
API_VERSIONS: tuple[str, ...] = tuple(load_spec()["servers"][0]["variables"]["version"]["enum"])

#: The operation the "Sinch adds an operation" tests add to a copy of the spec: a read-only
#: one of the HostingOrders tag, shaped like `getHostingOrder`.
NEW_OPERATION = "listHostingOrderEvents"
NEW_OPERATION_PATH = "/projects/{projectId}/hostingOrders/{hostingOrderId}/events"


def spec_with_new_operation() -> dict[str, Any]:
    """A copy of the spec with `NEW_OPERATION` added (nothing else changed)."""
    spec = copy.deepcopy(load_spec())
    order = spec["paths"]["/projects/{projectId}/hostingOrders/{hostingOrderId}"]
    operation = copy.deepcopy(order["get"])
    operation["operationId"] = NEW_OPERATION
    operation["summary"] = "The events of a hosting order"
    for response in operation["responses"].values():
        response.pop("links", None)
    spec["paths"][NEW_OPERATION_PATH] = {
        "parameters": copy.deepcopy(order["parameters"]),
        "get": operation,
    }
    return spec


@contextlib.contextmanager
def sandbox_reading(spec: dict[str, Any], folder: Path) -> Iterator[Path]:
    """While inside, the sandbox (and whatever reads the spec through it) reads `spec`, written
    to `folder`, as if Sinch had published it; the real spec again afterwards."""
    from sinch_qualified_numbers_sandbox import spec as sandbox_spec

    path = folder / "qualified-numbers.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sandbox_spec, "spec_path", lambda: path)
        sandbox_spec.reload()
        try:
            yield path
        finally:
            sandbox_spec.reload()  # nothing reads it before the patch is undone


@pytest.fixture
def new_operation_spec(tmp_path: Path) -> Iterator[Path]:
    """The sandbox's spec with `NEW_OPERATION` added (`sandbox_reading`)."""
    with sandbox_reading(spec_with_new_operation(), tmp_path) as path:
        yield path


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
