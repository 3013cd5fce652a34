"""Who is calling: HTTP Basic, OAuth2 bearer tokens (and the token endpoint), the admin key."""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .clock import Clock
from .config import Credential, SandboxConfig
from .faults import TOKEN_OPERATION
from .http.errors import ApiError
from .http.registry import Handlers
from .http.requests import read_body, same_secret

if TYPE_CHECKING:
    from .service import Sandbox


@dataclass
class Token:
    key_id: str
    expires_at: float


class Auth:
    def __init__(self, config: SandboxConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self._tokens: dict[str, Token] = {}
        #: Said after "Invalid credentials." (where the sandbox runs decides what helps).
        self.refusal_hint = ""

    def issue_token(self, cred: Credential) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        ttl = self.config.token_ttl
        self._tokens[token] = Token(cred.key_id, self.clock.now() + ttl)
        return token, max(int(ttl), 1) if ttl >= 1 else 1

    def forget(self, project: str | None) -> None:
        """Drop the tokens of a project's keys (every token for None)."""
        if project is None:
            self._tokens.clear()
            return
        keys = {c.key_id for c in self.config.credentials if c.project_id == project}
        for token, held in list(self._tokens.items()):
            if held.key_id in keys:
                self._tokens.pop(token, None)

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
                raise ApiError(
                    401, f"Invalid credentials.{self.refusal_hint}", status="UNAUTHENTICATED"
                )
        elif scheme.lower() == "bearer":
            token = self._tokens.get(value.strip())
            if token is None:
                raise ApiError(401, "Invalid access token.", status="UNAUTHENTICATED")
            if token.expires_at <= self.clock.now():
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

    def admin(self, request: Request) -> str | None:
        """The caller of a sandbox-only endpoint: a project's key (its project ID), or the
        admin key printed at start-up (None: acts on every project)."""
        given = request.headers.get("x-sandbox-admin-key")
        if given is not None:
            if not same_secret(given, self.config.admin_key):
                raise ApiError(401, "Invalid sandbox admin key.", status="UNAUTHENTICATED")
            return None
        return self.authenticate(request).project_id


#: The token endpoint, written as the resources' handlers are (`async (sb, request)`), under
#: the operation name the app and the faults know it by.
HANDLERS = Handlers()


@HANDLERS.operation(TOKEN_OPERATION)
async def token(sb: Sandbox, request: Request) -> Response:
    """`POST /oauth2/token`: client credentials, in the form or as HTTP Basic."""
    body = await read_body(request, sb.config.max_body_bytes)
    try:
        form = dict(parse_qsl(body.decode("ascii")))
    except (UnicodeDecodeError, ValueError):
        form = {}
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    cred = sb.auth._basic(value.strip()) if scheme.lower() == "basic" else None
    if cred is None and "client_id" in form:
        candidate = sb.config.credential_for(form["client_id"])
        if candidate and same_secret(form.get("client_secret", ""), candidate.key_secret):
            cred = candidate
    if cred is None:
        return JSONResponse(
            {
                "error": "invalid_client",
                "error_description": f"Invalid client credentials.{sb.auth.refusal_hint}",
            },
            status_code=401,
        )
    if form.get("grant_type") != "client_credentials":
        return JSONResponse(
            {"error": "unsupported_grant_type", "error_description": "Use client_credentials."},
            status_code=400,
        )
    token, expires_in = sb.auth.issue_token(cred)
    return JSONResponse({"access_token": token, "expires_in": expires_in, "token_type": "bearer"})
