"""`sinch_sandbox()`: a context manager and decorator that activates a route to an in-process
sandbox (`router`) for its duration, with the `SINCH_*` variables of its project."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, ParamSpec, TypeVar, cast

from ..config import SandboxConfig
from .environment import SavedEnvironment
from .router import (
    NetworkBlockedError,
    Route,
    blocked_message,
    hosts_of,
    routes,
    routes_lock,
)
from .server import BASE_URL, FAST_SETTINGS, TOKEN_URL, InProcessServer

P = ParamSpec("P")
R = TypeVar("R")


class SandboxRouting:
    """Route every httpx request to Sinch's hosts to an `InProcessServer`, and block the rest:
    a context manager (`with sinch_sandbox() as sandbox:`, the server) and a decorator.
    `sinch_sandbox` is this class's documented spelling, as the pytest plugin's fixture.

    `config`/`settings` configure the sandbox (fast defaults: `FAST_SETTINGS`); `sandbox` uses
    an existing `InProcessServer` instead (it is then neither reset nor closed). `hosts` adds
    hosts served by the sandbox; `allow` lists what may still be reached (a local receiver):
    `host:port` (or a URL with a port) that port only, a host alone every port of it; an
    entry naming no host is refused at once. `env=True` sets the `SINCH_*` variables of
    `sandbox.env` meanwhile, so `QualifiedNumbersClient()` needs no arguments. On exit, a
    blocked request that the code swallowed still raises `NetworkBlockedError`.
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        sandbox: InProcessServer | None = None,
        hosts: Iterable[str] = (),
        allow: Iterable[str] = (),
        env: bool = True,
        **settings: Any,
    ) -> None:
        self._config = config
        self._settings = settings
        self._given = sandbox
        self._hosts, self._addresses = hosts_of([BASE_URL, TOKEN_URL, *hosts])
        # As pytest-socket's --allow-hosts and a respx route by host: a host alone, each port.
        self._allow_hosts, self._allow = hosts_of(allow, "allow")
        self._env = env
        self._active: list[tuple[Route, InProcessServer, SavedEnvironment]] = []

    @property
    def blocked(self) -> list[str]:
        """The requests blocked so far by the innermost activation."""
        return list(self._active[-1][0].blocked) if self._active else []

    def start(self) -> InProcessServer:
        """Activate (what `with` does); `stop()` undoes it."""
        if self._given is not None:
            owner = self._given
        else:
            settings = {**FAST_SETTINGS, **self._settings}
            owner = InProcessServer(self._config, **settings)
        route = Route(owner, self._hosts, self._allow, [], self._addresses, self._allow_hosts)
        # `hosts=` are its names too (its Host check compares names, not ports).
        owner.sandbox.served_hosts.update({*self._hosts, *(h for h, _ in self._addresses)})
        # What the variables held (the shell's real key secret, say) is kept masked: a
        # traceback's locals (pytest --showlocals) would print a plain dict.
        saved = SavedEnvironment()
        if self._env:
            saved.set(os.environ, owner.env)
        with routes_lock:
            routes.append(route)
        self._active.append((route, owner, saved))
        return owner

    def stop(self) -> None:
        route, owner, saved = self._active.pop()
        with routes_lock:
            routes.remove(route)
        saved.restore(os.environ)
        if owner is not self._given:
            owner.close()
        if route.blocked:
            raise NetworkBlockedError(blocked_message(route.blocked))

    def __enter__(self) -> InProcessServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.stop()
            return
        with contextlib.suppress(NetworkBlockedError):  # the exception under way says more
            self.stop()

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        """As a decorator: active around each call (a coroutine function too)."""
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await func(*args, **kwargs)

            return cast(Callable[P, R], run_async)

        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with self:
                return func(*args, **kwargs)

        return run


#: The spelling of `SandboxRouting` the documentation and the pytest plugin's fixture use
#: (`with sinch_sandbox():`, `@sinch_sandbox()`), as `respx.mock` is respx's router: kept.
sinch_sandbox = SandboxRouting
