"""The pytest plugin (`sinch_sandbox`, `sinch_sandbox_server`, the marker) and the in-process
sandbox under it: the application's clients intercepted, nothing reaching the network, a full
reset between tests, `SandboxAdmin`'s credential rules and the retry backoff setting."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx
import pytest

from sinch_qualified_numbers import (
    APITimeoutError,
    AsyncQualifiedNumbersClient,
    ConfigurationError,
    InternalServerError,
    NotFoundError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers.callbacks import CallbackVerifier, verify_signature
from sinch_qualified_numbers.pytest_plugin import SandboxServer
from sinch_qualified_numbers_sandbox import (
    CALLBACK_URL,
    DEFAULT_CALLBACK_SECRET,
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    InProcessServer,
    NetworkBlockedError,
    SandboxAdmin,
    SandboxAdminError,
    sinch_sandbox,
)

from ..conftest import API_VERSION

NUMBER = "+12025550134"


def test_a_client_built_from_the_environment_alone_is_served(
    sinch_sandbox: InProcessServer,
) -> None:
    assert os.environ["SINCH_KEY_ID"] == sinch_sandbox.key_id
    with QualifiedNumbersClient() as client:  # what application code does: no arguments
        assert client.config.base_url == "https://imported.numbers.api.sinch.com"
        added = client.qualified_numbers.add([NUMBER])
    assert [n.phone_number for n in added] == [NUMBER]
    assert sinch_sandbox.client().qualified_numbers.get(NUMBER).phone_number == NUMBER
    with SandboxAdmin() as admin:  # the README's way: URL and key from the environment
        assert admin.credentials_from == "$SINCH_KEY_ID and $SINCH_KEY_SECRET"
        assert admin.seed(["+12025550135"]) == 1


def test_an_async_client_is_served_too(sinch_sandbox: InProcessServer) -> None:
    async def run() -> str:
        async with AsyncQualifiedNumbersClient() as client:
            await client.qualified_numbers.add([NUMBER])
            found = await client.qualified_numbers.get(NUMBER)
            return found.phone_number

    assert asyncio.run(run()) == NUMBER
    with sinch_sandbox.client() as client:
        assert client.qualified_numbers.get(NUMBER).phone_number == NUMBER


def test_the_real_sinch_urls_given_explicitly_are_served(sinch_sandbox: InProcessServer) -> None:
    client = QualifiedNumbersClient(
        project_id=sinch_sandbox.project_id,
        key_id=sinch_sandbox.key_id,
        key_secret=sinch_sandbox.key_secret,
        base_url="https://imported.numbers.api.sinch.com",
        token_url="https://auth.sinch.com/oauth2/token",
    )
    with client:
        assert client.qualified_numbers.add([NUMBER])[0].phone_number == NUMBER


def test_a_request_to_any_other_host_raises(sinch_sandbox: InProcessServer) -> None:
    with pytest.raises(NetworkBlockedError, match=r"example\.com"):
        httpx.get("https://example.com/anything")
    client = QualifiedNumbersClient(
        base_url="https://staging.example.org", token_url="https://staging.example.org/token"
    )
    with pytest.raises(NetworkBlockedError, match=r"staging\.example\.org"):
        client.qualified_numbers.get(NUMBER)

    async def run() -> None:
        async with httpx.AsyncClient() as plain:
            await plain.get("http://127.0.0.1:9/")

    with pytest.raises(NetworkBlockedError, match=r"127\.0\.0\.1"):
        asyncio.run(run())
    # The fixture would fail the test at teardown for these: they were expected here.
    assert len(sinch_sandbox.blocked) == 3
    sinch_sandbox.blocked.clear()


def test_a_swallowed_blocked_request_still_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_swallows(sinch_sandbox):
            try:
                httpx.get("https://example.com/")
            except Exception:
                pass
        """
    )
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(failed=1)  # the test fails (not its teardown), saying how to clear
    result.stdout.fnmatch_lines(["*NetworkBlockedError*example.com*sinch_sandbox.blocked.clear()*"])


