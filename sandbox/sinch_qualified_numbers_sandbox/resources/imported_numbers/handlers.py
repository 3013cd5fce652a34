"""The `ImportedNumbers` operations, one handler each (named after its operationId): each
parses its request, calls the resource's state (`state.ImportedNumbers`, which holds the rules:
the region, duplicates, linking) and renders its answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from ...callbacks import checked_callback_url
from ...http.errors import bad_request, existing
from ...http.paging import TIME_ORDER, fingerprint, region_param
from ...http.registry import Handlers
from ...http.render import Proto3Response
from ...http.requests import choice_param, json_body, only_params, phone_param, region_of
from . import render
from .state import Imported

if TYPE_CHECKING:
    from ...service import Sandbox

HANDLERS = Handlers()

_SEARCH = ("START", "CONTAIN", "END", "SEARCH_PATTERN_UNSPECIFIED")
_LIST_QUERY = {
    "regionCode",
    "numberPattern.pattern",
    "numberPattern.searchPattern",
    "servicePlanId",
    "campaignId",
    "pageSize",
    "pageToken",
    "orderBy",
}


def _pattern_matches(phone: str, pattern: str, where: str) -> bool:
    digits = phone.lstrip("+")
    wanted = pattern.lstrip("+")
    if where == "CONTAIN":
        return wanted in digits
    if where == "END":
        return digits.endswith(wanted)
    return digits.startswith(wanted)


def _number(sb: Sandbox, project: str, phone: str) -> Imported:
    return existing(sb.imported_numbers.get(project, phone))


@HANDLERS.operation("listImportedNumbers")
async def list_imported_numbers(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    query = request.query_params
    only_params(query, _LIST_QUERY)
    region = region_param(query)
    pattern = query.get("numberPattern.pattern")
    if pattern is not None and not (
        pattern.lstrip("+").isdigit() and pattern.isascii() and len(pattern) <= 16
    ):
        raise bad_request("numberPattern.pattern", f"Not digits: {pattern!r}.")
    where = choice_param(query, "numberPattern.searchPattern", _SEARCH) or "START"
    for name in ("servicePlanId", "campaignId"):  # Sinch documents both as required
        if name not in query:
            raise bad_request(name, f"{name} is required.")
    # No orderBy: by phone number. Sinch publishes createdTime and updatedTime.
    order_by = choice_param(query, "orderBy", TIME_ORDER) or ""
    page_size = sb.pages.size(query.get("pageSize"))
    plan, campaign = query["servicePlanId"], query["campaignId"]  # "": no campaign
    found = [
        n
        for n in sb.imported_numbers.all(project)
        if (region is None or n.region == region)
        and (pattern is None or _pattern_matches(n.phone, pattern, where))
        and n.service_plan_id == plan
        and n.campaign_id == campaign
    ]
    if order_by == "createdTime":
        found.sort(key=lambda n: (n.created, n.phone))
    elif order_by == "updatedTime":
        found.sort(key=lambda n: (n.updated_time, n.phone))
    filters = [f"{k}={query[k]}" for k in sorted(_LIST_QUERY - {"pageSize", "pageToken"})
               if k in query]  # fmt: skip
    bound_to = fingerprint(filters, region, order_by)
    items = [render.imported_number(n) for n in found]
    return sb.pages.of_list(request, project, bound_to, "importedNumbers", items, page_size)


@HANDLERS.operation("createImportedNumber")
async def create_imported_number(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    body = await json_body(request, "CreateImportedNumberRequest", sb.config.max_body_bytes)
    sms = body["smsConfiguration"]
    number = sb.imported_numbers.import_one(
        project,
        body["phoneNumber"],
        region_of,
        region_code=body.get("regionCode"),
        service_plan_id=sms["servicePlanId"],
        campaign_id=sms.get("campaignId", ""),
        display_name=body.get("displayName", ""),
        callback_url=checked_callback_url(body, sb.own_addresses),
    )
    return Proto3Response(render.imported_number(number))


@HANDLERS.operation("getImportedNumber")
async def get_imported_number(sb: Sandbox, request: Request) -> Response:
    number = _number(sb, sb.auth.project(request), phone_param(request))
    return Proto3Response(render.imported_number(number))


@HANDLERS.operation("updateImportedNumber")
async def update_imported_number(sb: Sandbox, request: Request) -> Response:
    project, phone = sb.auth.project(request), phone_param(request)
    body = await json_body(request, "UpdateImportedNumberRequest", sb.config.max_body_bytes)
    sms = body.get("smsConfiguration", {})
    number = sb.imported_numbers.change(
        project,
        phone,
        display_name=body.get("displayName"),
        callback_url=checked_callback_url(body, sb.own_addresses)
        if "callbackUrl" in body
        else None,
        service_plan_id=sms.get("servicePlanId"),
        campaign_id=sms.get("campaignId"),
    )
    return Proto3Response(render.imported_number(number))


@HANDLERS.operation("deleteImportedNumber")
async def delete_imported_number(sb: Sandbox, request: Request) -> Response:
    project, phone = sb.auth.project(request), phone_param(request)
    sb.delete_imported_number(project, phone)
    return Proto3Response({})
