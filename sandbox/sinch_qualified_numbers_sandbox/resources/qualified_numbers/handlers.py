"""The `QualifiedNumbers` operations, one handler each (named after its operationId).

A handler parses the request (auth, body against the spec's schema), calls the resource's
state (`state.QualifiedNumbers`, which holds the service's rules and asks `process` for each
state change) and has `render` answer it. The two `qualifiedNumbers:textEnable...` routes
make hosting orders: the hosting orders' handlers parse those requests, and their state holds
the rules (`hosting_orders.state`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from ... import process as pr
from ...http.errors import existing
from ...http.paging import TIME_ORDER, fingerprint, region_param
from ...http.registry import Handlers
from ...http.render import Proto3Response
from ...http.requests import (
    choice_param,
    json_body,
    only_params,
    phone_param,
    read_body,
    region_of,
    states_param,
)
from ..hosting_orders.handlers import text_enable_order, toll_free_order
from . import render
from .state import Row

if TYPE_CHECKING:
    from ...service import Sandbox

HANDLERS = Handlers()

_LIST_QUERY = {"states", "regionCode", "pageSize", "pageToken", "orderBy"}


def _row(sb: Sandbox, project: str, phone: str) -> Row:
    return existing(sb.qualified_numbers.get(project, phone))  # Sinch's wording: "imported"


@HANDLERS.operation("listQualifiedNumbers")
async def list_qualified_numbers(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    query = request.query_params
    only_params(query, _LIST_QUERY)
    states = states_param(query, pr.STATES)
    region = region_param(query)
    order_by = choice_param(query, "orderBy", TIME_ORDER) or "createdTime"
    page_size = sb.pages.size(query.get("pageSize"))
    bound_to = fingerprint(states, region, order_by)
    token = query.get("pageToken")
    tokens = sb.pages.tokens
    after = tokens.read(token, project, bound_to) if token else None
    rows, total, next_key = sb.qualified_numbers.list_page(
        project,
        states=sorted(set(states)),
        region=region,
        order_by=order_by,
        after=after,
        limit=page_size,
    )
    return Proto3Response(
        {
            "qualifiedNumbers": [render.number(row) for row in rows],
            "nextPageToken": tokens.issue(project, bound_to, next_key) if next_key else "",
            "totalSize": total,
        }
    )


@HANDLERS.operation("addQualifiedNumbers")
async def add_qualified_numbers(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    body = await json_body(request, "AddQualifiedNumbersRequest", sb.config.max_body_bytes)
    phones: list[str] = body["phoneNumbers"]
    rows = sb.qualified_numbers.add_new(
        project, phones, region_of, delay=sb.config.eligibility_delay
    )
    return Proto3Response({"qualifiedNumbers": [render.number(row) for row in rows]})


@HANDLERS.operation("getQualifiedNumber")
async def get_qualified_number(sb: Sandbox, request: Request) -> Response:
    return Proto3Response(render.number(_row(sb, sb.auth.project(request), phone_param(request))))


@HANDLERS.operation("deleteQualifiedNumber")
async def delete_qualified_number(sb: Sandbox, request: Request) -> Response:
    project, phone = sb.auth.project(request), phone_param(request)
    sb.delete_qualified_number(project, phone)
    return Proto3Response({})


@HANDLERS.operation("sendVoiceChallenge")
async def send_voice_challenge(sb: Sandbox, request: Request) -> Response:
    project, phone = sb.auth.project(request), phone_param(request)
    await read_body(request, sb.config.max_body_bytes)
    return Proto3Response(render.number(sb.qualified_numbers.voice_challenge(project, phone)))


@HANDLERS.operation("verifyVoiceChallenge")
async def verify_voice_challenge(sb: Sandbox, request: Request) -> Response:
    project, phone = sb.auth.project(request), phone_param(request)
    body = await json_body(request, "VerifyVoiceChallengeRequest", sb.config.max_body_bytes)
    updated = sb.qualified_numbers.verify_code(project, phone, body["code"])
    return Proto3Response(render.number(updated))


@HANDLERS.operation("textEnableNumbers")
async def text_enable_numbers(sb: Sandbox, request: Request) -> Response:
    # This route answers the new order's ID only, as the reference documents.
    order = await text_enable_order(sb, request)
    return Proto3Response({"hostingOrderId": order["hostingOrderId"]})


@HANDLERS.operation("textEnableTollFreeNumbers")
async def text_enable_toll_free_numbers(sb: Sandbox, request: Request) -> Response:
    return Proto3Response(await toll_free_order(sb, request))