def test_the_context_manager_and_decorator_block_and_restore() -> None:
    before = os.environ.get("SINCH_KEY_ID")
    with sinch_sandbox() as sandbox:
        assert os.environ["SINCH_KEY_ID"] == sandbox.key_id
        QualifiedNumbersClient().qualified_numbers.add([NUMBER])
        assert sandbox.client().qualified_numbers.get(NUMBER).phone_number == NUMBER
    assert os.environ.get("SINCH_KEY_ID") == before

    @sinch_sandbox()
    def decorated() -> None:
        httpx.get("https://example.com/")

    with pytest.raises(NetworkBlockedError):
        decorated()

    @sinch_sandbox()
    async def decorated_async() -> str:
        async with AsyncQualifiedNumbersClient() as client:
            return (await client.qualified_numbers.add([NUMBER]))[0].phone_number

    assert asyncio.run(decorated_async()) == NUMBER


def test_reset_restores_faults_clock_and_state(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from sinch_qualified_numbers import NotFoundError
        import pytest

        N = "+12025550134"

        def test_1_dirty(sinch_sandbox):
            from sinch_qualified_numbers import BlanketLoa
            from sinch_qualified_numbers_sandbox import CALLBACK_URL

            sinch_sandbox.seed([N, "+12025550135"], state="VERIFIED")
            client = sinch_sandbox.client()
            client.qualified_numbers.text_enable(
                ["+12025550135"], service_plan_id="p", loa=BlanketLoa(), callback_url=CALLBACK_URL
            )
            assert client.imported_numbers.get("+12025550135")
            assert sinch_sandbox.callbacks()
            client.callback_configuration.update(hmac_secret="s" * 32)
            sinch_sandbox.advance(3600)
            sinch_sandbox.faults(rate_503=1.0, operations=["getQualifiedNumber"])

        def test_2_clean(sinch_sandbox):
            assert sinch_sandbox.advance(0) == 0.0
            assert sinch_sandbox.admin.faults()["rate_503"] == 0.0
            client = sinch_sandbox.client()
            with pytest.raises(NotFoundError):
                client.qualified_numbers.get(N)
            assert client.callback_configuration.get().hmac_secret != "s" * 32
            with pytest.raises(NotFoundError):
                client.imported_numbers.get("+12025550135")
            assert sinch_sandbox.hosting_orders() == []
            assert sinch_sandbox.callbacks() == []
        """
    )
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=2)


def test_reset_in_process() -> None:
    with InProcessServer() as sandbox:
        sandbox.seed([NUMBER])
        sandbox.advance(100)
        sandbox.faults(rate_500=1.0)
        sandbox.reset()
        assert sandbox.advance(0) == 0.0
        assert sandbox.admin.faults()["rate_500"] == 0.0
        with pytest.raises(NotFoundError):
            sandbox.client().qualified_numbers.get(NUMBER)


def test_the_marker_sets_the_sandbox_settings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        N = "+12025550134"

        @pytest.mark.sinch_sandbox(eligibility_delay=30)
        def test_slow_eligibility(sinch_sandbox):
            client = sinch_sandbox.client()
            client.qualified_numbers.add([N])
            assert client.qualified_numbers.get(N).state == "ELIGIBLE_CHECK_PENDING"
            sinch_sandbox.advance(31)
            assert client.qualified_numbers.get(N).state == "ELIGIBLE"

        def test_fast_by_default(sinch_sandbox):
            client = sinch_sandbox.client()
            client.qualified_numbers.add([N])
            assert client.qualified_numbers.get(N).state == "ELIGIBLE"

        @pytest.mark.sinch_sandbox(no_such_setting=1)
        def test_unknown(sinch_sandbox):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-q", "--strict-markers")  # the marker is registered
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*unknown setting(s) no_such_setting*"])


def test_faults_are_retried_without_waiting(sinch_sandbox: InProcessServer) -> None:
    client = sinch_sandbox.client()
    assert client.config.retry_backoff == QualifiedNumbersClient().config.retry_backoff < 0.01
    sinch_sandbox.seed([NUMBER])
    sinch_sandbox.faults(rate_503=1.0, operations=["getQualifiedNumber"])
    with pytest.raises(InternalServerError) as caught:
        client.qualified_numbers.get(NUMBER)
    assert caught.value.status_code == 503
    assert sinch_sandbox.admin.faults()["injected"] == {"503": 3}  # the call and two retries
    sinch_sandbox.clear_faults()
    assert client.qualified_numbers.get(NUMBER).state == "VERIFIED"


def test_a_dropped_connection_is_a_connection_error_in_process(
    sinch_sandbox: InProcessServer,
) -> None:
    from sinch_qualified_numbers import APIConnectionError

    sinch_sandbox.seed([NUMBER])
    sinch_sandbox.faults(drop_before=1.0, operations=["getQualifiedNumber"])
    with pytest.raises(APIConnectionError):
        sinch_sandbox.client().qualified_numbers.get(NUMBER)


def test_callbacks_are_recorded_with_signatures_that_verify(
    sinch_sandbox: InProcessServer,
) -> None:
    from ..wrapper.conftest import LOA  # the wrapper tests' complete direct LOA

    sinch_sandbox.seed([NUMBER])
    client = sinch_sandbox.client()
    result = client.qualified_numbers.text_enable(
        [NUMBER], service_plan_id="plan", loa=LOA, callback_url=CALLBACK_URL
    )
    assert list(result.enabled) == [NUMBER]
    sinch_sandbox.advance(60)
    deliveries = sinch_sandbox.callbacks()
    assert [d.json()["eventType"] for d in deliveries] == [
        "PROVISIONING_TO_SMS_PLATFORM",
        "HOSTING_PROCESS",
    ]
    verifier = CallbackVerifier(DEFAULT_CALLBACK_SECRET)
    for delivery in deliveries:
        assert delivery.url == CALLBACK_URL
        assert verify_signature(delivery.body, delivery.signature, DEFAULT_CALLBACK_SECRET)
        verifier.verify(delivery.body, delivery.headers)
    assert not verify_signature(deliveries[0].body + b" ", deliveries[0].signature, "x" * 32)


def test_the_server_fixture_serves_the_same_sandbox(
    sinch_sandbox: InProcessServer, sinch_sandbox_server: SandboxServer
) -> None:
    assert sinch_sandbox_server.url.startswith("http://127.0.0.1:")
    sinch_sandbox.seed([NUMBER])
    code = textwrap.dedent(
        f"""
        from sinch_qualified_numbers import QualifiedNumbersClient
        with QualifiedNumbersClient() as client:
            print(client.qualified_numbers.get({NUMBER!r}).state)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **sinch_sandbox_server.env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "VERIFIED", done.stderr
    # From this process too: the served port is reachable while the rest is blocked.
    with QualifiedNumbersClient(base_url=sinch_sandbox_server.url) as client:
        assert client.qualified_numbers.get(NUMBER).state == "VERIFIED"


def test_sandbox_admin_keeps_explicit_credentials(
    sinch_sandbox: InProcessServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCH_KEY_ID", "real-key-id")
    monkeypatch.setenv("SINCH_KEY_SECRET", "real-key-secret-never-shown")
    monkeypatch.setenv("SINCH_PROJECT_ID", "real-project")
    url = "https://imported.numbers.api.sinch.com"
    explicit = SandboxAdmin(url, key_id=DEFAULT_KEY_ID, key_secret=DEFAULT_KEY_SECRET)
    assert explicit.key_id == DEFAULT_KEY_ID and explicit.project_id == sinch_sandbox.project_id
    assert explicit.seed([NUMBER]) == 1
    half = SandboxAdmin(url, key_secret="wrong-secret-never-shown")  # the key ID is not env's
    with pytest.raises(SandboxAdminError) as caught:
        half.voice_calls()
    assert caught.value.status == 401
    assert repr(DEFAULT_KEY_ID) in caught.value.message
    assert "the arguments" in caught.value.message
    assert "never-shown" not in caught.value.message
    from_env = SandboxAdmin(url)
    with pytest.raises(SandboxAdminError) as caught:
        from_env.voice_calls()
    assert "'real-key-id'" in caught.value.message and "$SINCH_KEY_ID" in caught.value.message
    assert "never-shown" not in caught.value.message


def test_retry_backoff_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    kwargs = {"project_id": "p", "key_id": "k", "key_secret": "s"}
    assert QualifiedNumbersClient(**kwargs).config.retry_backoff == 0.5
    assert QualifiedNumbersClient(**kwargs, retry_backoff=0).config.retry_backoff == 0
    monkeypatch.setenv("SINCH_QN_RETRY_BACKOFF", "0.25")
    client = QualifiedNumbersClient(**kwargs)
    assert client.config.retry_backoff == 0.25
    assert client.with_options(max_retries=1).config.retry_backoff == 0.25
    assert client.with_options(retry_backoff=2).config.retry_backoff == 2
    monkeypatch.setenv("SINCH_QN_RETRY_BACKOFF", "soon")
    with pytest.raises(ConfigurationError, match="SINCH_QN_RETRY_BACKOFF"):
        QualifiedNumbersClient(**kwargs)
    with pytest.raises(ConfigurationError, match="retry_backoff"):
        QualifiedNumbersClient(**kwargs, retry_backoff=-1)


def test_the_plugin_imports_cheaply() -> None:
    probe = (
        "import sys, json, sinch_qualified_numbers.pytest_plugin\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert "pytest" in loaded
    assert not loaded & {"httpx", "sinch_qualified_numbers_sandbox", "starlette"}


def test_without_the_sandbox_extra_pytest_runs_and_the_fixture_names_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(
        """
        import sys
        sys.modules["starlette"] = None   # as if the [sandbox] extra were not installed
        """
    )
    pytester.makepyfile(
        """
        def test_plain():
            assert True

        def test_needs_it(sinch_sandbox):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*pip install 'sinch-qualified-numbers?sandbox?'*"])


@pytest.mark.parametrize(
    ("page", "heading"),
    [("README.md", "## Testing your application"), ("docs/testing.md", "## A first test")],
)
def test_the_documented_first_test_passes_under_pytest(
    pytester: pytest.Pytester, page: str, heading: str
) -> None:
    import re

    from ..conftest import ROOT

    text = (ROOT / page).read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)[:1]
    pytester.makepyfile(test_first=code)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=1)


def test_clients_share_one_tls_context_per_ca_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Loading the CA bundle was most of a client's construction (tens of ms per client).
    import ssl

    import certifi

    def context_of(client: QualifiedNumbersClient | AsyncQualifiedNumbersClient) -> object:
        return client._inner._pool._ssl_context  # type: ignore[attr-defined]

    kwargs = {"project_id": "p", "key_id": "k", "key_secret": "s"}
    first, second = QualifiedNumbersClient(**kwargs), AsyncQualifiedNumbersClient(**kwargs)
    assert isinstance(context_of(first), ssl.SSLContext)
    assert context_of(first) is context_of(second)
    assert context_of(first).verify_mode == ssl.CERT_REQUIRED  # type: ignore[attr-defined]
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    assert context_of(QualifiedNumbersClient(**kwargs)) is not context_of(first)


def test_blocking_calls_inside_async_code_and_from_worker_threads(
    sinch_sandbox: InProcessServer,
) -> None:
    import threading

    async def run() -> str:  # a blocking helper called while this thread's loop runs
        async with AsyncQualifiedNumbersClient() as client:
            await client.qualified_numbers.add([NUMBER])
            await client.qualified_numbers.send_voice_challenge(NUMBER)
            code = sinch_sandbox.voice_code(NUMBER)
            return (await client.qualified_numbers.verify_voice_challenge(NUMBER, code)).state

    assert asyncio.run(run()) == "VERIFIED"
    states: list[str | None] = []

    def worker() -> None:
        with QualifiedNumbersClient() as client:
            states.append(client.qualified_numbers.get(NUMBER).state)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert states == ["VERIFIED"] * 4
    # Bulk calls run their chunks in threads of their own: 1,200 numbers are 3 calls of 500.
    many = [f"+1303555{i:04d}" for i in range(1200)]
    with QualifiedNumbersClient(max_concurrency=3) as client:
        assert len(client.qualified_numbers.add(many)) == 1200


def test_any_other_host_is_blocked_whatever_its_name() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from hypothesis.provisional import domains

    served = {"imported.numbers.api.sinch.com", "auth.sinch.com"}

    with sinch_sandbox() as sandbox:

        @settings(max_examples=150, deadline=None)
        @given(
            host=st.one_of(domains(), st.ip_addresses(v=4).map(str)),
            scheme=st.sampled_from(["http", "https"]),
            port=st.integers(1, 65535),
        )
        def check(host: str, scheme: str, port: int) -> None:
            if host.lower() in served:
                return
            with pytest.raises(NetworkBlockedError):
                httpx.get(f"{scheme}://{host}:{port}/{API_VERSION}/projects/p/qualifiedNumbers")

        check()
        assert sandbox.blocked
        sandbox.blocked.clear()


def test_the_applications_own_callback_url_is_recorded_never_sent(
    sinch_sandbox: InProcessServer,
) -> None:
    """Production code passes its production callback URL: in-process it is recorded like
    any other (and nothing reaches that host)."""
    from sinch_qualified_numbers import BlanketLoa

    url = "https://callbacks.myapp.example.com/sinch"
    sinch_sandbox.seed([NUMBER])
    client = sinch_sandbox.client()
    client.qualified_numbers.text_enable(
        [NUMBER], service_plan_id="plan", loa=BlanketLoa(), callback_url=url
    )
    sinch_sandbox.advance(60)
    deliveries = sinch_sandbox.callbacks()
    assert {d.url for d in deliveries} == {url} and len(deliveries) == 2
    for delivery in deliveries:
        assert verify_signature(delivery.body, delivery.signature, DEFAULT_CALLBACK_SECRET)
    assert sinch_sandbox.blocked == []  # recorded, not attempted over the network


def test_a_client_with_other_credentials_is_told_it_met_the_sandbox(
    sinch_sandbox: InProcessServer,
) -> None:
    """A client made before the sandbox was active (at import time) keeps the shell's
    credentials: its 401 says where it is, rather than reading as Sinch's."""
    from sinch_qualified_numbers import AuthenticationError, QualifiedNumbersClient

    for settings in ({}, {"key_id": "real-key", "key_secret": "real-secret"}):
        with QualifiedNumbersClient(
            project_id=sinch_sandbox.project_id,
            key_id=str(settings.get("key_id", sinch_sandbox.key_id)),
            key_secret=str(settings.get("key_secret", "not-the-sandbox-secret")),
        ) as client:
            with pytest.raises(AuthenticationError, match="in-process sandbox") as caught:
                client.qualified_numbers.get(NUMBER)
        assert "not-the-sandbox-secret" not in str(caught.value)
        assert "real-secret" not in str(caught.value)


def test_callbacks_delivered_from_many_threads_at_once_go_once_each() -> None:
    """Each thread runs the in-process sandbox on its own event loop: the delivery rounds of
    one project still take turns, every event is delivered exactly once, none hangs, and the
    sandbox is as good as new after a reset."""
    with InProcessServer() as sandbox:
        project = sandbox.project_id

        def queue(count: int, start: int = 0) -> None:
            for n in range(start, start + count):
                sandbox.sandbox.outbox.enqueue(
                    CALLBACK_URL, {"eventId": f"e{n}", "projectId": project, "eventType": "X"}
                )

        queue(300)
        barrier = threading.Barrier(16)
        counts: list[int] = []
        errors: list[BaseException] = []

        def deliver() -> None:
            barrier.wait()
            try:
                counts.append(sandbox.deliver_callbacks())
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=deliver, daemon=True) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        assert not any(thread.is_alive() for thread in threads), "a delivery hung"
        assert errors == []
        assert sum(counts) == 300
        sent = [d.json()["eventId"] for d in sandbox.callbacks()]
        assert sorted(sent) == sorted(f"e{n}" for n in range(300))
        sandbox.reset()
        queue(2, start=1000)
        again: list[int] = []
        later = threading.Thread(target=lambda: again.append(sandbox.deliver_callbacks()))
        later.start()
        later.join(timeout=30)
        assert again == [2]
        assert sandbox.deliver_callbacks() == 0


def test_attempt_timeout_fires_in_process_as_served(sinch_sandbox: InProcessServer) -> None:
    """A 4 s latency fault against `attempt_timeout=0.5`: the attempt ends at its deadline,
    blocking and asyncio, as it does over a socket (it used to wait the 4 s out)."""
    sinch_sandbox.seed([NUMBER])
    sinch_sandbox.faults(latency_ms=4000, operations=["getQualifiedNumber"])
    client = sinch_sandbox.client(attempt_timeout=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        client.qualified_numbers.get(NUMBER)
    assert time.monotonic() - started < 3.0
    client.close()

    async def call() -> float:
        async with sinch_sandbox.async_client(attempt_timeout=0.5, max_retries=0) as aclient:
            began = time.monotonic()
            with pytest.raises(APITimeoutError):
                await aclient.qualified_numbers.get(NUMBER)
            return time.monotonic() - began

    assert asyncio.run(call()) < 3.0
    # Any httpx client's own read timeout too, as a socket would end it.
    with httpx.Client(transport=sinch_sandbox.transport(), timeout=0.5) as http:
        with pytest.raises(httpx.ReadTimeout):
            http.get(
                f"https://x/{API_VERSION}/projects/{sinch_sandbox.project_id}/qualifiedNumbers/%2B1",
                auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
            )
    sinch_sandbox.clear_faults()
    assert sinch_sandbox.client().qualified_numbers.get(NUMBER).phone_number == NUMBER
