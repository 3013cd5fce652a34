"""The sandbox-only endpoints (`/_sandbox/...`): not part of the Sinch API.

`SandboxAdmin` (in `admin.client`) is their client; every one needs a project's key or the admin
key printed at start-up, and those that change state a request no other site's page can send
(`cross_site_refusal`). Written as the resources' handlers are: one `async (sb, request)`
coroutine per route, registered in `HANDLERS` under the route's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sinch_qualified_numbers import GlobalProcessState, is_toll_free

from .. import process as pr
from ..clock import MAX_CLOCK_STEP
from ..http.cross_site import cross_site_refusal as foreign_site
from ..http.errors import ApiError, bad_request, not_found
from ..http.registry import Handlers
from ..http.render import rfc3339
from ..http.requests import any_json, e164, nanp_region
from ..resources.hosting_orders import render

if TYPE_CHECKING:
    from ..service import Sandbox

#: Most numbers one seed call may put in place.
MAX_SEED = 100_000

HANDLERS = Handlers()

#: (methods, path, name): the routes of the sandbox-only endpoints, each served by
#: `HANDLERS[name]`.
ROUTES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("GET",), "/_sandbox/projects/{project_id}/voiceCalls", "sandboxVoiceCalls"),
    (("GET",), "/_sandbox/projects/{project_id}/submissions", "sandboxSubmissions"),
    (("GET",), "/_sandbox/projects/{project_id}/hostingOrders", "sandboxHostingOrders"),
    (("POST",), "/_sandbox/projects/{project_id}/numbers:seed", "sandboxSeed"),
    (
        ("POST",),
        "/_sandbox/projects/{project_id}/hostingOrders/{order_id:segment}:signLoa",
        "sandboxSignLoa",
    ),
    (("POST",), "/_sandbox/clock:advance", "sandboxClockAdvance"),
    (("POST",), "/_sandbox/reset", "sandboxReset"),
    (("GET", "PUT"), "/_sandbox/faults", "sandboxFaults"),
    (("POST",), "/_sandbox/callbacks:deliver", "sandboxDeliverCallbacks"),
)


def cross_site_refusal(request: Request) -> ApiError | None:
    """Why a state-changing sandbox-only request may come from another site's page, or None.

    Besides the Origin check every state-changing request gets (`http.cross_site`): what a
    browser cannot do without the sandbox's consent (a CORS preflight it never grants) is
    send `Content-Type: application/json` or set `X-Sandbox-Admin-Key`, so a request that
    changes state must do one of the two. `SandboxAdmin` sends JSON; the console's own forms
    post to their own routes, with their token."""
    refused = foreign_site(request)
    if refused is not None:
        return refused
    if "x-sandbox-admin-key" in request.headers:
        return None
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        return ApiError(
            415,
            "Sandbox-only endpoints that change state take JSON: send Content-Type: "
            "application/json (the body may be empty), as SandboxAdmin does; a form of "
            "another site (a cross-site request) cannot.",
            status="INVALID_ARGUMENT",
        )
    return None


async def _json(sb: Sandbox, request: Request, *, allow_empty: bool = False) -> Any:
    return await any_json(request, sb.config.max_body_bytes, allow_empty=allow_empty)


@HANDLERS.operation("sandboxVoiceCalls")
async def voice_calls(sb: Sandbox, request: Request) -> Response:
    calls = sb.qualified_numbers.voice_calls(sb.auth.project(request))
    return JSONResponse(
        {
            "voiceCalls": [
                {"phoneNumber": phone, "code": code, "createdTime": rfc3339(created)}
                for phone, code, created in calls
            ]
        }
    )


@HANDLERS.operation("sandboxSubmissions")
async def submissions(sb: Sandbox, request: Request) -> Response:
    return JSONResponse({"submissions": sb.hosting_orders.submissions(sb.auth.project(request))})


@HANDLERS.operation("sandboxHostingOrders")
async def orders(sb: Sandbox, request: Request) -> Response:
    project = sb.auth.project(request)
    now = sb.clock.now()
    found = [
        render.hosting_order_now(stored, sb.hosting_orders.rows(project, order_id), now)
        for stored in sb.hosting_orders.orders(project)
        for order_id in [stored.body["hostingOrderId"]]
    ]
    return JSONResponse({"hostingOrders": found})


@HANDLERS.operation("sandboxSignLoa")
async def sign_loa(sb: Sandbox, request: Request) -> Response:
    """The authorised person e-signs the order's LOA now (it is otherwise signed
    `--loa-signature-delay` seconds after the order is made)."""
    project = sb.auth.project(request)
    order_id = request.path_params["order_id"]
    stored = sb.hosting_orders.sign_loa(project, order_id)
    if stored is None:
        raise not_found("The hosting order could not be found.")
    rows = sb.hosting_orders.rows(project, order_id)
    return JSONResponse(render.hosting_order_now(stored, rows, sb.clock.now()))


@HANDLERS.operation("sandboxSeed")
async def seed(sb: Sandbox, request: Request) -> Response:
    """Put numbers straight into a state: `{"phoneNumbers": [...], "state": "..."}`."""
    project = sb.auth.project(request)
    body = await _json(sb, request)
    phones = body.get("phoneNumbers") if isinstance(body, dict) else None
    state = body.get("state", pr.VERIFIED) if isinstance(body, dict) else None
    if not isinstance(phones, list) or len(phones) > MAX_SEED:
        raise bad_request("phoneNumbers", 'Expected {"phoneNumbers": [...], "state": "..."}.')
    if state not in pr.STATES:
        known = ", ".join(map(GlobalProcessState.short_name, pr.STATES))
        raise bad_request("state", f"Unknown state {state!r}: use one of {known}.")
    rows = []
    for index, phone in enumerate(phones):
        field = f"phoneNumbers[{index}]"
        rows.append((phone, nanp_region(e164(phone, field), field), is_toll_free(phone)))
    return JSONResponse({"seeded": sb.qualified_numbers.seed(project, rows, state)})


def check_shared(sb: Sandbox, project: str | None, what: str) -> None:
    """A project's key may change what every project shares only when it is the sandbox's one
    project; otherwise that takes the admin key (403)."""
    projects = {c.project_id for c in sb.config.credentials}
    if project is not None and projects != {project}:
        raise ApiError(
            403,
            f"The sandbox {what} is shared by every project: with more than one project, "
            "only the admin key (X-Sandbox-Admin-Key, printed at start-up) may change it.",
            status="PERMISSION_DENIED",
        )


def own_faults(sb: Sandbox, project: str | None) -> str | None:
    """Whose fault settings a caller changes: None (the sandbox's, acting on all) for the
    admin key or the one project of the sandbox, else the caller's project."""
    projects = {c.project_id for c in sb.config.credentials}
    return None if project is None or projects == {project} else project


@HANDLERS.operation("sandboxClockAdvance")
async def advance_clock(sb: Sandbox, request: Request) -> Response:
    caller = sb.auth.admin(request)
    body = await _json(sb, request, allow_empty=True)
    seconds = body.get("seconds") if isinstance(body, dict) else None
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not 0 <= seconds <= MAX_CLOCK_STEP
    ):
        raise bad_request(
            "seconds", f"A number of seconds between 0 and {MAX_CLOCK_STEP} is required."
        )
    check_shared(sb, caller, "clock")  # after the checks: bad input is a 400 for anyone
    sb.advance(float(seconds))
    return JSONResponse({"offsetSeconds": sb.clock.offset})


