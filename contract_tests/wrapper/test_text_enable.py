"""The order engine (`_orders`, `_async/_order_engine.py`) through the client: chunking,
concurrency, failures kept apart, reconciliation."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    BadRequestError,
    BlanketLoa,
    InvalidArgumentError,
    QualifiedNumbersClient,
    TextEnableFailedError,
    _concurrency,
)
from sinch_qualified_numbers._async import _reads as async_reads
from sinch_qualified_numbers._orders import RECONCILE_READS
from sinch_qualified_numbers._sync import _reads as sync_reads
from sinch_qualified_numbers_sandbox import (
    PortServer,
    SandboxAdmin,
)

from .both import MODES, run
from .conftest import (
    API,
    LOA,
    ONE,
    PROJECT,
    _fake_options,
    client_kwargs,
    fake_async_client,
    fake_client,
    number_json,
    seed,
)


def _mixed_numbers() -> list[str]:
    us = [f"+1202555{i:04d}" for i in range(1000, 1600)]  # 600 US
    ca = [f"+1416555{i:04d}" for i in range(1000, 1434)]  # 434 CA
    toll_free = [f"+1833555{i:04d}" for i in range(1000, 1200)]  # 200 toll-free (US)
    return us + ca + toll_free


def listing_route(numbers: list[dict[str, Any]] | None = None) -> respx.Route:
    """The listing `text_enable` reads before sending more than one call's worth (the states
    of the project's numbers that are not VERIFIED): these numbers, on one page."""

    def answer(request: httpx.Request) -> httpx.Response:
        region = request.url.params.get("regionCode")
        found = [n for n in numbers or [] if n.get("regionCode", "US") == region]
        return httpx.Response(200, json={"qualifiedNumbers": found, "totalSize": len(found)})

    return respx.get(API).mock(side_effect=answer)


def _order_routes() -> tuple[respx.Route, respx.Route, list[dict[str, Any]]]:
    listing_route()
    bodies: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append({"path": request.url.path, **body})
        return httpx.Response(200, json={"hostingOrderId": f"order-{len(bodies)}"})

    local = respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    toll_free = respx.post(f"{API}:textEnableTollFreeNumbers").mock(side_effect=answer)
    return local, toll_free, bodies


@respx.mock
def test_chunking_1234_mixed_numbers() -> None:
    numbers = _mixed_numbers()
    assert len(numbers) == 1234
    local, toll_free, bodies = _order_routes()
    with fake_client(max_concurrency=4) as client:
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="plan", loa=LOA)
    # US 600 -> 500 + 100, CA 434 -> 1 call, toll-free 200 -> 1 call
    assert local.call_count == 3
    assert toll_free.call_count == 1
    assert all(len(b["numbers"]) <= 500 for b in bodies)
    sent = [n for b in bodies for n in b["numbers"]]
    assert sorted(sent) == sorted(numbers)
    for body in bodies:
        regions = {("CA" if n.startswith("+1416") else "US") for n in body["numbers"]}
        assert regions == {body["regionCode"]}
        assert body["projectId"] == PROJECT
        assert "directLoaInfo" in body and "migrateToSinchTmo" not in body
        tf = {n.startswith("+1833") for n in body["numbers"]}
        assert tf == {body["path"].endswith(":textEnableTollFreeNumbers")}
    assert result.ok and len(result.enabled) == 1234
    assert sorted(len(o.numbers) for o in result.orders) == [100, 200, 434, 500]
    assert {result.enabled[n] for n in numbers} == {f"order-{i}" for i in range(1, 5)}


@respx.mock
@pytest.mark.anyio
async def test_async_chunking_respects_concurrency() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 4500)]  # 2,500 -> 5 chunks
    in_flight = [0, 0]

    async def answer(request: httpx.Request) -> httpx.Response:
        import asyncio

        in_flight[0] += 1
        in_flight[1] = max(in_flight[1], in_flight[0])
        await asyncio.sleep(0.02)
        in_flight[0] -= 1
        return httpx.Response(200, json={"hostingOrderId": "x"})

    route = respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    listing_route()
    async with fake_async_client(max_concurrency=2) as client:
        result = await client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert route.call_count == 5 and len(result.enabled) == 2500
    assert in_flight[1] == 2


