"""The pytest plugin: test your own code against the sandbox with one fixture.

    def test_onboarding(sinch_sandbox):
        my_app.onboard("+12025550134")              # builds QualifiedNumbersClient() itself
        assert sinch_sandbox.voice_code("+12025550134")

Registered through the `pytest11` entry point, so installing the package is the whole setup.
It lives in the client package, not the sandbox's, so that it imports cheaply (pytest only) and
loads even without the `[sandbox]` extra; the fixtures then fail with the install line.

- `sinch_sandbox`: one in-process sandbox per session (per worker under pytest-xdist, each
  worker being its own process) for each distinct set of settings, fully reset before each
  test; while the test runs, every client created with no transport (sync or async, by any
  code) is served by it, no other httpx request reaches the network (`NetworkBlockedError`;
  urllib, requests and raw sockets are not patched), and the `SINCH_*` variables of
  `sinch_sandbox.env` are set (with a near-zero retry backoff);
- `@pytest.mark.sinch_sandbox(eligibility_delay=5, ...)`: `SandboxConfig` settings for one
  test (or a class, a module); defaults are fast (`FAST_SETTINGS`: no delays); `hosts=[...]`
  and `allow=["127.0.0.1:8080"]` route as `sinch_sandbox()` does (more hosts served by the
  sandbox; addresses that may still be reached);
- `sinch_sandbox_server`: the same sandbox served on a 127.0.0.1 port (`url`, `env`) for code
  that is not Python or runs in a subprocess.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sinch_qualified_numbers_sandbox import InProcessServer

MARKER = "sinch_sandbox"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**settings): SandboxConfig settings of the sinch_sandbox fixture for this "
        "test (e.g. eligibility_delay=5; the defaults have no delays), and hosts=[...], "
        "allow=['host:port'] as sinch_sandbox() takes them",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A marker on a test that does not use the fixture would configure nothing, and the
    test's requests would go where its code sends them: an error at setup instead. A class's
    or module's marker configures those of its tests that use the fixture."""
    if MARKER not in getattr(item, "fixturenames", ()) and any(
        marker.name == MARKER for marker in getattr(item, "own_markers", ())
    ):
        pytest.fail(
            f"@pytest.mark.{MARKER} on {item.name}, which does not use the {MARKER} fixture: "
            "nothing would be routed to the sandbox. Add the fixture to the test's arguments "
            f'(or @pytest.mark.usefixtures("{MARKER}")), or remove the marker.',
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A request the test's code blocked (and swallowed) fails the test itself, not its
    teardown; a test that failed anyway is reported once, its failure telling the blocked
    requests too."""
    owner: Any = getattr(item, "funcargs", {}).get(MARKER)
    try:
        result = yield
    except (Exception, pytest.fail.Exception) as failure:  # a skip still reports them
        blocked = list(owner.blocked) if owner is not None else []
        if blocked:
            from sinch_qualified_numbers_sandbox.in_process import blocked_message

            owner.blocked.clear()
            failure.add_note(blocked_message(blocked))
        raise
    blocked = list(owner.blocked) if owner is not None else []
    if blocked:
        from sinch_qualified_numbers_sandbox.in_process import NetworkBlockedError, blocked_message

        owner.blocked.clear()
        raise NetworkBlockedError(blocked_message(blocked))
    return result


#: The marker's routing settings, as `sinch_sandbox()` takes them: `hosts` served by the
#: sandbox besides Sinch's, `allow`ed `host:port` addresses that may still be reached.
ROUTING = ("hosts", "allow")


def _settings(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The marker's settings, the closest marker winning (a test's over its module's): the
    `SandboxConfig` ones, and the routing ones."""
    from sinch_qualified_numbers_sandbox import SandboxConfig

    found: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        if marker.args:
            raise pytest.UsageError(
                f"@pytest.mark.{MARKER} takes settings by name, not {marker.args!r}"
            )
        found.update(marker.kwargs)
    routing: dict[str, list[str]] = {}
    for name in ROUTING:
        if name in found:
            value = found.pop(name)
            if isinstance(value, str | bytes) or not all(isinstance(v, str) for v in value):
                raise pytest.UsageError(
                    f"@pytest.mark.{MARKER}: {name} must be a list of strings, not {value!r}"
                )
            routing[name] = list(value)
    known = {f.name for f in fields(SandboxConfig)}
    unknown = sorted(set(found) - known)
    if unknown:
        raise pytest.UsageError(
            f"@pytest.mark.{MARKER}: unknown setting(s) {', '.join(unknown)}; "
            f"SandboxConfig has {', '.join(sorted(known))}, and the routing takes "
            f"{', '.join(ROUTING)}"
        )
    return found, routing


class _Pool:
    """The session's sandboxes, one per distinct settings."""

    def __init__(self) -> None:
        self.sandboxes: dict[str, InProcessServer] = {}

    def get(self, settings: dict[str, Any]) -> InProcessServer:
        from sinch_qualified_numbers_sandbox.in_process import FAST_SETTINGS, InProcessServer

        merged = {**FAST_SETTINGS, **settings}
        key = repr(sorted(merged.items()))
        found = self.sandboxes.get(key)
        if found is None:
            found = self.sandboxes[key] = InProcessServer(**merged)
        return found

    def close(self) -> None:
        for sandbox in self.sandboxes.values():
            sandbox.close()


def _require_extra() -> None:
    try:
        import sinch_qualified_numbers_sandbox  # noqa: F401
    except ModuleNotFoundError as missing:
        pytest.fail(f"the {MARKER} fixture needs the sandbox: {missing}", pytrace=False)


@pytest.fixture(scope="session")
def _sinch_sandbox_pool() -> Iterator[_Pool]:
    _require_extra()
    pool = _Pool()
    yield pool
    pool.close()


@pytest.fixture
def sinch_sandbox(
    request: pytest.FixtureRequest, _sinch_sandbox_pool: _Pool, monkeypatch: pytest.MonkeyPatch
) -> Iterator[InProcessServer]:
    """An in-process sandbox, reset, serving every client of the test (see the module)."""
    from sinch_qualified_numbers_sandbox.in_process import sinch_sandbox as route_to

    settings, routing = _settings(request)
    owner = _sinch_sandbox_pool.get(settings)
    owner.reset()
    # The variables are set through the test's own `monkeypatch`: one undo stack, so what the
    # test sets or deletes on top is undone first and the shell's values come back last,
    # whichever fixture the test asked for first (with a stack of our own, a `monkeypatch`
    # set up before this fixture put the sandbox's values back after ours had been restored).
    for name, value in owner.env.items():
        monkeypatch.setenv(name, value)
    with route_to(
        sandbox=owner, env=False, hosts=routing.get("hosts", ()), allow=routing.get("allow", ())
    ):
        yield owner


@dataclass(frozen=True)
class SandboxServer:
    """The test's sandbox served on loopback: `url`, and `env` (the `SINCH_*` variables a
    subprocess needs, base and token URL on that port)."""

    url: str
    env: dict[str, str] = field(repr=False)  # the sandbox's key secret
    sandbox: InProcessServer = field(repr=False)


@pytest.fixture
def sinch_sandbox_server(sinch_sandbox: InProcessServer) -> Iterator[SandboxServer]:
    """The same sandbox as `sinch_sandbox` (same state), served on a 127.0.0.1 port for the
    test; its callbacks (sent when the test calls `deliver_callbacks()` or `callbacks()`) also
    reach receivers on loopback meanwhile."""
    from sinch_qualified_numbers_sandbox.in_process import serve_on_port

    with serve_on_port(sinch_sandbox) as (url, env):
        yield SandboxServer(url, env, sinch_sandbox)
