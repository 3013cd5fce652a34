"""The console in a real browser: Debian's headless Chromium, driven by Selenium, loads it
while a small text-enable job runs against the sandbox, and the test asserts what a person
sees. A screenshot of each view goes to `contract_tests/screenshots/` (the docs show one).

`.ci/run` installs `chromium` and `chromium-driver` when they are missing.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sinch_qualified_numbers import BlanketLoa, QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxAdmin,
    SandboxConfig,
    serve_app_in_thread,
    serve_in_thread,
)

from .chromium import headless_chromium

SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
NUMBERS = ["+12025550134", "+12025550135", "+12025550136", "+14165550123", "+12025559903"]


def _receiver() -> Starlette:
    async def hook(request: Request) -> Response:
        await request.body()
        return Response(status_code=200)

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


@pytest.fixture(scope="module")
def sandbox() -> Iterator[PortServer]:
    config = SandboxConfig(
        eligibility_delay=0.5,
        hosting_delay=3,
        loa_signature_delay=0,
        provisioning_delay=0.5,
        seed=3,
        callback_interval=0.1,
    )
    with serve_in_thread(config) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = headless_chromium("the console's browser test", height=800)
    # The console asks for HTTP Basic; the browser sends the project's key with every request
    # (the page, its stylesheet and script, and the script's refreshes).
    token = base64.b64encode(f"{DEFAULT_KEY_ID}:{DEFAULT_KEY_SECRET}".encode()).decode()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {token}"}}
    )
    try:
        yield driver
    finally:
        driver.quit()


def _job(sandbox: PortServer, hook: str, done: list[object]) -> None:
    """What a user's script does: add, prove ownership, text-enable, follow the order."""
    try:
        with QualifiedNumbersClient(
            project_id=DEFAULT_PROJECT_ID,
            key_id=DEFAULT_KEY_ID,
            key_secret=DEFAULT_KEY_SECRET,
            base_url=sandbox.url,
            token_url=f"{sandbox.url}/oauth2/token",
        ) as client, SandboxAdmin(sandbox.url) as admin:  # fmt: skip
            qn = client.qualified_numbers
            qn.add(NUMBERS)
            qn.wait_for(NUMBERS, states=["ELIGIBLE"], timeout=30, poll_interval=0.2)
            for number in NUMBERS:
                qn.send_voice_challenge(number)
            codes = admin.voice_codes()
            for number in NUMBERS:
                qn.verify_voice_challenge(number, codes[number])
            result = qn.text_enable(
                NUMBERS, service_plan_id="plan", loa=BlanketLoa(), callback_url=hook
            )
            client.hosting_orders.wait_for(result.order_ids(), timeout=60, poll_interval=0.2)
            done.append(codes)
    except Exception as error:  # reported by the test, not lost in the thread
        done.append(error)


def _texts(browser: WebDriver, selector: str) -> list[str]:
    """The visible text of every match. The live refresh replaces the page's main part every
    second, so an element found may be gone when read: read again then."""
    for _ in range(20):
        try:
            return [e.text for e in browser.find_elements(By.CSS_SELECTOR, selector)]
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"{selector} kept changing under the test")


def _cell(browser: WebDriver, selector: str) -> str:
    found = _texts(browser, selector)
    return found[0] if found else ""


def _wait_text(browser: WebDriver, selector: str, wanted: str, timeout: float = 30) -> None:
    try:
        WebDriverWait(browser, timeout, poll_frequency=0.2).until(
            lambda b: wanted in _cell(b, selector)
        )
    except TimeoutException:
        shown = _cell(browser, "main")[:1500]
        raise AssertionError(
            f"{selector} never showed {wanted!r}; the page shows:\n{shown}"
        ) from None


