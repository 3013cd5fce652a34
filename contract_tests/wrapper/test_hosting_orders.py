"""`client.hosting_orders`: follow what text-enable started, against the sandbox."""

from __future__ import annotations

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    APIResponseValidationError,
    AsyncQualifiedNumbersClient,
    BlanketLoa,
    HostingOrder,
    HostingOrderReport,
    InvalidArgumentError,
    NotFoundError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers_sandbox import PortServer, SandboxAdmin

from ..conftest import InProcess
from .conftest import client_kwargs, fake_client, seed

HOSTED = [f"+1202555{i:04d}" for i in range(1000, 1120)] + ["+12025559903", "+12025559904"]


def _enable(client: QualifiedNumbersClient, sandbox: PortServer, numbers: list[str]) -> str:
    seed(sandbox, numbers)
    result = client.qualified_numbers.text_enable(
        numbers, service_plan_id="plan", loa=BlanketLoa(), campaign_id="C1"
    )
    (order,) = result.orders
    assert order.hosting_order_id is not None
    return order.hosting_order_id


def test_an_order_is_followed_to_completion_with_counts_that_add_up(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    # The wrapper tests' sandbox hosts at once (hosting_delay 0): the order is done on read.
    order_id = _enable(client, sandbox, HOSTED)
    order = client.hosting_orders.get(order_id)
    assert order.hosting_order_id == order_id and str(order.state) == "COMPLETED"
    report = client.hosting_orders.report(order_id)
    assert report.total == len(HOSTED)
    assert report.osr_updated == len(HOSTED)
    assert report.sms_provisioned == len(HOSTED) - 1  # 9903 fails provisioning
    assert report.added_to_campaign == len(HOSTED) - 2  # 9904 fails the campaign link too
    assert report.ongoing_manual_action == 0

    numbers = list(client.hosting_orders.numbers(order_id, page_size=50))
    assert sorted(n.phone_number for n in numbers) == sorted(HOSTED)
    failed = list(client.hosting_orders.numbers(order_id, platform_provisioning_state="FAILED"))
    assert [n.phone_number for n in failed] == ["+12025559903"]
    one = client.hosting_orders.number(order_id, "(202) 555-9904")
    assert str(one.campaign_provisioning.state) == "FAILED"
    assert str(one.platform_provisioning.state) == "DONE"


def test_an_order_whose_every_number_failed_is_rejected(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    order_id = _enable(client, sandbox, ["+12025559903"])
    assert str(client.hosting_orders.get(order_id).state) == "REJECTED"
    assert client.hosting_orders.report(order_id).sms_provisioned == 0


# Nothing finishes by itself.
@pytest.mark.sinch_sandbox(hosting_delay=3600, loa_signature_delay=2, provisioning_delay=1)
def test_an_order_in_progress_reports_what_is_not_done_yet(sandbox: InProcess) -> None:
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        order_id = _enable(client, sandbox, HOSTED[:10])
        assert str(client.hosting_orders.get(order_id).state) == "IN_PROGRESS"
        report = client.hosting_orders.report(order_id)
        assert (report.total, report.osr_updated, report.sms_provisioned) == (10, 0, 0)
        waiting = list(
            client.hosting_orders.numbers(order_id, campaign_provisioning_state="WAITING")
        )
        assert len(waiting) == 10
        with SandboxAdmin(sandbox.url) as admin:
            admin.advance_clock(3601)
        assert str(client.hosting_orders.get(order_id).state) == "COMPLETED"
        assert client.hosting_orders.report(order_id).sms_provisioned == 10


@pytest.mark.anyio
async def test_async_hosting_orders(
    aclient: AsyncQualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, HOSTED[:3])
    result = await aclient.qualified_numbers.text_enable(
        HOSTED[:3], service_plan_id="plan", loa=BlanketLoa()
    )
    (order,) = result.orders
    assert order.hosting_order_id
    report = await aclient.hosting_orders.report(order.hosting_order_id)
    assert report.total == report.sms_provisioned == 3
    assert report.added_to_campaign == 0  # no campaign, nothing to link
    numbers = [n.phone_number async for n in aclient.hosting_orders.numbers(order.hosting_order_id)]
    assert sorted(numbers) == HOSTED[:3]


def test_unknown_orders_and_numbers_are_not_found(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    with pytest.raises(NotFoundError, match="hosting order"):
        client.hosting_orders.get("01nosuchorder")
    order_id = _enable(client, sandbox, HOSTED[:1])
    with pytest.raises(NotFoundError) as caught:
        client.hosting_orders.number(order_id, "+12025550100")
    assert caught.value.subject == "+12025550100"


@pytest.mark.parametrize("bad", ["", "a/b", "../x", " ", None, 42, "x" * 200])
def test_a_bad_order_id_is_refused_before_any_request(bad: object) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match="hosting_order_id"):
            client.hosting_orders.get(bad)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="hosting_order_id"):
            client.hosting_orders.numbers(bad)  # type: ignore[arg-type]
    assert route.call_count == 0


def test_a_bad_state_filter_is_refused_naming_the_states() -> None:
    with fake_client() as client, pytest.raises(InvalidArgumentError, match="WAITING"):
        client.hosting_orders.numbers("o1", osr_update_state="SOMETIMES")


@pytest.mark.sinch_sandbox(hosting_delay=3600, loa_signature_delay=2, provisioning_delay=1)
def test_wait_for_follows_every_order_of_a_result_to_the_end(sandbox: InProcess) -> None:
    from sinch_qualified_numbers import WaitProgress, WaitTimeoutError

    numbers = [f"+1202555{i:04d}" for i in range(2000, 2700)] + ["+14165550123"]  # 3 orders
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        seed(sandbox, numbers)
        result = client.qualified_numbers.text_enable(
            numbers, service_plan_id="p", loa=BlanketLoa()
        )
        order_ids = result.order_ids()
        assert len(order_ids) == 3 and len(set(order_ids)) == 3
        with pytest.raises(WaitTimeoutError, match="3 hosting orders") as late:
            client.hosting_orders.wait_for(order_ids, timeout=0.3, poll_interval=0.1)
        assert set(late.value.pending.values()) == {"IN_PROGRESS"}
        with SandboxAdmin(sandbox.url) as admin:
            admin.advance_clock(3601)
        polls: list[WaitProgress] = []
        done = client.hosting_orders.wait_for(order_ids, on_poll=polls.append)
        assert set(done) == set(order_ids)
        assert {str(o.state) for o in done.values()} == {"COMPLETED"}
        assert polls[-1].pending == []
        reports = [client.hosting_orders.report(o) for o in order_ids]
        assert sum(r.total for r in reports) == sum(r.sms_provisioned for r in reports) == 701


@pytest.mark.parametrize(
    ("ids", "states", "fragment"),
    [
        ("o1", ("COMPLETED",), "hosting_order_ids"),
        ([], ("COMPLETED",), "empty"),
        (["o1"], ("FINISHED",), "hosting order states"),
        (["o1"], (), "hosting order states"),
        (["o/1"], ("COMPLETED",), "hosting_order_id"),
    ],
)
def test_wait_for_refuses_bad_arguments_before_any_request(
    ids: object, states: object, fragment: str
) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match=fragment):
            client.hosting_orders.wait_for(ids, states=states)  # type: ignore[arg-type]
    assert route.call_count == 0


