"""The sandbox console: `GET /_sandbox/console`, server-rendered pages of the sandbox's state.

Jinja2 templates with autoescaping on (numbers, display names and callback URLs come from
users), a stylesheet and a small script served from here (no CDN, no build step). Everything
works without JavaScript; the script only refreshes the page's main part every second, so a
running job shows numbers moving through their states.

Access: a project's key as HTTP Basic (the browser prompts) shows that project; `admin` with
the admin key printed at start-up may pick any project with `?project=`. Forms carry a token
derived from the caller's key, so another site cannot make a logged-in browser change the
faults or the clock.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from sinch_qualified_numbers import GlobalProcessState

from .. import process as pr
from ..admin import endpoints as admin
from ..clock import MAX_CLOCK_STEP
from ..http.errors import ApiError
from ..http.registry import Handler as ConsoleHandler
from ..http.registry import Handlers
from ..http.render import rfc3339
from ..http.requests import same_secret
from ..resources.hosting_orders import render

if TYPE_CHECKING:
    from ..service import Sandbox

Handler = Callable[[Request], Awaitable[Response]]
HERE = Path(__file__).parent
VIEWS = ("numbers", "calls", "orders", "callbacks", "faults", "clock")
TITLES = {
    "numbers": "Numbers",
    "calls": "Voice calls",
    "orders": "Hosting orders",
    "callbacks": "Callbacks",
    "faults": "Faults",
    "clock": "Clock",
}
#: The most rows a view shows (newest first); the page says when there are more.
MAX_ROWS = 500
ADVANCES = ((1, "+1 s"), (60, "+1 min"), (3600, "+1 h"), (86400, "+1 day"))
REALM = 'Basic realm="sinch-qn sandbox console", charset="UTF-8"'
#: On every console answer: never framed (its forms change state: no clickjacking), and no
#: content sniffing.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}
ADMIN_USER = "admin"


@dataclass(frozen=True)
class Viewer:
    project: str
    key_id: str  # what the form token is bound to
    admin: bool


def _shown_time(ts: float) -> str:
    """A sandbox time as people read it: `2026-11-28 05:28:11` (UTC)."""
    return rfc3339(ts).replace("T", " ")[:19]


#: The console's pages, written as the resources' handlers are: one `async (sb, request)`
#: coroutine per route, registered in `HANDLERS` under the route's name.
HANDLERS = Handlers()

#: (methods, path, name): the console's routes, each served by `HANDLERS[name]`.
ROUTES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("GET",), "/_sandbox/console", "consoleHome"),
    (("GET",), "/_sandbox/console/static/{name}", "consoleStatic"),
    (("POST",), "/_sandbox/console/faults", "consoleFaults"),
    (("POST",), "/_sandbox/console/clock", "consoleClock"),
    (("GET",), "/_sandbox/console/{view}", "consoleView"),
)

#: The key the forms' tokens are signed with, kept in the database (it outlives a restart).
FORM_KEY = "console_form_key"


@functools.cache
def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["time"] = _shown_time
    env.filters["short"] = GlobalProcessState.short_name
    return env


def routes(sb: Sandbox, wrap: Callable[[Handler], Handler]) -> list[Route]:
    """The console's routes served for `sb`, each handler passed through `wrap` (the app's
    error and settling boundary), every answer with the console's security headers."""
    # The form key is made now, not by the first request (a refused request changes nothing).
    sb.db.secret(FORM_KEY)

    def secured(handler: ConsoleHandler) -> Handler:
        async def bound(request: Request) -> Response:
            return await handler(sb, request)

        inner = wrap(bound)

        async def page(request: Request) -> Response:
            response = await inner(request)
            response.headers.update(SECURITY_HEADERS)
            return response

        return page

    return [
        Route(path, secured(HANDLERS[name]), methods=list(methods))
        for methods, path, name in ROUTES
    ]


# -- access --------------------------------------------------------------------------------


def _viewer(sb: Sandbox, request: Request) -> Viewer | None:
    admin_key = request.headers.get("x-sandbox-admin-key")
    if admin_key is not None:  # as for the other sandbox-only endpoints (scripts, proxies)
        return _admin(sb, request) if same_secret(admin_key, sb.config.admin_key) else None
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if user == ADMIN_USER and same_secret(password, sb.config.admin_key):
        return _admin(sb, request)
    cred = sb.config.credential_for(user)
    if cred is None or not same_secret(password, cred.key_secret):
        return None
    return Viewer(cred.project_id, cred.key_id, admin=False)


def _admin(sb: Sandbox, request: Request) -> Viewer:
    """The admin key's viewer: the project of `?project=` (else the first one)."""
    first = sb.config.credentials[0].project_id
    wanted = request.query_params.get("project") or first
    known = {c.project_id for c in sb.config.credentials}
    return Viewer(wanted if wanted in known else first, ADMIN_USER, admin=True)


