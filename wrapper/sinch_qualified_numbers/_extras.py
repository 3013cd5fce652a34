"""Day-zero escape hatches: `extra_headers`, `extra_query` and `extra_body` of a method call.

What Sinch adds to the spec (a request field, a query parameter, a header) can be sent the
day it is announced, before the client knows it: the extras are merged into every request the
method makes (a bulk method: each of its calls), as openai-python's `extra_*` options are.
They are the service's to judge: the wrapper checks only that they can be sent at all.

Every public method that takes them says so with `@extras.accepted` on its definition: the
decorator takes the three from each call and sets them for the duration of the method's work (a
context variable, so the calls it makes on other tasks and threads see them too), and a pager
the method returns keeps the extras in force where it was made for each page it fetches later
(`in_force`). The clients' httpx clients merge them in `build_request`, once per request,
before the auth and the retrying transport see it: a retry resends the same merged request.
They apply to the call they were passed to and no other: a method called without extras sets
none, even when it is called from inside another's work (a hook of a bulk method, a listing
made there and read later), and a method that calls another public method for its own work
passes its extras on explicitly (`passed_on`).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar, cast

import httpx

from ._exceptions import InvalidArgumentError

#: What `extra_headers`, `extra_query` and `extra_body` take.
Headers = Mapping[str, str]
Query = Mapping[str, Any]
Body = Mapping[str, Any]

#: Methods whose request may carry a body: `extra_body` goes into theirs, never into a read.
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
_QUERY_VALUE = str | int | float | bool


@dataclass(frozen=True)
class Extras:
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)

    def merged_into(self, method: str, options: dict[str, Any]) -> dict[str, Any]:
        """`build_request`'s keyword arguments with the extras merged: headers and query
        parameters replace those of the same name, `extra_body`'s keys replace the JSON body's
        top-level ones (a POST/PUT/PATCH without a body gets `extra_body` as its body)."""
        merged = dict(options)
        if self.headers:
            headers = httpx.Headers(merged.get("headers"))
            headers.update(self.headers)
            merged["headers"] = headers
        if self.query:
            merged["params"] = httpx.QueryParams(merged.get("params")).merge(self.query)
        if self.body and method.upper() in _WITH_BODY:
            body = merged.get("json")
            if isinstance(body, dict):
                merged["json"] = {**body, **self.body}
            elif body is None and not any(merged.get(k) for k in ("content", "data", "files")):
                merged["json"] = dict(self.body)
        return merged


_current: ContextVar[Extras | None] = ContextVar("sinch_qn_extras", default=None)

#: A method called without extras: it sends none, whatever call it is made from.
NONE = Extras()


def _names(name: str, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and k for k in value):
        raise InvalidArgumentError(
            f"{name} must be a mapping of names to values, not {value!r:.80}"
        )
    return dict(value)


#: A header's name: an HTTP token (RFC 9110 section 5.6.2).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: A header's value as httpx sends it: ASCII, visible characters, spaces and tabs (no CR or
#: LF that would start a header of their own).
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e]*")


def checked_headers(name: str, value: object) -> dict[str, str]:
    headers = _names(name, value)
    for key, item in headers.items():
        if not isinstance(item, str):
            raise InvalidArgumentError(f"{name}[{key!r:.40}] must be a string, not {item!r:.80}")
        if not _TOKEN.fullmatch(key):
            raise InvalidArgumentError(
                f"{name}[{key!r:.40}] is not a header name (letters, digits and !#$%&'*+-.^_`|~)"
            )
        if not _FIELD_VALUE.fullmatch(item):
            raise InvalidArgumentError(
                f"{name}[{key!r:.40}] must be ASCII text without line breaks, not {item!r:.80}"
            )
    return headers


def checked_query(name: str, value: object) -> dict[str, Any]:
    query = _names(name, value)
    for key, item in query.items():
        items = item if isinstance(item, list | tuple) else [item]
        if not all(isinstance(v, _QUERY_VALUE) for v in items):
            raise InvalidArgumentError(
                f"{name}[{key!r:.40}] must be a string, number or boolean (or a list of "
                f"them), not {item!r:.80}"
            )
    return query


def checked_json(name: str, value: object) -> None:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidArgumentError(
            f"{name} cannot be sent as JSON ({exc}): {value!r:.80}"
        ) from None


def extras_of(extra_headers: object, extra_query: object, extra_body: object) -> Extras:
    """The extras of one method call, checked only for what could not be sent at all; none
    given: `NONE` (not those of a call this one is made from: see the module's docstring)."""
    headers = checked_headers("extra_headers", extra_headers)
    query = checked_query("extra_query", extra_query)
    body = _names("extra_body", extra_body)
    if not (headers or query or body):
        return NONE
    checked_json("extra_body", body)
    return Extras(headers, query, body)


def passed_on() -> dict[str, Any]:
    """The extras in force as a method's keyword arguments: what a method gives another public
    method it calls for its own work (`self.get(number, **extras.passed_on())`)."""
    extras = _current.get() or NONE
    return {
        "extra_headers": extras.headers or None,
        "extra_query": extras.query or None,
        "extra_body": extras.body or None,
    }


@contextlib.contextmanager
def applied(extras: Extras) -> Iterator[None]:
    """The requests made inside carry `extras` (`NONE`: none)."""
    token = _current.set(extras)
    try:
        yield
    finally:
        _current.reset(token)


def in_force() -> Extras:
    """The extras of the method whose work is running (`NONE` outside any): what a pager
    keeps for the pages it fetches later."""
    return _current.get() or NONE


P = ParamSpec("P")
R = TypeVar("R")

#: The keyword-only parameters `accepted` takes from a call.
PARAMETERS = ("extra_headers", "extra_query", "extra_body")


def _taken(kwargs: dict[str, Any]) -> Extras:
    """The call's extras, taken out of its keyword arguments (the method gets its defaults)."""
    return extras_of(*(kwargs.pop(name, None) for name in PARAMETERS))


def accepted(method: Callable[P, R]) -> Callable[P, R]:
    """A public method's `extra_headers`, `extra_query` and `extra_body`, in force for its
    work: checked when it is called (before any request), then set until it returns (an
    async method: until its coroutine is done). The method keeps the three keyword-only
    parameters, so its signature and docstring show them, and never reads them; one without
    them is refused when it is defined."""
    parameters = inspect.signature(method).parameters
    missing = [
        name
        for name in PARAMETERS
        if name not in parameters or parameters[name].kind is not inspect.Parameter.KEYWORD_ONLY
    ]
    if missing:
        raise TypeError(f"{method.__qualname__} lacks the keyword-only parameters {missing}")
    work: Callable[..., Any] = method
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            with applied(_taken(kwargs)):
                return await work(*args, **kwargs)

        return cast(Callable[P, R], run_async)

    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> Any:
        with applied(_taken(kwargs)):
            return work(*args, **kwargs)

    return cast(Callable[P, R], run)


def merged(method: str, options: dict[str, Any]) -> dict[str, Any]:
    """`build_request`'s keyword arguments with the extras in force merged (see `Extras`)."""
    extras = _current.get()
    return options if extras is None or extras is NONE else extras.merged_into(method, options)
