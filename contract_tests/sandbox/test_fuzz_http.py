"""(a) A raw-HTTP fuzzer over every sandbox route: arbitrary bytes in the body, the headers
(Authorization included), the path segments and the query.

Promised for every request: no 5xx (no fault is injected here), an answer within seconds
(never a hang), and a request answered with a 4xx changes no state (the sandbox's digest, the
clock and the fault settings are the same before and after). Requests are written to a socket
by hand, so that bytes an HTTP library would refuse to send reach the server too.

`FUZZ_EXAMPLES` sets the number of examples (`make contract-test-deep` raises it).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    Credential,
    PortServer,
    SandboxConfig,
    serve_in_thread,
)

from ..conftest import API_VERSIONS, send_raw

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
)
OTHER = Credential("other-project", "other-key", "other-secret")
ADMIN_KEY = "fuzz-admin-key"
SEEDED = ["+12025550134", "+12025550135", "+18335870229", "+14165550123"]


@pytest.fixture(scope="module")
def running() -> Iterator[PortServer]:
    config = SandboxConfig(
        credentials=(
            Credential(DEFAULT_PROJECT_ID, DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
            OTHER,
        ),
        eligibility_delay=10**6,
        hosting_delay=10**6,
        provisioning_delay=10**6,  # nothing moves by itself between two digests
        admin_key=ADMIN_KEY,
        seed=5,
    )
    with serve_in_thread(config) as server:
        yield server


def _routes(running: PortServer) -> list[tuple[str, str]]:
    app = running.sandbox.app
    while not hasattr(app, "routes"):  # unwrap the fault middleware's closure
        app = next(
            c.cell_contents
            for c in (app.__closure__ or ())
            if hasattr(c.cell_contents, "routes") or callable(c.cell_contents)
        )
    found = []
    for route in app.routes:
        assert isinstance(route, Route)
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, route.path))
    return found


def _basic(key: str, secret: str) -> bytes:
    return b"Basic " + base64.b64encode(f"{key}:{secret}".encode())


AUTH = st.sampled_from(
    [
        None,
        _basic(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
        _basic(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
        _basic(OTHER.key_id, OTHER.key_secret),
        _basic(DEFAULT_KEY_ID, "é"),
        b"Basic \xe9\xe9\xe9\xe9",
        b"Bearer nope",
    ]
) | st.binary(max_size=40).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))
TEXT = st.text(max_size=12) | st.sampled_from(["\ud800", "é", "٢", "1_0", " 2 ", "-1", "1e300"])
JSON_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | TEXT
    | st.sampled_from([*SEEDED, "US", "CA", "GLOBAL_PROCESS_STATE_VERIFIED", 1e300])
)
JSON = st.recursive(
    JSON_SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=8,
)
KEYS = st.sampled_from(
    [
        "phoneNumbers", "numbers", "regionCode", "servicePlanId", "blanketLoaInfo",
        "directLoaInfo", "resellerLoaInfo", "code", "seconds", "state", "callbackUrl",
        "campaignId", "displayName", "rate_500", "latency_ms", "operations", "per_operation",
        "hmacSecret",
    ]
)  # fmt: skip
BODY_OBJECT = st.dictionaries(KEYS, JSON, max_size=5)


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True, allow_nan=True, default=str).encode()


BODIES = (
    st.just(b"")
    | st.binary(max_size=200)
    | BODY_OBJECT.map(_encode)
    | JSON.map(_encode)
    | st.sampled_from(
        [
            b'{"a": 1, "a": 2}',
            b'{"seconds": 1e999}',
            b'{"seconds": NaN}',
            b"[" * 5000,
            b'{"phoneNumbers": [' + b"1" * 5000 + b"]}",
            b'{"seconds": 1' + b"0" * 5000 + b"}",
            b'{"phoneNumbers": ["\\ud800"]}',
        ]
    )
)
PERSON = {"firstName": "Jane", "lastName": "Doe", "email": "jane@example.com"}
ADDRESS = {
    "buildingNumber": "1", "street": "Main", "city": "X", "state": "IL",
    "postalCode": "62701", "country": "US",
}  # fmt: skip
DIRECT = {"authorisedPerson": PERSON, "address": ADDRESS, "currentVoiceCarrier": "Verizon"}
#: Bodies that pass validation, by route suffix; the fuzzer changes one leaf of them, so that
#: a hostile value also reaches the rules and the rendering behind the schema check.
VALID = {
    ":addNumbers": {"phoneNumbers": ["+12025550199"]},
    ":textEnableNumbers": {
        "regionCode": "US", "numbers": ["+12025550134"], "servicePlanId": "p",
        "campaignId": "C1", "displayName": "d", "blanketLoaInfo": {},
    },
    ":textEnableTollFreeNumbers": {
        "regionCode": "US", "numbers": ["+18335870229"], "servicePlanId": "p",
        "displayName": "d", "directLoaInfo": DIRECT,
    },
    ":verifyVoiceChallenge": {"code": "1234"},
    "numbers:seed": {"phoneNumbers": ["+12025550177"], "state": "GLOBAL_PROCESS_STATE_VERIFIED"},
    "clock:advance": {"seconds": 1},
    "/_sandbox/faults": {"latency_ms": 0},
    "/callbackConfiguration": {"hmacSecret": "s"},
    "/importedNumbers": {
        "phoneNumber": "+12025550166", "regionCode": "US", "displayName": "d",
        "smsConfiguration": {"servicePlanId": "p", "campaignId": "C1"},
    },
    "importedNumbers/{phone:phone}": {
        "displayName": "d", "smsConfiguration": {"servicePlanId": "", "campaignId": ""},
    },
    ":importNumbers": {
        "regionCode": "US", "numbers": ["+12025550177"], "servicePlanId": "p",
        "campaignId": "C1", "migrateToSinchTmo": True,
    },
}  # fmt: skip


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))] or [path]
    return [path]


@st.composite
def near_valid(draw: st.DrawFn, template: dict[str, Any]) -> bytes:
    body = json.loads(json.dumps(template))
    path = draw(st.sampled_from(_leaves(body)))
    holder = body
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = draw(st.one_of(st.just("\ud800"), JSON))
    return _encode(body)


CONTENT_TYPES = st.sampled_from([b"application/json", b"text/plain", b"", b"application/json; x"])
SEGMENTS = {  # (the usual value, hostile ones)
    "{version:apiversion}": (st.sampled_from(API_VERSIONS), TEXT),
    "{project_id}": (st.just(DEFAULT_PROJECT_ID), st.just(OTHER.project_id) | TEXT),
    "{phone:phone}": (st.sampled_from(SEEDED), st.just("+19995550000") | TEXT),
}
QUERY_KEYS = st.sampled_from(
    ["states", "regionCode", "pageSize", "pageToken", "orderBy", "x", "numberPattern.pattern",
     "numberPattern.searchPattern", "servicePlanId", "campaignId"]
)  # fmt: skip
QUERY_VALUES = (
    st.sampled_from(["GLOBAL_PROCESS_STATE_VERIFIED", "US", "createdTime", "0", "5"]) | TEXT
)


def _quote(text: str, safe: str = "") -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe=safe)


@st.composite
def requests(draw: st.DrawFn, routes: list[tuple[str, str]]) -> tuple[bytes, str]:
    with_body = [r for r in routes if any(r[1].endswith(suffix) for suffix in VALID)]
    method, template = draw(st.sampled_from(routes) | st.sampled_from(with_body))
    if draw(st.integers(0, 9)) == 0:
        method = draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]))
    path = template
    for placeholder, (usual, hostile) in SEGMENTS.items():
        if placeholder in path:
            segment = draw(usual if draw(st.integers(0, 3)) else hostile)
            path = path.replace(placeholder, _quote(segment, safe="+"), 1)
    pairs = draw(st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=4))
    query = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in pairs)
    target = path + ("?" + query if query else "")
    templates = [body for suffix, body in VALID.items() if template.endswith(suffix)]
    body = draw(near_valid(templates[0]) if templates and draw(st.integers(0, 3)) else BODIES)
    lines = [f"{method} {target} HTTP/1.1".encode(), b"Host: 127.0.0.1"]
    # Each hostile aspect in about one request of four, so that the others get deep.
    auth = _basic(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET) if draw(st.integers(0, 3)) else draw(AUTH)
    if auth is not None:
        lines.append(b"Authorization: " + auth)
    if not draw(st.integers(0, 3)):
        lines.append(b"X-Sandbox-Admin-Key: " + draw(st.sampled_from([b"wrong", b"\xff\xfe"])))
    content_type = b"application/json" if draw(st.integers(0, 3)) else draw(CONTENT_TYPES)
    if content_type:
        lines.append(b"Content-Type: " + content_type)
    lines += [f"Content-Length: {len(body)}".encode(), b"Connection: close", b"", b""]
    return b"\r\n".join(lines) + body, f"{method} {target[:120]}"


def _state(running: PortServer) -> tuple[str, Any]:
    return running.sandbox.digest(), running.sandbox.faults.describe()


@pytest.fixture(scope="module")
def routes(running: PortServer) -> list[tuple[str, str]]:
    found = _routes(running)
    assert ("POST", "/_sandbox/reset") in found and ("GET", "/oauth2/token") not in found
    assert len(found) >= 15
    return found


def test_every_route_is_fuzzed(routes: list[tuple[str, str]]) -> None:
    paths = {path for _, path in routes}
    assert any(":textEnableTollFreeNumbers" in p for p in paths)
    assert any(p.endswith("importedNumbers/{phone:phone}") for p in paths)
    assert any(p.endswith(":importNumbers") for p in paths)
    assert "/_sandbox/clock:advance" in paths and "/_sandbox/faults" in paths


@given(data=st.data())
@FUZZ
def test_no_5xx_no_hang_and_no_state_change_on_4xx(
    running: PortServer, routes: list[tuple[str, str]], data: st.DataObject
) -> None:
    sandbox = running.sandbox
    sandbox.faults.update({"rate_500": 0, "rate_503": 0, "rate_429": 0, "latency_ms": 0,
                           "drop_before": 0, "drop_after": 0, "error_after": 0})  # fmt: skip
    # Every example starts from numbers ready for each operation (a reset may have run).
    sandbox.qualified_numbers.seed(
        DEFAULT_PROJECT_ID, [("+12025550135", "US", False)], "GLOBAL_PROCESS_STATE_ELIGIBLE"
    )
    sandbox.qualified_numbers.seed(
        DEFAULT_PROJECT_ID,
        [
            ("+12025550134", "US", False),
            ("+18335870229", "US", True),
            ("+14165550123", "CA", False),
        ],
        "GLOBAL_PROCESS_STATE_VERIFIED",
    )
    if sandbox.imported_numbers.get(DEFAULT_PROJECT_ID, "+12025550134") is None:
        sandbox.imported_numbers.create(
            DEFAULT_PROJECT_ID,
            [("+12025550134", "US")],
            service_plan_id="p",
            campaign_id="C1",
        )
    sandbox.settle()
    raw, label = data.draw(requests(routes))
    before = _state(running)
    status = send_raw(running.url, raw, timeout=10)
    assert status < 500, f"{label} answered {status}"
    if 400 <= status < 500:
        assert _state(running) == before, f"{label} answered {status} but changed state"
