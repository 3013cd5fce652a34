"""The `CallbackConfiguration` operations: errors in the wrapped form, as Sinch answers
them here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from sinch_qualified_numbers.callbacks import secret_problem

from ...http.errors import ApiError, bad_request
from ...http.registry import Handlers
from ...http.render import Proto3Response
from ...http.requests import json_body

if TYPE_CHECKING:
    from ...service import Sandbox

HANDLERS = Handlers()


def _configuration(sb: Sandbox, project: str) -> Response:
    # The secret that signs this project's callbacks: its own once set, else the sandbox's.
    secret = sb.callback_configuration.secret(project)
    return Proto3Response({"projectId": project, "hmacSecret": secret})


@HANDLERS.operation("getCallbackConfiguration")
async def get_callback_configuration(sb: Sandbox, request: Request) -> Response:
    try:
        return _configuration(sb, sb.auth.project(request))
    except ApiError as error:
        return error.response(wrapped=True)


@HANDLERS.operation("updateCallbackConfiguration")
async def update_callback_configuration(sb: Sandbox, request: Request) -> Response:
    try:
        project = sb.auth.project(request)
        body = await json_body(
            request, "UpdateCallbackConfigurationRequest", sb.config.max_body_bytes
        )
        # The client's own rule (one on both sides): what one refuses, so does the other.
        problem = secret_problem(body["hmacSecret"])
        if problem is not None:
            raise bad_request("hmacSecret", f"The HMAC secret {problem}.")
        sb.callback_configuration.set_secret(project, body["hmacSecret"])
        return _configuration(sb, project)
    except ApiError as error:
        return error.response(wrapped=True)