def test_the_console_shows_a_job_as_it_runs(sandbox: PortServer, browser: WebDriver) -> None:
    SHOTS.mkdir(exist_ok=True)
    url = f"{sandbox.url}/_sandbox/console"
    browser.get(f"{url}/numbers")
    assert "Numbers" in browser.title
    assert "No numbers yet" in _cell(browser, "main")

    with serve_app_in_thread(_receiver()) as receiver:
        done: list[object] = []
        job = threading.Thread(target=_job, args=(sandbox, f"{receiver.url}/hook", done))
        job.start()
        # Live: the page loaded before the job changes without a reload.
        row = f'tr[data-number="{NUMBERS[0]}"] td.state'
        _wait_text(browser, row, "HOSTING_IN_PROGRESS")  # for 3 s; the page refreshes each 1 s
        _wait_text(browser, row, "HOSTING_DONE")
        assert "live" in _cell(browser, "#live")
        job.join(60)
        assert done and not isinstance(done[0], Exception), done
        codes = done[0]
        assert isinstance(codes, dict)
        browser.refresh()
        assert _cell(browser, f'tr[data-number="{NUMBERS[-1]}"] td.state') == "HOSTING_FAILED"
        counts = _cell(browser, "table.counts")
        assert "HOSTING_DONE 4" in counts and "HOSTING_FAILED 1" in counts
        browser.save_screenshot(str(SHOTS / "console-numbers.png"))

        browser.get(f"{url}/calls")
        call = _cell(browser, f'tr[data-number="{NUMBERS[0]}"]')
        assert codes[NUMBERS[0]] in call  # the code the voice call spoke
        browser.save_screenshot(str(SHOTS / "console-calls.png"))

        browser.get(f"{url}/orders")
        us_order = [text for text in _texts(browser, "tr[data-order]") if "COMPLETED" in text]
        # The US order: 4 numbers, OSR updated 4, 3 on the SMS platform (9903 failed).
        assert any(text.endswith("4 4 3 0 0") for text in us_order), us_order
        browser.save_screenshot(str(SHOTS / "console-orders.png"))

        browser.get(f"{url}/callbacks")
        _wait_text(browser, 'tr[data-event="PROVISIONING_TO_SMS_PLATFORM"]', "200 · delivered")
        delivered = _cell(browser, 'tr[data-event="PROVISIONING_TO_SMS_PLATFORM"]')
        assert "SUCCEEDED" in delivered or "FAILED" in delivered
        assert delivered.split()[-2:] == ["yes", "1"]  # signature valid, one attempt
        browser.save_screenshot(str(SHOTS / "console-callbacks.png"))

    for view in ("faults", "clock"):
        browser.get(f"{url}/{view}")
        assert _cell(browser, 'nav a[aria-current="page"]')
        browser.save_screenshot(str(SHOTS / f"console-{view}.png"))
    for view in ("numbers", "calls", "orders", "callbacks", "faults", "clock"):
        shot = (SHOTS / f"console-{view}.png").read_bytes()
        assert shot.startswith(b"\x89PNG") and len(shot) > 10_000, view  # a real 1280x800 page


def test_the_console_changes_faults_and_reads_on_a_narrow_window(
    sandbox: PortServer, browser: WebDriver
) -> None:
    url = f"{sandbox.url}/_sandbox/console"
    browser.get(f"{url}/faults")
    field = browser.find_element(By.ID, "knob-latency_ms")
    field.clear()
    field.send_keys("5")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    # The live refresh replaces <main> each second: a field found just before it is stale.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: b.find_element(By.ID, "knob-latency_ms").get_attribute("value") == "5.0"
    )
    assert sandbox.sandbox.faults.config.latency_ms == 5
    sandbox.sandbox.faults.update({"latency_ms": 0})

    browser.set_window_size(420, 800)
    try:
        browser.get(f"{url}/orders")
        # Nothing wider than the window but the tables, which scroll on their own.
        page_width = browser.execute_script("return document.documentElement.scrollWidth")
        window_width = browser.execute_script("return window.innerWidth")
        assert page_width <= window_width
        assert browser.find_element(By.CSS_SELECTOR, "nav").is_displayed()
    finally:
        browser.set_window_size(1280, 800)