def _refusal(violations: list[tuple[str, str]], message: str = "Not verified.") -> httpx.Response:
    return httpx.Response(
        400,
        json={
            "code": "400",
            "message": message,
            "status": "FAILED_PRECONDITION",
            "details": [
                {
                    "type": "BadRequest",
                    "fieldViolations": [{"field": f, "description": d} for f, d in violations],
                }
            ],
        },
    )


@respx.mock
def test_a_refused_number_fails_alone_and_the_others_go_again_at_once() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 3200)]  # 3 chunks
    bad = "+12025552503"  # numbers[3] of the second chunk
    bodies: list[list[str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["numbers"]
        bodies.append(sent)
        if bad in sent:
            return _refusal([(f"numbers[{sent.index(bad)}]", "refused for its own reason")])
        return httpx.Response(200, json={"hostingOrderId": f"o{len(bodies)}"})

    respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer)
    respx.get(f"{API}/%2B12025552503").mock(
        return_value=httpx.Response(200, json=number_json(bad, "GLOBAL_PROCESS_STATE_VERIFIED"))
    )
    listing_route()
    with fake_client(max_concurrency=1) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert len(bodies) == 4  # three chunks, and the refused one once more without its culprit
    assert bodies[2] == [n for n in bodies[1] if n != bad]
    assert set(result.enabled) == set(numbers) - {bad} and list(result.failed) == [bad]
    error = result.failed[bad]
    assert isinstance(error, BadRequestError) and error.subject == bad
    assert [v.description for v in error.field_violations] == ["refused for its own reason"]
    with pytest.raises(TextEnableFailedError) as caught:
        result.raise_for_failures()
    assert caught.value.result is result and "1 numbers failed" in str(caught.value)


# -- retry matrix ----------------------------------------------------------------------------


@respx.mock
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("taken", ["HOSTING_IN_PROGRESS", "HOSTING_DONE"])
def test_text_enable_timeout_with_numbers_taken_is_not_resubmitted(mode: str, taken: str) -> None:
    numbers = [ONE, "+12025550135"]
    post = respx.post(f"{API}:textEnableNumbers").mock(side_effect=httpx.ReadTimeout("lost"))
    for n in numbers:
        respx.get(f"{API}/{n.replace('+', '%2B')}").mock(
            return_value=httpx.Response(200, json=number_json(n, f"GLOBAL_PROCESS_STATE_{taken}"))
        )
    result = run(
        mode,
        _fake_options({}),
        lambda c: c.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=BlanketLoa()),
    )
    assert post.call_count == 1
    assert result.ok and result.enabled == {ONE: None, "+12025550135": None}
    assert result.orders[0].hosting_order_id is None


@respx.mock
def test_text_enable_500_with_numbers_still_verified_is_sent_once_more() -> None:
    numbers = [ONE, "+12025550135", "+12025550136"]
    post = respx.post(f"{API}:textEnableNumbers").mock(
        side_effect=[
            httpx.Response(500, json={"code": "500", "message": "Oops.", "status": "INTERNAL"}),
            httpx.Response(200, json={"hostingOrderId": "second"}),
        ]
    )
    states = {
        ONE: "GLOBAL_PROCESS_STATE_VERIFIED",
        "+12025550135": "GLOBAL_PROCESS_STATE_VERIFIED",
        "+12025550136": "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE",
    }
    for n, s in states.items():
        respx.get(f"{API}/{n.replace('+', '%2B')}").mock(
            return_value=httpx.Response(200, json=number_json(n, s))
        )
    with fake_client() as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert post.call_count == 2
    assert json.loads(post.calls[1].request.content)["numbers"] == [ONE, "+12025550135"]
    assert result.enabled == {ONE: "second", "+12025550135": "second"}
    # Not taken and not sendable: not a failure, its state said (it was never VERIFIED).
    assert result.not_verified == {"+12025550136": "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"}
    assert result.ok and not result.failed


def test_fault_injected_after_processing_never_double_submits(sandbox: PortServer) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 2200)]  # 3 chunks
    seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {"error_after": 0.5, "drop_after": 0.3, "seed": 5, "operations": ["textEnableNumbers"]}
    )

    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=3)) as client:
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    with SandboxAdmin(sandbox.url) as admin:
        submissions = admin.submissions()
    assert set(submissions.values()) == {1}
    assert set(submissions) == set(result.enabled)
    assert set(result.enabled) | set(result.failed) == set(numbers)
    assert sandbox.sandbox.faults.injected  # faults really happened


# -- hooks -----------------------------------------------------------------------------------


# -- one bad number never fails another; not verified is not a failure; reruns -----------------

