"""Every code block of the documentation runs, through sybil.

The pages are docs/**/*.md and the Markdown files at the root (README, CONTRIBUTING, ...).
A `python` block runs, a `toml` block is read as the LOA file `sinch-qn --loa-file` takes, and
any other block must be preceded by `<!-- skip: next "why" -->`: a block neither run nor
marked with its reason fails here. The client guide is one session (its pages run in the
order of mkdocs.yml's navigation, in one namespace); every other page runs on its own.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import SkipTest

import pytest
import yaml
from sybil import Example, Region, Sybil
from sybil.parsers.abstract import AbstractCodeBlockParser
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from sinch_qualified_numbers.cli._inputs import load_loa
from sinch_qualified_numbers_sandbox import InProcessServer

from ..conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md")) + sorted(ROOT.glob("*.md"))
RUN = {"python", "toml"}


def _guide_pages() -> list[Path]:
    """The client guide in the order of the site's navigation."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    (guide,) = [entry["Client guide"] for entry in nav if "Client guide" in entry]
    return [DOCS / next(iter(page.values())) for page in guide]


GUIDE = _guide_pages()
ALONE = [page for page in PAGES if page not in GUIDE]


def _unmarked(example: Example) -> str:
    return (
        f"{example.path}, line {example.line}: a ```{example.parsed[0]} block that is neither "
        'run nor marked: precede it with <!-- skip: next "why it cannot run" -->'
    )


class _OtherBlocks(AbstractCodeBlockParser):
    """Every fenced block that is neither python nor toml (a bare fence included)."""

    language = "other"

    def __init__(self) -> None:
        lexer = RawFencedCodeBlockLexer(info_pattern=re.compile(r"(?P<language>[^\n]*)\n"))
        super().__init__([lexer], evaluator=_unmarked)

    def __call__(self, document: Any) -> Iterator[Region]:
        for region in self.lexers(document):
            language = region.lexemes["language"].strip()
            if language not in RUN:
                region.parsed = (language or "(no language)", region.lexemes["source"])
                region.evaluator = self._evaluator
                yield region


def _loa_file(example: Example) -> None:
    """A `toml` block is the LOA file of `sinch-qn text-enable --loa-file`: it must load."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "loa.toml")
        path.write_text(str(example.parsed), encoding="utf-8")
        kind = "reseller" if "business_name" in str(example.parsed) else "direct"
        load_loa(kind, path)


SKIP = SkipParser()
SYBIL = Sybil(
    parsers=[PythonCodeBlockParser(), CodeBlockParser("toml", _loa_file), _OtherBlocks(), SKIP]
)


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT)) if page.is_relative_to(ROOT) else page.name


def run_pages(pages: list[Path]) -> tuple[str, list[str]]:
    """Run every example of `pages` in one namespace; what they printed, and what was skipped
    (page, line and reason). A skip without a reason fails."""
    namespace: dict[str, Any] = {"__name__": "docs"}
    out = io.StringIO()
    skipped: list[str] = []
    with contextlib.redirect_stdout(out):
        for page in pages:
            document = SYBIL.parse(page)
            document.namespace = namespace
            for example in document:
                if example.region.evaluator is SKIP.skipper:
                    action, reason = example.parsed
                    assert action == "end" or reason, (
                        f"{page}, line {example.line}: a skip must say why, "
                        '<!-- skip: next "reason" -->'
                    )
                try:
                    example.evaluate()
                except SkipTest as why:
                    skipped.append(f"{_name(page)}:{example.line}: {why}")
    return out.getvalue(), skipped


#: The pages' sandbox: no delays, so that their waits end at once.
without_delays = pytest.mark.sinch_sandbox(
    eligibility_delay=0, hosting_delay=0, loa_signature_delay=0, seed=2
)


@pytest.fixture
def sandbox_env(sinch_sandbox: InProcessServer) -> str:
    """The shipped plugin's sandbox (in-process: the examples' clients reach it with no port)
    and the SINCH_* variables it sets, as a user's test of the same code would have them."""
    return sinch_sandbox.env["SINCH_QN_BASE_URL"]


def test_the_pages_have_examples() -> None:
    python = [p for p in PAGES if "```python" in p.read_text(encoding="utf-8")]
    assert len(python) >= 14, python
    assert len(GUIDE) >= 10


@without_delays
def test_client_guide_runs(sandbox_env: str) -> None:
    printed, _ = run_pages(GUIDE)
    assert "['+12025550134', '+14165550123', '+18335870229']" in printed
    assert "+12025550134 GLOBAL_PROCESS_STATE_VERIFIED" in printed
    assert "3 enabled, 0 failed" in printed
    assert "404 NOT_FOUND: The qualified number could not be found. (+12025550199)" in printed
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


QUICKSTART = ["+12025550142 HOSTING_DONE", "+14165550142 HOSTING_DONE", "+18335870142 HOSTING_DONE"]


@without_delays
@pytest.mark.parametrize("page", ["README.md", "docs/getting-started.md"])
def test_the_quickstart_runs(sandbox_env: str, page: str) -> None:
    printed, skipped = run_pages([ROOT / page])
    assert printed.splitlines() == QUICKSTART
    assert skipped  # the install lines say why they are not run


# What the pages that run on their own print (each page, its own namespace; no SINCH_* set).
ALONE_PRINTS = {
    # its first example starts a sandbox of its own, its second a second one with faults
    "docs/sandbox.md": re.compile(r"http://127\.0\.0\.1:\d+\n0\.2 \{\}\n"),
    "docs/testing.md": re.compile(
        r"passed\nthe clock moved\n503 \{'503': 3\}\n"
        r"PROVISIONING_TO_SMS_PLATFORM SUCCEEDED\nHOSTING_PROCESS SUCCEEDED\nELIGIBLE\n"
        r"blocked: sinch_sandbox\(\) blocked GET https://example\.com/: [^\n]+\n"
        r"\+12025550134\n404\n"
    ),
}


@pytest.mark.parametrize(
    "page", [p for p in ALONE if p.name not in {"README.md", "getting-started.md"}], ids=str
)
def test_every_other_page_runs_alone(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET", "SINCH_QN_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    printed, _ = run_pages([page])
    expected = ALONE_PRINTS.get(_name(page))
    if expected is not None:
        assert expected.fullmatch(printed), printed
    else:
        assert "```python" not in page.read_text(encoding="utf-8"), (
            f"{page} has Python examples: say what they print in ALONE_PRINTS"
        )


def test_an_unmarked_block_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Run this:\n\n```sh\nrm -rf /\n```\n", encoding="utf-8")
    with pytest.raises(Exception, match="neither run nor marked"):
        run_pages([page])
    page.write_text('<!-- skip: next "an example" -->\n```sh\nrm -rf /\n```\n', encoding="utf-8")
    assert run_pages([page]) == ("", ["page.md:2: an example"])


def test_a_skip_without_a_reason_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- skip: next -->\n```sh\nls\n```\n", encoding="utf-8")
    with pytest.raises(Exception, match="a skip must say why"):
        run_pages([page])


def test_a_wrong_loa_file_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text('```toml\ncurrent_voice_carrier = "Verizon"\n```\n', encoding="utf-8")
    with pytest.raises(Exception, match="missing required field"):
        run_pages([page])
