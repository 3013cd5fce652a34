"""`client.imported_numbers` and `client.hosting_orders.import_numbers`, against the sandbox
(and respx where a failure must land on one exact call)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    BadRequestError,
    BlanketLoa,
    ConflictError,
    InvalidArgumentError,
    InvalidPhoneNumberError,
    MoveIncompleteError,
    NotFoundError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers_sandbox import PortServer, SandboxAdmin

from ..conftest import API_VERSION
from .both import MODES, run
from .conftest import FAKE_BASE, PROJECT, _fake_options, client_kwargs, fake_client, seed

HOSTED = [f"+1202555{i:04d}" for i in range(1200, 1210)]


def _host(client: QualifiedNumbersClient, sandbox: PortServer, numbers: list[str]) -> None:
    seed(sandbox, numbers)
    result = client.qualified_numbers.text_enable(
        numbers, service_plan_id="plan-a", loa=BlanketLoa(), campaign_id="C1"
    )
    assert result.ok


def _links(client: QualifiedNumbersClient, phone: str) -> tuple[str, str]:
    sms = client.imported_numbers.get(phone).sms_configuration
    if not sms:  # proto3: an empty configuration is left out
        return "", ""
    return (sms.service_plan_id or "", sms.campaign_id or "")


def test_hosted_numbers_become_imported_numbers(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    _host(client, sandbox, [*HOSTED, "+12025559903"])
    listing = client.imported_numbers
    linked = {"service_plan_id": "plan-a", "campaign_id": "C1"}
    imported = {n.phone_number: n for n in listing.list(**linked, page_size=3)}
    assert set(imported) == set(HOSTED)  # 9903's hosting failed: it is not on the platform
    one = imported[HOSTED[0]]
    assert (one.sms_configuration.service_plan_id, one.sms_configuration.campaign_id) == (
        "plan-a",
        "C1",
    )
    assert str(one.sms_provisioning.state) == "DONE"
    assert str(one.sms_provisioning.type_) == "PROVISIONING"
    # Pattern search: start (default), contain, end.
    starts = [n.phone_number for n in listing.list(**linked, pattern="1202555120")]
    assert sorted(starts) == HOSTED
    ends = listing.list(**linked, pattern="1205", search_pattern="END")
    assert [n.phone_number for n in ends] == ["+12025551205"]
    contains = listing.list(**linked, pattern="5551", search_pattern="CONTAIN")
    assert len(list(contains)) == len(HOSTED)
    assert list(listing.list(service_plan_id="plan-a", campaign_id="C2")) == []
    assert list(listing.list(service_plan_id="plan-b", campaign_id="C1")) == []
    # campaign_id="" is the numbers linked to no campaign, not "any campaign".
    assert list(listing.list(service_plan_id="plan-a", campaign_id="")) == []


def test_create_get_update_delete(client: QualifiedNumbersClient, sandbox: PortServer) -> None:
    numbers = client.imported_numbers
    created = numbers.create("(303) 555-0100", service_plan_id="plan-b", display_name="desk")
    assert created.phone_number == "+13035550100" and created.display_name == "desk"
    with pytest.raises(ConflictError):
        numbers.create("+13035550100", service_plan_id="plan-b")
    renamed = numbers.update("+13035550100", display_name="front desk")
    assert renamed.display_name == "front desk"
    assert renamed.sms_configuration.service_plan_id == "plan-b"  # untouched
    cleared = numbers.update("+13035550100", callback_url="http://127.0.0.1:9/hook")
    assert cleared.callback_url == "http://127.0.0.1:9/hook"
    assert cleared.display_name == "front desk"
    numbers.delete("+13035550100")
    with pytest.raises(NotFoundError) as caught:
        numbers.get("+13035550100")
    assert caught.value.subject == "+13035550100"


def test_move_unlinks_then_links_and_is_a_no_op_when_already_there(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    _host(client, sandbox, HOSTED[:2])
    moved = client.imported_numbers.move(HOSTED[0], service_plan_id="plan-b", campaign_id="C2")
    assert moved.outcome == "moved"
    assert _links(client, HOSTED[0]) == ("plan-b", "C2")
    again = client.imported_numbers.move(HOSTED[0], service_plan_id="plan-b", campaign_id="C2")
    assert again.outcome == "unchanged"
    no_campaign = client.imported_numbers.move(HOSTED[1], service_plan_id="plan-b")
    assert no_campaign.outcome == "moved" and _links(client, HOSTED[1]) == ("plan-b", "")
    unlinked = client.imported_numbers.unlink(HOSTED[1])
    assert _links(client, unlinked.phone_number) == ("", "")
    assert str(unlinked.sms_provisioning.type_) == "DEPROVISIONING"


def test_the_sandbox_refuses_linking_a_number_still_linked_elsewhere(
    sandbox: PortServer,
) -> None:
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        _host(client, sandbox, HOSTED[:1])
    url = f"{sandbox.url}/{API_VERSION}/projects/{PROJECT}/importedNumbers/%2B12025551200"
    from sinch_qualified_numbers_sandbox import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET

    answer = httpx.patch(
        url,
        json={"smsConfiguration": {"servicePlanId": "plan-b"}},
        auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
    )
    assert answer.status_code == 400
    assert answer.json()["status"] == "FAILED_PRECONDITION"
    assert "unlink" in answer.text


API = f"{FAKE_BASE}/{API_VERSION}/projects/{PROJECT}/importedNumbers/%2B12025550134"


def _number(plan: str, campaign: str) -> dict[str, object]:
    config = {k: v for k, v in (("servicePlanId", plan), ("campaignId", campaign)) if v}
    return {"phoneNumber": "+12025550134", "smsConfiguration": config}


def test_a_failed_link_after_the_unlink_says_the_number_is_unlinked_and_move_finishes_it() -> None:
    with respx.mock(assert_all_called=False) as router, fake_client(max_retries=0) as client:
        router.get(API).mock(return_value=httpx.Response(200, json=_number("plan-a", "C1")))
        patch = router.patch(API).mock(
            side_effect=[
                httpx.Response(200, json=_number("", "")),
                httpx.Response(400, json={"code": "400", "message": "no", "status": "X"}),
            ]
        )
        with pytest.raises(MoveIncompleteError, match="unlinked") as caught:
            client.imported_numbers.move("+12025550134", service_plan_id="plan-b")
        assert caught.value.result.outcome == "unlinked"
        assert isinstance(caught.value.result.error, BadRequestError)
        assert [json.loads(c.request.content) for c in patch.calls] == [
            {"smsConfiguration": {"servicePlanId": "", "campaignId": ""}},
            {"smsConfiguration": {"servicePlanId": "plan-b", "campaignId": ""}},
        ]
        # Called again: the number is unlinked, so only the link is sent.
        router.get(API).mock(return_value=httpx.Response(200, json=_number("", "")))
        patch.mock(side_effect=None, return_value=httpx.Response(200, json=_number("plan-b", "")))
        before = patch.call_count
        done = client.imported_numbers.move("+12025550134", service_plan_id="plan-b")
        assert done.outcome == "moved" and patch.call_count == before + 1


def test_a_failed_unlink_is_raised_and_nothing_is_linked() -> None:
    with respx.mock(assert_all_called=False) as router, fake_client(max_retries=0) as client:
        router.get(API).mock(return_value=httpx.Response(200, json=_number("plan-a", "")))
        patch = router.patch(API).mock(
            return_value=httpx.Response(403, json={"code": "403", "message": "no"})
        )
        with pytest.raises(Exception) as caught:
            client.imported_numbers.move("+12025550134", service_plan_id="plan-b")
        assert not isinstance(caught.value, MoveIncompleteError)
        assert patch.call_count == 1  # the link was never tried


def test_import_numbers_in_orders_of_five(sandbox: PortServer) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2000, 2012)] + ["+14165550123"]
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        result = client.hosting_orders.import_numbers(
            numbers, service_plan_id="plan-i", campaign_id="C5", display_name="batch"
        )
        assert result.ok and set(result.imported) == set(numbers)
        assert sorted(len(o.numbers) for o in result.orders) == [1, 2, 5, 5]
        for order in result.orders:
            assert order.order is not None and str(order.order.type_) == "IMPORT"
        for order_id in result.order_ids():
            report = client.hosting_orders.report(order_id)
            assert report.total == report.sms_provisioned  # provisioned at once here
        got = client.imported_numbers.get(numbers[0])
        assert got.sms_configuration.campaign_id == "C5" and got.display_name == "batch"
        # Imported already: each order's call is refused; every number is reported once.
        again = client.hosting_orders.import_numbers(numbers[:3], service_plan_id="plan-i")
        # A rerun: already imported, not a failure, and not sent again.
        assert again.already_imported == dict.fromkeys(numbers[:3], "IMPORTED")
        assert again.ok and not again.imported and not again.failed
    with SandboxAdmin(sandbox.url) as admin:
        assert set(admin.submissions().values()) == {1}


def test_a_client_setting_above_the_accounts_limit_is_refused_by_the_service(
    sandbox: PortServer,
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2100, 2106)]
    kwargs = client_kwargs(sandbox, max_numbers_per_import_order=6)
    with QualifiedNumbersClient(**kwargs) as client:
        result = client.hosting_orders.import_numbers(numbers, service_plan_id="p")
    assert set(result.failed) == set(numbers)
    (error,) = set(result.failed.values())  # one call, one error for its six numbers
    assert isinstance(error, BadRequestError)
    assert "At most 5 numbers" in error.field_violations[0].description


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"service_plan_id": ""}, "service_plan_id"),
        ({"service_plan_id": "p", "region_code": "CA"}, "outside region_code CA"),
        ({"service_plan_id": "p", "region_code": "FR"}, "region_code"),
        ({"service_plan_id": "p", "migrate_to_sinch_tmo": "yes"}, "migrate_to_sinch_tmo"),
        ({"service_plan_id": "p", "campaign_id": 7}, "campaign_id"),
    ],
)
def test_bad_import_arguments_are_refused_before_any_request(
    kwargs: dict[str, object], fragment: str
) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match=fragment):
            client.hosting_orders.import_numbers(["+12025550134"], **kwargs)  # type: ignore[arg-type]
    assert route.call_count == 0


LINKED = {"service_plan_id": "p", "campaign_id": ""}


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda n: n.list(**LINKED, pattern="12a"), "pattern"),
        (lambda n: n.list(**LINKED, search_pattern="END"), "needs a pattern"),
        (lambda n: n.list(**LINKED, pattern="1", search_pattern="MIDDLE"), "search_pattern"),
        (lambda n: n.list(**LINKED, order_by="phoneNumber"), "createdTime, updatedTime"),
        (lambda n: n.list(service_plan_id="", campaign_id=""), "service_plan_id"),
        (lambda n: n.list(service_plan_id="p", campaign_id=None), "campaign_id"),
        (lambda n: n.create("+12025550134", service_plan_id="p", region_code="CA"), "not CA"),
        (lambda n: n.create("+12025550134", service_plan_id="p", region_code="MX"), "region"),
        (lambda n: n.update("+12025550134"), "display_name or callback_url"),
        (lambda n: n.move("+12025550134", service_plan_id=""), "service_plan_id"),
        (lambda n: n.move_many(["+12025550134"], service_plan_id=None), "service_plan_id"),
        (lambda n: n.get("not a number"), "not a number"),
    ],
)
def test_bad_imported_number_arguments_are_refused(call: object, fragment: str) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match=fragment):
            call(client.imported_numbers)  # type: ignore[operator]
    assert route.call_count == 0


@pytest.mark.anyio
async def test_async_imported_numbers(
    aclient: AsyncQualifiedNumbersClient, sandbox: PortServer
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2200, 2207)]
    result = await aclient.hosting_orders.import_numbers(numbers, service_plan_id="p1")
    assert set(result.imported) == set(numbers) and len(result.orders) == 2
    listed = [
        n.phone_number
        async for n in aclient.imported_numbers.list(
            service_plan_id="p1", campaign_id="", pattern="12025552"
        )
    ]
    assert sorted(listed) == numbers
    moved = await aclient.imported_numbers.move_many(
        numbers, service_plan_id="p2", campaign_id="C3"
    )
    assert moved.ok and set(moved.moved) == set(numbers)
    got = await aclient.imported_numbers.get(numbers[0])
    assert got.sms_configuration.service_plan_id == "p2"
    await aclient.imported_numbers.delete(numbers[0])
    with pytest.raises(NotFoundError):
        await aclient.imported_numbers.get(numbers[0])


# -- the reconciliation read of imports --------------------------------------------------------


def test_read_imported_says_whether_each_number_is_imported(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(2300, 2303)]
    assert client.hosting_orders.import_numbers(numbers[:2], service_plan_id="p").ok
    found = client.imported_numbers.read_imported(["(202) 555-2300", *numbers[1:]])
    assert found == {numbers[0]: True, numbers[1]: True, numbers[2]: False}
    with pytest.raises(InvalidPhoneNumberError):
        client.imported_numbers.read_imported(["not a number"])


def test_read_imported_is_concurrent_and_asks_again_after_a_transient_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sinch_qualified_numbers._sync import _reads as sync_reads

    monkeypatch.setattr(sync_reads, "sleep", lambda seconds: None)
    numbers = [f"+1202555{i:04d}" for i in range(2400, 2406)]
    lock = threading.Lock()
    asked: dict[str, int] = {}
    open_now = most_open = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal open_now, most_open
        number = unquote(request.url.path.rsplit("/", 1)[1])
        with lock:
            asked[number] = asked.get(number, 0) + 1
            first = asked[number] == 1
            open_now += 1
            most_open = max(most_open, open_now)
        time.sleep(0.05)  # long enough for the other reads to be in flight too
        with lock:
            open_now -= 1
        if first:  # the transport does not retry (max_retries=0): the reconciliation read does
            return httpx.Response(503, json={"code": "503", "message": "busy"})
        if numbers.index(number) % 2:
            return httpx.Response(404, json={"code": "404", "message": "no such number"})
        return httpx.Response(200, json={"phoneNumber": number})

    with (
        respx.mock(base_url=FAKE_BASE) as router,
        fake_client(max_retries=0, max_concurrency=3) as client,
    ):
        router.get(url__regex=r".*/importedNumbers/.*").mock(side_effect=answer)
        found = client.imported_numbers.read_imported(numbers)
    assert found == {n: i % 2 == 0 for i, n in enumerate(numbers)}
    assert asked == dict.fromkeys(numbers, 2)  # one transient failure each, asked again once
    assert most_open == 3  # max_concurrency at once, not one after another


def test_an_ambiguous_import_is_reconciled_through_read_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`import_numbers` reconciles with the public read, so what the CLI resumes with is the
    library's own reconciliation."""
    from sinch_qualified_numbers._sync import _reads as sync_reads

    reads: list[list[str]] = []
    original = sync_reads.read_imported

    def spy(session: object, phone_numbers: list[str], **options: bool) -> dict[str, object]:
        reads.append(list(phone_numbers))
        return original(session, phone_numbers, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(sync_reads, "read_imported", spy)
    numbers = ["+12025550134", "+12025550135"]
    with respx.mock(base_url=FAKE_BASE) as router, fake_client(max_retries=0) as client:
        router.post(url__regex=r".*:importNumbers$").mock(
            return_value=httpx.Response(500, json={"code": "500", "message": "lost"})
        )
        router.get(url__regex=r".*/importedNumbers/.*").mock(
            side_effect=lambda request: httpx.Response(
                200, json={"phoneNumber": unquote(request.url.path.rsplit("/", 1)[-1])}
            )
        )
        result = client.hosting_orders.import_numbers(numbers, service_plan_id="p")
        assert client.imported_numbers.read_imported(numbers[:1]) == {numbers[0]: True}
    assert set(result.imported) == set(numbers) and result.imported[numbers[0]] is None
    assert reads == [numbers, numbers[:1]]  # the import's reconciliation, then the public call


# -- a lost answer of a move is reconciled: read before anything is sent again -------------------


class _FakeNumber:
    """One imported number behind respx: PATCHes change its links; `lose` says, for each
    PATCH in turn, how its answer is lost ("after": processed, then a 500; "before": a
    timeout before it was processed; "other": not processed, and answered with another
    number's record)."""

    def __init__(self, plan: str, campaign: str, lose: list[str | None]) -> None:
        self.links = (plan, campaign)
        self.lose = list(lose)
        self.patches: list[tuple[str, str]] = []

    def get(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_number(*self.links))

    def patch(self, request: httpx.Request) -> httpx.Response:
        sms = json.loads(request.content)["smsConfiguration"]
        wanted = (sms["servicePlanId"], sms["campaignId"])
        self.patches.append(wanted)
        lost = self.lose.pop(0) if self.lose else None
        if lost == "before":
            raise httpx.ReadTimeout("lost", request=request)
        if lost == "other":  # another request's answer: this one was not processed
            return httpx.Response(200, json={**_number(*wanted), "phoneNumber": "+12025550199"})
        self.links = wanted
        if lost == "after":
            return httpx.Response(500, json={"code": "500"})
        return httpx.Response(200, json=_number(*wanted))


def _move_many(fake: _FakeNumber, mode: str, **options: object) -> Any:
    with respx.mock as router:
        router.get(API).mock(side_effect=fake.get)
        router.patch(API).mock(side_effect=fake.patch)
        return run(
            mode,
            _fake_options(options),
            lambda c: c.imported_numbers.move_many(["+12025550134"], service_plan_id="plan-b"),
        )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lost", [[None, "after"], ["after", None], ["after", "after"]])
def test_a_patch_the_service_took_is_never_sent_twice(mode: str, lost: list[str | None]) -> None:
    fake = _FakeNumber("plan-a", "C1", lost)
    result = _move_many(fake, mode)
    assert list(result.moved) == ["+12025550134"] and result.ok
    assert fake.patches == [("", ""), ("plan-b", "")]
    assert fake.links == ("plan-b", "")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lost", [["before", None, None], [None, "before", None]])
def test_a_patch_the_service_did_not_take_is_sent_again(
    mode: str, lost: list[str | None], sleeps: list[float]
) -> None:
    fake = _FakeNumber("plan-a", "C1", lost)
    result = _move_many(fake, mode)
    assert list(result.moved) == ["+12025550134"] and result.ok
    assert len(fake.patches) == 3 and fake.links == ("plan-b", "")


@pytest.mark.parametrize("mode", MODES)
def test_a_move_whose_number_cannot_be_read_back_is_unknown(mode: str, sleeps: list[float]) -> None:
    fake = _FakeNumber("plan-a", "C1", [None, "after"])
    reads = iter([httpx.Response(200, json=_number("plan-a", "C1"))])

    def get(request: httpx.Request) -> httpx.Response:
        return next(reads, httpx.Response(503, json={"code": "503"}))

    with respx.mock as router:
        router.get(API).mock(side_effect=get)
        router.patch(API).mock(side_effect=fake.patch)
        result = run(
            mode,
            _fake_options({}),
            lambda c: c.imported_numbers.move_many(["+12025550134"], service_plan_id="plan-b"),
        )
    assert list(result.unknown) == ["+12025550134"]
    assert not result.moved and not result.unlinked and not result.failed and not result.ok
    assert len(fake.patches) == 2  # nothing sent again without knowing


@pytest.mark.parametrize("mode", MODES)
def test_a_patch_answered_about_another_number_is_never_moved(mode: str) -> None:
    fake = _FakeNumber("", "", ["other"])
    result = _move_many(fake, mode, max_retries=0)
    assert not result.moved
    (error,) = result.unlinked.values()
    assert isinstance(error, APIResponseValidationError)


@pytest.mark.parametrize("mode", MODES)
def test_get_and_read_imported_refuse_another_numbers_record(mode: str) -> None:
    with respx.mock as router:
        router.get(API).mock(
            return_value=httpx.Response(
                200, json={**_number("p", ""), "phoneNumber": "+12025550199"}
            )
        )
        with pytest.raises(APIResponseValidationError, match=r"about '\+12025550199'"):
            run(mode, _fake_options({}), lambda c: c.imported_numbers.get("+12025550134"))
        found = run(
            mode, _fake_options({}), lambda c: c.imported_numbers.read_imported(["+12025550134"])
        )
    assert isinstance(found["+12025550134"], APIResponseValidationError)
