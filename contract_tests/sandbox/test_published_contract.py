"""The sandbox follows Sinch's published contract (openapi/SERVICE.md, listings, hosting
orders and imported numbers): required listing filters, the published `orderBy` values, the
required fields of an import, `scheduledProvisioning` while a link is pending, and bodiless
deletes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import BASE, add, advance, error_of, path, verify, violated_fields

IMPORTED = BASE.rsplit("/qualifiedNumbers", 1)[0] + "/importedNumbers"
ORDERS = BASE.rsplit("/qualifiedNumbers", 1)[0] + "/hostingOrders"


def _import(http: httpx.Client, phone: str, **extra: Any) -> dict[str, Any]:
    body = {"phoneNumber": phone, "regionCode": "US", "smsConfiguration": {"servicePlanId": "p"}}
    response = http.post(IMPORTED, json={**body, **extra})
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _listed(http: httpx.Client, url: str, key: str, **query: str) -> list[str]:
    response = http.get(url, params=query)
    assert response.status_code == 200, response.text
    return [item["phoneNumber"] for item in response.json().get(key, [])]


@pytest.mark.parametrize("missing", ["servicePlanId", "campaignId"])
def test_listing_imported_numbers_requires_both_published_filters(
    http: httpx.Client, missing: str
) -> None:
    query = {"servicePlanId": "p", "campaignId": ""}
    del query[missing]
    body = error_of(http.get(IMPORTED, params=query), 400)
    assert body["status"] == "INVALID_ARGUMENT"
    assert violated_fields(body) == [missing]


def test_an_empty_campaign_filter_selects_the_numbers_without_a_campaign(
    http: httpx.Client,
) -> None:
    _import(http, "+13035550101")
    _import(http, "+13035550102", smsConfiguration={"servicePlanId": "p", "campaignId": "C1"})
    assert _listed(http, IMPORTED, "importedNumbers", servicePlanId="p", campaignId="") == [
        "+13035550101"
    ]
    assert _listed(http, IMPORTED, "importedNumbers", servicePlanId="p", campaignId="C1") == [
        "+13035550102"
    ]
    assert _listed(http, IMPORTED, "importedNumbers", servicePlanId="q", campaignId="") == []


@pytest.mark.parametrize("url", [IMPORTED, f"{ORDERS}/o1/numbers"])
@pytest.mark.parametrize("value", ["phoneNumber", "displayName", "createdtime"])
def test_order_by_takes_only_the_published_values(http: httpx.Client, url: str, value: str) -> None:
    if "numbers" in url:  # an order must exist for its numbers' listing to get that far
        verify(http, "+13035550111")
        created = http.post(
            f"{ORDERS}:textEnableNumbers",
            json={
                "regionCode": "US",
                "numbers": ["+13035550111"],
                "servicePlanId": "p",
                "blanketLoaInfo": {},
            },
        )
        assert created.status_code == 200, created.text
        url = f"{ORDERS}/{created.json()['hostingOrderId']}/numbers"
    query = {"orderBy": value}
    if url == IMPORTED:
        query |= {"servicePlanId": "p", "campaignId": ""}
    body = error_of(http.get(url, params=query), 400)
    assert violated_fields(body) == ["orderBy"]


def test_imported_numbers_are_ordered_by_created_or_updated_time(http: httpx.Client) -> None:
    _import(http, "+13035550109")
    advance(http, 5)
    _import(http, "+13035550101")
    advance(http, 5)  # both provisioned
    query = {"servicePlanId": "p", "campaignId": ""}
    by_phone = ["+13035550101", "+13035550109"]
    assert _listed(http, IMPORTED, "importedNumbers", **query) == by_phone
    assert _listed(http, IMPORTED, "importedNumbers", **query, orderBy="createdTime") == [
        "+13035550109",
        "+13035550101",
    ]
    assert _listed(http, IMPORTED, "importedNumbers", **query, orderBy="updatedTime") == [
        "+13035550109",
        "+13035550101",
    ]
    advance(http, 5)
    renamed = http.patch(f"{IMPORTED}/%2B13035550109", json={"displayName": "renamed"})
    assert renamed.status_code == 200, renamed.text
    assert _listed(http, IMPORTED, "importedNumbers", **query, orderBy="updatedTime") == by_phone


def test_an_orders_numbers_are_ordered_by_created_or_updated_time(http: httpx.Client) -> None:
    verify(http, "+13035550129")
    advance(http, 5)
    verify(http, "+13035550121")
    created = http.post(
        f"{ORDERS}:textEnableNumbers",
        json={
            "regionCode": "US",
            "numbers": ["+13035550121", "+13035550129"],
            "servicePlanId": "p",
            "blanketLoaInfo": {},
        },
    )
    assert created.status_code == 200, created.text
    url = f"{ORDERS}/{created.json()['hostingOrderId']}/numbers"
    assert _listed(http, url, "numbers") == ["+13035550121", "+13035550129"]
    assert _listed(http, url, "numbers", orderBy="createdTime") == [
        "+13035550129",
        "+13035550121",
    ]
    # The order changed both at the same moment: equal times are ordered by phone number.
    assert _listed(http, url, "numbers", orderBy="updatedTime") == [
        "+13035550121",
        "+13035550129",
    ]


def test_importing_a_number_requires_its_region_as_published(http: httpx.Client) -> None:
    body = error_of(
        http.post(
            IMPORTED,
            json={"phoneNumber": "+13035550131", "smsConfiguration": {"servicePlanId": "p"}},
        ),
        400,
    )
    assert violated_fields(body) == ["regionCode"]
    wrong = error_of(
        http.post(
            IMPORTED,
            json={
                "phoneNumber": "+13035550131",
                "regionCode": "CA",
                "smsConfiguration": {"servicePlanId": "p"},
            },
        ),
        400,
    )
    assert violated_fields(wrong) == ["regionCode"]


def test_scheduled_provisioning_is_reported_while_a_link_or_unlink_is_pending(
    http: httpx.Client,
) -> None:
    created = _import(http, "+13035550141")
    scheduled = created["smsConfiguration"]["scheduledProvisioning"]
    assert scheduled["servicePlanId"] == "p" and scheduled["status"] == 1
    assert scheduled["lastUpdatedTime"].endswith("Z")
    advance(http, 2)
    settled = http.get(f"{IMPORTED}/%2B13035550141").json()
    assert "scheduledProvisioning" not in settled["smsConfiguration"]
    unlinked = http.patch(
        f"{IMPORTED}/%2B13035550141", json={"smsConfiguration": {"servicePlanId": ""}}
    ).json()
    # The unlink is pending: scheduled to no plan ("" is left out, proto3).
    assert unlinked["smsConfiguration"]["scheduledProvisioning"] == {
        "status": 1,
        "lastUpdatedTime": unlinked["smsProvisioning"]["updateTime"],
    }
    advance(http, 2)
    done = http.get(f"{IMPORTED}/%2B13035550141").json()
    assert "scheduledProvisioning" not in done.get("smsConfiguration", {})


@pytest.mark.parametrize("kind", ["qualified", "imported"])
def test_deletes_answer_200_without_anything_to_read(http: httpx.Client, kind: str) -> None:
    if kind == "qualified":
        add(http, "+13035550151")
        url = path("+13035550151")
    else:
        _import(http, "+13035550151")
        url = f"{IMPORTED}/%2B13035550151"
    response = http.delete(url)
    assert response.status_code == 200
    assert response.content in (b"", b"{}")
    assert http.get(url).status_code == 404
