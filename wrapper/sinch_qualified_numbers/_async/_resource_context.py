"""What a resource needs of its client (the generated API client, the settings, concurrency),
and how one call's answer becomes a model or a typed error: an answer that cannot be read
(`answer_guard`, `check`), an answer about another number (`answer_about`), and the subject an
error names (`with_subject`). Error statuses never get here: the transport raises them as typed
exceptions. (A listing's page is read by `.._pagination.page_of`, arguments are checked by
`.._arguments`.)"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from .._concurrency import amap_bounded
from .._config import ClientConfig
from .._exceptions import (
    APIResponseValidationError,
    APIStatusError,
    NotFoundError,
    QualifiedNumbersError,
)

if TYPE_CHECKING:
    from sinch_qualified_numbers_api import Client as ApiClient
    from sinch_qualified_numbers_api.types import Response

T = TypeVar("T")
R = TypeVar("R")


class AsyncResourceContext:
    def __init__(self, http: httpx.AsyncClient, config: ClientConfig, default_region: str) -> None:
        self._http = http
        self.config = config
        self.default_region = default_region

    @functools.cached_property
    def api(self) -> ApiClient:
        """The generated package's client over the client's httpx one, made at the first call
        (with it the generated package's client module and attrs load: a client only made
        never needs them)."""
        from sinch_qualified_numbers_api import Client as ApiClient

        return ApiClient(base_url=self.config.api_base_url).set_async_httpx_client(self._http)

    @property
    def project_id(self) -> str:
        return self.config.project_id

    async def map(
        self,
        func: Callable[[T], Awaitable[R]],
        items: Iterable[T],
        on_start: Callable[[T], None] | None = None,
        on_done: Callable[[T, R], None] | None = None,
    ) -> list[R]:
        """`func` over items, `max_concurrency` at once, results in input order."""
        return await amap_bounded(func, items, self.config.max_concurrency, on_start, on_done)

    async def read(self, call: Callable[[], Awaitable[Response[Any]]], expected: type[T]) -> T:
        """Run a generated call and return its parsed model, or a clear error for a bad body
        (an answer the model cannot read, or a model of another type)."""
        with answer_guard():
            response = await call()
        return check(response, expected)

    async def read_about(
        self, subject: str, call: Callable[[], Awaitable[Response[Any]]], expected: type[T]
    ) -> T:
        """A call about one number or order: its answer, or its error naming that subject. An
        answer about another number than the subject is unreadable (`answer_about`)."""
        try:
            answer = await self.read(call, expected)
        except APIStatusError as error:
            raise with_subject(error, subject) from None
        return answer_about(subject, answer)

    async def delete_about(
        self, subject: str, call: Callable[[], Awaitable[Response[Any]]]
    ) -> None:
        """A DELETE about one number: any 2xx is done, whatever its body (Sinch publishes
        none; gateways send nothing or `{}`), and a retry whose lost first attempt already
        deleted it (404 after an ambiguous attempt) is done too."""
        try:
            with answer_guard(tolerate_unreadable=True):
                await call()
        except NotFoundError as error:
            if error.after_ambiguous_attempt:
                return
            raise with_subject(error, subject) from None
        except APIStatusError as error:
            raise with_subject(error, subject) from None


def unreadable(exc: Exception) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"The service's answer could not be read ({type(exc).__name__}: {exc}).",
        status_code=200,
        body=b"",
    )


@contextlib.contextmanager
def answer_guard(*, tolerate_unreadable: bool = False) -> Iterator[None]:
    """Around one generated call: a ValueError/KeyError/TypeError raised once the service
    answered is an unreadable answer (`APIResponseValidationError`, or ignored for a call whose
    answer carries nothing); raised before, it is a bug building the request and propagates as
    it is. Error statuses never get here: the transport raises them as typed exceptions."""
    # With the first call, as the transport's rules are: a client only made never needs them.
    from .._transport import answered

    seen = [False]
    token = answered.set(seen)
    try:
        yield
    except QualifiedNumbersError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        # RecursionError: an answer nested past Python's limit (`[[[[...`).
        if not seen[0]:
            raise
        if not tolerate_unreadable:
            raise unreadable(exc) from None
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