@HANDLERS.operation("sandboxReset")
async def reset(sb: Sandbox, request: Request) -> Response:
    """Reset the caller's project (its state, faults and tokens); with the admin key or the
    key of the sandbox's one project, the whole sandbox, the clock too."""
    project = own_faults(sb, sb.auth.admin(request))
    sb.reset(project)
    return JSONResponse({"reset": project or "*"})


@HANDLERS.operation("sandboxFaults")
async def faults(sb: Sandbox, request: Request) -> Response:
    """The caller's fault settings: a project's key sees and changes its own project's only
    (the admin key the sandbox-wide ones, clearing every project's own)."""
    whose = own_faults(sb, sb.auth.admin(request))
    if request.method == "PUT":
        body = await _json(sb, request)
        try:
            sb.faults.update(body, whose)
        except (ValueError, TypeError, AttributeError) as exc:
            raise bad_request("body", f"Invalid fault settings: {exc}") from None
    return JSONResponse(sb.faults.describe(whose))


@HANDLERS.operation("sandboxDeliverCallbacks")
async def deliver(sb: Sandbox, request: Request) -> Response:
    # A project's key delivers its own project's events; the admin key everyone's.
    delivered = await sb.callbacks.deliver(sb.auth.admin(request))
    return JSONResponse({"delivered": delivered})