BAD_STATES = {
    "+12025551007": "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE",
    "+12025551250": "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED",
    "+12025551399": "GLOBAL_PROCESS_STATE_ELIGIBLE",
}


def _seed_with_bad(sandbox: PortServer, numbers: list[str]) -> None:
    seed(sandbox, [n for n in numbers if n not in BAD_STATES])
    for number, state in BAD_STATES.items():
        seed(sandbox, [number], state)


def _resource(client: Any, name: str) -> Any:
    return getattr(client, name)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("resource", ["qualified_numbers", "hosting_orders"])
@pytest.mark.parametrize("size", [400, 1153])  # one call (refusals tell), three (a listing)
def test_numbers_not_verified_are_reported_with_their_state_and_fail_no_other(
    sandbox: PortServer, resource: str, size: int, mode: str
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1000 + size)]
    _seed_with_bad(sandbox, numbers)
    result = run(
        mode,
        client_kwargs(sandbox, max_concurrency=2),
        lambda c: _resource(c, resource).text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        ),
    )
    assert result.not_verified == BAD_STATES
    assert set(result.enabled) == set(numbers) - set(BAD_STATES)
    assert result.ok and not result.failed and not result.already_enabled
    with SandboxAdmin(sandbox.url) as admin:
        submissions = admin.submissions()
    assert set(submissions) == set(result.enabled) and set(submissions.values()) == {1}


@pytest.mark.parametrize("resource", ["qualified_numbers", "hosting_orders"])
@pytest.mark.parametrize("size", [300, 1100])  # one call (refusals tell), three (a listing)
def test_a_number_whose_hosting_failed_is_reported_so_not_as_not_verified(
    sandbox: PortServer, resource: str, size: int
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1000 + size)]
    failed, not_eligible = numbers[7], numbers[150]
    seed(sandbox, [n for n in numbers if n not in (failed, not_eligible)])
    seed(sandbox, [failed], "HOSTING_FAILED")
    seed(sandbox, [not_eligible], "NOT_ELIGIBLE")
    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=2)) as client:
        result = _resource(client, resource).text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
    assert result.hosting_failed == {failed: "GLOBAL_PROCESS_STATE_HOSTING_FAILED"}
    assert result.not_verified == {not_eligible: "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"}
    assert "hosting_failed={'" + failed in repr(result)
    assert len(result.enabled) == size - 2 and not result.failed
    with SandboxAdmin(sandbox.url) as admin:
        assert failed not in admin.submissions()


@pytest.mark.parametrize("size", [300, 1200])
def test_a_rerun_reports_numbers_already_enabled_and_sends_none_again(
    sandbox: PortServer, size: int
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1000 + size)]
    seed(sandbox, numbers)
    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=2)) as client:
        first = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA)
        again = client.hosting_orders.text_enable(numbers, service_plan_id="p", loa=LOA)
    assert first.ok and len(first.enabled) == size
    assert set(again.already_enabled) == set(numbers) and not again.enabled
    assert set(again.already_enabled.values()) <= {
        "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS",
        "GLOBAL_PROCESS_STATE_HOSTING_DONE",
    }
    assert again.ok and not again.failed and not again.orders
    with SandboxAdmin(sandbox.url) as admin:
        assert set(admin.submissions().values()) == {1}


@pytest.mark.anyio
async def test_async_rerun_reports_numbers_already_enabled(sandbox: PortServer) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1300)]
    seed(sandbox, numbers)
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        await client.qualified_numbers.text_enable(numbers[:100], service_plan_id="p", loa=LOA)
        again = await client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA)
    assert set(again.already_enabled) == set(numbers[:100])
    assert set(again.enabled) == set(numbers[100:]) and again.ok