def test_list_filters_by_the_four_required_filters_and_pages(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    with_campaign = _enable(client, sandbox, HOSTED[:3])  # campaign C1, plan "plan"
    seed(sandbox, HOSTED[3:5])
    without = client.qualified_numbers.text_enable(
        HOSTED[3:5], service_plan_id="plan", loa=BlanketLoa()
    ).order_ids()[0]
    common = {"type": "TYPE_TEXT_ENABLE", "service_plan_id": "plan"}
    found = client.hosting_orders.list(states=["COMPLETED"], campaign_id="C1", **common)
    assert [o.hosting_order_id for o in found] == [with_campaign]
    assert found.total_size == 1
    none = client.hosting_orders.list(states="COMPLETED", campaign_id="", **common)
    assert [o.hosting_order_id for o in none] == [without]
    assert list(client.hosting_orders.list(states=["REJECTED"], campaign_id="", **common)) == []
    other_plan = {"type": "TYPE_TEXT_ENABLE", "service_plan_id": "other"}
    assert not list(client.hosting_orders.list(states=["COMPLETED"], campaign_id="", **other_plan))
    seed(sandbox, HOSTED[5:8])
    for number in HOSTED[5:8]:  # three more orders, one number each, to page through
        client.qualified_numbers.text_enable([number], service_plan_id="plan", loa=BlanketLoa())
    listing = client.hosting_orders.list(
        states=["COMPLETED"], campaign_id="", page_size=2, **common
    )
    pages = list(listing.pages())
    assert [len(p.items) for p in pages] == [2, 2] and pages[0].total_size == 4


GOOD = {
    "states": ["COMPLETED"],
    "type": "TYPE_TEXT_ENABLE",
    "service_plan_id": "p",
    "campaign_id": "",
}


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"states": []}, "at least one"),
        ({"states": ["DONE"]}, "states"),
        ({"type": "TEXT"}, "type"),
        ({"service_plan_id": ""}, "service_plan_id"),
        ({"campaign_id": None}, "campaign_id"),
        ({"region_code": "GB"}, "region_code"),
    ],
)
def test_list_refuses_bad_filters_before_any_request(
    change: dict[str, object], fragment: str
) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match=fragment):
            client.hosting_orders.list(**{**GOOD, **change})  # type: ignore[arg-type]
    assert route.call_count == 0


