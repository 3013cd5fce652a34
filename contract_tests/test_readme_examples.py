"""The README's Python examples run as written against a sandbox."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    SandboxConfig,
    serve_in_thread,
)

from .conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 6


def test_readme_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    config = SandboxConfig(eligibility_delay=0, hosting_delay=0, loa_signature_delay=0, seed=2)
    with serve_in_thread(config) as running:
        monkeypatch.setenv("SINCH_PROJECT_ID", DEFAULT_PROJECT_ID)
        monkeypatch.setenv("SINCH_KEY_ID", DEFAULT_KEY_ID)
        monkeypatch.setenv("SINCH_KEY_SECRET", DEFAULT_KEY_SECRET)
        monkeypatch.setenv("SINCH_QN_BASE_URL", running.url)
        monkeypatch.setenv("SINCH_AUTH_URL", f"{running.url}/oauth2/token")
        namespace: dict[str, object] = {"__name__": "readme"}
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            for block in BLOCKS:
                if "serve_in_thread(" in block:
                    continue  # the sandbox's own example starts a second server; tested below
                exec(compile(block, "README.md", "exec"), namespace)
    printed = out.getvalue()
    assert "['+12025550134', '+14165550123', '+18335870229']" in printed
    assert "+12025550134 GLOBAL_PROCESS_STATE_VERIFIED" in printed
    assert "3 enabled, 0 failed" in printed
    assert "404 NOT_FOUND: The imported number could not be found. (+12025550199)" in printed
    assert "('not a number', 'not a phone number" in printed
    assert "of 4" in printed  # the three text-enabled numbers, and the one through hostingOrders:
    assert "SUBMITTED DIRECT " in printed  # the whole order that route answers
    assert "+12025550134 C1234567" in printed  # hosted numbers are imported numbers
    assert "2 moved, 0 to move again, 0 failed" in printed
    assert "\nunchanged\n" in printed
    assert "12 imported in 3 orders of at most 5" in printed
    assert "2 arrived, 0 pending" in printed
    assert "{'+12025559901': 'NOT_ELIGIBLE'}" in printed  # a wait that stops at a dead end
    assert "1201 numbers in the project" in printed  # add(skip_existing=True)
    assert "3 verified, 0 wrong codes, 0 failed" in printed  # voice challenges in bulk
    assert "True True\nOsrEligibilityDetails(status=<ProcessStatus.DONE: 'DONE'>)" in printed
    assert printed.count("COMPLETED 1/1 on the SMS platform") == 3  # US, CA, toll-free
    assert "CallbackConfiguration(project_id='sandbox-project')" in printed
    assert "a-long-random-secret" not in printed
    assert "refused: callbacks are not accepted from 203.0.113.9" in printed


def test_readme_sandbox_examples_run() -> None:
    first, admin = [b for b in BLOCKS if "serve_in_thread(" in b]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(first, "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue().startswith("http://127.0.0.1:")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(admin, "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue().strip() == "0.2 {}"
