"""A callback URL that cannot be delivered to is refused when the order is made, and delivery
is never blocked by one event: whatever happens to it, it is marked (failed, with the reason)
and the next one, and every other project's, goes on.

`FUZZ_EXAMPLES` sets the number of fuzzed URLs (`make contract-test-deep` raises it).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sinch_qualified_numbers_sandbox import PortServer, serve_app_in_thread
from sinch_qualified_numbers_sandbox.callbacks import CallbackDispatcher, refusal
from sinch_qualified_numbers_sandbox.service import Sandbox

from ..conftest import API_VERSION, InProcess
from .conftest import BASE, OTHER, error_of, violated_fields

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
)


def _order(url: object) -> dict[str, Any]:
    return {
        "regionCode": "US",
        "numbers": ["+12025550134"],
        "servicePlanId": "p",
        "blanketLoaInfo": {},
        "callbackUrl": url,
    }


def _own_spellings(port: int) -> list[str]:
    return [
        f"http://{host}:{port}/{API_VERSION}/projects/x/qualifiedNumbers"
        for host in (
            "127.0.0.1",
            "127.1",
            "2130706433",
            "0x7f.0.0.1",
            "0177.0.0.1",
            "0.0.0.0",
            "0",
            "[::ffff:127.0.0.1]",
            "[::1]",
            "[::]",
            "localhost",
            "LOCALHOST.",
            "api.localhost",
        )
    ]


POISON = [
    "http://127.0.0.1:99999/x",
    "http://127.0.0.1:65536/x",
    "http://[::1]:99999/x",
    "http://127.0.0.1:0/x",
    "http://127.0.0.1:8080/a\r\nX-Injected: 1",
    "http://127.0.0.1:8080/a\tb",
    "http://127.0.0.1:8080/a\x00b",
    "http://127.0.0.1:8080/" + "a" * 100_000,
    "javascript:alert(1)",
    "file:///etc/passwd",
    "ftp://127.0.0.1/x",
    "gopher://127.0.0.1:8080/x",
    "http:///nohost",
    "http://[::1/x",
    "//127.0.0.1:8080/x",
    "/relative/path",
    "http://127.0.0.1:8080/a\u2028b",
    "http://127.0.0.1:8080/a\x85b",
]


@pytest.mark.parametrize("url", POISON, ids=range(len(POISON)))
def test_a_url_delivery_cannot_use_is_refused_naming_callback_url(
    sandbox: InProcess, http: httpx.Client, url: str
) -> None:
    body = error_of(http.post(f"{BASE}:textEnableNumbers", json=_order(url)), 400)
    assert violated_fields(body) == ["callbackUrl"]


# Served: the spellings are of the loopback address and port the sandbox is reached at.
@pytest.mark.served
def test_every_spelling_of_the_sandboxs_own_address_is_refused(
    sandbox: PortServer, http: httpx.Client
) -> None:
    port = int(sandbox.url.rsplit(":", 1)[1])
    http.get(f"{BASE}")  # the sandbox learns its own address from a request
    for url in _own_spellings(port):
        response = http.post(f"{BASE}:textEnableNumbers", json=_order(url))
        assert violated_fields(error_of(response, 400)) == ["callbackUrl"], url


def _receiver(received: list[bytes], stall: threading.Event | None = None) -> Starlette:
    async def hook(request: Request) -> Response:
        while stall is not None and not stall.is_set():  # stalls until released
            await asyncio.sleep(0.05)
        received.append(await request.body())
        return Response(status_code=204)

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


def _event(project: str, n: int) -> dict[str, Any]:
    return {"eventId": f"e{n}", "projectId": project, "eventType": "HOSTING_PROCESS"}


# Served: the other project's event is sent to a receiver on a port.
@pytest.mark.served
def test_a_poison_row_is_marked_failed_and_never_blocks_another_project(
    sandbox: PortServer, http: httpx.Client
) -> None:
    """Rows such as an older sandbox (or a database edited by hand) may hold: delivery marks
    each failed with its reason and goes on; the other project's event is delivered, with
    that project's key too."""
    received: list[bytes] = []
    outbox = sandbox.sandbox.outbox
    with serve_app_in_thread(_receiver(received)) as receiver:
        for n, url in enumerate(POISON):
            outbox.enqueue(url, _event("sandbox-project", n))
        outbox.enqueue(f"{receiver.url}/hook", _event(OTHER.project_id, 99))
        with httpx.Client(
            base_url=sandbox.url, auth=(OTHER.key_id, OTHER.key_secret), timeout=30
        ) as other:
            answer = other.post("/_sandbox/callbacks:deliver", json={})
        assert answer.status_code == 200, answer.text
        # Delivered by this call, or by the ticker's round it waited for.
        assert answer.json()["delivered"] in (0, 1)
        assert len(received) == 1
        answer = http.post("/_sandbox/callbacks:deliver", json={})
        assert answer.status_code == 200, answer.text
    poisoned = [sent for sent in outbox.latest() if "e99" not in sent.body]
    assert len(poisoned) == len(POISON)
    assert all(not sent.delivered and sent.reason for sent in poisoned)
    # Given up at once: no later round tries them again.
    assert outbox.pending() == []


# Served: the served sandbox's ticker sends to receivers on ports, one of them stalled.
@pytest.mark.served
def test_a_stalled_receiver_delays_only_its_own_project(sandbox: PortServer) -> None:
    received: list[bytes] = []
    outbox = sandbox.sandbox.outbox
    release = threading.Event()
    with (
        serve_app_in_thread(_receiver([], stall=release)) as stalled,
        serve_app_in_thread(_receiver(received)) as healthy,
    ):
        for n in range(3):
            outbox.enqueue(f"{stalled.url}/hook", _event("sandbox-project", n))
        outbox.enqueue(f"{healthy.url}/hook", _event(OTHER.project_id, 9))
        # The ticker (every 0.2 s) delivers; the stalled receiver holds 3 x 10 s at most.
        deadline = time.monotonic() + 5
        try:
            while not received:
                assert time.monotonic() < deadline, "the other project's event was held up"
                time.sleep(0.05)
        finally:
            release.set()