def _refused() -> Response:
    return HTMLResponse(
        _templates().get_template("refused.html").render(),
        status_code=401,
        headers={"WWW-Authenticate": REALM},
    )


def _token(sb: Sandbox, viewer: Viewer) -> str:
    return hmac.new(sb.db.secret(FORM_KEY), viewer.key_id.encode(), hashlib.sha256).hexdigest()


async def _form(sb: Sandbox, request: Request) -> tuple[Viewer | None, dict[str, str]]:
    viewer = _viewer(sb, request)
    if viewer is None:
        return None, {}
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if not hmac.compare_digest(fields.get("token", ""), _token(sb, viewer)):
        return None, {}
    return viewer, fields


# -- pages -----------------------------------------------------------------------------------------


@HANDLERS.operation("consoleHome")
async def home(sb: Sandbox, request: Request) -> Response:
    if _viewer(sb, request) is None:
        return _refused()
    return RedirectResponse(_url("numbers", request), status_code=303)


@HANDLERS.operation("consoleStatic")
async def static(sb: Sandbox, request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ("console.css", "console.js"):
        return HTMLResponse("Not found", status_code=404)
    return FileResponse(HERE / "static" / name, headers={"Cache-Control": "no-cache"})


@HANDLERS.operation("consoleView")
async def view(sb: Sandbox, request: Request) -> Response:
    viewer = _viewer(sb, request)
    if viewer is None:
        return _refused()
    name = request.path_params["view"]
    if name not in VIEWS:
        return HTMLResponse("No such view", status_code=404)
    context = VIEW_CONTEXTS[name](sb, viewer, request)
    template = _templates().get_template(f"{name}.html")
    context.update(
        view=name,
        views=[(v, TITLES[v], _url(v, request)) for v in VIEWS],
        title=TITLES[name],
        viewer=viewer,
        projects=[c.project_id for c in sb.config.credentials] if viewer.admin else [],
        token=_token(sb, viewer),
        now=sb.clock.now(),
        project_query=("?" + urlencode({"project": viewer.project})) if viewer.admin else "",
    )
    if request.query_params.get("partial") == "1":  # the script's refresh: <main> only
        body = "".join(template.blocks["main"](template.new_context(context)))
        return HTMLResponse(body, headers={"Cache-Control": "no-store"})
    return HTMLResponse(template.render(context), headers={"Cache-Control": "no-store"})


def _url(view: str, request: Request) -> str:
    project = request.query_params.get("project")
    query = "?" + urlencode({"project": project}) if project else ""
    return f"/_sandbox/console/{view}{query}"


# -- views -----------------------------------------------------------------------------------------


def _numbers(sb: Sandbox, viewer: Viewer, request: Request) -> dict[str, Any]:
    wanted = request.query_params.get("state") or ""
    state = GlobalProcessState.full_name(wanted) if wanted else None
    if state is not None and state not in pr.STATES:
        state, wanted = None, ""
    rows = sb.qualified_numbers.latest(viewer.project, state, MAX_ROWS)
    counts = sb.qualified_numbers.state_counts(viewer.project)
    biggest = max(counts.values(), default=0)
    bars = [
        (GlobalProcessState.short_name(s), n, round(100 * n / biggest) if biggest else 0)
        for s, n in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return {
        "rows": rows,
        "bars": bars,
        "total": sum(counts.values()),
        "state": wanted,
        "states": [
            GlobalProcessState.short_name(s)
            for s in pr.STATES
            if s != GlobalProcessState.UNSPECIFIED
        ],
        "more": (counts.get(state, 0) if state else sum(counts.values())) > len(rows),
    }


def _calls(sb: Sandbox, viewer: Viewer, request: Request) -> dict[str, Any]:
    calls = list(reversed(sb.qualified_numbers.voice_calls(viewer.project)))
    return {"calls": calls[:MAX_ROWS], "more": len(calls) > MAX_ROWS}


def _orders(sb: Sandbox, viewer: Viewer, request: Request) -> dict[str, Any]:
    now = sb.clock.now()
    orders = []
    for stored in reversed(sb.hosting_orders.orders(viewer.project)[-MAX_ROWS:]):
        order_id = stored.body["hostingOrderId"]
        rows = sb.hosting_orders.rows(viewer.project, order_id)
        current = render.hosting_order_now(stored, rows, now)
        numbers = [render.hosting_order_number(stored, row, now) for row in rows]
        info = stored.body.get("hostingOrderInfo", {})
        if not info.get("loaType"):
            loa = "none needed"
        elif stored.loa_signed <= now:
            loa = "signed " + _shown_time(stored.loa_signed)
        else:
            loa = "waiting, until " + _shown_time(stored.loa_signed)
        orders.append(
            {
                "id": order_id,
                "state": current.get("state", ""),
                "type": current.get("type", ""),
                "region": current.get("regionCode", ""),
                "display_name": current.get("displayName", ""),
                "campaign": current.get("campaignId", ""),
                "loa": loa,
                "report": render.hosting_order_report(numbers),
                "numbers": [
                    {
                        "phone": n["phoneNumber"],
                        "osr": n.get("osrUpdate", {}).get("state", ""),
                        "platform": n.get("platformProvisioning", {}).get("state", ""),
                        "campaign": n.get("campaignProvisioning", {}).get("state", ""),
                    }
                    for n in numbers
                ],
            }
        )
    return {"orders": orders}


def _callbacks(sb: Sandbox, viewer: Viewer, request: Request) -> dict[str, Any]:
    events = []
    for sent in sb.outbox.latest(MAX_ROWS, viewer.project):
        try:
            body = json.loads(sent.body)
        except ValueError:
            continue
        if not isinstance(body, dict) or body.get("projectId") != viewer.project:
            continue
        raw = sent.body.encode()
        valid = sb.callbacks.signature_is_valid(raw, sent.signature)
        events.append(
            {
                "time": sent.created,
                "url": sent.url,
                "event": body.get("eventType", ""),
                "number": body.get("resourceId", ""),
                "status": body.get("status", ""),
                "failure": body.get("failureCode", ""),
                "delivered": sent.delivered,
                "answer": sent.answer,
                "attempts": sent.attempts,
                "reason": sent.reason,
                "signed": bool(sent.signature),
                "valid": valid,
            }
        )
        if len(events) >= MAX_ROWS:
            break
    return {"events": events}


def _faults(sb: Sandbox, viewer: Viewer, request: Request) -> dict[str, Any]:
    described = sb.faults.describe(_whose_faults(sb, viewer))
    knobs = [(name, described[name]) for name in (*sb.faults.RATES, "retry_after_s")]
    return {
        "knobs": knobs,
        "operations": described["operations"],
        "injected": described["injected"],
        "error": request.query_params.get("error", "")[:300],
    }


def _clock(sb: Sandbox, viewer: Viewer, request: Request) -> dict[str, Any]:
    return {
        "offset": sb.clock.offset,
        "advances": ADVANCES,
        "error": request.query_params.get("error", "")[:300],
    }


# -- forms -----------------------------------------------------------------------------------------


@HANDLERS.operation("consoleFaults")
async def faults_form(sb: Sandbox, request: Request) -> Response:
    viewer, fields = await _form(sb, request)
    if viewer is None:
        return _refused()
    settings: dict[str, Any] = {}
    error = ""
    for name in (*sb.faults.RATES, "retry_after_s"):
        raw = fields.get(name, "").strip()
        if raw == "":
            continue
        try:
            settings[name] = float(raw)
        except ValueError:  # the value itself is never echoed (into a Location header)
            error = f"{name}: not a number"
    if not error:
        try:
            sb.faults.update(settings, _whose_faults(sb, viewer))
        except (ValueError, TypeError, AttributeError) as exc:
            error = str(exc)[:200]
    url = _url("faults", request)
    if error:
        url += ("&" if "?" in url else "?") + urlencode({"error": error})
    return RedirectResponse(url, status_code=303)


def _whose_faults(sb: Sandbox, viewer: Viewer) -> str | None:
    """A project's viewer sees and changes its own project's faults (see Admin)."""
    return admin.own_faults(sb, None if viewer.admin else viewer.project)


@HANDLERS.operation("consoleClock")
async def clock_form(sb: Sandbox, request: Request) -> Response:
    viewer, fields = await _form(sb, request)
    if viewer is None:
        return _refused()
    url = _url("clock", request)
    try:
        admin.check_shared(sb, None if viewer.admin else viewer.project, "clock")
    except ApiError:
        error = "the clock is shared by every project: sign in as admin to move it"
        return RedirectResponse(
            url + ("&" if "?" in url else "?") + urlencode({"error": error}), status_code=303
        )
    try:
        seconds = float(fields.get("seconds", ""))
    except ValueError:
        seconds = -1.0
    if 0 <= seconds <= MAX_CLOCK_STEP:
        sb.advance(seconds)
    return RedirectResponse(url, status_code=303)


VIEW_CONTEXTS = {
    "numbers": _numbers,
    "calls": _calls,
    "orders": _orders,
    "callbacks": _callbacks,
    "faults": _faults,
    "clock": _clock,
}
