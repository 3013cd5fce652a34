"""The sandbox: its backend (state and rules) and the HTTP side serving it.

The HTTP side holds what is learnt from, or only makes sense over, HTTP: the ASGI app
(`app.build_app`, which takes the backend), the callers' credentials and tokens (`auth`), the
signed page tokens (`http.paging`), the injected faults (a middleware), the addresses the
sandbox is reached on (callbacks are never delivered back to them) and the names it serves.
"""

from __future__ import annotations

from typing import Any

from .app import Ticker, build_app
from .auth import Auth
from .backend import Backend
from .config import SandboxConfig
from .faults import FaultInjector
from .http.hosts import host_name
from .http.paging import Pages, PageTokens


class Sandbox(Backend):
    """The fake service: state and rules (`Backend`), and `app`, the ASGI application serving it.

    sandbox = Sandbox(SandboxConfig(eligibility_delay=0))
    sandbox.advance(60)        # the clock moves, and whatever falls due happens
    sandbox.reset()            # everything back to the start, faults and clock too
    """

    def __init__(self, config: SandboxConfig | None = None) -> None:
        super().__init__(config)
        config = self.config
        # The addresses this sandbox is served on, learnt from the requests it receives:
        # callbacks are never delivered back to them.
        self.own_addresses: set[tuple[str, int]] = self.callbacks.own_addresses
        # The names it answers besides its own address and loopback (see `http.hosts`); the
        # in-process sandbox adds the hosts it serves.
        self.served_hosts: set[str] = {host_name(h) for h in config.allowed_hosts}
        self.auth = Auth(config, self.clock)
        self.faults = FaultInjector(config.faults)
        self.faults.project_of_key = self._project_of_key
        self.pages = Pages(
            PageTokens(self.db.secret("page_token_key")),
            config.default_page_size,
            config.max_page_size,
        )
        #: The background rounds of the served app (run by its lifespan).
        self.ticker = Ticker(self)
        self.app: Any = build_app(self, ticker=self.ticker)

    def close(self) -> None:
        """The ticker stopped (a round under way finished) before the database closes: a
        server stopped while it still runs touches no closed database."""
        self.ticker.stop()
        super().close()

    def _project_of_key(self, key_id: str) -> str | None:
        found = self.config.credential_for(key_id)
        return found.project_id if found is not None else None

    def reset(self, project: str | None = None) -> None:
        """Back to the start: every number, order, imported number, secret and callback,
        the fault settings as configured and the clock at zero, and every token forgotten.
        With `project`, only that project's state, fault settings and tokens (the clock and
        the seeded codes and IDs are every project's)."""
        super().reset(project)
        self.faults.reset(project)
        self.auth.forget(project)


def create_app(config: SandboxConfig | None = None) -> Any:
    """The ASGI application of a new sandbox (see `Sandbox` to reach its state too)."""
    return Sandbox(config).app