def _refusing_without_names(bad: set[str]) -> tuple[respx.Route, list[list[str]]]:
    """A service that refuses any call holding a bad number, naming none of them."""
    bodies: list[list[str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["numbers"]
        bodies.append(sent)
        if bad & set(sent):
            return httpx.Response(400, json={"code": "400", "message": "Refused."})
        return httpx.Response(200, json={"hostingOrderId": f"o{len(bodies)}"})

    for number in bad:
        respx.get(f"{API}/{number.replace('+', '%2B')}").mock(
            return_value=httpx.Response(
                200, json=number_json(number, "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING")
            )
        )
    return respx.post(f"{API}:textEnableNumbers").mock(side_effect=answer), bodies


@respx.mock
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("bad_count", [1, 3])
def test_a_refusal_naming_no_number_is_split_within_the_documented_bound(
    bad_count: int, mode: str
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1500)]  # one call of 500
    bad = {numbers[7], numbers[251], numbers[498]}
    bad = set(sorted(bad)[:bad_count])
    route, bodies = _refusing_without_names(bad)
    result = run(
        mode,
        _fake_options({}),
        lambda c: c.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA),
    )
    assert set(result.not_verified) == bad and not result.failed
    assert set(result.enabled) == set(numbers) - bad and len(result.enabled) == 500 - bad_count
    # Every good number was taken once; the extra calls stay within 2 * ceil(log2(500)) = 18
    # per culprit, as the docs say.
    taken = [n for sent in bodies if not bad & set(sent) for n in sent]
    assert sorted(taken) == sorted(set(numbers) - bad)
    assert route.call_count - 1 <= 18 * bad_count


@respx.mock
def test_a_refusal_of_the_whole_call_costs_six_extra_calls_not_a_search() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1500)]
    route = respx.post(f"{API}:textEnableNumbers").mock(
        return_value=httpx.Response(400, json={"code": "400", "message": "Refused."})
    )
    with fake_client() as client:
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA)
    assert route.call_count == 7  # the call, its two halves, their four quarters
    assert set(result.failed) == set(numbers) and not result.enabled


@respx.mock
def test_a_refusal_naming_another_field_fails_the_call_without_splitting() -> None:
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1010)]
    route = respx.post(f"{API}:textEnableNumbers").mock(
        return_value=_refusal([("servicePlanId", "unknown plan")], "Invalid argument.")
    )
    with fake_client() as client:
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA)
    assert route.call_count == 1 and set(result.failed) == set(numbers)


# -- answers are checked against the request ----------------------------------------------------


def _unreadable_states(numbers: list[str]) -> None:
    for number in numbers:
        respx.get(f"{API}/{number.replace('+', '%2B')}").mock(
            return_value=httpx.Response(500, json={"code": "500", "status": "INTERNAL"})
        )


@respx.mock
@pytest.mark.parametrize(
    "extra",
    [
        {"numbers": ["+12025550999"]},  # a number that was not sent
        {"numbers": ["+12025550134", "+12025550135", "+12025550999"]},
        {"numberImport": {"numbers": ["+12025550999"]}},
        {"phoneNumbers": [{"phoneNumber": "+12025550999"}]},
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_about_other_numbers_is_never_a_success(
    extra: dict[str, Any], sleeps: list[float], mode: str
) -> None:
    numbers = [ONE, "+12025550135"]
    respx.post(f"{API}:textEnableNumbers").mock(
        return_value=httpx.Response(200, json={"hostingOrderId": "o", **extra})
    )
    _unreadable_states(numbers)
    result = run(
        mode,
        _fake_options({}),
        lambda c: c.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA),
    )
    # Unknown, not failed: a number is in exactly one category.
    assert not result.enabled and not result.failed and set(result.unknown) == set(numbers)
    assert all(isinstance(e, APIResponseValidationError) for e in result.unknown.values())
    assert not result.ok
    with pytest.raises(TextEnableFailedError, match="2 numbers have an unknown outcome"):
        result.raise_for_failures()


@respx.mock
def test_a_sent_number_missing_from_an_answer_that_names_numbers_is_not_done(
    sleeps: list[float],
) -> None:
    numbers = [ONE, "+12025550135", "+12025550136"]
    respx.post(f"{API}:textEnableNumbers").mock(
        return_value=httpx.Response(200, json={"hostingOrderId": "o", "numbers": numbers[:2]})
    )
    _unreadable_states(numbers[2:])
    with fake_client() as client:
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA)
    assert result.enabled == dict.fromkeys(numbers[:2], "o")
    assert list(result.unknown) == [numbers[2]] and not result.failed
    assert isinstance(result.unknown[numbers[2]], APIResponseValidationError)


# -- empty input ---------------------------------------------------------------------------------


