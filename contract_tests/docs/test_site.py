"""The documentation site: it builds with --strict, works offline, and its API reference has
every public name of the three packages."""

from __future__ import annotations

import html.parser
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from ..conftest import ROOT
from .site import build_site

PACKAGES = [
    "sinch_qualified_numbers",
    "sinch_qualified_numbers_sandbox",
    "sinch_qualified_numbers_api",
]
REFERENCE = ROOT / "docs" / "reference"


class _Assets(html.parser.HTMLParser):
    """Every URL a browser fetches by itself to show the page (not the links a person follows)."""

    FETCHED: ClassVar[set[tuple[str, str]]] = {
        ("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
        ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
        ("object", "data"), ("image", "href"),
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in self.FETCHED and value:
                self.urls.append(value)
            if name == "style" and value:
                self.urls.extend(re.findall(r"url\(\s*['\"]?([^)'\"]+)", value))


def _remote(url: str) -> bool:
    return bool(re.match(r"(?i)^\s*(https?:)?//", url))


def remote_assets(site: Path) -> dict[str, list[str]]:
    """Page or stylesheet -> the URLs on other hosts it makes the browser fetch."""
    found: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        if remote := [u for u in parser.urls if _remote(u)]:
            found[str(page.relative_to(site))] = remote
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^)'\"]+)", text) + re.findall(
            r"@import\s+['\"]([^'\"]+)", text
        )
        if remote := [u for u in urls if _remote(u)]:
            found[str(sheet.relative_to(site))] = remote
    return found


def test_the_site_builds_with_every_page() -> None:
    site = build_site()
    for page in ("index.html", "getting-started.html", "guide/configuration.html", "cli.html",
                 "sandbox.html", "testing.html", "contract-tests.html", "benchmarks.html",
                 "bench-results.html", "reliability.html", "reference/client.html",
                 "releases.html", "console-orders.png"):  # fmt: skip
        assert (site / page).is_file(), page


def test_the_site_fetches_nothing_from_another_host() -> None:
    assert remote_assets(build_site()) == {}


def test_the_offline_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="//cdn.example.com/x.js"></script><a href="https://example.com">ok</a>'
        '<img src="console-orders.png">',
        encoding="utf-8",
    )
    (tmp_path / "a.css").write_text('@import "https://fonts.example/x.css";', encoding="utf-8")
    assert remote_assets(tmp_path) == {
        "index.html": ["https://fonts.googleapis.com/css?family=Roboto", "//cdn.example.com/x.js"],
        "a.css": ["https://fonts.example/x.css"],
    }


def _reference_entries() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in REFERENCE.glob("*.md"))
    return set(re.findall(r"^::: ([\w.]+)\s*$", text, re.M))


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_is_in_the_api_reference(package: str) -> None:
    public = importlib.import_module(package).__all__
    entries = _reference_entries()
    missing = [n for n in public if n != "__version__" and f"{package}.{n}" not in entries]
    assert missing == [], f"add '::: {package}.NAME' to docs/reference/ for {missing}"
    if "__version__" in public:
        assert "`__version__`" in (REFERENCE / "client.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("package", PACKAGES)
def test_the_built_reference_documents_every_public_name(package: str) -> None:
    site = build_site()
    built = "\n".join(p.read_text(encoding="utf-8") for p in (site / "reference").glob("*.html"))
    ids = set(re.findall(r'id="([\w.]+)"', built))
    public = [n for n in importlib.import_module(package).__all__ if n != "__version__"]
    assert [n for n in public if f"{package}.{n}" not in ids] == []


def test_a_broken_link_fails_the_strict_build(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for name in ("wrapper", "sandbox", "generated", "bench", *(p.name for p in ROOT.glob("*.md"))):
        (tmp_path / name).symlink_to(ROOT / name)
    page = tmp_path / "docs" / "testing.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    built = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert built.returncode != 0
    assert "no-such-page.md" in built.stderr
