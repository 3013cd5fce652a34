"""How one call's answer becomes a model or a typed error, the rules the resource context
(`_async/_resource_context.py`) applies around each generated call; no I/O here: an answer
that cannot be read made a typed error (`answer_guard`, `check`), an answer about another
number refused (`answer_about`), and the subject an error names (`with_subject`). Error
statuses never reach here: the transport raises them as typed exceptions. (A listing's page is
read by `_pagination.page_of`; argument rules are `_arguments`'s.)"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, TypeVar

import httpx

from sinch_qualified_numbers_api.types import Response

from ._exceptions import APIResponseValidationError, APIStatusError, QualifiedNumbersError
from ._transport import answered

T = TypeVar("T")


def unreadable(exc: Exception, answer: httpx.Response | None = None) -> APIResponseValidationError:
    """The error of an answer that could not be read, naming its call and keeping its body
    (`answer`: the API's answer, never a token endpoint's)."""
    if answer is None:
        return APIResponseValidationError(
            f"The service's answer could not be read ({type(exc).__name__}: {exc}).",
            status_code=200,
            body=b"",
        )
    request = answer.request
    url = str(request.url.copy_with(query=None))
    return APIResponseValidationError(
        f"The service's answer to {request.method} {url} could not be read "
        f"({type(exc).__name__}: {exc}).",
        status_code=answer.status_code,
        body=answer.content[:2000],
        method=request.method,
        url=url,
    )


@contextlib.contextmanager
def answer_guard(*, tolerate_unreadable: bool = False) -> Iterator[None]:
    """Around one generated call: a ValueError/KeyError/TypeError raised once the service
    answered is an unreadable answer (`APIResponseValidationError`, or ignored for a call whose
    answer carries nothing); raised before, it is a bug building the request and propagates as
    it is. Error statuses never get here: the transport raises them as typed exceptions."""
    seen: list[httpx.Response | None] = []
    token = answered.set(seen)
    try:
        yield
    except QualifiedNumbersError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        # RecursionError: an answer nested past Python's limit (`[[[[...`).
        if not seen:
            raise
        if not tolerate_unreadable:
            api_answers = [answer for answer in seen if answer is not None]
            raise unreadable(exc, api_answers[-1] if api_answers else None) from None
    finally:
        answered.reset(token)


def check(response: Response[Any], expected: type[T]) -> T:
    """The answer's model, if it is one of `expected`: else an unreadable answer."""
    parsed = response.parsed
    if not isinstance(parsed, expected):
        raise APIResponseValidationError(
            f"Expected a {expected.__name__} from the service, got {type(parsed).__name__}.",
            status_code=int(response.status_code),
            body=response.content[:2000],
        )
    return parsed


def with_subject(error: APIStatusError, subject: str) -> APIStatusError:
    # Kept beside one set earlier (the token endpoint that refused the key, say).
    error.subject = f"{subject}; {error.subject}" if error.subject else subject
    return error


def answer_about(subject: str, answer: T) -> T:
    """The answer to a call about one number (`subject`) must be that number's record:
    another number's (a connection shared across a fork answering another request, a cache) is
    an unreadable answer, never that number's success. An answer without a `phone_number` (an
    order's), or with proto3's empty default, names no number."""
    found = getattr(answer, "phone_number", None)
    if isinstance(found, str) and found and found != subject:
        raise APIResponseValidationError(
            f"The service answered about {found!r:.40} to a call about {subject}.",
            status_code=200,
            body=b"",
        )
    return answer