@respx.mock
@pytest.mark.parametrize("mode", MODES)
def test_no_numbers_is_an_empty_result_without_a_request(mode: str) -> None:
    options = _fake_options({})

    def enable(resource: str, service_plan_id: str = "p") -> Callable[[Any], Any]:
        return lambda c: _resource(c, resource).text_enable(
            [], service_plan_id=service_plan_id, loa=LOA
        )

    def import_all(nothing: Iterable[str]) -> Callable[[Any], Any]:
        return lambda c: c.hosting_orders.import_numbers(nothing, service_plan_id="p")

    for resource in ("qualified_numbers", "hosting_orders"):
        result = run(mode, options, enable(resource))
        assert result.ok and not result.enabled and not result.orders
    nothing: list[Iterable[str]] = [iter(()), []]
    for numbers in nothing:
        imported = run(mode, options, import_all(numbers))
        assert imported.ok and not imported.imported
    with pytest.raises(InvalidArgumentError, match="service_plan_id"):
        run(mode, options, enable("qualified_numbers", service_plan_id=""))
    assert not respx.calls


# -- the time spent reconciling is bounded ---------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("bound", "reads_each"), [(1e-9, 0), (60.0, RECONCILE_READS)])
def test_reconciling_stops_retrying_reads_once_reconcile_timeout_passed(
    mode: str, bound: float, reads_each: int, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A service that died mid-run answers no read: once `reconcile_timeout` has passed, no
    read is begun or asked again (not `RECONCILE_READS` each) and the unread numbers are
    unknown, saying why."""

    async def no_pause(seconds: float) -> None:
        pass

    monkeypatch.setattr(sync_reads, "sleep", lambda seconds: None)
    monkeypatch.setattr(async_reads, "asleep", no_pause)
    numbers = [ONE, "+12025550135", "+12025550136"]
    with respx.mock as router:
        router.get(API).mock(return_value=httpx.Response(200, json={"qualifiedNumbers": []}))
        posts = router.post(f"{API}:textEnableNumbers").mock(
            return_value=httpx.Response(500, json={"code": "500", "status": "INTERNAL"})
        )
        reads = router.get(url__regex=r".*/qualifiedNumbers/%2B\d+$").mock(
            return_value=httpx.Response(503, json={"code": "503", "status": "UNAVAILABLE"})
        )
        options = _fake_options({"max_retries": 0, "reconcile_timeout": bound})
        result = run(
            mode,
            options,
            lambda c: c.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA),
        )
    assert posts.call_count == 1
    assert reads.call_count == reads_each * len(numbers)  # past the bound: none
    assert set(result.unknown) == set(numbers) and not result.failed and not result.enabled
    said = "reconcile_timeout (1e-09 s) passed" if not reads_each else "503"
    assert all(said in str(error) for error in result.unknown.values())


def test_reconcile_timeout_is_a_setting_with_its_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sinch_qualified_numbers import ConfigurationError

    assert fake_client().config.reconcile_timeout == 60.0
    monkeypatch.setenv("SINCH_QN_RECONCILE_TIMEOUT", "5")
    with fake_client() as client:
        assert client.config.reconcile_timeout == 5.0
        assert client.with_options(reconcile_timeout=2).config.reconcile_timeout == 2
    for bad in (0, -1, float("inf"), "soon"):
        with pytest.raises(ConfigurationError, match="reconcile_timeout"):
            fake_client(reconcile_timeout=bad)


@pytest.mark.parametrize("mode", MODES)
def test_read_states_called_by_the_user_is_not_cut_by_reconcile_timeout(mode: str) -> None:
    numbers = [ONE, "+12025550135"]
    with respx.mock as router:
        reads = router.get(url__regex=r".*/qualifiedNumbers/%2B\d+$").mock(
            side_effect=lambda request: httpx.Response(
                200, json=number_json(request.url.path.rsplit("/", 1)[-1])
            )
        )
        states = run(
            mode,
            _fake_options({"reconcile_timeout": 1e-9}),
            lambda c: c.qualified_numbers.read_states(numbers),
        )
    assert states == dict.fromkeys(numbers, "GLOBAL_PROCESS_STATE_VERIFIED")
    assert reads.call_count == len(numbers)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("resource", ["qualified_numbers", "imported_numbers"])
def test_reads_asked_to_reconcile_stop_at_reconcile_timeout(mode: str, resource: str) -> None:
    """`read_states` / `read_imported` with `reconciling=True` (what a resumed CLI run reads
    the numbers left in flight with) read within `reconcile_timeout`: past it none is sent and
    each number says why."""
    numbers = [ONE, "+12025550135"]
    with respx.mock as router:
        reads = router.get(url__regex=r".*/(qualified|imported)Numbers/%2B\d+$").mock(
            return_value=httpx.Response(503, json={"code": "503", "status": "UNAVAILABLE"})
        )

        def read(client: Any) -> Any:
            method = {"qualified_numbers": "read_states", "imported_numbers": "read_imported"}
            return getattr(getattr(client, resource), method[resource])(numbers, reconciling=True)

        found = run(mode, _fake_options({"reconcile_timeout": 1e-9}), read)
    assert reads.call_count == 0
    assert set(found) == set(numbers)
    assert all("reconcile_timeout (1e-09 s) passed" in str(error) for error in found.values())


class _FakeClock:
    """The reconciliation's clock and every pause (its own and the transport's): time passes
    only when something waits, so the bound is checked without wall time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waited = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.waited += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.mark.parametrize("mode", MODES)
