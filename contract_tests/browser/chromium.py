"""Debian's headless Chromium through Selenium, as both browser tests (the console, the docs
site) drive it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def headless_chromium(what: str, *, height: int, log_requests: bool = False) -> WebDriver:
    """A 1280-wide headless Chromium (fails, saying how to install it, when it is missing);
    `log_requests`: every request the pages make is in its performance log."""
    if shutil.which("chromium") is None or not Path(CHROMEDRIVER).exists():
        pytest.fail(
            f"{what} needs Debian's chromium and chromium-driver: "
            "run `make browser-deps` (as root; make test does)"
        )
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size=1280,{height}"):  # fmt: skip
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    if log_requests:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
