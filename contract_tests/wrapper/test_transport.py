"""`_transport` and `_retry`: the retry matrix, Retry-After, errors mapped from answers."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AddNumbersError,
    APIConnectionError,
    APITimeoutError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)

from .both import MODES, run
from .conftest import (
    API,
    ONE,
    _fake_options,
    fake_client,
    number_json,
)

RETRYABLE = [429, 500, 502, 503, 504]


@pytest.mark.parametrize("status", RETRYABLE)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
@respx.mock
def test_idempotent_calls_retry_on_retryable_statuses(
    status: int, method: str, sleeps: list[float]
) -> None:
    ok = (
        httpx.Response(200, json=number_json(ONE))
        if method == "GET"
        else httpx.Response(200, json={})
    )
    route = respx.route(method=method, url=f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.Response(status, json={"code": str(status), "message": "m", "status": "X"}),
            ok,
        ]
    )
    with fake_client() as client:
        qn = client.qualified_numbers
        qn.get(ONE) if method == "GET" else qn.delete(ONE)
    assert route.call_count == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 8


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.ReadTimeout("late"),
        httpx.RemoteProtocolError("eof"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
@respx.mock
def test_idempotent_calls_retry_on_network_errors(
    error: Exception, method: str, sleeps: list[float]
) -> None:
    ok = (
        httpx.Response(200, json=number_json(ONE))
        if method == "GET"
        else httpx.Response(200, json={})
    )
    route = respx.route(method=method, url=f"{API}/%2B12025550134").mock(side_effect=[error, ok])
    with fake_client() as client:
        qn = client.qualified_numbers
        qn.get(ONE) if method == "GET" else qn.delete(ONE)
    assert route.call_count == 2


@respx.mock
def test_retries_stop_at_max_retries(sleeps: list[float]) -> None:
    route = respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            503, json={"code": "503", "message": "Down.", "status": "UNAVAILABLE"}
        )
    )
    with fake_client(max_retries=3) as client, pytest.raises(InternalServerError) as caught:
        client.qualified_numbers.get(ONE)
    assert route.call_count == 4 and len(sleeps) == 3
    assert caught.value.status_code == 503
    # exponential backoff with jitter: between half and all of 0.5 * 2**attempt
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1 and 1 <= sleeps[2] <= 2
    with fake_client(max_retries=0) as client, pytest.raises(InternalServerError):
        client.qualified_numbers.get(ONE)
    assert route.call_count == 5


def test_one_backoff_gives_the_pauses_of_retries_reconciliation_reads_and_polls() -> None:
    from itertools import islice

    from sinch_qualified_numbers._orders import reconcile_pause
    from sinch_qualified_numbers._retry import RetryPolicy, exponential_sleep_generator
    from sinch_qualified_numbers._waiting import poll_intervals

    assert list(islice(exponential_sleep_generator(0.5, 8.0), 6)) == [0.5, 1, 2, 4, 8, 8]
    # Retries: between half and all of that (jitter 0 and 1 at the bounds).
    low, high = RetryPolicy(jitter=lambda: 0.0), RetryPolicy(jitter=lambda: 1.0)
    assert [low.backoff(a) for a in range(6)] == [0.25, 0.5, 1, 2, 4, 4]
    assert [high.backoff(a) for a in range(6)] == [0.5, 1, 2, 4, 8, 8]
    # The reads that reconcile a lost answer: 0.25 s doubling up to 4 s.
    assert [reconcile_pause(a) for a in range(6)] == [0.25, 0.5, 1, 2, 4, 4]
    # Polls: the interval asked for, then half as long again each time, up to 30 s.
    assert list(islice(poll_intervals(2), 4)) == [2, 3, 4.5, 6.75]
    assert list(islice(poll_intervals(20), 3)) == [20, 30, 30]
    assert list(islice(poll_intervals(60), 3)) == [60, 30, 30]


@respx.mock
def test_post_retries_on_429_and_connect_errors_only(sleeps: list[float]) -> None:
    add = respx.post(f"{API}:addNumbers").mock(
        side_effect=[
            httpx.Response(
                429, json={"code": "429", "message": "Slow down.", "status": "RESOURCE_EXHAUSTED"}
            ),
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"qualifiedNumbers": [number_json(ONE)]}),
        ]
    )
    with fake_client() as client:
        client.qualified_numbers.add([ONE])
    assert add.call_count == 3


@pytest.mark.parametrize(
    ("outcome", "error"),
    [
        (
            httpx.Response(500, json={"code": "500", "message": "Oops.", "status": "INTERNAL"}),
            InternalServerError,
        ),
        (
            httpx.Response(503, json={"code": "503", "message": "Down.", "status": "UNAVAILABLE"}),
            InternalServerError,
        ),
        (httpx.ReadTimeout("late"), APITimeoutError),
        (httpx.RemoteProtocolError("peer closed"), APIConnectionError),
    ],
)
@pytest.mark.parametrize("mode", MODES)
@respx.mock
def test_post_is_not_resent_after_ambiguous_failures(
    outcome: Any, error: type[Exception], sleeps: list[float], mode: str
) -> None:
    add = respx.post(f"{API}:addNumbers").mock(side_effect=[outcome, httpx.Response(200, json={})])
    # The service took the number although its answer was lost: read, never sent again.
    read = respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(200, json=number_json(ONE))
    )
    added = run(mode, _fake_options({}), lambda c: c.qualified_numbers.add([ONE]))
    assert add.call_count == 1 and read.call_count == 1
    assert [n.phone_number for n in added] == [ONE]


@respx.mock
def test_a_post_whose_answer_is_lost_and_cannot_be_read_is_unknown(sleeps: list[float]) -> None:
    add = respx.post(f"{API}:addNumbers").mock(
        return_value=httpx.Response(500, json={"code": "500", "message": "Oops."})
    )
    respx.get(f"{API}/%2B12025550134").mock(return_value=httpx.Response(503, json={}))
    with fake_client(max_retries=0) as client, pytest.raises(AddNumbersError) as caught:
        client.qualified_numbers.add([ONE])
    assert add.call_count == 1  # never resent blindly
    assert list(caught.value.unknown) == [ONE] and not caught.value.failed


@respx.mock
def test_retry_after_seconds_and_date_are_honoured(sleeps: list[float]) -> None:
    future = email.utils.formatdate(time.time() + 20, usegmt=True)
    route = respx.get(f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}, json={}),
            httpx.Response(429, headers={"Retry-After": future}, json={}),
            httpx.Response(429, headers={"Retry-After": "3600"}, json={}),
            httpx.Response(200, json=number_json(ONE)),
        ]
    )
    with fake_client(max_retries=3) as client, pytest.raises(RateLimitError) as caught:
        client.qualified_numbers.get(ONE)
    assert route.call_count == 3
    assert sleeps[0] == 7
    assert 17 <= sleeps[1] <= 21
    # Beyond max_retry_after (60 s): not waited for, raised at once with the server's wait
    # (it was capped to 60 s and slept through before).
    assert len(sleeps) == 2
    assert caught.value.retry_after == 3600


@pytest.mark.parametrize(
    "value", ["1e308", "inf", "Tue, 01 Jan 2999 00:00:00 GMT", "3600"], ids=range(4)
)
@pytest.mark.parametrize("method", ["get", "add"])
@respx.mock
def test_a_retry_after_beyond_the_cap_is_raised_at_once(value: str, method: str) -> None:
    respx.route(host="qn.test").mock(
        return_value=httpx.Response(429, headers={"Retry-After": value}, content=b"")
    )
    started = time.monotonic()
    with fake_client() as client, pytest.raises(RateLimitError) as caught:
        if method == "get":
            client.qualified_numbers.get(ONE)
        else:
            client.qualified_numbers.add([ONE])
    assert time.monotonic() - started < 2
    assert caught.value.retry_after is not None and caught.value.retry_after > 60


@respx.mock
def test_rate_limit_error_after_retries(sleeps: list[float]) -> None:
    respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            429,
            headers={"Retry-After": "1"},
            json={"code": "429", "message": "Slow.", "status": "RESOURCE_EXHAUSTED"},
        )
    )
    with fake_client() as client, pytest.raises(RateLimitError) as caught:
        client.qualified_numbers.get(ONE)
    assert caught.value.headers["retry-after"] == "1"
    assert str(caught.value) == f"429 RESOURCE_EXHAUSTED: Slow. ({ONE})"


@respx.mock
def test_delete_retried_after_lost_answer_then_404_counts_as_deleted(sleeps: list[float]) -> None:
    route = respx.delete(f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.ReadTimeout("answer lost"),
            httpx.Response(404, json={"code": "404", "message": "Gone.", "status": "NOT_FOUND"}),
        ]
    )
    with fake_client() as client:
        client.qualified_numbers.delete(ONE)
    assert route.call_count == 2


@respx.mock
def test_plain_404_delete_still_raises() -> None:
    respx.delete(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(
            404, json={"code": "404", "message": "Gone.", "status": "NOT_FOUND"}
        )
    )
    with fake_client() as client, pytest.raises(NotFoundError):
        client.qualified_numbers.delete(ONE)


@respx.mock
def test_wrapped_error_shape_and_non_json_bodies() -> None:
    respx.post(f"{API}:addNumbers").mock(
        return_value=httpx.Response(
            409, json={"error": {"code": 409, "message": "Exists.", "status": "ALREADY_EXISTS"}}
        )
    )
    respx.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(502, text="<html>bad gateway</html>")
    )
    with fake_client(max_retries=0) as client:
        with pytest.raises(ConflictError) as caught:
            client.qualified_numbers.add([ONE], skip_existing=False)
        conflict = caught.value
        assert (
            conflict.code == "409"
            and conflict.status == "ALREADY_EXISTS"
            and conflict.message == "Exists."
        )
        with pytest.raises(InternalServerError) as bad_gateway:
            client.qualified_numbers.get(ONE)
        assert bad_gateway.value.status_code == 502
        assert "bad gateway" in str(bad_gateway.value)


# -- reconciliation after ambiguous text-enable failures -------------------------------------


@pytest.mark.parametrize("mode", MODES)
@respx.mock
def test_a_get_retries_429_and_a_timeout_then_succeeds(sleeps: list[float], mode: str) -> None:
    route = respx.get(f"{API}/%2B12025550134").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}, json={}),
            httpx.ReadTimeout("late"),
            httpx.Response(200, json=number_json(ONE)),
        ]
    )
    number = run(mode, _fake_options({}), lambda c: c.qualified_numbers.get(ONE))
    assert number.phone_number == ONE and route.call_count == 3
    assert sleeps[0] == 2
