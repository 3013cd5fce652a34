"""Sinch adds an operation to the spec: until its handler is written the sandbox answers it
`501 UNIMPLEMENTED` (the service's error shape, naming the operationId), warns once, and
serves every other operation exactly as before."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest

from sinch_qualified_numbers_sandbox import InProcessServer, app
from sinch_qualified_numbers_sandbox.app import HANDLERS
from sinch_qualified_numbers_sandbox.spec import operations

from ..conftest import API_VERSION, NEW_OPERATION

#: A value for each path parameter of the spec.
PARAMETERS = {"projectId": None, "phoneNumber": "+12025550134", "hostingOrderId": "o1"}


def _answers(sandbox: InProcessServer) -> dict[str, tuple[int, Any]]:
    """operationId -> (status, body) of one plain request to each operation of the spec."""
    values = {**PARAMETERS, "projectId": sandbox.project_id}
    answers = {}
    with httpx.Client(
        transport=sandbox.transport(),
        base_url=f"https://imported.numbers.api.sinch.com/{API_VERSION}",
        auth=(sandbox.key_id, sandbox.key_secret),
    ) as http:
        for method, template, operation_id in operations():
            path = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)
            body = {} if method in ("POST", "PATCH") else None
            response = http.request(method, path, json=body)
            answers[operation_id] = (response.status_code, response.json())
    return answers


def test_a_new_operation_answers_501_and_every_other_operation_is_served_as_before(
    request: pytest.FixtureRequest,
) -> None:
    before = _answers(InProcessServer())
    assert NEW_OPERATION not in before
    request.getfixturevalue("new_operation_spec")
    after = _answers(InProcessServer())

    assert after.pop(NEW_OPERATION) == (
        501,
        {
            "code": "501",
            "message": f"The sandbox does not implement {NEW_OPERATION} yet.",
            "status": "UNIMPLEMENTED",
        },
    )
    assert after == before
    # Each of them reached its own handler: no route-level 404/405, no 501.
    for operation_id, (status, body) in after.items():
        if operation_id not in HANDLERS:
            continue  # one the real spec has and no handler yet: test_layout names it
        assert status not in (405, 501), (operation_id, status, body)
        assert body.get("message") != "The resource could not be found.", operation_id


@pytest.mark.usefixtures("new_operation_spec")
def test_the_unhandled_operation_is_warned_about_once_naming_its_handlers_file(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "_WARNED", set())
    with caplog.at_level(logging.WARNING, logger="sinch_qualified_numbers_sandbox"):
        InProcessServer()
        InProcessServer()
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert NEW_OPERATION in warning.getMessage()
    assert "resources/hosting_orders/handlers.py" in warning.getMessage()
    assert "501 UNIMPLEMENTED" in warning.getMessage()
