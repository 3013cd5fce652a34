"""Misconfigurations of the plugin are said at once, never silent: a marker on a test without
the fixture, a `hosts=` entry with a port, and a failing test that also swallowed a blocked
request (reported once, as the test's failure)."""

from __future__ import annotations

import textwrap

import httpx
import pytest

from sinch_qualified_numbers import QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import NetworkBlockedError, sinch_sandbox


def _run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makepyfile(textwrap.dedent(source))
    return pytester.runpytest_subprocess("-q", "-p", "no:randomly", "-p", "no:cacheprovider")


def test_a_marker_on_a_test_without_the_fixture_is_an_error(pytester: pytest.Pytester) -> None:
    result = _run(
        pytester,
        """
        import pytest

        @pytest.mark.sinch_sandbox(eligibility_delay=5)
        def test_forgot_the_fixture():
            pass

        @pytest.mark.usefixtures("sinch_sandbox")
        @pytest.mark.sinch_sandbox(eligibility_delay=5)
        def test_through_usefixtures():
            pass

        pytestmark_holder = None

        class TestAClassMarker:
            pytestmark = pytest.mark.sinch_sandbox(eligibility_delay=5)

            def test_with_it(self, sinch_sandbox):
                assert sinch_sandbox.config.eligibility_delay == 5

            def test_without_it(self):  # a class's marker configures those that use it
                pass
        """,
    )
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_forgot_the_fixture*",
            "*@pytest.mark.sinch_sandbox on test_forgot_the_fixture, which does not use the "
            "sinch_sandbox fixture*",
        ]
    )


def test_a_host_with_a_port_is_served_on_that_port_only() -> None:
    with sinch_sandbox(hosts=["localhost:8000", "https://gateway.internal:9443/qn"]) as sandbox:
        client = QualifiedNumbersClient(base_url="http://localhost:8000")
        client.qualified_numbers.add(["+12025550134"])
        assert sandbox.client().qualified_numbers.get("+12025550134").phone_number
        gateway = QualifiedNumbersClient(base_url="https://gateway.internal:9443")
        assert gateway.qualified_numbers.get("+12025550134").phone_number == "+12025550134"
        for other in ("http://localhost:8001/", "https://gateway.internal/"):
            with pytest.raises(NetworkBlockedError, match=r"gateway\.internal:9443, "):
                httpx.get(other)
        assert len(sandbox.blocked) == 2
        sandbox.blocked.clear()


@pytest.mark.parametrize("bad", ["", "http://", "localhost:port", "a b"])
def test_a_host_that_names_nothing_is_refused_at_once(bad: str) -> None:
    with pytest.raises(ValueError, match=f"hosts: {bad!r}"):
        sinch_sandbox(hosts=[bad])


def test_a_failing_test_that_swallowed_a_blocked_request_is_reported_once(
    pytester: pytest.Pytester,
) -> None:
    result = _run(
        pytester,
        """
        import httpx

        def test_swallows_then_fails(sinch_sandbox):
            try:
                httpx.get("https://example.com/")
            except Exception:
                pass
            assert 1 == 2

        def test_swallows_then_calls_fail(sinch_sandbox):
            import pytest
            try:
                httpx.get("https://example.com/")
            except Exception:
                pass
            pytest.fail("the test's own reason")
        """,
    )
    result.assert_outcomes(failed=2, errors=0)
    # The test's own failure, with the blocked request told alongside.
    result.stdout.fnmatch_lines(["*assert 1 == 2*", "*1 request(s) were blocked*example.com*"])
