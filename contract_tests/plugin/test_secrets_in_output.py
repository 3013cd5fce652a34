"""pytest's own output never shows a secret: failing tests run under `--showlocals` (every
frame's locals printed) with the user's real key secret in the environment, and the output
is searched for it, in plain text and in the forms a message may carry it."""

from __future__ import annotations

import base64
import textwrap

import pytest

#: Stands in for the user's real key secret in the shell's environment.
REAL_SECRET = "real-Shell-Secret-9f3a"
#: The first part of every token the fake token endpoint hands out (never in the test's code).
TOKEN_PREFIX = "tok-Fresh-7c1e"


def _leaks(text: str, secret: str) -> list[str]:
    forms = {secret, base64.b64encode(secret.encode()).decode()}
    return [form for form in forms if form in text]


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_KEY_SECRET", REAL_SECRET)
    monkeypatch.setenv("SINCH_KEY_ID", "real-key-id")
    monkeypatch.delenv("SINCH_PROJECT_ID", raising=False)
    monkeypatch.setenv("FAKE_TOKEN_PREFIX", TOKEN_PREFIX)


def _run(pytester: pytest.Pytester, source: str, failed: int) -> str:
    pytester.makepyfile(textwrap.dedent(source))
    result = pytester.runpytest_subprocess("--showlocals", "-p", "no:cacheprovider", "-rN")
    result.assert_outcomes(failed=failed)
    return result.stdout.str() + result.stderr.str()


def test_the_saved_environment_of_a_stopped_sandbox_is_not_shown(
    pytester: pytest.Pytester, shell: None
) -> None:
    output = _run(
        pytester,
        """
        import httpx
        from sinch_qualified_numbers_sandbox import sinch_sandbox

        def test_swallows_a_blocked_request():
            with sinch_sandbox():
                try:
                    httpx.get("https://example.com/")
                except Exception:
                    pass
        """,
        failed=1,
    )
    assert "stop" in output and "saved" in output  # the frame that held it was shown
    assert _leaks(output, REAL_SECRET) == []


def test_tokens_after_a_refresh_are_not_shown(pytester: pytest.Pytester, shell: None) -> None:
    output = _run(
        pytester,
        """
        import itertools, os
        import httpx
        from sinch_qualified_numbers import QualifiedNumbersClient

        def test_refused_after_refresh():
            issued = itertools.count(1)

            def answer(request):
                if request.url.path == "/oauth2/token":
                    value = os.environ["FAKE_TOKEN_PREFIX"] + str(next(issued))
                    return httpx.Response(200, json={"access_token": value, "expires_in": 3600})
                return httpx.Response(401, json={"error": {"code": 401, "message": "no"}})

            client = QualifiedNumbersClient(
                project_id="p",
                base_url="http://127.0.0.1:9",
                http_transport=httpx.MockTransport(answer),
            )
            client.qualified_numbers.get("+12025550134")
        """,
        failed=1,
    )
    assert "AuthenticationError" in output and "fresh" in output
    assert _leaks(output, TOKEN_PREFIX) == [] and _leaks(output, REAL_SECRET) == []


def test_settings_read_from_the_environment_are_not_shown(
    pytester: pytest.Pytester, shell: None
) -> None:
    output = _run(
        pytester,
        """
        from sinch_qualified_numbers import QualifiedNumbersClient

        def test_without_a_project():
            QualifiedNumbersClient()

        def test_with_an_explicit_bad_setting():
            QualifiedNumbersClient(project_id="p", max_retries=-1)
        """,
        failed=2,
    )
    assert output.count("ConfigurationError") >= 2 and "values" in output
    assert _leaks(output, REAL_SECRET) == []


def test_a_key_secret_passed_explicitly_is_not_shown(
    pytester: pytest.Pytester, shell: None
) -> None:
    output = _run(
        pytester,
        """
        import os
        from sinch_qualified_numbers import QualifiedNumbersClient

        def test_an_explicit_secret_and_a_bad_setting():
            QualifiedNumbersClient(
                project_id="p", key_id="k", key_secret=os.environ["SINCH_KEY_SECRET"][::-1],
                max_retries=-1,
            )
        """,
        failed=1,
    )
    assert "ConfigurationError" in output and "__init__" in output  # the client's frame shown
    assert _leaks(output, REAL_SECRET[::-1]) == []


@pytest.mark.parametrize("status", [503, 404, 302])
def test_the_masking_lists_of_an_error_answer_are_not_shown(
    pytester: pytest.Pytester, shell: None, status: int
) -> None:
    """The frames that build the error of a refused call hold the values to mask (the key,
    the Basic value, the token): their locals are shown, the values never."""
    output = _run(
        pytester,
        f"""
        import os
        import httpx
        from sinch_qualified_numbers import QualifiedNumbersClient

        def test_refused_call():
            def answer(request):
                if request.url.path == "/oauth2/token":
                    token = os.environ["FAKE_TOKEN_PREFIX"] + "-1"
                    return httpx.Response(200, json={{"access_token": token, "expires_in": 3600}})
                return httpx.Response(
                    {status}, json={{"error": {{"code": {status}, "message": "no"}}}},
                    headers={{"location": "https://elsewhere.example/x"}},
                )

            client = QualifiedNumbersClient(
                project_id="p",
                base_url="http://127.0.0.1:9",
                max_retries=0,
                http_transport=httpx.MockTransport(answer),
            )
            client.qualified_numbers.get("+12025550134")
        """,
        failed=1,
    )
    assert "secrets" in output  # a frame holding them was shown
    assert _leaks(output, TOKEN_PREFIX) == [] and _leaks(output, REAL_SECRET) == []
