"""The documentation site in a real browser, as a person opens it: Debian's headless Chromium,
driven by Selenium as for the console, loads the built site from a local HTTP server. The home
page, the API reference of `QualifiedNumbersClient` and a guide page must show their title,
the navigation and their content, styled, with every request staying on the local server (the
site works offline). Screenshots go to `contract_tests/screenshots/docs-*.png` (not tracked).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from ..docs.site import build_site
from .chromium import headless_chromium

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(build_site()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    # Every request the pages make is logged, to prove that none leaves the local server.
    driver = headless_chromium("the docs' browser test", height=900, log_requests=True)
    try:
        yield driver
    finally:
        driver.quit()


def _requested(browser: WebDriver) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _nav(browser: WebDriver) -> list[str]:
    """The entries of the navigation a person sees in the left sidebar."""
    links = browser.find_elements(By.CSS_SELECTOR, "nav.md-nav--primary .md-nav__link")
    return [link.text.strip() for link in links if link.is_displayed() and link.text.strip()]


def _open(browser: WebDriver, url: str) -> None:
    browser.get(url)
    header = browser.find_element(By.CSS_SELECTOR, "header.md-header")
    # The theme's stylesheet arrived: the header is a coloured bar across the top.
    assert header.size["height"] >= 40 and header.size["width"] >= 1200, header.size
    colour = header.value_of_css_property("background-color")
    assert colour not in {"rgba(0, 0, 0, 0)", "transparent"}, colour


def _shot(browser: WebDriver, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"docs-{name}.png"
    browser.save_screenshot(str(path))
    shot = path.read_bytes()
    assert shot.startswith(b"\x89PNG") and len(shot) > 10_000, name  # a real 1280x900 page


def test_a_person_finds_the_way_through_the_docs(site_url: str, browser: WebDriver) -> None:
    browser.get_log("performance")  # forget what came before
    _open(browser, f"{site_url}/index.html")
    assert browser.title == "sinch-qualified-numbers"
    h1 = browser.find_element(By.CSS_SELECTOR, "article h1").text
    assert h1.startswith("sinch-qualified-numbers")
    nav = _nav(browser)
    for entry in ("Home", "Getting started", "Client guide", "Command line",
                  "Sandbox and console", "Testing your application", "Contract tests",
                  "Benchmarks", "Reliability", "API reference"):  # fmt: skip
        assert entry in nav, nav
    assert "Getting started" in browser.find_element(By.CSS_SELECTOR, "article table").text
    _shot(browser, "home")

    # From the home page to the API reference, as a person clicks.
    browser.find_element(By.LINK_TEXT, "API reference").click()
    assert browser.current_url.endswith("/reference/client.html")
    assert "sinch_qualified_numbers" in browser.title
    client = "sinch_qualified_numbers.QualifiedNumbersClient"
    heading = browser.find_element(By.ID, client)
    # Scrolled to, below the sticky header, as following the table of contents does.
    browser.execute_script(
        "window.scrollTo(0, arguments[0].getBoundingClientRect().top + window.scrollY - 70)",
        heading,
    )
    assert heading.is_displayed()
    assert heading.text.strip().startswith("QualifiedNumbersClient")
    # Its signature, its resources and its methods (inherited ones too) are documented under it.
    entry = heading.find_element(By.XPATH, "./ancestor::div[contains(@class, 'doc-class')][1]")
    assert "max_concurrency" in entry.find_element(By.CSS_SELECTOR, ".doc-signature").text
    for member in ("qualified_numbers", "hosting_orders", "imported_numbers", "with_options"):
        assert entry.find_element(By.ID, f"{client}.{member}").text.strip().startswith(member)
    assert "AsyncQualifiedNumbersClient" in browser.find_element(By.TAG_NAME, "article").text
    _shot(browser, "reference-client")

    _open(browser, f"{site_url}/guide/text-enablement.html")
    assert browser.title.startswith("Text enablement")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "Text enablement"
    active = browser.find_elements(By.CSS_SELECTOR, "nav.md-nav--primary .md-nav__link--active")
    assert [a.text.strip() for a in active if a.is_displayed()] == ["Text enablement"]
    nav = _nav(browser)
    assert {"Configuration", "Qualifying and verifying", "Hosting orders", "Errors"} <= set(nav)
    code = browser.find_element(By.CSS_SELECTOR, "article pre code").text
    assert "qn.text_enable(" in code
    _shot(browser, "guide")

    requested = _requested(browser)
    assert any(url.endswith("/reference/client.html") for url in requested), requested
    elsewhere = [u for u in requested if not u.startswith((site_url, "data:", "blob:"))]
    assert elsewhere == []