@pytest.mark.sinch_sandbox(hosting_delay=30, loa_signature_delay=600, provisioning_delay=1)
def test_a_direct_loa_waits_for_its_signature_before_anything_is_hosted(sandbox: InProcess) -> None:
    from .conftest import LOA

    numbers = HOSTED[:4]
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        seed(sandbox, numbers)
        result = client.qualified_numbers.text_enable(numbers, service_plan_id="p", loa=LOA)
        (order_id,) = result.order_ids()
        assert str(client.hosting_orders.get(order_id).state) == "WAITING_FOR_LOA_SIGNATURE"
        # The numbers are taken at once (a resubmission must see them so), but no step starts.
        states = client.qualified_numbers.read_states(numbers)
        assert set(states.values()) == {"GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"}
        steps = {str(n.osr_update.state) for n in client.hosting_orders.numbers(order_id)}
        assert steps == {"WAITING"}
        with SandboxAdmin(sandbox.url) as admin:
            admin.advance_clock(29)  # the hosting delay alone is not enough: it counts from
            assert str(client.hosting_orders.get(order_id).state) == "WAITING_FOR_LOA_SIGNATURE"
            signed = admin.sign_loa(order_id)  # the signature
            assert signed["state"] == "IN_PROGRESS"
            assert str(client.hosting_orders.get(order_id).state) == "IN_PROGRESS"
            admin.advance_clock(29)
            assert client.hosting_orders.report(order_id).sms_provisioned == 0
            admin.advance_clock(2)
        assert str(client.hosting_orders.get(order_id).state) == "COMPLETED"
        assert client.hosting_orders.report(order_id).sms_provisioned == 4


@pytest.mark.sinch_sandbox(hosting_delay=10, loa_signature_delay=100, provisioning_delay=1)
def test_an_unsigned_loa_is_signed_after_the_signature_delay(sandbox: InProcess) -> None:
    from sinch_qualified_numbers_sandbox import SandboxAdminError

    from .conftest import LOA

    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        seed(sandbox, HOSTED[:2])
        result = client.qualified_numbers.text_enable(HOSTED[:2], service_plan_id="p", loa=LOA)
        (order_id,) = result.order_ids()
        with SandboxAdmin(sandbox.url) as admin:
            admin.advance_clock(100)
            assert str(client.hosting_orders.get(order_id).state) == "IN_PROGRESS"
            admin.advance_clock(10)
            assert str(client.hosting_orders.get(order_id).state) == "COMPLETED"
            # Signing again changes nothing; an unknown order is a 404 naming it.
            assert admin.sign_loa(order_id)["state"] == "COMPLETED"
            with pytest.raises(SandboxAdminError, match="could not be found"):
                admin.sign_loa("01nosuch")


# -- text enablement through the hostingOrders: route -----------------------------------------

TOLL_FREE = ["+18335870229", "+18339460473"]


def test_text_enable_through_hosting_orders_answers_whole_orders(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    from .conftest import LOA

    local = HOSTED[:3]
    seed(sandbox, local + TOLL_FREE)
    result = client.hosting_orders.text_enable(
        [*local, *TOLL_FREE], service_plan_id="p", loa=LOA, campaign_id="C9"
    )
    assert result.ok and set(result.enabled) == {*local, *TOLL_FREE}
    by_kind = {o.toll_free: o for o in result.orders}
    assert set(by_kind) == {False, True}
    for kept in result.orders:
        assert kept.order is not None  # the whole order, not its ID alone
        assert kept.order.hosting_order_id == kept.hosting_order_id
        assert str(kept.order.state) == "SUBMITTED"
        assert str(kept.order.hosting_order_info.loa_type) == "DIRECT"
    assert by_kind[False].order is not None and by_kind[False].order.campaign_id == "C9"
    for order_id in result.order_ids():  # the sandbox of these tests hosts at once
        assert str(client.hosting_orders.get(order_id).state) == "COMPLETED"


@pytest.mark.anyio
async def test_async_text_enable_through_hosting_orders(
    aclient: AsyncQualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, HOSTED[3:5])
    result = await aclient.hosting_orders.text_enable(
        HOSTED[3:5], service_plan_id="p", loa=BlanketLoa()
    )
    (order,) = result.orders
    assert order.order is not None and str(order.order.state) == "SUBMITTED"
    assert sorted(order.numbers) == HOSTED[3:5]


def test_text_enable_through_hosting_orders_reconciles_lost_answers(
    sandbox: PortServer,
) -> None:
    from .conftest import client_kwargs

    numbers = [f"+1202555{i:04d}" for i in range(3000, 4100)]  # 3 chunks
    seed(sandbox, numbers)
    sandbox.sandbox.faults.update(
        {
            "error_after": 0.5,
            "drop_after": 0.3,
            "seed": 8,
            "operations": ["createTextEnableHostingOrder"],
        }
    )
    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=3)) as client:
        result = client.hosting_orders.text_enable(numbers, service_plan_id="p", loa=BlanketLoa())
    with SandboxAdmin(sandbox.url) as admin:
        submissions = admin.submissions()
    mine = {n: c for n, c in submissions.items() if n in set(numbers)}
    assert set(mine.values()) == {1}  # nothing submitted twice
    assert set(mine) == set(result.enabled)
    assert set(result.enabled) | set(result.failed) == set(numbers)
    assert sandbox.sandbox.faults.injected


def test_text_enable_is_one_method_for_both_resources() -> None:
    """Written once: the same signature, defaults and docstring on both resources, sync and
    async (a keyword added to one cannot be forgotten on the other)."""
    import inspect

    from sinch_qualified_numbers import (
        AsyncHostingOrders,
        AsyncQualifiedNumbers,
        HostingOrders,
        QualifiedNumbers,
    )

    assert QualifiedNumbers.text_enable is HostingOrders.text_enable
    assert AsyncQualifiedNumbers.text_enable is AsyncHostingOrders.text_enable
    sync_signature = inspect.signature(QualifiedNumbers.text_enable)
    assert list(sync_signature.parameters) == list(
        inspect.signature(AsyncQualifiedNumbers.text_enable).parameters
    )
    keywords = [p for p in sync_signature.parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert len(keywords) == 14  # eleven keywords (hooks, known_states) and the three extras
    assert QualifiedNumbers._text_enable_routes() != HostingOrders._text_enable_routes()


# -- at scale: 10,000 numbers followed to the end, sync and async ------------------------------

TEN_THOUSAND = (
    [f"+1202555{i:04d}" for i in range(5000)]
    + [f"+1416555{i:04d}" for i in range(3000)]
    + [f"+1833555{i:04d}" for i in range(2000)]
    + ["+12025559903", "+14165559903"]  # hosting fails for these two
)


def _check_followed(
    result: object, finished: dict[str, HostingOrder], reports: dict[str, HostingOrderReport]
) -> None:
    from sinch_qualified_numbers import TextEnableResult

    assert isinstance(result, TextEnableResult)
    assert result.ok and set(result.enabled) == set(TEN_THOUSAND)
    assert set(finished) == set(result.order_ids())
    numbers_per_order = {o.hosting_order_id: len(o.numbers) for o in result.orders}
    for order_id, report in reports.items():
        # An order none of whose numbers was hosted (a chunk of 9903s alone) is REJECTED.
        hosted_any = report.sms_provisioned > 0
        assert str(finished[order_id].state) == ("COMPLETED" if hosted_any else "REJECTED")
        assert report.total == numbers_per_order[order_id]  # the counts add up to the order
        assert report.osr_updated == report.total
    assert sum(r.total for r in reports.values()) == len(TEN_THOUSAND)
    assert sum(r.sms_provisioned for r in reports.values()) == len(TEN_THOUSAND) - 2


#: Orders that take half a second to host and to sign: the waits poll them to the end.
ten_thousand_sandbox = pytest.mark.sinch_sandbox(
    eligibility_delay=0, hosting_delay=0.5, loa_signature_delay=0.5
)


@ten_thousand_sandbox
def test_ten_thousand_numbers_are_followed_to_completion(sandbox: InProcess) -> None:
    from .conftest import LOA, client_kwargs

    seed(sandbox, TEN_THOUSAND)
    with QualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=8)) as client:
        result = client.qualified_numbers.text_enable(TEN_THOUSAND, service_plan_id="p", loa=LOA)
        finished = client.hosting_orders.wait_for(result.order_ids(), poll_interval=0.2)
        reports = {o: client.hosting_orders.report(o) for o in finished}
    _check_followed(result, finished, reports)


