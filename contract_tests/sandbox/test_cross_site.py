"""What a web page in the user's browser can make the sandbox do: nothing.

Cross-site request forgery: a form on another site, posted with the browser's cached console
credentials, changes no state (the sandbox-only endpoints that change state take JSON, which a
form cannot send, or the admin key header, which it cannot set; an Origin of another site is
refused). DNS rebinding: a request whose Host is not the sandbox's own address, a loopback
name or a name it was told to serve is refused, so a page of `attacker.example` rebound to
127.0.0.1 reads and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    Sandbox,
    SandboxAdmin,
    SandboxConfig,
    serve_in_thread,
    sinch_sandbox,
)
from sinch_qualified_numbers_sandbox.__main__ import config_from_args, parse_args

from ..conftest import API_VERSION
from .conftest import BASE, PROJECT

AUTH = (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
FORM = {"content-type": "application/x-www-form-urlencoded"}
#: Every state-changing sandbox-only endpoint, with a body its JSON form would take.
STATE_CHANGING = [
    ("POST", "/_sandbox/reset", ""),
    ("POST", "/_sandbox/clock:advance", "seconds=60"),
    ("POST", "/_sandbox/callbacks:deliver", ""),
    ("PUT", "/_sandbox/faults", "rate_503=1"),
    ("POST", f"/_sandbox/projects/{PROJECT}/numbers:seed", "phoneNumbers=%2B12025550188"),
    ("POST", f"/_sandbox/projects/{PROJECT}/hostingOrders/x:signLoa", ""),
]


@pytest.fixture(scope="module")
def served() -> Iterator[PortServer]:
    with serve_in_thread(SandboxConfig(seed=1, allowed_hosts=("sandbox.internal",))) as running:
        yield running


@pytest.fixture
def one_project(served: PortServer) -> PortServer:
    """A sandbox of one project (its key may reset everything and move the clock), reset."""
    served.sandbox.reset()
    return served


def _state(running: PortServer) -> tuple[str, object]:
    return running.sandbox.digest(), running.sandbox.faults.describe()


@pytest.mark.parametrize(("method", "path", "body"), STATE_CHANGING)
@pytest.mark.parametrize(
    "headers",
    [
        FORM,
        {**FORM, "origin": "http://evil.example"},
        {"content-type": "text/plain"},
        {"content-type": "multipart/form-data; boundary=x"},
        {},  # a bodiless fetch() of another site: no content type at all
        {"content-type": "application/json", "origin": "http://evil.example"},
        {"content-type": "application/json", "origin": "null"},
    ],
    ids=["form", "form+origin", "text", "multipart", "none", "json+origin", "json+null"],
)
def test_a_cross_site_request_with_cached_credentials_changes_nothing(
    one_project: PortServer, method: str, path: str, body: str, headers: dict[str, str]
) -> None:
    one_project.sandbox.qualified_numbers.seed(PROJECT, [("+12025550134", "US", False)], "x")
    before = _state(one_project)
    answer = httpx.request(method, one_project.url + path, content=body, headers=headers, auth=AUTH)
    assert answer.status_code in (403, 415), answer.text
    assert "cross-site" in answer.json()["message"] or "JSON" in answer.json()["message"]
    assert _state(one_project) == before


def test_the_same_requests_as_json_from_the_sandboxs_own_origin_work(
    one_project: PortServer,
) -> None:
    own = {"content-type": "application/json", "origin": one_project.url}
    for method, path, _ in STATE_CHANGING:
        answer = httpx.request(method, one_project.url + path, headers=own, auth=AUTH)
        # (an empty body where one is needed is a 400 about the body, not a refusal)
        assert answer.status_code in (200, 400, 404), (path, answer.text)
    reset = httpx.post(f"{one_project.url}/_sandbox/reset", json={}, auth=AUTH)
    assert reset.json() == {"reset": "*"}
    # The admin key is a header no form can send: with it, no content type is needed.
    config = one_project.sandbox.config
    keyed = httpx.post(
        f"{one_project.url}/_sandbox/reset", headers={"x-sandbox-admin-key": config.admin_key}
    )
    assert keyed.status_code == 200


def test_sandbox_admin_keeps_working(one_project: PortServer) -> None:
    with SandboxAdmin(one_project.url, key_id=AUTH[0], key_secret=AUTH[1]) as admin:
        assert admin.seed(["+12025550134"]) == 1
        assert admin.advance_clock(10) == 10
        assert admin.set_faults(rate_503=0)["rate_503"] == 0
        assert admin.deliver_callbacks() == 0
        admin.reset()
        assert admin.submissions() == {}


def test_the_consoles_own_forms_keep_working(one_project: PortServer) -> None:
    """They post a form, with the token of the page they are on (another site cannot read it)."""
    with httpx.Client(base_url=one_project.url, auth=AUTH) as http:
        page = http.get("/_sandbox/console/clock").text
        token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
        moved = http.post("/_sandbox/console/clock", data={"token": token, "seconds": "60"})
        assert moved.status_code == 303
        assert one_project.sandbox.clock.offset == 60
        forged = http.post("/_sandbox/console/clock", data={"token": "x", "seconds": "60"})
        assert forged.status_code == 401
        assert one_project.sandbox.clock.offset == 60


#: Sinch-API requests a page of another site can send without a CORS preflight (a form, or a
#: `fetch()` with a simple content type or none), the browser adding its cached Basic
#: credentials: a bodiless POST changes state without any JSON.
SIMPLE_CROSS_SITE = [
    {"origin": "http://evil.example"},
    {"origin": "null"},
    {**FORM, "origin": "http://evil.example"},
    {"content-type": "text/plain", "origin": "http://evil.example"},
    {"sec-fetch-site": "cross-site"},
    {"sec-fetch-site": "same-site", "content-type": "text/plain"},
]


@pytest.mark.parametrize(
    "headers",
    SIMPLE_CROSS_SITE,
    ids=["origin", "null-origin", "form", "text", "fetch-site", "same-site"],
)
@pytest.mark.parametrize("operation", [":sendVoiceChallenge", ""])
def test_a_cross_site_sinch_api_request_changes_nothing(
    one_project: PortServer, headers: dict[str, str], operation: str
) -> None:
    one_project.sandbox.qualified_numbers.seed(
        PROJECT, [("+12025550134", "US", False)], "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    )
    before = _state(one_project)
    method = "POST" if operation else "DELETE"
    url = f"{one_project.url}{BASE}/+12025550134{operation}"
    answer = httpx.request(method, url, headers=headers, auth=AUTH)
    assert answer.status_code == 403, answer.text
    assert answer.json()["status"] == "PERMISSION_DENIED"
    assert "cross-site" in answer.json()["message"]
    assert _state(one_project) == before


def test_sinch_api_requests_of_a_script_or_the_sandboxs_own_origin_are_served(
    one_project: PortServer,
) -> None:
    one_project.sandbox.qualified_numbers.seed(
        PROJECT, [("+12025550134", "US", False)], "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    )
    url = f"{one_project.url}{BASE}/+12025550134:sendVoiceChallenge"
    for headers in (
        {},  # curl, the client: no Origin, no Sec-Fetch-Site
        {"origin": one_project.url},
        {"sec-fetch-site": "same-origin"},
        {"sec-fetch-site": "none"},  # typed in the address bar
    ):
        before = _state(one_project)
        answer = httpx.post(url, headers=headers, auth=AUTH)
        assert answer.status_code == 200, (headers, answer.text)
        assert _state(one_project) != before
    # Reads stay open to any page: what they answer is not readable cross-site (no CORS).
    listed = httpx.get(
        f"{one_project.url}{BASE}/+12025550134",
        headers={"origin": "http://evil.example"},
        auth=AUTH,
    )
    assert listed.status_code == 200, listed.text


# -- DNS rebinding -----------------------------------------------------------------------------

FOREIGN_HOSTS = [
    "attacker.example",
    "attacker.example:{port}",
    "127.0.0.1.attacker.example:{port}",
    "localhost.attacker.example",
    "0.0.0.0:{port}",
    "[::ffff:8.8.8.8]:{port}",
    "10.0.0.1:{port}",
    "sandbox.internal.attacker.example",
    "",
]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_host_that_is_not_the_sandboxs_is_refused_everywhere(
    one_project: PortServer, host: str
) -> None:
    port = one_project.url.rsplit(":", 1)[1]
    before = _state(one_project)
    headers = {"host": host.format(port=port)}
    for method, path, kwargs in (
        ("GET", BASE, {"params": {"states": "GLOBAL_PROCESS_STATE_VERIFIED"}}),
        ("GET", "/_sandbox/console/numbers", {}),
        ("GET", "/_sandbox/faults", {}),
        ("POST", "/_sandbox/reset", {"json": {}}),
        ("POST", "/oauth2/token", {"data": {"grant_type": "client_credentials"}}),
    ):
        answer = httpx.request(method, one_project.url + path, headers=headers, auth=AUTH, **kwargs)
        assert answer.status_code == 400, (host, path, answer.text)
        assert "Host" in answer.json()["message"]
        assert "sandbox-project" not in answer.text
    assert _state(one_project) == before


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}", "127.0.0.1",
     "localhost", "sandbox.internal:{port}", "Sandbox.Internal."],
)  # fmt: skip
def test_the_sandboxs_own_addresses_and_names_it_serves_are_answered(
    one_project: PortServer, host: str
) -> None:
    port = one_project.url.rsplit(":", 1)[1]
    answer = httpx.get(
        one_project.url + BASE,
        params={"states": "GLOBAL_PROCESS_STATE_VERIFIED"},
        headers={"host": host.format(port=port)},
        auth=AUTH,
    )
    assert answer.status_code == 200, (host, answer.text)


def test_the_command_line_names_the_hosts_to_serve() -> None:
    args = parse_args(["--allowed-host", "sandbox.internal", "--allowed-host", "qn.test"])
    sandbox = Sandbox(config_from_args(args))
    assert sandbox.served_hosts == {"sandbox.internal", "qn.test"}
    sandbox.close()


def test_the_in_process_sandbox_serves_sinchs_names_and_the_hosts_it_is_given() -> None:
    with sinch_sandbox(hosts=["qn.example.test"]) as sandbox:
        client = sandbox.client()
        client.qualified_numbers.add(["+12025550134"])
        with httpx.Client(auth=AUTH) as http:
            other = http.get(
                f"https://qn.example.test/{API_VERSION}/projects/{DEFAULT_PROJECT_ID}"
                "/qualifiedNumbers/%2B12025550134"
            )
        assert other.status_code == 200, other.text
        client.close()
