"""`extra_headers`, `extra_query` and `extra_body`: what Sinch adds to the spec (a request
field such as `brandId` on text enablement) is sent the day it is announced, merged once into
each request a method makes, blocking and asyncio."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import respx

from sinch_qualified_numbers import InvalidArgumentError, QualifiedNumbersError

from . import both
from .conftest import (
    API,
    FAKE_BASE,
    FAKE_TOKEN_URL,
    LOA,
    ONE,
    PROJECT,
    fake_async_client,
    number_json,
)

TOLL_FREE = "+18335551000"

OPTIONS: dict[str, Any] = {
    "project_id": PROJECT,
    "key_id": "key-id",
    "key_secret": "s3cr3t-key-secret",
    "base_url": FAKE_BASE,
    "token_url": FAKE_TOKEN_URL,
    "auth": "basic",
}

DAY_ZERO = {
    "extra_body": {"brandId": "B1"},
    "extra_headers": {"X-Day-Zero": "yes"},
    "extra_query": {"dryRun": "true"},
}


def _sent(request: httpx.Request) -> dict[str, Any]:
    return {
        "path": request.url.path,
        "header": request.headers.get_list("x-day-zero"),
        "query": request.url.params.get_list("dryRun"),
        "body": json.loads(request.content) if request.content else None,
        "length": int(request.headers.get("content-length", "0")),
        "size": len(request.content),
    }


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_new_request_field_reaches_each_call_of_text_enable(mode: str) -> None:
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        return httpx.Response(200, json={"hostingOrderId": f"order-{len(seen)}"})

    respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    respx.post(f"{API}:textEnableTollFreeNumbers").mock(side_effect=answer)
    # Two calls' worth: the states are listed first (no number is not VERIFIED).
    listing = respx.get(API).respond(200, json={})

    result = both.run(
        mode,
        OPTIONS,
        lambda c: c.qualified_numbers.text_enable(
            [ONE, TOLL_FREE], service_plan_id="plan", loa=LOA, **DAY_ZERO
        ),
    )

    assert sorted(result.enabled) == sorted([ONE, TOLL_FREE])
    assert listing.calls.last.request.url.params.get_list("dryRun") == ["true"]
    assert len(seen) == 2  # a local call and a toll-free one: both carry the extras
    for sent in seen:
        assert sent["body"]["brandId"] == "B1"
        assert sent["body"]["servicePlanId"] == "plan"  # merged into, not replacing, the body
        assert len(sent["body"]["numbers"]) == 1
        assert sent["header"] == ["yes"]
        assert sent["query"] == ["true"]
        assert sent["length"] == sent["size"]  # the body was encoded once, with the extras


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_retry_resends_the_same_merged_request(mode: str, sleeps: list[float]) -> None:
    seen: list[dict[str, Any]] = []
    answers = iter(
        [
            httpx.Response(503, json={"code": 503, "message": "busy", "status": "UNAVAILABLE"}),
            httpx.Response(200, json=number_json(ONE)),
        ]
    )

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        return next(answers)

    respx.get(f"{API}/{ONE}").mock(side_effect=answer)

    number = both.run(mode, OPTIONS, lambda c: c.qualified_numbers.get(ONE, **DAY_ZERO))

    assert number.phone_number == ONE
    assert len(seen) == 2 and sleeps  # retried once
    for sent in seen:
        assert sent["header"] == ["yes"]
        assert sent["query"] == ["true"]
        assert sent["body"] is None  # a read never carries extra_body


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_listing_carries_its_extras_to_every_page_and_no_further(mode: str) -> None:
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        token = request.url.params.get("pageToken")
        page = {"qualifiedNumbers": [number_json(ONE)], "nextPageToken": "" if token else "p2"}
        return httpx.Response(200, json=page)

    def one(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        return httpx.Response(200, json=number_json(ONE))

    respx.get(API).mock(side_effect=answer)
    respx.get(f"{API}/{ONE}").mock(side_effect=one)

    async def collect_async(c: Any) -> list[Any]:
        found = [n async for n in c.qualified_numbers.list(extra_query={"dryRun": "true"})]
        await c.qualified_numbers.get(ONE)
        return found

    def collect(c: Any) -> Any:
        if mode == "async":
            return collect_async(c)
        found = list(c.qualified_numbers.list(extra_query={"dryRun": "true"}))
        c.qualified_numbers.get(ONE)
        return found

    found = both.run(mode, OPTIONS, collect)

    assert len(found) == 2
    assert [s["query"] for s in seen] == [["true"], ["true"], []]  # the later get has none


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_post_without_a_body_gets_extra_body_as_its_body(mode: str) -> None:
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        return httpx.Response(
            200, json=number_json(ONE, "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING")
        )

    respx.post(f"{API}/{ONE}:sendVoiceChallenge").mock(side_effect=answer)

    both.run(
        mode,
        OPTIONS,
        lambda c: c.qualified_numbers.send_voice_challenge(ONE, extra_body={"language": "fr"}),
    )

    assert [s["body"] for s in seen] == [{"language": "fr"}]


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize(
    ("extras", "named"),
    [
        ({"extra_headers": {"X-Count": 1}}, "extra_headers['X-Count']"),
        ({"extra_headers": ["X-A"]}, "extra_headers"),
        ({"extra_query": {"when": object()}}, "extra_query['when']"),
        ({"extra_body": {"at": {1, 2}}}, "extra_body"),
        ({"extra_body": {1: "x"}}, "extra_body"),
        ({"extra_headers": {"X-\u00e9": "x"}}, "extra_headers['X-\u00e9']"),
        ({"extra_headers": {"X Space": "x"}}, "extra_headers['X Space']"),
        ({"extra_headers": {"X-Name": "caf\u00e9"}}, "extra_headers['X-Name']"),
        ({"extra_headers": {"X-Split": "a\r\nX-Injected: 1"}}, "extra_headers['X-Split']"),
    ],
)
def test_extras_that_cannot_be_sent_are_refused_before_any_request(
    mode: str, extras: dict[str, Any], named: str
) -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.get(f"{API}/{ONE}").respond(200, json=number_json(ONE))
        with pytest.raises(InvalidArgumentError, match=named.replace("[", r"\[")):
            both.run(mode, OPTIONS, lambda c: c.qualified_numbers.get(ONE, **extras))
        assert not route.called


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_add_sends_extra_body_in_each_of_its_calls(mode: str) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1501)]  # 501: two calls
    seen: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent = _sent(request)
        seen.append(sent)
        added = [number_json(n) for n in sent["body"]["phoneNumbers"]]
        return httpx.Response(200, json={"qualifiedNumbers": added})

    respx.post(f"{API}:addNumbers").mock(side_effect=answer)

    added = both.run(mode, OPTIONS, lambda c: c.qualified_numbers.add(numbers, **DAY_ZERO))

    assert len(added) == 501
    assert sorted(len(s["body"]["phoneNumbers"]) for s in seen) == [1, 500]
    assert all(s["body"]["brandId"] == "B1" and s["header"] == ["yes"] for s in seen)


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_voice_challenges_in_bulk_send_extra_body_for_each_number(mode: str) -> None:
    two = [ONE, "+12025550135"]
    seen: dict[str, Any] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        number = unquote(request.url.raw_path.decode()).rsplit("/", 1)[1].split(":")[0]
        seen[number] = _sent(request)["body"]
        return httpx.Response(
            200, json=number_json(number, "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING")
        )

    respx.post(url__regex=rf"{API}/(%2B|\+)\d+:sendVoiceChallenge").mock(side_effect=answer)

    result = both.run(
        mode,
        OPTIONS,
        lambda c: c.qualified_numbers.send_voice_challenges(two, extra_body={"language": "fr"}),
    )

    assert sorted(result.succeeded) == sorted(two)
    assert seen == {n: {"language": "fr"} for n in two}


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_the_token_request_never_carries_the_extras(mode: str) -> None:
    token = respx.post(FAKE_TOKEN_URL).respond(
        200, json={"access_token": "tok", "token_type": "bearer", "expires_in": 3600}
    )
    got = respx.post(f"{API}/{ONE}:sendVoiceChallenge").respond(
        200, json=number_json(ONE, "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING")
    )

    both.run(
        mode,
        {**OPTIONS, "auth": "oauth2"},
        lambda c: c.qualified_numbers.send_voice_challenge(ONE, **DAY_ZERO),
    )

    sent = token.calls.last.request
    assert "x-day-zero" not in sent.headers and "dryRun" not in sent.url.params
    assert b"brandId" not in sent.content
    assert _sent(got.calls.last.request)["body"] == {"brandId": "B1"}
    assert got.calls.last.request.headers["authorization"] == "Bearer tok"


@respx.mock
def test_concurrent_calls_keep_their_own_extras() -> None:
    """Two calls at once on one asyncio client: each request carries its own call's extras."""
    two = "+12025550135"
    seen: dict[str, list[str]] = {}

    async def answer(request: httpx.Request) -> httpx.Response:
        number = unquote(request.url.raw_path.decode()).rsplit("/", 1)[1]
        await asyncio.sleep(0.01)  # both calls in flight at once
        seen[number] = request.headers.get_list("x-day-zero")
        return httpx.Response(200, json=number_json(number))

    respx.get(url__regex=rf"{API}/(%2B|\+)\d+$").mock(side_effect=answer)

    async def go() -> None:
        async with fake_async_client() as client:
            qn = client.qualified_numbers
            await asyncio.gather(qn.get(ONE, extra_headers={"X-Day-Zero": "one"}), qn.get(two))

    asyncio.run(go())

    assert seen == {ONE: ["one"], two: []}


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_import_numbers_sends_extra_body_in_each_order(mode: str) -> None:
    two = [ONE, "+12025550135"]
    bodies: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        numbers = body["numbers"]
        order = {"hostingOrderId": f"o{len(bodies)}", "numberImport": {"numbers": numbers}}
        return httpx.Response(200, json=order)

    respx.post(url__regex=r".*hostingOrders:importNumbers$").mock(side_effect=answer)

    result = both.run(
        mode,
        {**OPTIONS, "max_numbers_per_import_order": 1},
        lambda c: c.hosting_orders.import_numbers(
            two, service_plan_id="p", extra_body={"brandId": "B1"}
        ),
    )

    assert set(result.imported) == set(two)
    assert len(bodies) == 2 and all(b["brandId"] == "B1" for b in bodies)


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_a_call_made_from_a_bulk_methods_hook_carries_only_its_own_extras(mode: str) -> None:
    """Extras apply to the call they were passed to: a call the user's hook makes (here a
    `get`, a `request`, and a listing made in the hook and read after it) is the user's, not
    the bulk call's, and carries none of its extras."""
    bulk: list[dict[str, Any]] = []  # before the order's answer: the bulk call's own requests
    after: list[dict[str, Any]] = []

    def record(request: httpx.Request, answer: dict[str, Any]) -> httpx.Response:
        posted = any(s["path"].endswith(":textEnableNumbers") for s in bulk)
        (after if posted else bulk).append(_sent(request))
        return httpx.Response(200, json=answer)

    respx.post(f"{API}:textEnableNumbers").mock(
        side_effect=lambda request: record(request, {"hostingOrderId": "order-1"})
    )
    respx.get(API).mock(side_effect=lambda request: record(request, {}))
    respx.get(f"{API}/{ONE}").mock(side_effect=lambda request: record(request, number_json(ONE)))
    made_in_hook: list[Any] = []

    def enable_then_read(c: Any) -> Any:
        def hook(outcome: object) -> None:
            if mode == "sync":
                c.qualified_numbers.get(ONE)
                c.request("GET", f"/projects/{{project_id}}/qualifiedNumbers/{ONE}")
            made_in_hook.append(c.qualified_numbers.list())

        enabled = c.qualified_numbers.text_enable(
            [ONE], service_plan_id="plan", loa=LOA, on_chunk_done=hook, **DAY_ZERO
        )
        if mode == "sync":
            return [enabled, list(made_in_hook[0])]

        async def later() -> Any:
            return [await enabled, [n async for n in made_in_hook[0]]]

        return later()

    both.run(mode, OPTIONS, enable_then_read)
    assert bulk and all(s["header"] == ["yes"] and s["query"] == ["true"] for s in bulk), bulk
    # The hook's get and escape-hatch request (blocking: a hook cannot await), the listing.
    assert len(after) == (3 if mode == "sync" else 1)
    assert all(s["header"] == [] and s["query"] == [] for s in after), after


