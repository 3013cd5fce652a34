"""The sandbox page's process table (docs/sandbox.md) says what the sandbox's transition table
does, edge for edge."""

from __future__ import annotations

import re

from sinch_qualified_numbers_sandbox import process

from ..conftest import ROOT

SHORT = {state.removeprefix("GLOBAL_PROCESS_STATE_"): state for state in process.STATES}


def _readme_edges() -> set[tuple[str | None, str]]:
    text = (ROOT / "docs" / "sandbox.md").read_text(encoding="utf-8")
    lines = text[text.index("**The process**") :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|---"))
    edges: set[tuple[str | None, str]] = set()
    for row in lines[start + 1 :]:
        if not row.startswith("| "):
            break
        source, _, target = (cell.strip() for cell in row.strip("|").split("|")[:3])
        sources = [SHORT[s] for s in re.findall(r"`([A-Z_]+)`", source) if s in SHORT]
        targets = [SHORT[s] for s in re.findall(r"`([A-Z_]+)`", target) if s in SHORT]
        assert targets, row
        for origin in sources or [None]:
            edges.update((origin, to) for to in targets)
    return edges


def _table_edges() -> set[tuple[str | None, str]]:
    edges: set[tuple[str | None, str]] = set()
    for transition in process.TABLE:
        for origin in transition.sources or (None,):
            edges.add((origin, transition.target))
    return edges


def test_the_readme_process_table_is_the_sandboxs_transition_table() -> None:
    readme, table = _readme_edges(), _table_edges()
    assert readme - table == set(), "the docs show transitions the sandbox does not make"
    assert table - readme == set(), "the sandbox makes transitions the docs do not show"


def test_every_operation_precondition_comes_from_the_table() -> None:
    assert process.sources("sendVoiceChallenge") == {
        process.ELIGIBLE,
        process.VERIFICATION_PENDING,
        process.VERIFICATION_FAILED,
    }
    assert process.sources("textEnableNumbers") == {process.VERIFIED}
    assert process.next_state(
        "verifyVoiceChallenge", process.VERIFICATION_FAILED, "last wrong code"
    ) == (process.VERIFICATION_BLOCKED)
    assert process.after_code(process.VERIFICATION_PENDING, False, 2) == (
        process.VERIFICATION_BLOCKED,
        3,
    )
