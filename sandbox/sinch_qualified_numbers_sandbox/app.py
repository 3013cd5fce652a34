"""The sandbox as a Starlette application: routes, auth, validation and the service's rules."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import phonenumbers
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import store as st
from .callbacks import CallbackDispatcher, targets
from .config import Credential, SandboxConfig
from .errors import ApiError, bad_request, not_found
from .faults import FaultInjector
from .render import Proto3Response, proto3
from .requests import parse_json, query_int, same_secret
from .spec import validate_body

log = logging.getLogger("sinch_qualified_numbers_sandbox")

TOLL_FREE_AREA_CODES = frozenset({"800", "833", "844", "855", "866", "877", "888"})
KNOWN_STATES = (
    "GLOBAL_PROCESS_STATE_UNSPECIFIED",
    st.PENDING,
    st.ELIGIBLE,
    st.NOT_ELIGIBLE,
    st.VERIFICATION_PENDING,
    st.VERIFICATION_FAILED,
    st.VERIFICATION_BLOCKED,
    st.VERIFIED,
    st.HOSTING_IN_PROGRESS,
    st.HOSTING_DONE,
    st.HOSTING_FAILED,
)
VERSIONS = ("v1beta1", "v1")


class PhoneConvertor(Convertor[str]):
    """A path segment without `:`, so `{phone}` never swallows `:verifyVoiceChallenge`."""

    regex = "[^/:]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class VersionConvertor(Convertor[str]):
    regex = "v1beta1|v1"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("phone", PhoneConvertor())
register_url_convertor("apiversion", VersionConvertor())


@dataclass
class Token:
    key_id: str
    expires_at: float


class Sandbox:
    """State and rules of the fake service; `app` is the ASGI application serving it."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.store = st.Store(
            self.config.db_path,
            seed=self.config.seed,
            eligibility_delay=self.config.eligibility_delay,
            hosting_delay=self.config.hosting_delay,
        )
        self._tokens: dict[str, Token] = {}
        # The addresses this sandbox is served on, learnt from the requests it receives:
        # callbacks are never delivered back to them.
        self.own_addresses: set[tuple[str, int]] = set()
        self._token_secret = self.store.secret("page_token_key")
        self.faults = FaultInjector(self.config.faults)
        self.callbacks = CallbackDispatcher(
            self.store, self.config.callback_secret, self.own_addresses
        )
        self.app = self._build_app()

    # -- plumbing ------------------------------------------------------------------------------

    def _build_app(self) -> Any:
        api = "/{version:apiversion}/projects/{project_id}/qualifiedNumbers"
        routes = [
            Route(api, self._endpoint("listQualifiedNumbers", self.list_numbers), methods=["GET"]),
            Route(
                api + ":addNumbers",
                self._endpoint("addQualifiedNumbers", self.add_numbers),
                methods=["POST"],
            ),
            Route(
                api + ":textEnableNumbers",
                self._endpoint("textEnableNumbers", self.text_enable),
                methods=["POST"],
            ),
            Route(
                api + ":textEnableTollFreeNumbers",
                self._endpoint("textEnableTollFreeNumbers", self.text_enable_toll_free),
                methods=["POST"],
            ),
            # One Route per path with all its methods, so that 405's Allow header is true.
            Route(
                api + "/{phone:phone}",
                self._endpoint("getOrDeleteQualifiedNumber", self.get_or_delete),
                methods=["GET", "DELETE"],
            ),
            Route(
                api + "/{phone:phone}:sendVoiceChallenge",
                self._endpoint("sendVoiceChallenge", self.send_voice_challenge),
                methods=["POST"],
            ),
            Route(
                api + "/{phone:phone}:verifyVoiceChallenge",
                self._endpoint("verifyVoiceChallenge", self.verify_voice_challenge),
                methods=["POST"],
            ),
            Route("/oauth2/token", self._endpoint("oauth2Token", self.token), methods=["POST"]),
            Route(
                "/_sandbox/projects/{project_id}/voiceCalls",
                self._endpoint("sandboxVoiceCalls", self.sandbox_voice_calls),
                methods=["GET"],
            ),
            Route(
                "/_sandbox/projects/{project_id}/submissions",
                self._endpoint("sandboxSubmissions", self.sandbox_submissions),
                methods=["GET"],
            ),
            Route(
                "/_sandbox/projects/{project_id}/hostingOrders",
                self._endpoint("sandboxHostingOrders", self.sandbox_orders),
                methods=["GET"],
            ),
            Route(
                "/_sandbox/projects/{project_id}/numbers:seed",
                self._endpoint("sandboxSeed", self.sandbox_seed),
                methods=["POST"],
            ),
            Route(
                "/_sandbox/clock:advance",
                self._endpoint("sandboxClockAdvance", self.sandbox_advance),
                methods=["POST"],
            ),
            Route(
                "/_sandbox/reset",
                self._endpoint("sandboxReset", self.sandbox_reset),
                methods=["POST"],
            ),
            Route(
                "/_sandbox/faults",
                self._endpoint("sandboxFaults", self.sandbox_faults),
                methods=["GET", "PUT"],
            ),
            Route(
                "/_sandbox/callbacks:deliver",
                self._endpoint("sandboxDeliverCallbacks", self.sandbox_deliver),
                methods=["POST"],
            ),
        ]

        async def http_error(request: Request, exc: Exception) -> Response:
            assert isinstance(exc, HTTPException)
            status = exc.status_code
            message = "The resource could not be found." if status == 404 else str(exc.detail)
            return ApiError(status, message, headers=dict(exc.headers or {})).response()

        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            task = asyncio.create_task(self._ticker())
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                await self.callbacks.aclose()

        starlette = Starlette(
            routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan
        )
        return self.faults.wrap(_size_limits(starlette))

    async def _ticker(self) -> None:
        while True:
            try:
                self._settle()
                await self.callbacks.deliver()
            except Exception:  # the ticker must outlive any one bad round
                log.exception("sandbox ticker")
            await asyncio.sleep(self.config.callback_interval)

    def _settle(self) -> None:
        self.callbacks.on_transitions(self.store.settle())

    def _endpoint(
        self, operation: str, handler: Callable[[Request], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            request.scope["sandbox_operation"] = operation
            server = request.scope.get("server")
            if server and server[1] is not None:
                self.own_addresses.add((str(server[0]), int(server[1])))
            try:
                self._settle()
                return await handler(request)
            except ApiError as exc:
                return exc.response()
            except ClientDisconnect:
                # The client gave up (e.g. timed out during injected latency): not a bug.
                log.debug("client left during %s", operation)
                return Response(status_code=499)
            except Exception:
                log.exception("sandbox bug in %s", operation)
                return ApiError(500, "Internal error.").response()

        return endpoint

    # -- auth ----------------------------------------------------------------------------------

    def issue_token(self, cred: Credential) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        ttl = self.config.token_ttl
        self._tokens[token] = Token(cred.key_id, self.store.clock.now() + ttl)
        return token, max(int(ttl), 1) if ttl >= 1 else 1

    def _basic(self, header: str) -> Credential | None:
        try:
            decoded = base64.b64decode(header, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):  # not base64, non-ASCII, not UTF-8
            return None
        key_id, sep, secret = decoded.partition(":")
        cred = self.config.credential_for(key_id)
        if not sep or cred is None or not same_secret(secret, cred.key_secret):
            return None
        return cred

    def authenticate(self, request: Request) -> Credential:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        cred: Credential | None = None
        if scheme.lower() == "basic":
            cred = self._basic(value.strip())
            if cred is None:
                raise ApiError(401, "Invalid credentials.", status="UNAUTHENTICATED")
        elif scheme.lower() == "bearer":
            token = self._tokens.get(value.strip())
            if token is None:
                raise ApiError(401, "Invalid access token.", status="UNAUTHENTICATED")
            if token.expires_at <= self.store.clock.now():
                self._tokens.pop(value.strip(), None)
                raise ApiError(401, "The access token has expired.", status="UNAUTHENTICATED")
            cred = self.config.credential_for(token.key_id)
        if cred is None:
            raise ApiError(
                401,
                "Missing credentials: use HTTP Basic or a Bearer token.",
                status="UNAUTHENTICATED",
            )
        return cred

    def project(self, request: Request) -> str:
        """The path's project, after checking the caller's key belongs to it (else 403)."""
        cred = self.authenticate(request)
        project: str = request.path_params["project_id"]
        if project != cred.project_id:
            raise ApiError(
                403,
                f"The credentials do not give access to project {project}.",
                status="PERMISSION_DENIED",
            )
        return project

    async def token(self, request: Request) -> Response:
        body = await self._read(request)
        try:
            form = dict(parse_qsl(body.decode("ascii")))
        except (UnicodeDecodeError, ValueError):
            form = {}
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        cred = self._basic(value.strip()) if scheme.lower() == "basic" else None
        if cred is None and "client_id" in form:
            candidate = self.config.credential_for(form["client_id"])
            if candidate and same_secret(form.get("client_secret", ""), candidate.key_secret):
                cred = candidate
        if cred is None:
            return JSONResponse(
                {"error": "invalid_client", "error_description": "Invalid client credentials."},
                status_code=401,
            )
        if form.get("grant_type") != "client_credentials":
            return JSONResponse(
                {"error": "unsupported_grant_type", "error_description": "Use client_credentials."},
                status_code=400,
            )
        token, expires_in = self.issue_token(cred)
        return JSONResponse(
            {"access_token": token, "expires_in": expires_in, "token_type": "bearer"}
        )

    # -- input ---------------------------------------------------------------------------------

    async def _read(self, request: Request) -> bytes:
        limit = self.config.max_body_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise bad_request("body", f"The body is larger than {limit} bytes.")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise bad_request("body", f"The body is larger than {limit} bytes.")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _any_json(self, request: Request, *, allow_empty: bool = False) -> Any:
        raw = await self._read(request)
        return parse_json(raw, request.headers.get("content-type"), allow_empty=allow_empty)

    async def _json(self, request: Request, schema: str) -> dict[str, Any]:
        body = await self._any_json(request)
        validate_body(schema, body)
        assert isinstance(body, dict)
        return body

    @staticmethod
    def _phone(request: Request, field: str = "phoneNumber") -> str:
        raw: str = request.path_params["phone"]
        # A `+` sent unencoded may reach us form-decoded as a space.
        phone = "+" + raw[1:] if raw.startswith(" ") else raw
        return _e164(phone, field)

    # -- operations ----------------------------------------------------------------------------

    async def list_numbers(self, request: Request) -> Response:
        project = self.project(request)
        query = request.query_params
        unknown = set(query.keys()) - {"states", "regionCode", "pageSize", "pageToken", "orderBy"}
        if unknown:
            name = sorted(unknown)[0]
            raise bad_request(name, f"Unknown query parameter {name}.")
        states: list[str] = []
        for value in query.getlist("states"):
            states.extend(part for part in value.split(",") if part)
        if not states:
            raise bad_request("states", "At least one state is required.")
        for state in states:
            if state not in KNOWN_STATES:
                raise bad_request("states", f"Unknown state {state!r}.")
        region = query.get("regionCode")
        if region is not None and region not in ("US", "CA"):
            raise bad_request("regionCode", f"Unsupported region {region!r}: use US or CA.")
        order_by = query.get("orderBy") or "createdTime"
        if order_by not in ("createdTime", "updatedTime"):
            raise bad_request("orderBy", f"Unknown orderBy {order_by!r}.")
        page_size = self.config.default_page_size
        raw_size = query.get("pageSize")
        if raw_size not in (None, ""):
            size = query_int(raw_size, "pageSize")
            if size:
                page_size = min(size, self.config.max_page_size)
        fingerprint = hashlib.sha256(
            json.dumps([sorted(set(states)), region, order_by]).encode()
        ).hexdigest()[:16]
        after = None
        token = query.get("pageToken")
        if token:
            after = self._read_page_token(token, project, fingerprint)
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
                "qualifiedNumbers": [row.to_json() for row in rows],
                "nextPageToken": (
                    self._page_token(project, fingerprint, next_key) if next_key else ""
                ),
                "totalSize": total,
            }
        )

    def _page_token(self, project: str, fingerprint: str, key: tuple[float, int]) -> str:
        payload = json.dumps({"p": project, "f": fingerprint, "k": list(key)}).encode()
        mac = hmac.new(self._token_secret, payload, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(payload + mac).decode().rstrip("=")

    def _read_page_token(self, token: str, project: str, fingerprint: str) -> tuple[float, int]:
        invalid = bad_request("pageToken", "The page token is not valid for this listing.")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise invalid from None
        payload, mac = raw[:-16], raw[-16:]
        expected = hmac.new(self._token_secret, payload, hashlib.sha256).digest()[:16]
        if len(raw) <= 16 or not hmac.compare_digest(mac, expected):
            raise invalid
        try:
            data = json.loads(payload)
            value, seq = data["k"]
            if data["p"] != project or data["f"] != fingerprint:
                raise invalid
            return float(value), int(seq)
        except (ValueError, KeyError, TypeError):  # signed by an older, different sandbox
            raise invalid from None

    async def add_numbers(self, request: Request) -> Response:
        project = self.project(request)
        body = await self._json(request, "AddQualifiedNumbersRequest")
        phones: list[str] = body["phoneNumbers"]
        seen: set[str] = set()
        parsed: list[tuple[str, str, bool]] = []
        for index, phone in enumerate(phones):
            field = f"phoneNumbers[{index}]"
            if phone in seen:
                raise bad_request(field, f"{phone} is given more than once.")
            seen.add(phone)
            region = _nanp_region(_e164(phone, field), field)
            parsed.append((phone, region, _is_toll_free(phone)))
        already = self.store.existing(project, phones)
        if already:
            first = next(p for p in phones if p in already)
            raise ApiError(
                409,
                f"The imported number already exists: {first}.",
                status="ALREADY_EXISTS",
                field_violations=[("phoneNumbers", f"{p} already exists.") for p in already],
            )
        rows = self.store.add(project, parsed)
        return Proto3Response({"qualifiedNumbers": [row.to_json() for row in rows]})

    def _row(self, project: str, phone: str) -> st.Row:
        row = self.store.get(project, phone)
        if row is None:
            raise not_found("The imported number could not be found.")
        return row

    async def get_or_delete(self, request: Request) -> Response:
        project = self.project(request)
        phone = self._phone(request)
        row = self._row(project, phone)
        if request.method == "DELETE":
            self.store.delete(project, phone)
            self.callbacks.on_delete(project, row)
            return Proto3Response({})
        return Proto3Response(row.to_json())

    async def send_voice_challenge(self, request: Request) -> Response:
        project = self.project(request)
        phone = self._phone(request)
        await self._read(request)
        row = self._row(project, phone)
        allowed = (st.ELIGIBLE, st.VERIFICATION_PENDING, st.VERIFICATION_FAILED)
        if row.state not in allowed:
            raise ApiError(
                400,
                f"A voice challenge cannot be sent to {phone} in state {row.state}.",
                status="FAILED_PRECONDITION",
                field_violations=[("phoneNumber", f"is {row.state}, not eligible for a challenge")],
            )
        return Proto3Response(self.store.send_voice_challenge(project, phone).to_json())

    async def verify_voice_challenge(self, request: Request) -> Response:
        project = self.project(request)
        phone = self._phone(request)
        body = await self._json(request, "VerifyVoiceChallengeRequest")
        row = self._row(project, phone)
        if row.state not in (st.VERIFICATION_PENDING, st.VERIFICATION_FAILED):
            raise ApiError(
                400,
                f"{phone} has no pending voice challenge (state {row.state}).",
                status="FAILED_PRECONDITION",
                field_violations=[("phoneNumber", f"is {row.state}, no challenge pending")],
            )
        return Proto3Response(
            self.store.verify_voice_challenge(project, phone, body["code"]).to_json()
        )

    async def text_enable(self, request: Request) -> Response:
        project = self.project(request)
        body = await self._json(request, "TextEnableNumbersRequest")
        loas = [k for k in ("directLoaInfo", "resellerLoaInfo", "blanketLoaInfo") if k in body]
        if len(loas) != 1:
            raise bad_request(
                "directLoaInfo",
                "Exactly one of directLoaInfo, resellerLoaInfo and blanketLoaInfo is required"
                f" (got {len(loas)}).",
            )
        order = self._create_order(project, body, toll_free=False, loa=loas[0])
        return Proto3Response({"hostingOrderId": order["hostingOrderId"]})

    async def text_enable_toll_free(self, request: Request) -> Response:
        project = self.project(request)
        body = await self._json(request, "TextEnableTollFreeNumbersRequest")
        loa = "directLoaInfo" if "directLoaInfo" in body else "resellerLoaInfo"
        return Proto3Response(self._create_order(project, body, toll_free=True, loa=loa))

    def _create_order(
        self, project: str, body: dict[str, Any], *, toll_free: bool, loa: str
    ) -> dict[str, Any]:
        # The body's optional projectId is ignored: the path's project is the one acted on.
        callback_url = body.get("callbackUrl")
        if callback_url and targets(callback_url, self.own_addresses):
            raise bad_request(
                "callbackUrl", "The callback URL points at the sandbox itself; use a receiver."
            )
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
            number_region = known.region if known else _nanp_region(_e164(phone, field), field)
            if _is_toll_free(phone) != toll_free:
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
        not_verified = [
            (f"numbers[{i}]", f"{p} is {rows[p].state}, not VERIFIED.")
            for i, p in enumerate(phones)
            if rows[p].state != st.VERIFIED
        ]
        if not_verified:
            raise ApiError(
                400,
                "Only VERIFIED numbers can be text-enabled.",
                status="FAILED_PRECONDITION",
                field_violations=not_verified,
            )
        now = st.rfc3339(self.store.clock.now())
        info: dict[str, Any] = {"serviceProvider": "Sinch America Inc."}
        if loa != "blanketLoaInfo":
            letter = body[loa]
            info.update(
                {
                    k: letter[k]
                    for k in ("businessName", "authorisedPerson", "address", "currentVoiceCarrier")
                    if k in letter
                }
            )
            info["loaType"] = "DIRECT" if loa == "directLoaInfo" else "RESELLER"
        info["nnid"] = body.get("nnid") or "104029"
        order: dict[str, Any] = {
            "projectId": project,
            "hostingOrderId": self.store.new_order_id(),
            "regionCode": region,
            "state": "SUBMITTED" if loa == "blanketLoaInfo" else "WAITING_FOR_LOA_SIGNATURE",
            "type": "TYPE_TEXT_ENABLE",
            "createdTime": now,
            "updatedTime": now,
            "servicePlanId": body["servicePlanId"],
            "migrateToSinchTmo": False,
            "hostingOrderInfo": info,
        }
        for key in ("displayName", "campaignId", "scheduledOsrUpdateTime", "callbackUrl"):
            if key in body:
                order[key] = body[key]
        order = proto3(order)
        self.store.create_order(project, phones, order, body.get("callbackUrl"))
        return order

    # -- sandbox-only endpoints ----------------------------------------------------------------

    async def sandbox_voice_calls(self, request: Request) -> Response:
        return JSONResponse({"voiceCalls": self.store.voice_calls(self.project(request))})

    async def sandbox_submissions(self, request: Request) -> Response:
        return JSONResponse({"submissions": self.store.submissions(self.project(request))})

    async def sandbox_orders(self, request: Request) -> Response:
        return JSONResponse({"hostingOrders": self.store.orders(self.project(request))})

    def admin(self, request: Request) -> str | None:
        """The caller of a sandbox-only endpoint: a project's key (its project ID), or the
        admin key printed at start-up (None: acts on every project)."""
        given = request.headers.get("x-sandbox-admin-key")
        if given is not None:
            if not same_secret(given, self.config.admin_key):
                raise ApiError(401, "Invalid sandbox admin key.", status="UNAUTHENTICATED")
            return None
        return self.authenticate(request).project_id

    async def sandbox_seed(self, request: Request) -> Response:
        """Put numbers straight into a state: `{"phoneNumbers": [...], "state": "..."}`."""
        project = self.project(request)
        body = await self._any_json(request)
        phones = body.get("phoneNumbers") if isinstance(body, dict) else None
        state = body.get("state", st.VERIFIED) if isinstance(body, dict) else None
        if not isinstance(phones, list) or len(phones) > 100_000:
            raise bad_request("phoneNumbers", 'Expected {"phoneNumbers": [...], "state": "..."}.')
        if state not in KNOWN_STATES:
            raise bad_request("state", f"Unknown state {state!r}.")
        rows = []
        for index, phone in enumerate(phones):
            field = f"phoneNumbers[{index}]"
            rows.append((phone, _nanp_region(_e164(phone, field), field), _is_toll_free(phone)))
        return JSONResponse({"seeded": self.store.seed(project, rows, state)})

    async def sandbox_advance(self, request: Request) -> Response:
        self.admin(request)
        body = await self._any_json(request, allow_empty=True)
        seconds = body.get("seconds") if isinstance(body, dict) else None
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 <= seconds <= st.MAX_CLOCK_STEP
        ):
            raise bad_request(
                "seconds", f"A number of seconds between 0 and {st.MAX_CLOCK_STEP} is required."
            )
        self.callbacks.on_transitions(self.store.advance_clock(float(seconds)))
        return JSONResponse({"offsetSeconds": self.store.clock.offset})

    async def sandbox_reset(self, request: Request) -> Response:
        """Reset the caller's project; with the admin key, every project (and all tokens)."""
        project = self.admin(request)
        self.store.reset(project)
        if project is None:
            self._tokens.clear()
        else:
            keys = {c.key_id for c in self.config.credentials if c.project_id == project}
            for token, held in list(self._tokens.items()):
                if held.key_id in keys:
                    self._tokens.pop(token, None)
        return JSONResponse({"reset": project or "*"})

    async def sandbox_faults(self, request: Request) -> Response:
        self.admin(request)
        if request.method == "PUT":
            body = await self._any_json(request)
            try:
                self.faults.update(body)
            except (ValueError, TypeError, AttributeError) as exc:
                raise bad_request("body", f"Invalid fault settings: {exc}") from None
        return JSONResponse(self.faults.describe())

    async def sandbox_deliver(self, request: Request) -> Response:
        self.admin(request)
        delivered = await self.callbacks.deliver()
        return JSONResponse({"delivered": delivered})