def test_reconciling_600_numbers_through_503_reads_is_bounded_by_reconcile_timeout(
    mode: str, sandbox: PortServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every answer lost and every read answered 503: the reads of the whole call (two
    orders' worth) stop once reconcile_timeout has passed on the clock, a round of reads
    stops after a few 503s in a row instead of sending the rest into it, and every number is
    unknown, once, never failed."""
    from sinch_qualified_numbers._async import _transport as async_transport
    from sinch_qualified_numbers._sync import _transport as sync_transport

    clock = _FakeClock()
    monkeypatch.setattr(_concurrency, "monotonic", clock)
    monkeypatch.setattr(sync_reads, "sleep", clock.sleep)
    monkeypatch.setattr(async_reads, "asleep", clock.asleep)
    monkeypatch.setattr(sync_transport, "sleep", clock.sleep)
    monkeypatch.setattr(async_transport, "asleep", clock.asleep)
    numbers = [f"+1202555{i:04d}" for i in range(1000, 1600)]
    seed(sandbox, numbers)
    faults = sandbox.sandbox.faults
    faults.update(
        {
            "per_operation": {
                "textEnableNumbers": {"error_after": 1.0},
                "getQualifiedNumber": {"rate_503": 1.0},
            }
        }
    )
    bound = 30.0
    options = client_kwargs(sandbox, max_concurrency=4, reconcile_timeout=bound)
    result = run(
        mode,
        options,
        lambda c: c.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA),
    )
    reads = faults.describe()["injected"]["503"]
    assert set(result.unknown) == set(numbers) and len(result.unknown) == len(numbers)
    assert not result.failed and not result.enabled
    # The whole reconciliation stops within the bound (and one pause of the last round).
    assert clock.waited <= bound + 8.0, clock.waited
    # Not 600 reads, each asked RECONCILE_READS times: a few per round of the two orders.
    # (A round stops after a few failures in a row, not at the first: a service failing only
    # some reads still gets the rest read, see the test below; each read is up to
    # max_retries + 1 attempts, each counted here.)
    assert reads < len(numbers) // 2, reads
    said = {str(e) for e in result.unknown.values()}
    assert any("reconcile_timeout (30 s) passed" in s for s in said), said


@pytest.mark.parametrize("mode", MODES)
def test_reads_through_a_service_failing_some_of_them_settle_every_number_in_a_few_rounds(
    mode: str, sandbox: PortServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every answer lost and half the read attempts answered 503 (a struggling service, not a
    dead one): a read that fails is asked again in the next round, but a round goes on past
    a few failures, so every number is read in a few rounds (not one round per failure, the
    budget running out with hundreds left unknown)."""
    from sinch_qualified_numbers._async import _transport as async_transport
    from sinch_qualified_numbers._sync import _transport as sync_transport

    pauses: list[float] = []

    async def apause(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr(sync_reads, "sleep", pauses.append)
    monkeypatch.setattr(async_reads, "asleep", apause)
    monkeypatch.setattr(sync_transport, "sleep", lambda seconds: None)
    monkeypatch.setattr(async_transport, "asleep", lambda seconds: _no_wait())
    numbers = [f"+1202555{i:04d}" for i in range(2000, 2400)]
    seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {
            "seed": 7,
            "per_operation": {
                "textEnableNumbers": {"error_after": 1.0},
                "getQualifiedNumber": {"rate_503": 0.5},
            },
        }
    )
    options = client_kwargs(sandbox, max_concurrency=8, reconcile_timeout=3600.0)
    result = run(
        mode,
        options,
        lambda c: c.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA),
    )
    assert not result.unknown and not result.failed
    assert set(result.enabled) == set(numbers)
    assert len(pauses) <= 6, len(pauses)


async def _no_wait() -> None:
    return None
