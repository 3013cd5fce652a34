"""The API's operations, one handler each (named after its operationId in the spec).

A handler checks the request (auth, body against the spec's schema, the service's rules),
asks `process` for any state change, has `store` persist it and `render` answer it.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from sinch_qualified_numbers._callback_configuration import secret_problem

from . import process as pr
from . import render
from .auth import Auth
from .callbacks import CallbackDispatcher, refusal
from .config import SandboxConfig
from .errors import ApiError, bad_request, not_found
from .imported import ImportedNumbers
from .paging import PageTokens, fingerprint
from .render import Proto3Response, proto3
from .requests import (
    choice_param,
    e164,
    is_toll_free,
    json_body,
    nanp_region,
    only_params,
    phone_param,
    query_int,
    read_body,
    states_param,
)
from .store import Row, Store, StoredOrder

_LIST_QUERY = {"states", "regionCode", "pageSize", "pageToken", "orderBy"}
#: The `orderBy` values Sinch publishes for every listing.
TIME_ORDER = ("createdTime", "updatedTime")


def region_param(query: QueryParams) -> str | None:
    region = query.get("regionCode")
    if region is not None and region not in ("US", "CA"):
        raise bad_request("regionCode", f"Unsupported region {region!r}: use US or CA.")
    return region


def _matches(number: dict[str, Any], wanted: dict[str, str]) -> bool:
    """Is every filtered step of this order number in the wanted state? A step not started
    has no state: it matches `STATE_UNSPECIFIED`, as a proto3 reader sees it."""
    for step, state in wanted.items():
        found = number.get(step, {}).get("state") or "STATE_UNSPECIFIED"
        if found != state:
            return False
    return True


class Operations:
    def __init__(
        self,
        config: SandboxConfig,
        store: Store,
        auth: Auth,
        callbacks: CallbackDispatcher,
        own_addresses: set[tuple[str, int]],
    ) -> None:
        self.config = config
        self.store = store
        self.auth = auth
        self.callbacks = callbacks
        self.own_addresses = own_addresses
        self.pages = PageTokens(store.secret("page_token_key"))
        self.imported = ImportedNumbers(store, config.provisioning_delay)

    def handlers(self) -> dict[str, Any]:
        """operationId -> handler: what `app` routes, from the spec's paths."""
        return {
            "listQualifiedNumbers": self.list_qualified_numbers,
            "addQualifiedNumbers": self.add_qualified_numbers,
            "getQualifiedNumber": self.get_qualified_number,
            "deleteQualifiedNumber": self.delete_qualified_number,
            "sendVoiceChallenge": self.send_voice_challenge,
            "verifyVoiceChallenge": self.verify_voice_challenge,
            "textEnableNumbers": self.text_enable_numbers,
            "textEnableTollFreeNumbers": self.text_enable_toll_free_numbers,
            "createTextEnableHostingOrder": self.create_text_enable_hosting_order,
            "createTollFreeTextEnableHostingOrder": self.text_enable_toll_free_numbers,
            "listHostingOrders": self.list_hosting_orders,
            "getHostingOrder": self.get_hosting_order,
            "getHostingOrderReport": self.get_hosting_order_report,
            "listHostingOrderNumbers": self.list_hosting_order_numbers,
            "getHostingOrderNumber": self.get_hosting_order_number,
            "getCallbackConfiguration": self.get_callback_configuration,
            "updateCallbackConfiguration": self.update_callback_configuration,
        }

    def callback_url(self, body: dict[str, Any]) -> str:
        """The body's `callbackUrl` (`""` if none), checked now so that delivery never meets
        a URL it cannot send to: see `callbacks.refusal` (one that reaches the sandbox itself
        is refused too, as events sent there could drive its own endpoints)."""
        url = body.get("callbackUrl", "")
        if not isinstance(url, str):
            raise bad_request("callbackUrl", "The callback URL must be a string.")
        reason = refusal(url, self.own_addresses) if url else None
        if reason is not None:
            raise bad_request("callbackUrl", reason)
        return url

    async def json_of(self, request: Request, schema: str) -> dict[str, Any]:
        return await json_body(request, schema, self.config.max_body_bytes)

    def _row(self, project: str, phone: str) -> Row:
        row = self.store.get(project, phone)
        if row is None:
            raise not_found("The imported number could not be found.")
        return row

    async def list_qualified_numbers(self, request: Request) -> Response:
        project = self.auth.project(request)
        query = request.query_params
        only_params(query, _LIST_QUERY)
        states = states_param(query, pr.STATES)
        region = region_param(query)
        order_by = choice_param(query, "orderBy", TIME_ORDER) or "createdTime"
        page_size = self.page_size(query.get("pageSize"))
        bound_to = fingerprint(states, region, order_by)
        token = query.get("pageToken")
        after = self.pages.read(token, project, bound_to) if token else None
        rows, total, next_key = self.store.list_page(
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
                "nextPageToken": self.pages.issue(project, bound_to, next_key) if next_key else "",
                "totalSize": total,
            }
        )

    async def add_qualified_numbers(self, request: Request) -> Response:
        project = self.auth.project(request)
        body = await self.json_of(request, "AddQualifiedNumbersRequest")
        phones: list[str] = body["phoneNumbers"]
        seen: set[str] = set()
        parsed: list[tuple[str, str, bool]] = []
        for index, phone in enumerate(phones):
            field = f"phoneNumbers[{index}]"
            if phone in seen:
                raise bad_request(field, f"{phone} is given more than once.")
            seen.add(phone)
            region = nanp_region(e164(phone, field), field)
            parsed.append((phone, region, is_toll_free(phone)))
        already = self.store.existing(project, phones)
        if already:
            first = next(p for p in phones if p in already)
            raise ApiError(
                409,
                f"The imported number already exists: {first}.",
                status="ALREADY_EXISTS",
                field_violations=[("phoneNumbers", f"{p} already exists.") for p in already],
            )
        rows = self.store.add(
            project,
            parsed,
            state=pr.next_state("addQualifiedNumbers", None),
            next_states={phone: pr.after_eligibility_check(phone) for phone in phones},
            delay=self.config.eligibility_delay,
        )
        return Proto3Response({"qualifiedNumbers": [render.number(row) for row in rows]})

    async def get_qualified_number(self, request: Request) -> Response:
        project = self.auth.project(request)
        return Proto3Response(render.number(self._row(project, phone_param(request))))

    async def delete_qualified_number(self, request: Request) -> Response:
        project = self.auth.project(request)
        phone = phone_param(request)
        row = self._row(project, phone)
        self.store.delete(project, phone)
        self.callbacks.on_delete(project, row)
        return Proto3Response({})

    async def send_voice_challenge(self, request: Request) -> Response:
        project = self.auth.project(request)
        phone = phone_param(request)
        await read_body(request, self.config.max_body_bytes)
        row = self._row(project, phone)
        if row.state not in pr.sources("sendVoiceChallenge"):
            raise ApiError(
                400,
                f"A voice challenge cannot be sent to {phone} in state {row.state}.",
                status="FAILED_PRECONDITION",
                field_violations=[("phoneNumber", f"is {row.state}, not eligible for a challenge")],
            )
        state = pr.next_state("sendVoiceChallenge", row.state)
        return Proto3Response(render.number(self.store.send_voice_challenge(project, phone, state)))

    async def verify_voice_challenge(self, request: Request) -> Response:
        project = self.auth.project(request)
        phone = phone_param(request)
        body = await self.json_of(request, "VerifyVoiceChallengeRequest")
        row = self._row(project, phone)
        if row.state not in pr.sources("verifyVoiceChallenge"):
            raise ApiError(
                400,
                f"{phone} has no pending voice challenge (state {row.state}).",
                status="FAILED_PRECONDITION",
                field_violations=[("phoneNumber", f"is {row.state}, no challenge pending")],
            )
        expected, wrong = self.store.challenge(project, phone)
        right = pr.code_is_right(phone, body["code"], expected)
        state, wrong = pr.after_code(row.state, right, wrong)
        updated = self.store.record_code(project, phone, state, pr.ERRORS.get(state), wrong)
        return Proto3Response(render.number(updated))

    async def text_enable_numbers(self, request: Request) -> Response:
        # This route answers the new order's ID only, as the reference documents.
        order = await self._text_enable_order(request)
        return Proto3Response({"hostingOrderId": order["hostingOrderId"]})

    async def create_text_enable_hosting_order(self, request: Request) -> Response:
        return Proto3Response(await self._text_enable_order(request))

    async def _text_enable_order(self, request: Request) -> dict[str, Any]:
        project = self.auth.project(request)
        body = await self.json_of(request, "TextEnableNumbersRequest")
        loas = [k for k in ("directLoaInfo", "resellerLoaInfo", "blanketLoaInfo") if k in body]
        if len(loas) != 1:
            raise bad_request(
                "directLoaInfo",
                "Exactly one of directLoaInfo, resellerLoaInfo and blanketLoaInfo is required"
                f" (got {len(loas)}).",
            )
        return self._create_order(project, body, toll_free=False, loa=loas[0])

    async def text_enable_toll_free_numbers(self, request: Request) -> Response:
        project = self.auth.project(request)
        body = await self.json_of(request, "TextEnableTollFreeNumbersRequest")
        loa = "directLoaInfo" if "directLoaInfo" in body else "resellerLoaInfo"
        return Proto3Response(self._create_order(project, body, toll_free=True, loa=loa))

    def _create_order(
        self, project: str, body: dict[str, Any], *, toll_free: bool, loa: str
    ) -> dict[str, Any]:
        # The body's optional projectId is ignored: the path's project is the one acted on.
        self.callback_url(body)
        region: str = body["regionCode"]
        phones: list[str] = body["numbers"]
        violations: list[tuple[str, str]] = []
        seen: set[str] = set()
        rows = self.store.existing(project, [p for p in phones if isinstance(p, str)])
        for index, phone in enumerate(phones):
            field = f"numbers[{index}]"
            if phone in seen:
                violations.append((field, f"{phone} is given more than once."))
                continue
            seen.add(phone)
            # Numbers of the project carry their region; only strangers need phonenumbers.
            known = rows.get(phone)
            number_region = known.region if known else nanp_region(e164(phone, field), field)
            if is_toll_free(phone) != toll_free:
                where = ":textEnableTollFreeNumbers" if not toll_free else ":textEnableNumbers"
                kind = "a toll-free" if not toll_free else "not a toll-free"
                violations.append((field, f"{phone} is {kind} number: use {where}."))
            elif number_region != region:
                violations.append((field, f"{phone} is in {number_region}, not {region}."))
        if violations:
            raise ApiError(400, "Invalid argument: numbers", field_violations=violations)
        missing = [p for p in phones if p not in rows]
        if missing:
            raise ApiError(
                404,
                f"The imported number could not be found: {', '.join(missing[:10])}"
                + (f" and {len(missing) - 10} more." if len(missing) > 10 else "."),
                field_violations=[
                    ("numbers", f"{p} is not a number of the project") for p in missing
                ],
            )
        operation = pr.TEXT_ENABLE[1] if toll_free else pr.TEXT_ENABLE[0]
        allowed = pr.sources(operation)
        not_ready = [
            (f"numbers[{i}]", f"{p} is {rows[p].state}, not VERIFIED.")
            for i, p in enumerate(phones)
            if rows[p].state not in allowed
        ]
        if not_ready:
            raise ApiError(
                400,
                "Only VERIFIED numbers can be text-enabled.",
                status="FAILED_PRECONDITION",
                field_violations=not_ready,
            )
        order = proto3(
            render.hosting_order(
                project, self.store.new_order_id(), body, loa, self.store.clock.now()
            )
        )
        self.store.create_order(
            project,
            phones,
            order,
            body.get("callbackUrl"),
            state=pr.next_state(operation, pr.VERIFIED),
            final_states={phone: pr.after_hosting(phone) for phone in phones},
            delay=self.config.hosting_delay,
            # A direct or reseller LOA waits for the authorised person's e-signature.
            loa_delay=0.0 if loa == "blanketLoaInfo" else self.config.loa_signature_delay,
        )
        return dict(order)

    # -- hosting orders ---------------------------------------------------------------------------

    def _order(self, request: Request) -> tuple[str, StoredOrder, list[Row]]:
        project = self.auth.project(request)
        order_id: str = request.path_params["order_id"]
        order = self.store.order_for(project, order_id)
        if order is None:
            raise not_found("The hosting order could not be found.")
        return project, order, self.imported.order_rows(project, order_id)

    async def list_hosting_orders(self, request: Request) -> Response:
        project = self.auth.project(request)
        query = request.query_params
        required = ("type", "servicePlanId", "campaignId")
        allowed = {"states", *required, "regionCode", "orderBy", "pageSize", "pageToken"}
        only_params(query, allowed)
        states = states_param(query, pr.ORDER_STATES)
        for name in required:  # Sinch documents all of them as required
            if name not in query:
                raise bad_request(name, f"{name} is required.")
        order_type = query["type"]
        if order_type not in pr.ORDER_TYPES:
            raise bad_request("type", f"Unknown type {order_type!r}.")
        region = region_param(query)
        order_by = choice_param(query, "orderBy", TIME_ORDER) or "createdTime"
        page_size = self.page_size(query.get("pageSize"))
        wanted = {
            "type": order_type,
            "servicePlanId": query["servicePlanId"],
            "campaignId": query["campaignId"],  # empty: orders made without a campaign
        }
        found = []
        now = self.store.clock.now()
        for stored in self.store.orders(project):
            rows = self.imported.order_rows(project, stored.body["hostingOrderId"])
            order = render.hosting_order_now(stored, rows, now)
            if order.get("state") not in states or (region and order.get("regionCode") != region):
                continue
            if all(order.get(key, "") == value for key, value in wanted.items()):
                found.append(order)
        found.sort(key=lambda o: (str(o.get(order_by, "")), str(o["hostingOrderId"])))
        filtered_by = [*sorted(states), *(f"{k}={v}" for k, v in sorted(wanted.items()))]
        bound_to = fingerprint(filtered_by, region, order_by)
        return self.offset_page(request, project, bound_to, "hostingOrders", found, page_size)

    def page_size(self, raw: str | None) -> int:
        if raw in (None, ""):
            return self.config.default_page_size
        size = query_int(raw, "pageSize")
        return min(size, self.config.max_page_size) if size else self.config.default_page_size

    def offset_page(
        self,
        request: Request,
        project: str,
        bound_to: str,
        name: str,
        items: list[dict[str, Any]],
        page_size: int,
    ) -> Response:
        """One page of a listing computed whole (orders, an order's numbers), resumed by a
        signed token bound to the project and the filters."""
        token = request.query_params.get("pageToken")
        start = int(self.pages.read(token, project, bound_to)[1]) if token else 0
        page = items[start : start + page_size]
        after = start + len(page)
        more = after < len(items)
        return Proto3Response(
            {
                name: page,
                "nextPageToken": self.pages.issue(project, bound_to, (0.0, after)) if more else "",
                "totalSize": len(items),
            }
        )

    async def get_hosting_order(self, request: Request) -> Response:
        _, order, rows = self._order(request)
        return Proto3Response(render.hosting_order_now(order, rows, self.store.clock.now()))

    async def get_hosting_order_report(self, request: Request) -> Response:
        _, order, rows = self._order(request)
        now = self.store.clock.now()
        numbers = [render.hosting_order_number(order, row, now) for row in rows]
        return Proto3Response(render.hosting_order_report(numbers))

    async def list_hosting_order_numbers(self, request: Request) -> Response:
        project, order, rows = self._order(request)
        query = request.query_params
        filters = {
            "osrUpdateState": "osrUpdate",
            "campaignProvisioningState": "campaignProvisioning",
            "platformProvisioningState": "platformProvisioning",
        }
        only_params(query, {"pageSize", "pageToken", "orderBy", *filters})
        wanted: dict[str, str] = {}
        for name, step in filters.items():
            value = query.get(name)
            if value is None:
                continue
            if value not in pr.STEP_STATES:
                raise bad_request(name, f"Unknown state {value!r}.")
            wanted[step] = value
        # No orderBy: by phone number. Sinch publishes createdTime and updatedTime.
        order_by = choice_param(query, "orderBy", TIME_ORDER) or ""
        page_size = self.page_size(query.get("pageSize"))
        now = self.store.clock.now()
        if order_by:
            by_created = order_by == "createdTime"
            rows = sorted(rows, key=lambda r: (r.created if by_created else r.updated, r.phone))
        numbers = [render.hosting_order_number(order, row, now) for row in rows]
        numbers = [n for n in numbers if _matches(n, wanted)]
        filtered_by = [f"{step}={state}" for step, state in sorted(wanted.items())]
        bound_to = fingerprint([order.body["hostingOrderId"], *filtered_by], None, order_by)
        return self.offset_page(request, project, bound_to, "numbers", numbers, page_size)

    async def get_hosting_order_number(self, request: Request) -> Response:
        _, order, rows = self._order(request)
        phone = phone_param(request)
        for row in rows:
            if row.phone == phone:
                now = self.store.clock.now()
                return Proto3Response(render.hosting_order_number(order, row, now))
        raise not_found("The number is not part of this hosting order.")

    # -- callback configuration: errors in the wrapped form, as Sinch answers them here -------

    def _callback_configuration(self, project: str) -> Response:
        # The secret that signs this project's callbacks: its own once set, else the sandbox's.
        secret = self.store.callback_secret(project) or self.config.callback_secret
        body = {"projectId": project, "hmacSecret": secret}
        return Proto3Response(body)

    async def get_callback_configuration(self, request: Request) -> Response:
        try:
            return self._callback_configuration(self.auth.project(request))
        except ApiError as error:
            return error.response(wrapped=True)

    async def update_callback_configuration(self, request: Request) -> Response:
        try:
            project = self.auth.project(request)
            body = await self.json_of(request, "UpdateCallbackConfigurationRequest")
            # The client's own rule (one on both sides): what one refuses, so does the other.
            problem = secret_problem(body["hmacSecret"])
            if problem is not None:
                raise bad_request("hmacSecret", f"The HMAC secret {problem}.")
            self.store.set_callback_secret(project, body["hmacSecret"])
            return self._callback_configuration(project)
        except ApiError as error:
            return error.response(wrapped=True)
