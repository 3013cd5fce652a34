"""The `sinch_qualified_numbers` logger: every HTTP attempt at DEBUG, what an application
logging at INFO must see (a retry, a failure) at INFO or WARNING, never a secret.

An application logging at INFO used to get one line per HTTP attempt: thousands for a
2,000-number job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import httpx
import pytest

from sinch_qualified_numbers import (
    APIConnectionError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers._logging import logger, setup_from_env

from ..conftest import API_VERSION
from .conftest import FAKE_BASE, FAKE_TOKEN_URL, ONE, PROJECT, number_json

SECRET = "s3cr3t-key-secret"
TOKENS = ["tok-first-a1b2c3d4", "tok-second-e5f6g7h8"]
PATH = f"/{API_VERSION}/projects/{PROJECT}/qualifiedNumbers/{ONE.replace('+', '%2B')}"


@pytest.fixture(autouse=True)
def _logger_restored() -> Iterator[None]:
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> QualifiedNumbersClient:
    return QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret=SECRET,
        base_url=FAKE_BASE,
        token_url=FAKE_TOKEN_URL,
        retry_backoff=0,
        http_transport=httpx.MockTransport(handler),
    )


def _service(*api: httpx.Response | Exception) -> Callable[[httpx.Request], httpx.Response]:
    """The token endpoint, then the API's answers in turn (the last one repeated)."""
    answers = list(api)
    tokens = iter(TOKENS)

    def handle(request: httpx.Request) -> httpx.Response:
        if str(request.url) == FAKE_TOKEN_URL:
            return httpx.Response(200, json={"access_token": next(tokens), "expires_in": 3600})
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handle


def _lines(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("sinch_qualified_numbers") and r.levelno == level
    ]


OK = httpx.Response(200, json=number_json(ONE))
DOWN = httpx.Response(503, json={"code": 503, "message": "down", "status": "UNAVAILABLE"})


def test_each_attempt_is_one_debug_line_and_nothing_at_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="sinch_qualified_numbers")
    with _client(_service(OK)) as client:
        for _ in range(3):
            client.qualified_numbers.get(ONE)
    debug = _lines(caplog, logging.DEBUG)
    assert len(debug) == 4  # the token, then three calls
    assert debug[0].startswith("POST /oauth2/token -> 200 (attempt 1, ")
    assert all(line.startswith(f"GET {PATH} -> 200 (attempt 1, ") for line in debug[1:])
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []


def test_a_retry_is_visible_at_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sinch_qualified_numbers")
    with _client(_service(DOWN, OK)) as client:
        client.qualified_numbers.get(ONE)
    info = _lines(caplog, logging.INFO)
    assert len(info) == 1
    assert info[0].startswith(f"GET {PATH} -> 503 (attempt 1, ")
    assert "retrying in" in info[0]
    assert not [r for r in caplog.records if r.levelno == logging.DEBUG]


def test_giving_up_after_retries_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sinch_qualified_numbers")
    with _client(_service(DOWN)) as client, pytest.raises(InternalServerError):
        client.qualified_numbers.get(ONE)
    assert len(_lines(caplog, logging.INFO)) == 2  # attempts 1 and 2, each retried
    (warning,) = _lines(caplog, logging.WARNING)
    assert warning.startswith(f"GET {PATH} -> 503 (attempt 3, ")
    assert "giving up" in warning


def test_a_connection_failure_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sinch_qualified_numbers")
    refused = httpx.ConnectError("connection refused")
    with _client(_service(refused)) as client, pytest.raises(APIConnectionError):
        client.with_options(max_retries=0).qualified_numbers.get(ONE)
    (warning,) = _lines(caplog, logging.WARNING)
    assert warning.startswith(f"GET {PATH} -> ConnectError (attempt 1, ")


def test_an_error_answer_is_visible_at_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="sinch_qualified_numbers")
    gone = httpx.Response(404, json={"code": 404, "message": "gone", "status": "NOT_FOUND"})
    with _client(_service(gone)) as client, pytest.raises(NotFoundError):
        client.qualified_numbers.get(ONE)
    (info,) = _lines(caplog, logging.INFO)
    assert info.startswith(f"GET {PATH} -> 404 (attempt 1, ")


def test_no_secret_at_any_level(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="sinch_qualified_numbers")
    refused = httpx.Response(401, json={"code": 401, "message": "expired", "status": "X"})
    echo = httpx.Response(
        400, json={"code": 400, "message": f"you sent Bearer {TOKENS[1]} and {SECRET}"}
    )
    with _client(_service(refused, DOWN, echo)) as client:
        with pytest.raises(BadRequestError):
            client.qualified_numbers.get(ONE)
    info = _lines(caplog, logging.INFO)
    assert "the token was refused; fetching a new one and replaying once" in info[0]
    assert "retrying in" in info[1]
    shown = caplog.text + " ".join(str(r.args) for r in caplog.records)
    basic = httpx.BasicAuth("key-id", SECRET)._auth_header
    for secret in (SECRET, *TOKENS, basic, basic.split()[1]):
        assert secret not in shown


@pytest.mark.parametrize(("value", "level"), [("info", logging.INFO), ("debug", logging.DEBUG)])
def test_sinch_log_sets_the_level(monkeypatch: pytest.MonkeyPatch, value: str, level: int) -> None:
    monkeypatch.setenv("SINCH_LOG", value)
    setup_from_env()
    assert logger.level == level
    assert [h for h in logger.handlers if getattr(h, "_sinch_qn", False)]
