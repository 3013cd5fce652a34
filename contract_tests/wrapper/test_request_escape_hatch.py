"""`client.request(method, path, ...)`: an operation Sinch added before the client has a
method for it, called with the client's auth, retries and typed errors, blocking and asyncio."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import BadRequestError, InvalidArgumentError, NotFoundError

from . import both
from .conftest import API, ONE
from .test_extras import OPTIONS

DELETE_NUMBERS = "/projects/{project_id}/qualifiedNumbers:deleteNumbers"


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_new_operation_is_called_with_the_clients_auth_and_returns_its_json(mode: str) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"deletedNumbers": [ONE]})

    respx.post(f"{API}:deleteNumbers").mock(side_effect=answer)

    found = both.run(
        mode,
        OPTIONS,
        lambda c: c.request(
            "POST",
            DELETE_NUMBERS,
            json={"phoneNumbers": [ONE]},
            params={"validateOnly": "false"},
            headers={"X-Trace": "t1"},
        ),
    )

    assert found == {"deletedNumbers": [ONE]}
    (request,) = seen
    assert json.loads(request.content) == {"phoneNumbers": [ONE]}
    assert request.url.params["validateOnly"] == "false"
    assert request.headers["x-trace"] == "t1"
    assert request.headers["authorization"].startswith("Basic ")
    assert request.headers["user-agent"].startswith("sinch-qualified-numbers-python/")


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_an_empty_answer_is_none(mode: str) -> None:
    respx.delete(f"{API}/{ONE}").respond(200, content=b"")
    path = f"/projects/{{project_id}}/qualifiedNumbers/{ONE}"
    assert both.run(mode, OPTIONS, lambda c: c.request("DELETE", path)) is None


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_read_is_retried_and_errors_are_typed(mode: str, sleeps: list[float]) -> None:
    busy = httpx.Response(503, json={"code": 503, "message": "busy", "status": "UNAVAILABLE"})
    route = respx.get(f"{API}:newRead").mock(
        side_effect=[busy, httpx.Response(200, json={"ok": True})]
    )
    path = "/projects/{project_id}/qualifiedNumbers:newRead"
    assert both.run(mode, OPTIONS, lambda c: c.request("GET", path)) == {"ok": True}
    assert route.call_count == 2 and len(sleeps) == 1

    respx.get(f"{API}/{ONE}").respond(
        404, json={"code": 404, "message": "no such number", "status": "NOT_FOUND"}
    )
    with pytest.raises(NotFoundError):
        both.run(
            mode,
            OPTIONS,
            lambda c: c.request("GET", f"/projects/{{project_id}}/qualifiedNumbers/{ONE}"),
        )

    respx.post(f"{API}:deleteNumbers").respond(
        400, json={"code": 400, "message": "phoneNumbers is required", "status": "INVALID_ARGUMENT"}
    )
    with pytest.raises(BadRequestError, match="phoneNumbers is required"):
        both.run(mode, OPTIONS, lambda c: c.request("POST", DELETE_NUMBERS, json={}))


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize(
    ("args", "kwargs", "named"),
    [
        (("GET", "https://elsewhere.test/steal"), {}, "path must start with /"),
        (("GET", "//elsewhere.test/steal"), {}, "path must start with /"),
        (("GET", "/projects/{project_id}/qualifiedNumbers?x=1"), {}, "give the query as params"),
        (("FETCH", "/projects"), {}, "method must be one of"),
        (("POST", "/projects"), {"json": {"at": {1}}}, "json cannot be sent as JSON"),
        (("GET", "/projects"), {"headers": {"X-N": 1}}, r"headers\['X-N'\]"),
    ],
)
def test_a_request_that_cannot_be_sent_is_refused_before_anything_is_sent(
    mode: str, args: tuple[str, str], kwargs: dict[str, Any], named: str
) -> None:
    with respx.mock(assert_all_mocked=True) as mock:
        with pytest.raises(InvalidArgumentError, match=named):
            both.run(mode, OPTIONS, lambda c: c.request(*args, **kwargs))
        assert not mock.calls
