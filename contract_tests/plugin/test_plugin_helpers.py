"""Every helper the plugin's sandbox offers works: `admin`'s project views (voice calls, hosting
orders, submissions) as well as its sandbox-wide ones, under the fixture and under
`sinch_sandbox()`; and the marker takes the routing settings `sinch_sandbox()` takes."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sinch_qualified_numbers_sandbox import InProcessServer, NetworkBlockedError, sinch_sandbox

from ..wrapper.conftest import LOA

NUMBER = "+12025550134"


def _exercise_admin(sandbox: InProcessServer) -> None:
    sandbox.seed([NUMBER], "ELIGIBLE")
    with sandbox.client() as client:
        client.qualified_numbers.send_voice_challenge(NUMBER)
    calls = sandbox.admin.voice_calls()
    assert [c.phone_number for c in calls] == [NUMBER]
    assert sandbox.admin.voice_codes() == {NUMBER: calls[0].code}
    assert sandbox.admin.voice_code(NUMBER) == calls[0].code
    assert sandbox.admin.hosting_orders() == []
    assert sandbox.admin.submissions() == {}
    assert sandbox.admin.seed(["+12025550135"], "VERIFIED") == 1
    # The sandbox-wide endpoints still go as the administrator.
    assert sandbox.admin.advance_clock(1) >= 1
    assert "injected" in sandbox.admin.faults()


def test_admin_helpers_work_under_the_fixture(sinch_sandbox: InProcessServer) -> None:
    _exercise_admin(sinch_sandbox)


def test_admin_helpers_work_under_the_context_manager() -> None:
    with sinch_sandbox() as sandbox:
        _exercise_admin(sandbox)


def test_admin_sees_hosting_orders_and_submissions(sinch_sandbox: InProcessServer) -> None:
    sinch_sandbox.seed([NUMBER], "VERIFIED")
    with sinch_sandbox.client() as client:
        result = client.qualified_numbers.text_enable([NUMBER], service_plan_id="plan", loa=LOA)
    assert list(result.enabled) == [NUMBER]
    orders = sinch_sandbox.admin.hosting_orders()
    assert len(orders) == 1 and orders[0]["hostingOrderId"]
    assert sinch_sandbox.admin.submissions() == {NUMBER: 1}


def test_the_marker_takes_hosts_and_allow(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        import httpx
        import pytest

        from sinch_qualified_numbers import QualifiedNumbersClient

        N = "+12025550134"


        class Hello(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", "5")
                self.end_headers()
                self.wfile.write(b"hello")

            def log_message(self, *args):
                pass


        SERVER = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
        threading.Thread(target=SERVER.serve_forever, daemon=True).start()
        PORT = SERVER.server_address[1]


        @pytest.mark.sinch_sandbox(hosts=["qn.internal.example"], allow=[f"127.0.0.1:{PORT}"])
        def test_routing(sinch_sandbox):
            client = QualifiedNumbersClient(
                base_url="https://qn.internal.example",
                token_url="https://qn.internal.example/oauth2/token",
            )
            client.qualified_numbers.add([N])
            assert sinch_sandbox.client().qualified_numbers.get(N).phone_number == N
            assert httpx.get(f"http://127.0.0.1:{PORT}/").text == "hello"


        @pytest.mark.sinch_sandbox(eligibility_delay=30, hosts=["qn.internal.example"])
        def test_with_settings(sinch_sandbox):
            client = sinch_sandbox.client(base_url="https://qn.internal.example")
            client.qualified_numbers.add([N])
            assert client.qualified_numbers.get(N).state == "ELIGIBLE_CHECK_PENDING"


        def test_not_routed_without_the_marker(sinch_sandbox):
            with pytest.raises(AssertionError, match="blocked"):
                httpx.get(f"http://127.0.0.1:{PORT}/")
            sinch_sandbox.blocked.clear()


        @pytest.mark.sinch_sandbox(hosts="qn.internal.example")
        def test_a_bare_string(sinch_sandbox):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-q", "--strict-markers")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*hosts must be a list of strings*"])


@pytest.fixture
def local_service() -> Iterator[int]:
    """A local HTTP service answering `hello`, on a free port of 127.0.0.1."""

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(b"hello")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("entry", ["127.0.0.1", "http://127.0.0.1", "127.0.0.1:{port}"])
def test_allow_without_a_port_lets_every_port_of_the_host_through(
    local_service: int, entry: str
) -> None:
    """As with pytest-socket's `--allow-hosts` and a respx route by host: a host alone (or a
    URL without a port) allows each of its ports; `host:port` that port only."""
    with sinch_sandbox(allow=[entry.format(port=local_service)]) as sandbox:
        assert httpx.get(f"http://127.0.0.1:{local_service}/").text == "hello"
        with pytest.raises(NetworkBlockedError):
            httpx.get(f"http://127.0.0.2:{local_service}/")  # another host stays blocked
        sandbox.blocked.clear()


def test_allow_with_a_port_lets_only_that_port_through(local_service: int) -> None:
    with sinch_sandbox(allow=[f"127.0.0.1:{local_service + 1}"]) as sandbox:
        with pytest.raises(NetworkBlockedError):
            httpx.get(f"http://127.0.0.1:{local_service}/")
        assert len(sandbox.blocked) == 1
        sandbox.blocked.clear()


@pytest.mark.parametrize("entry", ["", "http://", "127.0.0.1:port", "user@"])
def test_an_allow_entry_that_names_no_host_is_refused_naming_it(entry: str) -> None:
    with pytest.raises(ValueError, match=f"allow: {re.escape(repr(entry))}"):
        sinch_sandbox(allow=[entry])


def test_the_in_process_sandbox_serves_the_urls_a_client_calls_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sandbox reads Sinch's URLs from the spec, the client has them as its defaults: a
    client built with no settings must be served, so the two must be the same."""
    from sinch_qualified_numbers import QualifiedNumbersClient
    from sinch_qualified_numbers_sandbox.in_process import BASE_URL, TOKEN_URL

    monkeypatch.delenv("SINCH_QN_BASE_URL", raising=False)
    monkeypatch.delenv("SINCH_AUTH_URL", raising=False)
    with QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s") as client:
        assert (client.config.base_url, client.config.token_url) == (BASE_URL, TOKEN_URL)
