"""The README stays a front page, and the project files it points to exist."""

from __future__ import annotations

import re

from ..conftest import ROOT

README = ROOT / "README.md"


def test_the_readme_is_a_front_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode()) <= 12 * 1024, "the README grew past a front page: move it to docs/"
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[:5] == ["Why", "Install", "Two commands on a fresh machine", "Quickstart",
                            "Features"]  # fmt: skip
    (quickstart,) = re.findall(r"## Quickstart\n.*?```python\n(.*?)```", text, re.S)
    assert len(quickstart.splitlines()) <= 32


def test_every_link_of_the_readme_resolves() -> None:
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert len(local) >= 15
    assert [link for link in local if not (ROOT / link).exists()] == []
    for page in ("CONTRIBUTING.md", "CHANGELOG.md", "SECURITY.md"):
        assert page in local


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "## Version policy" in text
    releases = re.findall(r"^## \[(.+?)\]", text, re.M)
    assert releases and releases[0] == "Unreleased"
    kinds = set(re.findall(r"^### (.+)$", text, re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds
