"""The client sends what Sinch publishes (openapi/SERVICE.md, listings, hosting orders and
imported numbers) and reads what Sinch's contract allows it to answer."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import BadRequestError, InvalidArgumentError, QualifiedNumbersClient
from sinch_qualified_numbers.callbacks import parse_event
from sinch_qualified_numbers_api import models
from sinch_qualified_numbers_api.types import Unset

from ..conftest import API_VERSION
from .conftest import FAKE_BASE, PROJECT, fake_client

PROJECT_API = f"{FAKE_BASE}/{API_VERSION}/projects/{PROJECT}"
IMPORTED = f"{PROJECT_API}/importedNumbers"


def _sent_query(route: respx.Route) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for key, value in route.calls.last.request.url.params.multi_items():
        query.setdefault(key, []).append(value)
    return query


def test_imported_numbers_list_sends_both_required_filters_and_the_order() -> None:
    with respx.mock as router, fake_client(max_retries=0) as client:
        route = router.get(IMPORTED).mock(return_value=httpx.Response(200, json={}))
        assert list(client.imported_numbers.list(service_plan_id="p", campaign_id="")) == []
        assert _sent_query(route)["servicePlanId"] == ["p"]
        assert _sent_query(route)["campaignId"] == [""]  # sent even empty: no campaign
        list(
            client.imported_numbers.list(
                service_plan_id="p", campaign_id="C", order_by="updatedTime"
            )
        )
        assert _sent_query(route)["orderBy"] == ["updatedTime"]


def test_imported_numbers_list_cannot_be_called_without_the_required_filters() -> None:
    with fake_client() as client:
        with pytest.raises(TypeError, match="service_plan_id"):
            client.imported_numbers.list()  # type: ignore[call-arg]
        with pytest.raises(TypeError, match="campaign_id"):
            client.imported_numbers.list(service_plan_id="p")  # type: ignore[call-arg]


@pytest.mark.parametrize("order_by", ["createdTime", "updatedTime"])
def test_every_listing_sends_the_published_order_by_values(order_by: str) -> None:
    listings: dict[str, Any] = {
        f"{PROJECT_API}/qualifiedNumbers": lambda c: c.qualified_numbers.list(order_by=order_by),
        f"{PROJECT_API}/hostingOrders": lambda c: c.hosting_orders.list(
            states=["COMPLETED"],
            type="TYPE_TEXT_ENABLE",
            service_plan_id="p",
            campaign_id="",
            order_by=order_by,
        ),
        f"{PROJECT_API}/hostingOrders/o1/numbers": lambda c: c.hosting_orders.numbers(
            "o1", order_by=order_by
        ),
        IMPORTED: lambda c: c.imported_numbers.list(
            service_plan_id="p", campaign_id="", order_by=order_by
        ),
    }
    with respx.mock as router, fake_client(max_retries=0) as client:
        for url, call in listings.items():
            route = router.get(url).mock(return_value=httpx.Response(200, json={}))
            assert list(call(client)) == []
            assert _sent_query(route)["orderBy"] == [order_by], url


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.qualified_numbers.list(order_by="phoneNumber"),
        lambda c: c.hosting_orders.numbers("o1", order_by="phoneNumber"),
        lambda c: c.imported_numbers.list(service_plan_id="p", campaign_id="", order_by="x"),
    ],
)
def test_an_unpublished_order_by_is_refused_before_sending(call: Any) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match="createdTime, updatedTime"):
            list(call(client))
    assert route.call_count == 0


@pytest.mark.parametrize(
    ("number", "given", "sent"),
    [("+12025550134", None, "US"), ("+14165550134", None, "CA"), ("+14165550134", "CA", "CA")],
)
def test_create_always_sends_the_region_sinch_requires(
    number: str, given: str | None, sent: str
) -> None:
    with respx.mock as router, fake_client(max_retries=0) as client:
        route = router.post(IMPORTED).mock(
            return_value=httpx.Response(200, json={"phoneNumber": number})
        )
        client.imported_numbers.create(number, service_plan_id="p", region_code=given)
    body = json.loads(route.calls.last.request.content)
    assert body["regionCode"] == sent
    assert body["smsConfiguration"] == {"servicePlanId": "p"}
    assert "migrateToSinchTmo" not in json.dumps(body)  # read-only: never sent


def test_a_region_that_disagrees_with_the_number_is_refused_naming_both() -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.route()
        with pytest.raises(InvalidArgumentError, match=r"\+14165550134 is a number of CA, not US"):
            client.imported_numbers.create("+14165550134", service_plan_id="p", region_code="US")
    assert route.call_count == 0


def test_an_import_order_sends_the_project_and_reads_number_import_as_string_or_object() -> None:
    url = f"{PROJECT_API}/hostingOrders:importNumbers"
    for number_import in ("{}", {"numbers": ["+12025550134"]}):
        with respx.mock as router, fake_client(max_retries=0) as client:
            route = router.post(url).mock(
                return_value=httpx.Response(
                    200,
                    json={"hostingOrderId": "o1", "type": "IMPORT", "numberImport": number_import},
                )
            )
            result = client.hosting_orders.import_numbers(["+12025550134"], service_plan_id="p")
        assert json.loads(route.calls.last.request.content)["projectId"] == PROJECT
        (order,) = result.orders
        assert order.order is not None
        read = order.order.number_import
        if isinstance(number_import, str):
            assert read == "{}"
        else:
            assert isinstance(read, models.HostingOrderNumberImportType0)
            assert read.to_dict() == number_import


@pytest.mark.parametrize("body", [b"", b"{}", b'{"unexpected": true}'])
@pytest.mark.parametrize(
    ("url", "call"),
    [
        (f"{PROJECT_API}/qualifiedNumbers/%2B12025550134", "qualified_numbers"),
        (f"{IMPORTED}/%2B12025550134", "imported_numbers"),
    ],
)
def test_every_delete_accepts_any_200_body(body: bytes, url: str, call: str) -> None:
    with respx.mock as router, fake_client(max_retries=0) as client:
        route = router.delete(url).mock(return_value=httpx.Response(200, content=body))
        assert getattr(client, call).delete("+12025550134") is None
    assert route.call_count == 1


IMPORTED_NUMBER = {
    "phoneNumber": "+12025550134",
    "smsConfiguration": {
        "servicePlanId": "p",
        "migrateToSinchTmo": True,
        "scheduledProvisioning": {
            "servicePlanId": "p2",
            "campaignId": "C2",
            "status": 3,
            "lastUpdatedTime": "2025-04-02T19:45:28.650924",
            "errorCodes": [4, 7, "SOMETHING_NEW"],
        },
    },
    "smsProvisioning": {
        "serviceType": "SMS",
        "type": "PROVISIONING",
        "state": "DONE",
        "updateTime": "soon",  # published as a plain string: may be anything
        "errorCode": "",
    },
    "campaignProvisioning": {"serviceType": "SOMETHING_ELSE", "type": "DEPROVISIONING"},
    "mnoConfiguration": {
        "smsAtt": {"operation": "OPERATION_UNSPECIFIED", "updateTime": "2025-04-02T19:45:28Z"},
        "smsTmo": {"operation": "MIGRATE", "updateTime": "2025-04-02T19:45:28.650924588"},
    },
}


def test_an_imported_number_reads_every_published_field() -> None:
    with respx.mock as router, fake_client(max_retries=0) as client:
        router.get(f"{IMPORTED}/%2B12025550134").mock(
            return_value=httpx.Response(200, json=IMPORTED_NUMBER)
        )
        found = client.imported_numbers.get("+12025550134")
    sms = found.sms_configuration
    assert isinstance(sms, models.SmsConfiguration) and sms.migrate_to_sinch_tmo is True
    scheduled = sms.scheduled_provisioning
    assert isinstance(scheduled, models.ScheduledProvisioning)
    assert (scheduled.service_plan_id, scheduled.campaign_id, scheduled.status) == ("p2", "C2", 3)
    assert scheduled.last_updated_time == dt.datetime(2025, 4, 2, 19, 45, 28, 650924, tzinfo=dt.UTC)
    assert scheduled.error_codes == [4, 7, "SOMETHING_NEW"]
    provisioning = found.sms_provisioning
    assert isinstance(provisioning, models.NumberProvisioning)
    assert provisioning.service_type is models.ServiceType.SMS
    assert provisioning.type_ is models.ProvisioningType.PROVISIONING
    # Not a timestamp: absent as a datetime, kept raw, written back.
    assert isinstance(provisioning.update_time, Unset)
    assert provisioning.additional_properties["updateTime"] == "soon"
    assert provisioning.to_dict()["updateTime"] == "soon"
    campaign = found.campaign_provisioning
    assert isinstance(campaign, models.NumberProvisioning)
    assert campaign.service_type == "SOMETHING_ELSE"  # unknown values are kept
    carriers = found.mno_configuration
    assert isinstance(carriers, models.NumberMnoConfiguration)
    assert isinstance(carriers.sms_att, models.MnoConfiguration)
    assert isinstance(carriers.sms_tmo, models.MnoConfiguration)
    assert carriers.sms_att.operation is models.Operation.OPERATION_UNSPECIFIED
    assert carriers.sms_tmo.operation == "MIGRATE"
    for stamp in (carriers.sms_att.update_time, carriers.sms_tmo.update_time):
        assert isinstance(stamp, dt.datetime) and stamp.utcoffset() == dt.timedelta(0)


def test_offset_less_nanosecond_timestamps_read_as_utc_and_compare_with_aware_ones() -> None:
    order = models.HostingOrder.from_dict(
        {"hostingOrderId": "o1", "createdTime": "2024-02-10T17:22:09.412722588"}
    )
    assert isinstance(order.created_time, dt.datetime)
    assert order.created_time.tzinfo is not None
    assert order.created_time < dt.datetime(2024, 2, 10, 17, 22, 10, tzinfo=dt.UTC)


def test_callback_events_as_sinchs_own_sdk_fixtures_show_them() -> None:
    event = parse_event(
        json.dumps(
            {
                "eventId": "e1",
                "timestamp": "2024-02-10T17:22:09.412722588",
                "eventType": "PROVISIONING_TO_SMS_PLATFORM",
                "status": "SUCCEEDED",
                "failureCode": None,
            }
        )
    )
    assert event.timestamp == dt.datetime(2024, 2, 10, 17, 22, 9, 412722, tzinfo=dt.UTC)
    assert event.failure_code is None
    assert event.timestamp < dt.datetime.now(dt.UTC)  # comparable with aware datetimes


def test_the_sandbox_and_the_client_agree_on_the_required_filters(
    client: QualifiedNumbersClient,
) -> None:
    client.imported_numbers.create("+13035550100", service_plan_id="plan-b")
    client.imported_numbers.create("+13035550101", service_plan_id="plan-b", campaign_id="C9")
    without = client.imported_numbers.list(service_plan_id="plan-b", campaign_id="")
    assert [n.phone_number for n in without] == ["+13035550100"]
    found = client.imported_numbers.get("+13035550100")
    assert found.region_code == "US"


def test_an_error_message_says_why_not_only_which_field() -> None:
    """The service's message names the field ("Invalid argument: callbackUrl"); the reason is
    in `details`. The message quotes the first violations (a log line or the CLI says why)."""
    body = {
        "code": "400",
        "message": "Invalid argument: callbackUrl",
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "type": "BadRequest",
                "fieldViolations": [
                    {"field": "callbackUrl", "description": "The callback URL is not a valid URL."},
                    *({"field": f"f{i}", "description": f"bad {i}"} for i in range(4)),
                ],
            }
        ],
    }
    with respx.mock as router, fake_client(max_retries=0) as client:
        router.post(IMPORTED).mock(return_value=httpx.Response(400, json=body))
        with pytest.raises(BadRequestError) as caught:
            client.imported_numbers.create("+13035550104", service_plan_id="p")
    assert str(caught.value) == (
        "400 INVALID_ARGUMENT: Invalid argument: callbackUrl (+13035550104) - "
        "callbackUrl: The callback URL is not a valid URL.; f0: bad 0; f1: bad 1; and 2 more"
    )
    assert len(caught.value.field_violations) == 5