_HOSTS = st.sampled_from(
    [
        "127.0.0.1",
        "127.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "localhost",
        "0.0.0.0",
        "example.com",
        "",
        "[::1",
        "2130706433",
    ]
)
_URLS = st.one_of(
    st.text(max_size=60),
    st.builds(
        lambda scheme, host, port, path: f"{scheme}://{host}{port}/{path}",
        st.sampled_from(["http", "https", "HTTP", "javascript", "file", "ftp", ""]),
        _HOSTS,
        st.one_of(
            st.just(""),
            st.integers(-5, 10**6).map(lambda p: f":{p}"),
            st.text(max_size=6).map(lambda p: f":{p}"),
        ),
        st.text(max_size=40),
    ),
)


@FUZZ
@given(url=_URLS)
def test_fuzzed_callback_urls_are_refused_or_delivered_never_stuck(url: str) -> None:
    """Any URL the check lets through can be attempted: the attempt ends (within the
    delivery deadline), the row is marked, and the queue behind it is free."""
    backend = Sandbox()
    dispatcher = CallbackDispatcher(
        backend.outbox,
        backend.hosting_orders,
        backend.callback_configuration,
        {("127.0.0.1", 1)},
    )
    if refusal(url, dispatcher.own_addresses) is not None:
        return
    backend.outbox.enqueue(url, _event("p", 1))

    async def attempt() -> int:
        try:
            return await asyncio.wait_for(dispatcher.deliver(), 15)
        finally:
            await dispatcher.aclose()

    assert asyncio.run(attempt()) in (0, 1)
    (sent,) = backend.outbox.latest()
    assert sent.attempts >= 1
    assert sent.delivered or sent.reason


@FUZZ
@given(url=_URLS)
def test_fuzzed_callback_urls_never_break_the_sandbox(
    sandbox: InProcess, http: httpx.Client, url: str
) -> None:
    response = http.post(f"{BASE}:textEnableNumbers", json=_order(url))
    assert response.status_code < 500, response.text
    if response.status_code == 400 and "callbackUrl" in violated_fields(response.json()):
        assert refusal(url, sandbox.sandbox.own_addresses) is not None
    assert http.post("/_sandbox/callbacks:deliver", json={}).status_code == 200


def test_a_projects_delivery_round_touches_only_its_own_events() -> None:
    dispatcher = Sandbox().callbacks
    outbox = dispatcher.outbox
    # Nothing listens on port 9: each attempt fails fast, and is counted.
    outbox.enqueue("http://127.0.0.1:9/mine", _event("mine", 1))
    outbox.enqueue("http://127.0.0.1:9/theirs", _event("theirs", 2))

    async def one_round() -> None:
        try:
            await dispatcher.deliver("theirs")
        finally:
            await dispatcher.aclose()

    asyncio.run(one_round())
    attempts = {sent.url.rsplit("/", 1)[1]: sent.attempts for sent in outbox.latest()}
    assert attempts == {"mine": 0, "theirs": 1}


#: Credentials in a callback URL would be sent on to whatever it names (another local
#: service, such as a second sandbox whose endpoints they unlock).
WITH_USERINFO = [
    "http://sandbox-key-id:sandbox-key-secret@127.0.0.1:8766/_sandbox/reset",
    "http://user@127.0.0.1:8080/hook",
    "http://:secret@127.0.0.1:8080/hook",
    "http://@127.0.0.1:8080/hook",
    "https://user%40corp:p%3Ass@example.com/hook",
    "http://127.0.0.1:8080\\@example.com/hook",
]


@pytest.mark.parametrize("url", WITH_USERINFO, ids=range(len(WITH_USERINFO)))
def test_a_url_with_credentials_is_refused_naming_callback_url(
    sandbox: InProcess, http: httpx.Client, url: str
) -> None:
    body = error_of(http.post(f"{BASE}:textEnableNumbers", json=_order(url)), 400)
    assert violated_fields(body) == ["callbackUrl"]
    assert "credentials" in body["message"] or "credentials" in str(body["details"])
    assert "secret" not in str(body)  # the refusal never quotes them
    imported = http.post(
        f"/{API_VERSION}/projects/sandbox-project/importedNumbers",
        json={
            "phoneNumber": "+12025550177",
            "regionCode": "US",
            "smsConfiguration": {"servicePlanId": "plan"},
            "callbackUrl": url,
        },
    )
    assert violated_fields(error_of(imported, 400)) == ["callbackUrl"]


# Served: a receiver on a port that would be reached, were the row not given up (in-process,
# nothing is sent to a receiver, and `received == []` would prove nothing).
@pytest.mark.served
def test_a_stored_url_with_credentials_is_never_called(
    sandbox: PortServer, http: httpx.Client
) -> None:
    """A row such as an older sandbox may hold is given up at delivery, its credentials
    never sent."""
    received: list[bytes] = []
    with serve_app_in_thread(_receiver(received)) as receiver:
        url = receiver.url.replace("http://", "http://user:pass@") + "/hook"
        outbox = sandbox.sandbox.outbox
        outbox.enqueue(url, _event("sandbox-project", 1))
        assert http.post("/_sandbox/callbacks:deliver", json={}).status_code == 200
    assert received == []
    (sent,) = outbox.latest()
    assert not sent.delivered and "credentials" in sent.reason
