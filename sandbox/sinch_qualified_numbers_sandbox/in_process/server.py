"""`InProcessServer`: one sandbox served in-process (its transports, clients and helpers).

Callbacks: the sandbox signs and sends its events itself; in-process, every delivery is
recorded (`callbacks()`, with its `X-Sinch-Signature`) and answered 200 without touching the
network. Any callback URL is recorded, the application's production one too (`CALLBACK_URL` is a
loopback one for tests that need one); only a served sandbox sends loopback ones on.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import httpx

from ..admin.client import SandboxAdmin
from ..app import build_app
from ..config import SandboxConfig
from ..service import Sandbox
from ..spec import service_urls
from . import router
from .loop import LoopRunner
from .transports import AsyncSandboxTransport, SandboxTransport

if TYPE_CHECKING:
    from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient

#: Where the sandbox is reached in-process: Sinch's own URLs, so that a client built from
#: production settings (or none) is served unchanged.
BASE_URL, TOKEN_URL = service_urls()
#: A loopback callback URL for tests (in-process, every delivery is recorded, to any URL).
CALLBACK_URL = "http://127.0.0.1:8080/sinch/callbacks"
#: The first retry's wait under test: a fault costs milliseconds, not seconds.
FAST_RETRY_BACKOFF = 0.001
#: Settings that keep tests fast: no waiting for eligibility, hosting or the LOA signature.
FAST_SETTINGS: Mapping[str, Any] = {
    "eligibility_delay": 0.0,
    "hosting_delay": 0.0,
    "loa_signature_delay": 0.0,
    "provisioning_delay": 0.0,
}


@dataclass(frozen=True)
class CallbackDelivery:
    """One event the sandbox sent: where, the raw body and its `X-Sinch-Signature`.

    Verify it as your receiver would: `verify_signature(d.body, d.signature, secret)` or
    `CallbackVerifier(secret).verify(d.body, d.headers)` (both from the client package)."""

    url: str
    body: bytes
    signature: str
    headers: Mapping[str, str] = field(repr=False)

    def json(self) -> Any:
        """The event as a dict."""
        return json.loads(self.body)


class _TestAdmin(SandboxAdmin):
    """`InProcessServer.admin`: every sandbox-only endpoint from one object. It sends the
    admin key (the clock, faults, resets and deliveries of the whole sandbox) and the test's
    project's key too, which the project's own views (voice calls, hosting orders,
    submissions, seeding, signing an LOA) take: with the admin key alone they answered 401."""

    def __init__(self, owner: InProcessServer) -> None:
        super().__init__(
            BASE_URL,
            admin_key=owner.config.admin_key,
            project_id=owner.project_id,
            transport=owner.transport(),
        )
        self._http.auth = httpx.BasicAuth(owner.key_id, owner.key_secret)
        self._project_key_id = owner.key_id

    def _caller(self) -> str:
        return (
            f"with the admin key and key ID {self._project_key_id!r} of project {self.project_id!r}"
        )


class InProcessServer:
    """One `Sandbox` (its `sandbox`) served in-process, without a port (httpx transports), with
    the helpers a test needs in one call. Formerly `InProcessSandbox` (still importable, with a
    `DeprecationWarning`).

    The credentials are the sandbox's first (`project_id`, `key_id`, `key_secret`); `env` holds
    the five `SINCH_*` variables (and a near-zero `SINCH_QN_RETRY_BACKOFF`) for code that reads
    its settings from the environment.
    """

    def __init__(self, config: SandboxConfig | None = None, **settings: Any) -> None:
        base = config or SandboxConfig()
        self.config = base.replace(**settings) if settings else base
        self.sandbox = Sandbox(self.config)
        # Every delivery is recorded (and only a loopback one ever sent on): any URL will do.
        self.sandbox.callbacks.loopback_only = False
        # Served under Sinch's own URLs, a refusal must not read as the real service's.
        self.sandbox.auth.refusal_hint = (
            " This is the in-process sandbox (sinch_sandbox): it takes its own key only"
            " (sinch_sandbox.env); a client made before it was active, e.g. at import time,"
            " keeps the credentials it was made with."
        )
        # Sinch's own names are the names this sandbox serves (its Host check).
        self.sandbox.served_hosts.update(router.hosts_of([BASE_URL, TOKEN_URL])[0])
        credential = self.config.credentials[0]
        self.project_id = credential.project_id
        self.key_id = credential.key_id
        self.key_secret = credential.key_secret
        #: While served on a port (`serve_on_port`), deliveries also go to loopback receivers.
        self._send_out = False
        self._asgi = httpx.ASGITransport(app=router.marked_serving(self.sandbox.app, self))
        self._runner = LoopRunner()
        self._lock = threading.Lock()
        self._deliveries: list[CallbackDelivery] = []
        self.admin: SandboxAdmin = _TestAdmin(self)
        self.project_admin = SandboxAdmin(
            BASE_URL,
            project_id=self.project_id,
            key_id=self.key_id,
            key_secret=self.key_secret,
            transport=self.transport(),
        )
        router.install_patch()

    def __repr__(self) -> str:
        return f"InProcessServer(project_id={self.project_id!r}, key_id={self.key_id!r})"

    def _loop(self) -> LoopRunner:
        return self._runner

    # -- transports and clients --------------------------------------------------------------

    def transport(self) -> httpx.BaseTransport:
        """A blocking httpx transport to this sandbox (give it as `http_transport=`)."""
        return SandboxTransport(self)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An asyncio httpx transport to this sandbox."""
        return AsyncSandboxTransport(self)

    def app(self) -> Any:
        """The ASGI app, for serving on a port: what it sends is recorded (it sends callbacks
        when asked, `deliver_callbacks()`: no background ticker)."""
        return router.marked_serving(build_app(self.sandbox, ticker=None), self)

    @property
    def env(self) -> dict[str, str]:
        """The five `SINCH_*` variables of this sandbox's project (and a near-zero backoff)."""
        return {
            "SINCH_PROJECT_ID": self.project_id,
            "SINCH_KEY_ID": self.key_id,
            "SINCH_KEY_SECRET": self.key_secret,
            "SINCH_QN_BASE_URL": BASE_URL,
            "SINCH_AUTH_URL": TOKEN_URL,
            "SINCH_QN_RETRY_BACKOFF": str(FAST_RETRY_BACKOFF),
        }

    def _client_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        for name, value in (
            ("project_id", self.project_id),
            ("key_id", self.key_id),
            ("key_secret", self.key_secret),
            ("base_url", BASE_URL),
            ("token_url", TOKEN_URL),
            ("retry_backoff", FAST_RETRY_BACKOFF),
        ):
            settings.setdefault(name, value)
        return settings

    def client(self, **settings: Any) -> QualifiedNumbersClient:
        """A blocking client of this sandbox (any setting may be overridden)."""
        from sinch_qualified_numbers import QualifiedNumbersClient

        settings.setdefault("http_transport", self.transport())
        return QualifiedNumbersClient(**self._client_settings(settings))

    def async_client(self, **settings: Any) -> AsyncQualifiedNumbersClient:
        """An asyncio client of this sandbox (any setting may be overridden)."""
        from sinch_qualified_numbers import AsyncQualifiedNumbersClient

        settings.setdefault("http_transport", self.async_transport())
        return AsyncQualifiedNumbersClient(**self._client_settings(settings))

    # -- the helpers -------------------------------------------------------------------------

    @property
    def blocked(self) -> list[str]:
        """The requests `sinch_sandbox()` blocked while routing to this sandbox (the innermost
        activation): a test that expected them clears this list, else they fail it at its end."""
        with router.routes_lock:
            for route in reversed(router.routes):
                if route.sandbox is self:
                    return route.blocked
        return []

    def voice_code(self, phone_number: str) -> str:
        """The code the latest voice call to `phone_number` spoke (`SandboxAdminError` if none)."""
        return self.project_admin.voice_code(phone_number)

    def voice_codes(self) -> dict[str, str]:
        """The code of each number's latest voice call."""
        return self.project_admin.voice_codes()

    def seed(self, phone_numbers: Iterable[str], state: str = "VERIFIED") -> int:
        """Put numbers straight into `state` (e.g. `VERIFIED`), without walking the process."""
        return self.project_admin.seed(phone_numbers, state)

    def sign_loa(self, hosting_order_id: str) -> dict[str, Any]:
        """The order's LOA is e-signed now; returns the order as the service writes it."""
        return self.project_admin.sign_loa(hosting_order_id)

    def hosting_orders(self) -> list[dict[str, Any]]:
        """The hosting orders created, as the service writes them."""
        return self.project_admin.hosting_orders()

    def advance(self, seconds: float) -> float:
        """Move the sandbox clock (what falls due happens, its callbacks are queued)."""
        return self.admin.advance_clock(seconds)

    def faults(self, **settings: Any) -> dict[str, Any]:
        """Inject faults (`rate_503=1.0`, `operations=["getQualifiedNumber"]`...): a 429's
        Retry-After is 0 unless `retry_after_s` is given, so retries cost nothing."""
        settings.setdefault("retry_after_s", 0)
        if isinstance(settings.get("operations"), str):
            settings["operations"] = [settings["operations"]]
        return self.admin.set_faults(**settings)

    def clear_faults(self) -> None:
        """Back to the faults the sandbox was configured with (none by default)."""
        self.sandbox.faults.reset()

    def deliver_callbacks(self) -> int:
        """Send the pending callbacks now; returns how many were delivered."""
        return self.admin.deliver_callbacks()

    def callbacks(self) -> list[CallbackDelivery]:
        """Every callback delivered since the last reset, oldest first (pending ones are
        delivered first)."""
        self.deliver_callbacks()
        with self._lock:
            return list(self._deliveries)

    def _record(self, request: httpx.Request) -> httpx.Response:
        body = request.content
        delivery = CallbackDelivery(
            url=str(request.url),
            body=body,
            signature=request.headers.get("x-sinch-signature", ""),
            headers=dict(request.headers),
        )
        with self._lock:
            self._deliveries.append(delivery)
        return httpx.Response(200, request=request)

    def reset(self) -> None:
        """Forget everything: numbers, orders, imported numbers, secrets, callbacks, faults,
        tokens and the clock (the backend's one reset, and the deliveries recorded here)."""
        self.sandbox.reset()
        with self._lock:
            self._deliveries.clear()

    def close(self) -> None:
        """Stop the private loop and close the sandbox's database."""
        self.admin.close()
        self.project_admin.close()
        self._runner.close()
        self.sandbox.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