@respx.mock
@pytest.mark.parametrize("mode", both.MODES)
def test_the_reads_a_method_makes_itself_carry_its_extras(mode: str) -> None:
    """`wait_for` lists and reads through the client's own methods: those requests are the
    method's, with its extras."""
    seen: list[dict[str, Any]] = []

    def listing(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        return httpx.Response(200, json={"qualifiedNumbers": [number_json(ONE)]})

    def one(request: httpx.Request) -> httpx.Response:
        seen.append(_sent(request))
        return httpx.Response(200, json=number_json(ONE))

    respx.get(API).mock(side_effect=listing)
    respx.get(f"{API}/{ONE}").mock(side_effect=one)
    both.run(
        mode,
        OPTIONS,
        lambda c: c.qualified_numbers.wait_for(
            [ONE], states=["VERIFIED"], timeout=5, poll_interval=0.01, **DAY_ZERO
        ),
    )
    assert seen and all(s["header"] == ["yes"] and s["query"] == ["true"] for s in seen), seen


#: The resources of a client, by attribute.
RESOURCES = ("qualified_numbers", "imported_numbers", "hosting_orders", "callback_configuration")
ORDER = "order-1"

#: Arguments that make each method send at least one request (the service refuses it: 400).
#: A public method taking `extra_headers` that is missing here fails the test below.
PROBE_ARGUMENTS: dict[str, dict[str, tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "qualified_numbers": {
        "list": ((), {}),
        "get": ((ONE,), {}),
        "delete": ((ONE,), {}),
        "add": (([ONE],), {}),
        "send_voice_challenge": ((ONE,), {}),
        "verify_voice_challenge": ((ONE, "1234"), {}),
        "send_voice_challenges": (([ONE],), {}),
        "verify_voice_challenges": (({ONE: "1234"},), {}),
        "wait_for": (([ONE],), {"states": ["VERIFIED"], "timeout": 5, "poll_interval": 0.01}),
        "read_states": (([ONE],), {}),
        "text_enable": (([ONE],), {"service_plan_id": "p", "loa": LOA}),
        "not_verified_states": ((), {}),
    },
    "imported_numbers": {
        "list": ((), {"service_plan_id": "p", "campaign_id": ""}),
        "get": ((ONE,), {}),
        "read_imported": (([ONE],), {}),
        "create": ((ONE,), {"service_plan_id": "p"}),
        "update": ((ONE,), {"display_name": "desk"}),
        "delete": ((ONE,), {}),
        "unlink": ((ONE,), {}),
        "move": ((ONE,), {"service_plan_id": "p"}),
        "move_many": (([ONE],), {"service_plan_id": "p"}),
    },
    "hosting_orders": {
        "list": (
            (),
            {
                "states": "COMPLETED",
                "type": "TYPE_TEXT_ENABLE",
                "service_plan_id": "p",
                "campaign_id": "",
            },
        ),
        "get": ((ORDER,), {}),
        "report": ((ORDER,), {}),
        "numbers": ((ORDER,), {}),
        "number": ((ORDER, ONE), {}),
        "import_numbers": (([ONE],), {"service_plan_id": "p"}),
        "wait_for": (([ORDER],), {"timeout": 5, "poll_interval": 0.01}),
        "text_enable": (([ONE],), {"service_plan_id": "p", "loa": LOA}),
        "not_verified_states": ((), {}),
    },
    "callback_configuration": {
        "get": ((), {}),
        "update": ((), {"hmac_secret": "a-much-longer-secret-set-through-the-client"}),
    },
}


def _methods_with_extras(client: Any) -> dict[tuple[str, str], Any]:
    """Every public method of the client's resources whose signature takes `extra_headers`."""
    found = {}
    for resource in RESOURCES:
        for name, method in inspect.getmembers(getattr(client, resource), inspect.ismethod):
            if not name.startswith("_") and "extra_headers" in inspect.signature(method).parameters:
                found[(resource, name)] = method
    return found


def _refused(request: httpx.Request) -> httpx.Response:
    return httpx.Response(400, json={"code": 400, "message": "no", "status": "INVALID_ARGUMENT"})


def _lost_then_absent(request: httpx.Request) -> httpx.Response:
    """A change the service may have made (500: the method reads before sending it again),
    and reads that find nothing (404, not asked again)."""
    if request.method == "GET":
        return httpx.Response(404, json={"code": 404, "message": "no", "status": "NOT_FOUND"})
    return httpx.Response(500, json={"code": 500, "message": "lost", "status": "INTERNAL"})


@pytest.mark.parametrize("answer", [_refused, _lost_then_absent])
@pytest.mark.parametrize("mode", both.MODES)
def test_every_method_that_takes_extra_headers_sends_them(
    mode: str, answer: Any, sleeps: list[float]
) -> None:
    """A method whose signature offers the extras but that forgot `@extras.accepted` (or lost
    them on the way: a pager fetching its pages later, a read it makes through another public
    method after a lost answer) fails here: each public method taking `extra_headers` is
    called with one, and every request it makes must carry it."""
    missing: list[str] = []
    unsent: dict[str, list[list[str]]] = {}

    with respx.mock(assert_all_called=False) as mock:
        route = mock.route().mock(side_effect=answer)

        def probe(client: Any) -> Any:
            methods = _methods_with_extras(client)
            listed = {(r, n) for r, names in PROBE_ARGUMENTS.items() for n in names}
            missing.extend(f"{r}.{n}" for r, n in sorted(set(methods) - listed))
            # The table names only real methods: a renamed one is not silently skipped.
            missing.extend(f"no method {r}.{n}" for r, n in sorted(listed - set(methods)))

            def check(label: str) -> None:
                sent = [call.request.headers.get_list("x-probe") for call in route.calls]
                if not sent or any(headers != ["yes"] for headers in sent):
                    unsent[label] = sent
                route.calls.clear()

            async def each_async() -> None:
                for (resource, name), method in sorted(methods.items()):
                    args, kwargs = PROBE_ARGUMENTS[resource].get(name, ((), {}))
                    with contextlib.suppress(QualifiedNumbersError):
                        answer = method(*args, **kwargs, extra_headers={"X-Probe": "yes"})
                        if hasattr(answer, "__aiter__"):
                            answer = [item async for item in answer]
                        elif inspect.isawaitable(answer):
                            await answer
                    check(f"{resource}.{name}")

            if mode == "async":
                return each_async()
            for (resource, name), method in sorted(methods.items()):
                args, kwargs = PROBE_ARGUMENTS[resource].get(name, ((), {}))
                with contextlib.suppress(QualifiedNumbersError):
                    answer = method(*args, **kwargs, extra_headers={"X-Probe": "yes"})
                    if hasattr(answer, "__iter__") and not isinstance(answer, dict):
                        list(answer)
                check(f"{resource}.{name}")
            return None

        both.run(mode, OPTIONS, probe)

    assert not missing, f"add these to PROBE_ARGUMENTS: {missing}"
    assert not unsent, f"requests without the caller's extra_headers: {unsent}"


def test_a_method_without_the_three_keyword_only_parameters_cannot_accept_extras() -> None:
    """`@extras.accepted` takes the extras from the call's keywords: a method that does not
    offer all three keyword-only parameters (its signature would not show them) is refused
    when it is defined, not on its first call."""
    from sinch_qualified_numbers import _extras as extras

    def positional(
        extra_headers: Any = None, extra_query: Any = None, extra_body: Any = None
    ) -> None:
        return None

    async def two(*, extra_headers: Any = None, extra_query: Any = None) -> None:
        return None

    with pytest.raises(TypeError, match="extra_headers"):
        extras.accepted(positional)
    with pytest.raises(TypeError, match="extra_body"):
        extras.accepted(two)