def _e164(phone: str, field: str) -> str:
    if not (
        isinstance(phone, str)
        and phone.startswith("+")
        and phone[1:].isascii()
        and phone[1:].isdigit()
        and phone[1] != "0"
        and 2 <= len(phone) - 1 <= 15
    ):
        raise bad_request(field, f"{phone!r} is not an E.164 number (like +12025550134).")
    return phone


def _nanp_region(phone: str, field: str) -> str:
    try:
        parsed = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        parsed = None
    region = phonenumbers.region_code_for_number(parsed) if parsed else None
    if parsed is None or not phonenumbers.is_valid_number(parsed) or region not in ("US", "CA"):
        raise bad_request(field, f"{phone} is not a valid US or CA number.")
    return str(region)


def _is_toll_free(phone: str) -> bool:
    return phone.startswith("+1") and phone[2:5] in TOLL_FREE_AREA_CODES


#: What a request line and its headers may hold; servers answer 414 and 431 beyond, as here.
#: (The HTTP server reads up to `MAX_REQUEST_HEAD_BYTES` so that the answer can be given.)
MAX_TARGET_BYTES = 16_384
MAX_HEADER_BYTES = 65_536
MAX_REQUEST_HEAD_BYTES = 2_097_152


def _size_limits(app: Any) -> Any:
    async def limited(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
            headers = sum(len(k) + len(v) for k, v in scope.get("headers", []))
            for size, limit, status, message in (
                (target, MAX_TARGET_BYTES, 414, "The request target is too long."),
                (headers, MAX_HEADER_BYTES, 431, "The request headers are too large."),
            ):
                if size > limit:
                    await ApiError(status, message, status="INVALID_ARGUMENT")(scope, receive, send)
                    return
        await app(scope, receive, send)

    return limited


def create_app(config: SandboxConfig | None = None) -> Any:
    """The ASGI application of a new sandbox (see `Sandbox` to reach its state too)."""
    return Sandbox(config).app
