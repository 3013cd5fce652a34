"""The console over plain HTTP: access, every view, forms, and escaping of every user value.
(What a person sees in a real browser is `contract_tests/browser/test_console_browser.py`.)"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from ..conftest import InProcess
from .conftest import ADMIN_KEY, BASE, OTHER, PROJECT, add, advance, verify

VIEWS = ("numbers", "calls", "orders", "callbacks", "faults", "clock")
CONSOLE = "/_sandbox/console"
IMPORTED = BASE.rsplit("/qualifiedNumbers", 1)[0] + "/importedNumbers"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def _parsed(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("view", ["", *(f"/{v}" for v in VIEWS)])
def test_every_view_refuses_a_caller_without_credentials(sandbox: InProcess, view: str) -> None:
    for auth in (None, ("sandbox-key-id", "wrong"), ("admin", "not-the-admin-key")):
        answer = httpx.get(f"{sandbox.url}{CONSOLE}{view}", auth=auth)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Basic realm=")
        assert "sandbox-project" not in answer.text  # nothing of any project leaks


def test_every_view_renders_for_its_project(http: httpx.Client) -> None:
    verify(http, "+12025550134")
    for view in VIEWS:
        page = http.get(f"{CONSOLE}/{view}")
        assert page.status_code == 200, view
        assert page.headers["content-type"].startswith("text/html")
        assert "<main" in page.text and 'aria-current="page"' in page.text
        assert "<script" in page.text  # live updates; the page works without it
    numbers = http.get(f"{CONSOLE}/numbers").text
    assert 'data-number="+12025550134"' in numbers and ">VERIFIED<" in numbers
    partial = http.get(f"{CONSOLE}/numbers", params={"partial": "1"}).text
    assert "<html" not in partial and 'data-number="+12025550134"' in partial
    home = http.get(CONSOLE, follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"].endswith("/numbers")


def test_a_project_sees_only_its_own_numbers_and_the_admin_picks_one(
    sandbox: InProcess, http: httpx.Client
) -> None:
    add(http, "+12025550177")
    other = httpx.get(f"{sandbox.url}{CONSOLE}/numbers", auth=(OTHER.key_id, OTHER.key_secret)).text
    assert "+12025550177" not in other and OTHER.project_id in other
    admin = ("admin", sandbox.sandbox.config.admin_key)
    mine = httpx.get(f"{sandbox.url}{CONSOLE}/numbers", params={"project": PROJECT}, auth=admin)
    assert "+12025550177" in mine.text
    theirs = httpx.get(
        f"{sandbox.url}{CONSOLE}/numbers", params={"project": OTHER.project_id}, auth=admin
    )
    assert "+12025550177" not in theirs.text
    header = {"X-Sandbox-Admin-Key": sandbox.sandbox.config.admin_key}
    by_header = httpx.get(f"{sandbox.url}{CONSOLE}/numbers", headers=header)
    assert by_header.status_code == 200 and "+12025550177" in by_header.text
    wrong = httpx.get(f"{sandbox.url}{CONSOLE}/numbers", headers={"X-Sandbox-Admin-Key": "x"})
    assert wrong.status_code == 401


def test_filter_by_state_and_counts(http: httpx.Client) -> None:
    verify(http, "+12025550134")
    add(http, "+12025550135")
    page = http.get(f"{CONSOLE}/numbers", params={"state": "VERIFIED"}).text
    assert "+12025550134" in page and 'data-number="+12025550135"' not in page
    counts = re.findall(
        r'<a href="\?state=([A-Z_]+)[^"]*">[A-Z_]+</a></td><td class="num">(\d+)', page
    )
    assert dict(counts) == {"VERIFIED": "1", "ELIGIBLE_CHECK_PENDING": "1"}
    unknown = http.get(f"{CONSOLE}/numbers", params={"state": "<b>x</b>"})
    assert unknown.status_code == 200 and "<b>x</b>" not in unknown.text


def _token(page: str) -> str:
    found = re.search(r'name="token" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def test_forms_change_faults_and_the_clock_only_with_the_pages_token(
    sandbox: InProcess, http: httpx.Client
) -> None:
    faults = sandbox.sandbox.faults
    forged = http.post(f"{CONSOLE}/faults", data={"rate_500": "0.5"}, follow_redirects=False)
    assert forged.status_code == 401 and faults.config.rate_500 == 0
    token = _token(http.get(f"{CONSOLE}/faults").text)
    other = httpx.Client(base_url=sandbox.url, auth=(OTHER.key_id, OTHER.key_secret))
    stolen = other.post(f"{CONSOLE}/faults", data={"token": token, "rate_500": "0.5"})
    assert stolen.status_code == 401  # a token is bound to the key it was shown to
    done = http.post(
        f"{CONSOLE}/faults", data={"token": token, "rate_500": "0.25"}, follow_redirects=False
    )
    # A project's viewer changes its own project's faults, never another's.
    assert done.status_code == 303 and faults.config_for(PROJECT).rate_500 == 0.25
    assert faults.config.rate_500 == 0 and faults.config_for(OTHER.project_id).rate_500 == 0
    bad = http.post(
        f"{CONSOLE}/faults", data={"token": token, "rate_500": "lots"}, follow_redirects=True
    )
    assert bad.status_code == 200 and "not a number" in bad.text
    assert faults.config_for(PROJECT).rate_500 == 0.25
    faults.update({"rate_500": 0})

    add(http, "+12025550136")  # eligibility takes 60 s in these tests
    clock = _token(http.get(f"{CONSOLE}/clock").text)
    before = sandbox.sandbox.clock.offset
    # The clock is shared by both projects: a project's viewer cannot move it.
    refused = http.post(
        f"{CONSOLE}/clock", data={"token": clock, "seconds": "60"}, follow_redirects=True
    )
    assert refused.status_code == 200 and "sign in as admin" in refused.text
    assert sandbox.sandbox.clock.offset == before
    with httpx.Client(base_url=sandbox.url, auth=("admin", ADMIN_KEY)) as admin:
        token = _token(admin.get(f"{CONSOLE}/clock").text)
        moved = admin.post(
            f"{CONSOLE}/clock", data={"token": token, "seconds": "60"}, follow_redirects=True
        )
    assert moved.status_code == 200 and sandbox.sandbox.clock.offset == before + 60
    assert ">ELIGIBLE<" in http.get(f"{CONSOLE}/numbers").text


def test_every_console_answer_refuses_framing(sandbox: InProcess, http: httpx.Client) -> None:
    answers = [http.get(f"{CONSOLE}/{view}") for view in VIEWS]
    answers.append(http.get(CONSOLE, follow_redirects=False))
    answers.append(httpx.get(f"{sandbox.url}{CONSOLE}/numbers"))  # the 401 too
    answers.append(http.get(f"{CONSOLE}/static/console.css"))
    token = _token(http.get(f"{CONSOLE}/faults").text)
    answers.append(http.post(f"{CONSOLE}/faults", data={"token": token}, follow_redirects=False))
    for answer in answers:
        assert answer.headers["x-frame-options"] == "DENY", answer.url
        assert answer.headers["content-security-policy"] == "frame-ancestors 'none'"
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_faults_form_never_copies_raw_input_into_the_location(
    sandbox: InProcess, http: httpx.Client
) -> None:
    token = _token(http.get(f"{CONSOLE}/faults").text)
    huge = "x" * 200_000
    answer = http.post(
        f"{CONSOLE}/faults", data={"token": token, "rate_500": huge}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert len(answer.headers["location"]) < 500 and "xxxx" not in answer.headers["location"]
    assert "not a number" in http.get(answer.headers["location"]).text


def test_orders_calls_and_callbacks_show_what_happened(
    sandbox: InProcess, http: httpx.Client
) -> None:
    verify(http, "+12025550134", "+12025559903")
    http.post(
        f"{BASE}:textEnableNumbers",
        json={
            "regionCode": "US",
            "numbers": ["+12025550134", "+12025559903"],
            "servicePlanId": "p",
            "blanketLoaInfo": {},
            "callbackUrl": "http://127.0.0.1:9/hook",
        },
    ).raise_for_status()
    advance(http, 601)
    orders = http.get(f"{CONSOLE}/orders").text
    assert ">COMPLETED<" in orders and "none needed" in orders  # blanket LOA
    cells = re.findall(r'<td class="num">(\d+)</td>', orders)
    assert cells[:5] == ["2", "2", "1", "0", "0"]  # total, OSR, on SMS, campaign, manual
    calls = http.get(f"{CONSOLE}/calls").text
    assert 'data-number="+12025550134"' in calls
    callbacks = http.get(f"{CONSOLE}/callbacks").text
    assert "PROVISIONING_TO_SMS_PLATFORM" in callbacks and "http://127.0.0.1:9/hook" in callbacks


def test_the_callbacks_view_shows_a_projects_events_behind_newer_ones_of_others(
    sandbox: InProcess, http: httpx.Client
) -> None:
    outbox = sandbox.sandbox.outbox
    outbox.enqueue(
        "http://127.0.0.1:9/mine",
        {"eventId": "mine", "projectId": PROJECT, "eventType": "HOSTING_PROCESS"},
    )
    for n in range(2_000):  # newer events of another project, more than the view could skip
        outbox.enqueue(
            "http://127.0.0.1:9/theirs",
            {"eventId": f"e{n}", "projectId": OTHER.project_id, "eventType": "HOSTING_PROCESS"},
        )
    page = http.get(f"{CONSOLE}/callbacks").text
    assert "http://127.0.0.1:9/mine" in page
    assert "http://127.0.0.1:9/theirs" not in page


HOSTILE = st.text(
    alphabet=st.sampled_from("<>&\"'/= abcxyz()`{}%;:\\") | st.characters(codec="utf-8"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")

#: Callback URLs with no control character or line break: those are refused when the order
#: is made (see test_callback_urls.py), so they never reach a page.
HOSTILE_URL = HOSTILE.filter(
    lambda text: not any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in text)
)


@given(name=HOSTILE, url=HOSTILE_URL)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_user_value_is_escaped(running: InProcess, name: str, url: str) -> None:
    # Between markers, so that a value like "<" is looked for where it is shown, not in the
    # page's own markup.
    name, url = f"qzq{name}qzq", f"qzq{url}qzq"
    running.sandbox.reset()
    with httpx.Client(base_url=running.url, auth=("sandbox-key-id", "sandbox-key-secret")) as http:
        created = http.post(
            IMPORTED,
            json={
                "phoneNumber": "+13035550100",
                "regionCode": "US",
                "displayName": name,
                "smsConfiguration": {"servicePlanId": "p"},
                "callbackUrl": "http://127.0.0.1:9/" + url,
            },
        )
        assert created.status_code == 200, created.text
        ordered = http.post(
            f"{BASE.rsplit('/qualifiedNumbers', 1)[0]}/hostingOrders:importNumbers",
            json={"regionCode": "US", "numbers": ["+13035550101"], "servicePlanId": "p",
                  "displayName": name, "callbackUrl": "http://127.0.0.1:9/" + url},
        )  # fmt: skip
        assert ordered.status_code == 200, ordered.text
        advance(http, 2)  # provisioning finishes: events for the callback URL
        for view in ("orders", "callbacks"):
            page = http.get(f"{CONSOLE}/{view}").text
            shown = name if view == "orders" else "http://127.0.0.1:9/" + url
            assert str(escape(shown)) in page, view
            if any(c in shown for c in "<>\"'"):  # markup or an attribute's end: never raw
                assert shown not in page, view
            parsed = _parsed(page)
            assert parsed.handlers == [], view
            assert parsed.tags.count("script") == 1, view  # only the console's own
