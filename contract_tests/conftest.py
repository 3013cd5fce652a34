"""Shared fixtures of the contract test suite."""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient
    from sinch_qualified_numbers_sandbox import InProcessServer, PortServer

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


# -- the sandbox the tests drive: one fixture family ------------------------------------------
#
# `sandbox` is the shipped plugin's `sinch_sandbox` (in-process, reset before each test, every
# httpx request to its `url` served without a port), configured as the plugin is: by
# `@pytest.mark.sinch_sandbox(...)` on a test, a class or a module, and by a directory's
# defaults (`directory_settings`, the farthest marker). `@pytest.mark.served` serves the same
# settings by uvicorn on a loopback port instead, for the tests where sockets are the point
# (raw bytes, the server's own behaviour, a subprocess): one server per module and settings.
# `client`, `aclient` and `http` are clients of whichever `sandbox` the test has.

SANDBOX_MARKER = "sinch_sandbox"
SERVED_MARKER = "served"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{SERVED_MARKER}: the `sandbox` fixture is served by uvicorn on a loopback port "
        "(sockets are the point), not in-process",
    )


def directory_settings(item: pytest.Item, **settings: Any) -> None:
    """A directory's sandbox settings: a marker on its package, so that a module's, a class's
    or a test's own marker wins (call from the directory's `pytest_itemcollected`). No
    directory is served as a whole: `served` goes on the modules or tests where sockets are the
    point."""
    package = item.getparent(pytest.Package)
    assert package is not None, f"{item.nodeid} is in no package"
    if not any(m.name == SANDBOX_MARKER for m in package.own_markers):
        package.add_marker(getattr(pytest.mark, SANDBOX_MARKER)(**settings))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test of the in-process `sandbox` (this module's, not one a folder still defines
    itself) uses the plugin's fixture: named among its fixtures, so that the plugin's own
    checks (a marker without the fixture, requests it blocked) see it."""
    for item in items:
        names: list[str] = getattr(item, "fixturenames", [])
        info = getattr(item, "_fixtureinfo", None)
        defs = info.name2fixturedefs.get("sandbox", ()) if info is not None else ()
        if (
            defs
            and defs[-1].func.__module__ == __name__
            and SANDBOX_MARKER not in names
            and item.get_closest_marker(SERVED_MARKER) is None
        ):
            names.append(SANDBOX_MARKER)


class InProcess:
    """The in-process `sandbox`: its `url` (Sinch's own, which the plugin routes to it), the
    backend as `sandbox` (as `PortServer` has it), and every helper of `InProcessServer`."""

    def __init__(self, owner: InProcessServer) -> None:
        from sinch_qualified_numbers_sandbox.in_process import BASE_URL

        self.owner = owner
        self.url = BASE_URL
        self.sandbox = owner.sandbox

    def __getattr__(self, name: str) -> Any:
        return getattr(self.owner, name)


@pytest.fixture(scope="session")
def _served_sandboxes() -> Iterator[dict[tuple[str, str], PortServer]]:
    served: dict[tuple[str, str], PortServer] = {}
    yield served
    for running in served.values():
        running.stop()


def _served(request: pytest.FixtureRequest, pool: dict[tuple[str, str], PortServer]) -> PortServer:
    from sinch_qualified_numbers.pytest_plugin import _settings
    from sinch_qualified_numbers_sandbox import SandboxConfig, serve_in_thread
    from sinch_qualified_numbers_sandbox.in_process import FAST_SETTINGS

    settings, routing = _settings(request)
    if routing:
        raise pytest.UsageError(f"a served sandbox routes nothing: {sorted(routing)}")
    merged = {**FAST_SETTINGS, **settings}
    # One server per module (and settings): a server shared across modules carried one
    # module's work into the next (a delivery round stalled on a receiver a test had shut,
    # holding the project's callbacks for DELIVERY_DEADLINE), failing tests by their order.
    module = request.node.nodeid.split("::")[0]
    for other in [k for k in pool if k[0] != module]:
        pool.pop(other).stop()
    key = (module, repr(sorted(merged.items())))
    if key not in pool:
        pool[key] = serve_in_thread(SandboxConfig(**merged))
    return pool[key]


@pytest.fixture
def sandbox(
    request: pytest.FixtureRequest, _served_sandboxes: dict[str, PortServer]
) -> Iterator[InProcess | PortServer]:
    """The test's sandbox, reset (state, faults, tokens, clock): in-process, or `served`."""
    if request.node.get_closest_marker(SERVED_MARKER) is None:
        yield InProcess(request.getfixturevalue(SANDBOX_MARKER))
        return
    running = _served(request, _served_sandboxes)
    running.sandbox.reset()
    yield running
    # Reset after the test too: the server outlives it, and its ticker must not deliver the
    # test's pending callbacks while a later test of this worker routes httpx in-process.
    running.sandbox.reset()


def client_kwargs(sandbox: InProcess | PortServer, **extra: Any) -> dict[str, Any]:
    """The settings of a client of `sandbox` (its first credential): the one way tests build
    them (`env_for` gives the same as `SINCH_*` variables)."""
    from sinch_qualified_numbers_sandbox import (
        DEFAULT_KEY_ID,
        DEFAULT_KEY_SECRET,
        DEFAULT_PROJECT_ID,
    )

    return {
        "project_id": DEFAULT_PROJECT_ID,
        "key_id": DEFAULT_KEY_ID,
        "key_secret": DEFAULT_KEY_SECRET,
        "base_url": sandbox.url,
        "token_url": f"{sandbox.url}/oauth2/token",
        **extra,
    }


#: The environment variable of each client setting `client_kwargs` gives.
ENV_NAMES = {
    "project_id": "SINCH_PROJECT_ID",
    "key_id": "SINCH_KEY_ID",
    "key_secret": "SINCH_KEY_SECRET",
    "base_url": "SINCH_QN_BASE_URL",
    "token_url": "SINCH_AUTH_URL",
}


def env_for(sandbox: InProcess | PortServer) -> dict[str, str]:
    """`client_kwargs(sandbox)` as the `SINCH_*` variables a CLI or `QualifiedNumbersClient()`
    reads."""
    return {ENV_NAMES[name]: value for name, value in client_kwargs(sandbox).items()}


@pytest.fixture
def client(sandbox: InProcess | PortServer) -> Iterator[QualifiedNumbersClient]:
    from sinch_qualified_numbers import QualifiedNumbersClient

    with QualifiedNumbersClient(**client_kwargs(sandbox)) as c:
        yield c


@pytest.fixture
async def aclient(
    sandbox: InProcess | PortServer,
) -> AsyncIterator[AsyncQualifiedNumbersClient]:
    from sinch_qualified_numbers import AsyncQualifiedNumbersClient

    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox)) as c:
        yield c
