"""The `HostingOrders` operations, one handler each (named after its operationId): the
text-enable orders (with their LOA), the import orders, and reading them back. Each parses
its request, calls the resource's state (`state.HostingOrders`, which holds the rules of
making an order) and renders its answer.

`text_enable_order` and `toll_free_order` parse a text-enable request and have the state make
its order: the two `qualifiedNumbers:textEnable...` routes of the `QualifiedNumbers` tag
share them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ... import process as pr
from ...callbacks import checked_callback_url
from ...http import requests as inputs
from ...http.errors import bad_request, existing, not_found
from ...http.paging import TIME_ORDER, fingerprint, region_param
from ...http.registry import Handlers
from ...http.render import Proto3Response, proto3
from ..qualified_numbers.state import Row
from . import render
from .state import StoredOrder

if TYPE_CHECKING:
    from ...service import Sandbox

HANDLERS = Handlers()

_LOAS = ("directLoaInfo", "resellerLoaInfo", "blanketLoaInfo")
#: An order's numbers' filters: query parameter -> the step it filters on.
_STEP_FILTERS = {
    "osrUpdateState": "osrUpdate",
    "campaignProvisioningState": "campaignProvisioning",
    "platformProvisioningState": "platformProvisioning",
}


def _matches(number: dict[str, Any], wanted: dict[str, str]) -> bool:
    """Is every filtered step of this order number in the wanted state? A step not started
    has no state: it matches `STATE_UNSPECIFIED`, as a proto3 reader sees it."""
    for step, state in wanted.items():
        found = number.get(step, {}).get("state") or "STATE_UNSPECIFIED"
        if found != state:
            return False
    return True


# -- making text-enable orders ------------------------------------------------------------------


async def text_enable_order(sb: Sandbox, request: Request) -> dict[str, Any]:
    """A text-enable order for non-toll-free numbers, made from the request."""
    project = sb.auth.project(request)
    body = await inputs.json_body(request, "TextEnableNumbersRequest", sb.config.max_body_bytes)
    loas = [k for k in _LOAS if k in body]
    if len(loas) != 1:
        raise bad_request(
            "directLoaInfo",
            "Exactly one of directLoaInfo, resellerLoaInfo and blanketLoaInfo is required"
            f" (got {len(loas)}).",
        )
    return _create_order(sb, project, body, toll_free=False, loa=loas[0])


async def toll_free_order(sb: Sandbox, request: Request) -> dict[str, Any]:
    """A text-enable order for toll-free numbers, made from the request."""
    project = sb.auth.project(request)
    body = await inputs.json_body(
        request, "TextEnableTollFreeNumbersRequest", sb.config.max_body_bytes
    )
    loa = "directLoaInfo" if "directLoaInfo" in body else "resellerLoaInfo"
    return _create_order(sb, project, body, toll_free=True, loa=loa)


def _create_order(
    sb: Sandbox, project: str, body: dict[str, Any], *, toll_free: bool, loa: str
) -> dict[str, Any]:
    # The body's optional projectId is ignored: the path's project is the one acted on.
    checked_callback_url(body, sb.own_addresses)
    return sb.hosting_orders.text_enable(
        project,
        body["numbers"],
        body["regionCode"],
        inputs.region_of,
        lambda order_id, now: dict(proto3(render.hosting_order(project, order_id, body, loa, now))),
        toll_free=toll_free,
        callback_url=body.get("callbackUrl"),
        blanket_loa=loa == "blanketLoaInfo",
        hosting_delay=sb.config.hosting_delay,
        loa_signature_delay=sb.config.loa_signature_delay,
    )


@HANDLERS.operation("createTextEnableHostingOrder")
async def create_text_enable_hosting_order(sb: Sandbox, request: Request) -> Response:
    return Proto3Response(await text_enable_order(sb, request))


@HANDLERS.operation("createTollFreeTextEnableHostingOrder")
async def create_toll_free_text_enable_hosting_order(sb: Sandbox, request: Request) -> Response:
    return Proto3Response(await toll_free_order(sb, request))


# -- import orders ------------------------------------------------------------------------------


@HANDLERS.operation("importNumbers")
async def import_numbers(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    body = await inputs.json_body(request, "ImportNumbersRequest", sb.config.max_body_bytes)
    order = sb.hosting_orders.import_numbers(
        project,
        body["numbers"],
        body["regionCode"],
        inputs.region_of,
        lambda order_id, now: dict(proto3(render.import_order(project, order_id, body, now))),
        limit=sb.config.max_import_numbers,
        service_plan_id=body["servicePlanId"],
        campaign_id=body.get("campaignId", ""),
        display_name=body.get("displayName", ""),
        callback_url=checked_callback_url(body, sb.own_addresses),
    )
    return Proto3Response(order)


# -- reading orders back ------------------------------------------------------------------------


def _order(sb: Sandbox, request: Request) -> tuple[str, StoredOrder, list[Row]]:
    project = sb.auth.project(request)
    order_id: str = request.path_params["order_id"]
    order = existing(
        sb.hosting_orders.order_for(project, order_id), "The hosting order could not be found."
    )
    return project, order, sb.hosting_orders.rows(project, order_id)


@HANDLERS.operation("listHostingOrders")
async def list_hosting_orders(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    query = request.query_params
    required = ("type", "servicePlanId", "campaignId")
    allowed = {"states", *required, "regionCode", "orderBy", "pageSize", "pageToken"}
    inputs.only_params(query, allowed)
    states = inputs.states_param(query, pr.ORDER_STATES)
    for name in required:  # Sinch documents all of them as required
        if name not in query:
            raise bad_request(name, f"{name} is required.")
    order_type = query["type"]
    if order_type not in pr.ORDER_TYPES:
        raise bad_request("type", f"Unknown type {order_type!r}.")
    region = region_param(query)
    order_by = inputs.choice_param(query, "orderBy", TIME_ORDER) or "createdTime"
    page_size = sb.pages.size(query.get("pageSize"))
    wanted = {
        "type": order_type,
        "servicePlanId": query["servicePlanId"],
        "campaignId": query["campaignId"],  # empty: orders made without a campaign
    }
    found = []
    now = sb.clock.now()
    for stored in sb.hosting_orders.orders(project):
        rows = sb.hosting_orders.rows(project, stored.body["hostingOrderId"])
        order = render.hosting_order_now(stored, rows, now)
        if order.get("state") not in states or (region and order.get("regionCode") != region):
            continue
        if all(order.get(key, "") == value for key, value in wanted.items()):
            found.append(order)
    found.sort(key=lambda o: (str(o.get(order_by, "")), str(o["hostingOrderId"])))
    filtered_by = [*sorted(states), *(f"{k}={v}" for k, v in sorted(wanted.items()))]
    bound_to = fingerprint(filtered_by, region, order_by)
    return sb.pages.of_list(request, project, bound_to, "hostingOrders", found, page_size)


@HANDLERS.operation("getHostingOrder")
async def get_hosting_order(sb: Sandbox, request: Request) -> Response:
    _, order, rows = _order(sb, request)
    return Proto3Response(render.hosting_order_now(order, rows, sb.clock.now()))


@HANDLERS.operation("getHostingOrderReport")
async def get_hosting_order_report(sb: Sandbox, request: Request) -> Response:
    _, order, rows = _order(sb, request)
    now = sb.clock.now()
    numbers = [render.hosting_order_number(order, row, now) for row in rows]
    return Proto3Response(render.hosting_order_report(numbers))


@HANDLERS.operation("listHostingOrderNumbers")
async def list_hosting_order_numbers(sb: Sandbox, request: Request) -> Response:
    project, order, rows = _order(sb, request)
    query = request.query_params
    inputs.only_params(query, {"pageSize", "pageToken", "orderBy", *_STEP_FILTERS})
    wanted: dict[str, str] = {}
    for name, step in _STEP_FILTERS.items():
        value = query.get(name)
        if value is None:
            continue
        if value not in pr.STEP_STATES:
            raise bad_request(name, f"Unknown state {value!r}.")
        wanted[step] = value
    # No orderBy: by phone number. Sinch publishes createdTime and updatedTime.
    order_by = inputs.choice_param(query, "orderBy", TIME_ORDER) or ""
    page_size = sb.pages.size(query.get("pageSize"))
    now = sb.clock.now()
    if order_by:
        by_created = order_by == "createdTime"
        rows = sorted(rows, key=lambda r: (r.created if by_created else r.updated, r.phone))
    numbers = [render.hosting_order_number(order, row, now) for row in rows]
    numbers = [n for n in numbers if _matches(n, wanted)]
    filtered_by = [f"{step}={state}" for step, state in sorted(wanted.items())]
    bound_to = fingerprint([order.body["hostingOrderId"], *filtered_by], None, order_by)
    return sb.pages.of_list(request, project, bound_to, "numbers", numbers, page_size)


@HANDLERS.operation("getHostingOrderNumber")
async def get_hosting_order_number(sb: Sandbox, request: Request) -> Response:
    _, order, rows = _order(sb, request)
    phone = inputs.phone_param(request)
    for row in rows:
        if row.phone == phone:
            return Proto3Response(render.hosting_order_number(order, row, sb.clock.now()))
    raise not_found("The number is not part of this hosting order.")