@pytest.mark.anyio
@ten_thousand_sandbox
async def test_ten_thousand_numbers_are_followed_to_completion_async(sandbox: InProcess) -> None:
    from .conftest import LOA, client_kwargs

    seed(sandbox, TEN_THOUSAND)
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox, max_concurrency=8)) as client:
        result = await client.hosting_orders.text_enable(TEN_THOUSAND, service_plan_id="p", loa=LOA)
        orders = client.hosting_orders
        finished = await orders.wait_for(result.order_ids(), poll_interval=0.2)
        reports = {o: await orders.report(o) for o in finished}
    _check_followed(result, finished, reports)


# -- imports: numbers already imported are reported apart, never fail the others ----------------


def _import_orders(sandbox: PortServer) -> list[dict[str, object]]:
    with SandboxAdmin(sandbox.url) as admin:
        return [o for o in admin.hosting_orders() if o.get("type") == "IMPORT"]


def test_an_import_with_some_numbers_imported_already_takes_the_others_at_once(
    sandbox: PortServer,
) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(3000, 3005)]  # one order of five
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        first = client.hosting_orders.import_numbers(numbers[1:4:2], service_plan_id="p")
        assert first.ok and len(first.imported) == 2
        result = client.hosting_orders.import_numbers(numbers, service_plan_id="p")
    assert result.already_imported == dict.fromkeys(numbers[1:4:2], "IMPORTED")
    assert set(result.imported) == {numbers[0], numbers[2], numbers[4]}
    assert result.ok and not result.failed
    assert len(result.order_ids()) == 1
    assert len(_import_orders(sandbox)) == 2  # the first run's, then one for the other three


@pytest.mark.anyio
async def test_async_import_reports_numbers_imported_already(sandbox: PortServer) -> None:
    numbers = [f"+1202555{i:04d}" for i in range(3000, 3012)]
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        await client.hosting_orders.import_numbers(numbers[::3], service_plan_id="p")
        result = await client.hosting_orders.import_numbers(numbers, service_plan_id="p")
    assert set(result.already_imported) == set(numbers[::3]) and result.ok
    assert set(result.imported) == set(numbers) - set(numbers[::3])


@respx.mock
def test_an_import_answer_naming_numbers_not_sent_is_never_a_success(
    sleeps: list[float],
) -> None:
    numbers = ["+12025550134", "+12025550135"]
    respx.post(url__regex=r".*hostingOrders:importNumbers$").mock(
        return_value=httpx.Response(
            200, json={"hostingOrderId": "o", "numberImport": {"numbers": ["+12025550999"]}}
        )
    )
    respx.get(url__regex=r".*/importedNumbers/.*").mock(
        return_value=httpx.Response(500, json={"code": "500", "status": "INTERNAL"})
    )
    with fake_client() as client:
        result = client.hosting_orders.import_numbers(numbers, service_plan_id="p")
    assert not result.imported and not result.failed and set(result.unknown) == set(numbers)
    assert all(isinstance(e, APIResponseValidationError) for e in result.unknown.values())
    assert not result.ok
