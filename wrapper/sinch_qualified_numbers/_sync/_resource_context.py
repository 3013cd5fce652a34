# Generated from _async/_resource_context.py by `make generate` (wrapper/unasync.py).
# Do not edit: change the asyncio source and regenerate.
"""What a resource needs of its client (the generated API client, the settings, concurrency),
and how one call's answer becomes a model or a typed error (`read`, `read_about`,
`delete_about`, applying the plain rules of `.._answers`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from .._concurrency import map_bounded
from .._config import ClientConfig
from .._exceptions import APIStatusError, NotFoundError

if TYPE_CHECKING:
    from sinch_qualified_numbers_api import Client as ApiClient
    from sinch_qualified_numbers_api.types import Response

T = TypeVar("T")
R = TypeVar("R")


class ResourceContext:
    def __init__(self, http: httpx.Client, config: ClientConfig, default_region: str) -> None:
        self._http = http
        self.config = config
        self.default_region = default_region

    @functools.cached_property
    def api(self) -> ApiClient:
        """The generated package's client over the client's httpx one, made at the first call
        (with it the generated package's client module and attrs load: a client only made
        never needs them)."""
        from sinch_qualified_numbers_api import Client as ApiClient

        return ApiClient(base_url=self.config.api_base_url).set_httpx_client(self._http)

    @property
    def project_id(self) -> str:
        return self.config.project_id

    def map(
        self,
        func: Callable[[T], R],
        items: Iterable[T],
        on_start: Callable[[T], None] | None = None,
        on_done: Callable[[T, R], None] | None = None,
    ) -> list[R]:
        """`func` over items, `max_concurrency` at once, results in input order."""
        return map_bounded(func, items, self.config.max_concurrency, on_start, on_done)

    def read(self, call: Callable[[], Response[Any]], expected: type[T]) -> T:
        """Run a generated call and return its parsed model, or a clear error for a bad body
        (an answer the model cannot read, or a model of another type)."""
        # With the first call: a client only made never needs the rules.
        from .. import _answers as answers

        with answers.answer_guard():
            response = call()
        return answers.check(response, expected)

    def read_about(self, subject: str, call: Callable[[], Response[Any]], expected: type[T]) -> T:
        """A call about one number or order: its answer, or its error naming that subject. An
        answer about another number than the subject is unreadable (`answers.answer_about`)."""
        from .. import _answers as answers

        try:
            answer = self.read(call, expected)
        except APIStatusError as error:
            raise answers.with_subject(error, subject) from None
        return answers.answer_about(subject, answer)

    def delete_about(self, subject: str, call: Callable[[], Response[Any]]) -> None:
        """A DELETE about one number: any 2xx is done, whatever its body (Sinch publishes
        none; gateways send nothing or `{}`), and a retry whose lost first attempt already
        deleted it (404 after an ambiguous attempt) is done too."""
        from .. import _answers as answers

        try:
            with answers.answer_guard(tolerate_unreadable=True):
                call()
        except NotFoundError as error:
            if error.after_ambiguous_attempt:
                return
            raise answers.with_subject(error, subject) from None
        except APIStatusError as error:
            raise answers.with_subject(error, subject) from None
