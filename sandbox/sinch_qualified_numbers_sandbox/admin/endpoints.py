"""The sandbox-only endpoints (`/_sandbox/...`): not part of the Sinch API.

`SandboxAdmin` (in `admin.client`) is their client; every one needs a project's key or the admin
key printed at start-up, and those that change state a request no other site's page can send
(`cross_site_refusal`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sinch_qualified_numbers import GlobalProcessState, is_toll_free

from .. import process as pr
from ..clock import MAX_CLOCK_STEP
from ..http.cross_site import READS
from ..http.cross_site import cross_site_refusal as foreign_site
from ..http.errors import ApiError, bad_request, not_found
from ..http.render import rfc3339
from ..http.requests import any_json, e164, nanp_region
from ..resources.hosting_orders import render

if TYPE_CHECKING:
    from ..service import Sandbox

#: Most numbers one seed call may put in place.
MAX_SEED = 100_000

#: (method, path, name, handler attribute): the routes of the sandbox-only endpoints.
ROUTES: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("GET",), "/_sandbox/projects/{project_id}/voiceCalls", "sandboxVoiceCalls", "voice_calls"),
    (("GET",), "/_sandbox/projects/{project_id}/submissions", "sandboxSubmissions", "submissions"),
    (("GET",), "/_sandbox/projects/{project_id}/hostingOrders", "sandboxHostingOrders", "orders"),
    (("POST",), "/_sandbox/projects/{project_id}/numbers:seed", "sandboxSeed", "seed"),
    (
        ("POST",),
        "/_sandbox/projects/{project_id}/hostingOrders/{order_id:segment}:signLoa",
        "sandboxSignLoa",
        "sign_loa",
    ),
    (("POST",), "/_sandbox/clock:advance", "sandboxClockAdvance", "advance_clock"),
    (("POST",), "/_sandbox/reset", "sandboxReset", "reset"),
    (("GET", "PUT"), "/_sandbox/faults", "sandboxFaults", "faults"),
    (("POST",), "/_sandbox/callbacks:deliver", "sandboxDeliverCallbacks", "deliver"),
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


class Admin:
    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.config = sb.config
        self.auth = sb.auth

    def endpoint(self, attribute: str) -> Callable[[Request], Awaitable[Response]]:
        """The handler of `ROUTES`' `attribute`: a request that changes state is refused
        when another site's page could have sent it (see `cross_site_refusal`)."""
        handler: Callable[[Request], Awaitable[Response]] = getattr(self, attribute)

        async def guarded(request: Request) -> Response:
            if request.method not in READS:
                refused = cross_site_refusal(request)
                if refused is not None:
                    raise refused
            return await handler(request)

        return guarded

    async def _json(self, request: Request, *, allow_empty: bool = False) -> Any:
        return await any_json(request, self.config.max_body_bytes, allow_empty=allow_empty)

    async def voice_calls(self, request: Request) -> Response:
        calls = self.sb.qualified_numbers.voice_calls(self.auth.project(request))
        return JSONResponse(
            {
                "voiceCalls": [
                    {"phoneNumber": phone, "code": code, "createdTime": rfc3339(created)}
                    for phone, code, created in calls
                ]
            }
        )

    async def submissions(self, request: Request) -> Response:
        return JSONResponse(
            {"submissions": self.sb.hosting_orders.submissions(self.auth.project(request))}
        )

    async def orders(self, request: Request) -> Response:
        project = self.auth.project(request)
        now = self.sb.clock.now()
        orders = [
            render.hosting_order_now(stored, self.sb.hosting_orders.rows(project, order_id), now)
            for stored in self.sb.hosting_orders.orders(project)
            for order_id in [stored.body["hostingOrderId"]]
        ]
        return JSONResponse({"hostingOrders": orders})

    async def sign_loa(self, request: Request) -> Response:
        """The authorised person e-signs the order's LOA now (it is otherwise signed
        `--loa-signature-delay` seconds after the order is made)."""
        project = self.auth.project(request)
        order_id = request.path_params["order_id"]
        stored = self.sb.hosting_orders.sign_loa(project, order_id)
        if stored is None:
            raise not_found("The hosting order could not be found.")
        rows = self.sb.hosting_orders.rows(project, order_id)
        return JSONResponse(render.hosting_order_now(stored, rows, self.sb.clock.now()))

    async def seed(self, request: Request) -> Response:
        """Put numbers straight into a state: `{"phoneNumbers": [...], "state": "..."}`."""
        project = self.auth.project(request)
        body = await self._json(request)
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
        return JSONResponse({"seeded": self.sb.qualified_numbers.seed(project, rows, state)})

    def check_shared(self, project: str | None, what: str) -> None:
        """A project's key may change what every project shares only when it is the
        sandbox's one project; otherwise that takes the admin key (403)."""
        projects = {c.project_id for c in self.config.credentials}
        if project is not None and projects != {project}:
            raise ApiError(
                403,
                f"The sandbox {what} is shared by every project: with more than one project, "
                "only the admin key (X-Sandbox-Admin-Key, printed at start-up) may change it.",
                status="PERMISSION_DENIED",
            )

    def own_faults(self, project: str | None) -> str | None:
        """Whose fault settings a caller changes: None (the sandbox's, acting on all) for the
        admin key or the one project of the sandbox, else the caller's project."""
        projects = {c.project_id for c in self.config.credentials}
        return None if project is None or projects == {project} else project

    async def advance_clock(self, request: Request) -> Response:
        caller = self.auth.admin(request)
        body = await self._json(request, allow_empty=True)
        seconds = body.get("seconds") if isinstance(body, dict) else None
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 <= seconds <= MAX_CLOCK_STEP
        ):
            raise bad_request(
                "seconds", f"A number of seconds between 0 and {MAX_CLOCK_STEP} is required."
            )
        self.check_shared(caller, "clock")  # after the checks: bad input is a 400 for anyone
        self.sb.advance(float(seconds))
        return JSONResponse({"offsetSeconds": self.sb.clock.offset})

    async def reset(self, request: Request) -> Response:
        """Reset the caller's project (its state, faults and tokens); with the admin key or
        the key of the sandbox's one project, the whole sandbox, the clock too."""
        project = self.own_faults(self.auth.admin(request))
        self.sb.reset(project)
        return JSONResponse({"reset": project or "*"})

    async def faults(self, request: Request) -> Response:
        """The caller's fault settings: a project's key sees and changes its own project's
        only (the admin key the sandbox-wide ones, clearing every project's own)."""
        whose = self.own_faults(self.auth.admin(request))
        if request.method == "PUT":
            body = await self._json(request)
            try:
                self.sb.faults.update(body, whose)
            except (ValueError, TypeError, AttributeError) as exc:
                raise bad_request("body", f"Invalid fault settings: {exc}") from None
        return JSONResponse(self.sb.faults.describe(whose))

    async def deliver(self, request: Request) -> Response:
        # A project's key delivers its own project's events; the admin key everyone's.
        delivered = await self.sb.callbacks.deliver(self.auth.admin(request))
        return JSONResponse({"delivered": delivered})
