"""`client.with_raw_response.<resource>.<method>(...)`: the HTTP answer beside the usual result.

openai-python's convention: the same call, returning a `RawResponse` (`status_code`, `headers`,
`http_request`, `method`, `url`, `elapsed`, `request_id`) whose `parse()` gives what the method
returns. It works for every method without touching any: while the call runs, a context
variable collects the answers the client's httpx hook sees (the token endpoint's and a 401
that is replayed left out), so a method written later is covered too.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import InvalidArgumentError, request_id_of
from ._retry import TOKEN_REQUEST_EXTENSION

T = TypeVar("T")

#: The answers of the call under way, while `with_raw_response` runs one.
_answers: ContextVar[list[httpx.Response] | None] = ContextVar("raw_answers", default=None)


#: Request extension: when the request was handed to the transport (monotonic clock).
_SENT_AT = "sinch_qn_sent_at"


def sent(request: httpx.Request) -> None:
    """The clients' httpx request hook: when the call was sent, for `elapsed`."""
    if _answers.get() is not None:
        request.extensions[_SENT_AT] = time.monotonic()


def record(response: httpx.Response) -> None:
    """The clients' httpx response hook: keep the API's answer for `with_raw_response`."""
    answers = _answers.get()
    if answers is None or response.status_code == 401:
        return
    request = response.request
    if request.extensions.get(TOKEN_REQUEST_EXTENSION):
        return
    if not hasattr(response, "_elapsed"):
        # The transports hand httpx answers already read (bounded), which httpx never times:
        # from sending to the answer, retries included.
        started = request.extensions.get(_SENT_AT, time.monotonic())
        response.elapsed = dt.timedelta(seconds=time.monotonic() - started)
    answers.append(response)


async def asent(request: httpx.Request) -> None:
    sent(request)


async def arecord(response: httpx.Response) -> None:
    record(response)


def hooks_for(
    client_class: type[httpx.Client] | type[httpx.AsyncClient],
) -> dict[str, list[Callable[..., Any]]]:
    """The event hooks for an httpx client of that class (an AsyncClient awaits its hooks)."""
    if client_class is httpx.AsyncClient:
        return {"request": [asent], "response": [arecord]}
    return {"request": [sent], "response": [record]}


@contextmanager
def _collecting() -> Iterator[list[httpx.Response]]:
    answers: list[httpx.Response] = []
    token = _answers.set(answers)
    try:
        yield answers
    finally:
        _answers.reset(token)


class RawResponse(Generic[T]):
    """The HTTP answer of one call, and its usual result through `parse()`.

    A method that made several calls (a bulk call over more than one chunk) gives the last
    answer here and every one in `responses`.
    """

    def __init__(self, responses: list[httpx.Response], parsed: T) -> None:
        self.responses = responses
        self.http_response = responses[-1]
        self._parsed = parsed

    def parse(self) -> T:
        """What the method returns (the same model as without `with_raw_response`)."""
        return self._parsed

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def url(self) -> httpx.URL:
        return self.http_request.url

    @property
    def elapsed(self) -> dt.timedelta:
        """From sending the request to the end of the answer (the last attempt's)."""
        return self.http_response.elapsed

    @property
    def request_id(self) -> str | None:
        """The answer's request ID (`x-request-id`, `request-id`, ...), if it sent one."""
        return request_id_of(self.headers)

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.content) if self.content else None

    def __repr__(self) -> str:
        return f"<RawResponse {self.method} {self.url.path} -> {self.status_code}>"


def _no_answer(name: str) -> InvalidArgumentError:
    return InvalidArgumentError(
        f"with_raw_response: {name}() made no HTTP call (a listing makes its calls as it is "
        "iterated); with_raw_response is for the methods that make one"
    )


class _RawResource:
    def __init__(self, resource: Any, name: str) -> None:
        self._resource = resource
        self._name = name

    def __getattr__(self, method_name: str) -> Any:
        method = getattr(self._resource, method_name)
        if not callable(method):
            raise AttributeError(f"{self._name}.{method_name} is not a method")
        name = f"{self._name}.{method_name}"
        if inspect.iscoroutinefunction(method):

            @functools.wraps(method)
            async def call_async(*args: Any, **kwargs: Any) -> RawResponse[Any]:
                with _collecting() as answers:
                    parsed = await method(*args, **kwargs)
                if not answers:
                    raise _no_answer(name)
                return RawResponse(answers, parsed)

            return call_async

        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            with _collecting() as answers:
                parsed = method(*args, **kwargs)
            if not answers:
                raise _no_answer(name)
            return RawResponse(answers, parsed)

        return call


class WithRawResponse:
    """`client.with_raw_response`: each resource's methods, returning `RawResponse`."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        resource = getattr(self._client, name)
        if name.startswith("_") or callable(resource):
            raise AttributeError(f"with_raw_response.{name}: not a resource of the client")
        return _RawResource(resource, name)
