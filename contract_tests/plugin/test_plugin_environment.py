"""The `SINCH_*` variables the `sinch_sandbox` fixture sets are put back as the shell had them
after every test, whichever of `monkeypatch` and `sinch_sandbox` the test asked for first and
whether it set or deleted one of them meanwhile."""

from __future__ import annotations

import textwrap

import pytest

#: Stands in for the user's real key secret in the shell's environment.
REAL_SECRET = "real-Shell-Secret-5d2b"


def test_the_environment_is_restored_whatever_the_order_of_fixtures(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCH_KEY_SECRET", REAL_SECRET)
    monkeypatch.setenv("SINCH_KEY_ID", "real-key-id")
    monkeypatch.delenv("SINCH_QN_BASE_URL", raising=False)
    monkeypatch.delenv("SINCH_PROJECT_ID", raising=False)
    pytester.makepyfile(
        textwrap.dedent(
            """
            import os

            NAMES = ("SINCH_KEY_SECRET", "SINCH_KEY_ID", "SINCH_QN_BASE_URL", "SINCH_PROJECT_ID",
                     "SINCH_AUTH_URL", "SINCH_QN_RETRY_BACKOFF")
            SHELL = {name: os.environ.get(name) for name in NAMES}

            def check():
                assert {name: os.environ.get(name) for name in NAMES} == SHELL

            def test_monkeypatch_first_sets(monkeypatch, sinch_sandbox):
                monkeypatch.setenv("SINCH_KEY_SECRET", "changed-by-the-test")
                monkeypatch.setenv("SINCH_QN_BASE_URL", "https://elsewhere.example")

            def test_after_1():
                check()

            def test_monkeypatch_first_deletes(monkeypatch, sinch_sandbox):
                monkeypatch.delenv("SINCH_QN_BASE_URL")
                monkeypatch.delenv("SINCH_KEY_SECRET")

            def test_after_2():
                check()

            def test_sandbox_first_sets(sinch_sandbox, monkeypatch):
                monkeypatch.setenv("SINCH_KEY_SECRET", "changed-by-the-test")
                monkeypatch.setenv("SINCH_QN_BASE_URL", "https://elsewhere.example")

            def test_after_3():
                check()

            def test_sandbox_first_deletes(sinch_sandbox, monkeypatch):
                monkeypatch.delenv("SINCH_QN_BASE_URL")
                monkeypatch.delenv("SINCH_KEY_SECRET")

            def test_after_4():
                check()

            def test_the_sandbox_env_is_set_meanwhile(monkeypatch, sinch_sandbox):
                assert os.environ["SINCH_KEY_SECRET"] == sinch_sandbox.key_secret
                assert os.environ["SINCH_QN_BASE_URL"] == sinch_sandbox.env["SINCH_QN_BASE_URL"]

            def test_after_5():
                check()
            """
        )
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=10)
