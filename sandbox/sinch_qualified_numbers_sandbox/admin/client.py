"""`SandboxAdmin`: the client of the sandbox-only endpoints (`/_sandbox/...`).

What tests, demos, benchmarks and the CLI need to drive a sandbox: the codes its voice calls
"spoke", numbers put straight into a state, the clock, faults, what was submitted, the orders
created, a reset. The routes are `admin.endpoints.ROUTES`; nothing else writes a `/_sandbox/`
path.

    with SandboxAdmin("http://127.0.0.1:8765") as admin:      # the default project's key
        admin.seed(["+12025550134"], state="VERIFIED")
        code = admin.voice_code("+12025550134")
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import quote

import httpx

from sinch_qualified_numbers import GlobalProcessState

from ..config import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, DEFAULT_PROJECT_ID

#: Numbers per seed call: well inside the sandbox's 1 MiB body limit (about 20 bytes each).
SEED_BATCH = 20_000


@dataclass(frozen=True)
class VoiceCall:
    phone_number: str
    code: str
    created_time: str


class SandboxAdminError(Exception):
    """A sandbox-only endpoint refused the call; `status` and the sandbox's `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class SandboxAdmin:
    """Client of one sandbox's `/_sandbox/...` endpoints, as one project (its key) or, with
    `admin_key`, as the sandbox's administrator (a reset then forgets every project).

    Credentials: given ones are used as given (a missing half is the sandbox's default, never
    the environment's); with none given, `SINCH_KEY_ID`/`SINCH_KEY_SECRET`/`SINCH_PROJECT_ID`
    when `SINCH_KEY_ID` is set, else the sandbox's default project. A refusal (401/403) says
    which key ID was used and where it came from (`credentials_from`), never the secret.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        project_id: str | None = None,
        key_id: str | None = None,
        key_secret: str | None = None,
        admin_key: str | None = None,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        url = base_url or os.environ.get("SINCH_QN_BASE_URL")
        if not url:
            raise ValueError("give the sandbox's base_url (or set SINCH_QN_BASE_URL)")
        if admin_key:
            self.credentials_from = "the admin key"
            key, secret = None, None
            self.project_id = project_id or DEFAULT_PROJECT_ID
        elif key_id is not None or key_secret is not None:
            # Explicit credentials are never completed from the environment: a real key
            # exported in the shell must not be mixed into a test's sandbox key.
            self.credentials_from = "the arguments"
            key = key_id if key_id is not None else DEFAULT_KEY_ID
            secret = key_secret if key_secret is not None else DEFAULT_KEY_SECRET
            self.project_id = project_id or DEFAULT_PROJECT_ID
        elif os.environ.get("SINCH_KEY_ID"):
            self.credentials_from = "$SINCH_KEY_ID and $SINCH_KEY_SECRET"
            key = os.environ["SINCH_KEY_ID"]
            secret = os.environ.get("SINCH_KEY_SECRET", "")
            self.project_id = project_id or os.environ.get("SINCH_PROJECT_ID") or DEFAULT_PROJECT_ID
        else:
            self.credentials_from = "the sandbox's defaults"
            key, secret = DEFAULT_KEY_ID, DEFAULT_KEY_SECRET
            self.project_id = project_id or DEFAULT_PROJECT_ID
        #: The key ID the calls are made with (None with the admin key).
        self.key_id = key
        headers = {"X-Sandbox-Admin-Key": admin_key} if admin_key else {}
        self._http = httpx.Client(
            base_url=url.rstrip("/"),
            auth=None if key is None or secret is None else (key, secret),
            headers=headers,
            timeout=timeout,
            transport=transport,
        )

    def _caller(self) -> str:
        if self.key_id is None:
            return "as the sandbox's administrator (the admin key)"
        return (
            f"as key ID {self.key_id!r} of project {self.project_id!r}, "
            f"from {self.credentials_from}"
        )

    def __repr__(self) -> str:
        return f"SandboxAdmin({str(self._http.base_url)!r}, project_id={self.project_id!r})"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        # A call that changes state is always JSON (`{}` when it has nothing to say): the
        # sandbox refuses any other, which another site's form could have sent.
        if body is None and method not in ("GET", "HEAD"):
            body = {}
        response = self._http.request(method, path, json=body)
        if response.status_code >= 400:
            try:
                body = response.json()
                message = str(body.get("message", response.text))
                reasons = [
                    f"{v.get('field')}: {v.get('description')}"
                    for detail in body.get("details", [])
                    for v in detail.get("fieldViolations", [])
                ]
                if reasons:
                    message += " (" + "; ".join(reasons) + ")"
            except (ValueError, AttributeError):
                message = response.text
            # Long enough for a list of every valid name; a body is never echoed whole.
            message = message[:2000]
            if response.status_code in (401, 403):
                message += f" (called {self._caller()})"
            raise SandboxAdminError(response.status_code, message)
        return response.json()

    @property
    def _project(self) -> str:
        return f"/_sandbox/projects/{self.project_id}"

    def voice_calls(self) -> list[VoiceCall]:
        """Every voice call of the project, oldest first."""
        calls = self._call("GET", f"{self._project}/voiceCalls")["voiceCalls"]
        return [VoiceCall(c["phoneNumber"], c["code"], c["createdTime"]) for c in calls]

    def voice_codes(self) -> dict[str, str]:
        """The code of each number's latest voice call."""
        return {call.phone_number: call.code for call in self.voice_calls()}

    def voice_code(self, phone_number: str) -> str:
        """The code the latest voice call to `phone_number` spoke (`SandboxAdminError` 404,
        naming the number, if none was made)."""
        codes = self.voice_codes()
        if phone_number not in codes:
            called = ", ".join(sorted(codes)[:5]) or "none"
            raise SandboxAdminError(
                404,
                f"no voice call to {phone_number!r} in project {self.project_id!r} since the "
                f"last reset (send it a voice challenge first; numbers called: {called})",
            )
        return codes[phone_number]

    def seed(self, phone_numbers: Iterable[str], state: str = "VERIFIED") -> int:
        """Put E.164 numbers straight into `state` (`VERIFIED` or the full name)."""
        full = GlobalProcessState.full_name(state.upper())
        numbers = list(phone_numbers)
        seeded = 0
        for start in range(0, len(numbers), SEED_BATCH):
            batch = numbers[start : start + SEED_BATCH]
            answer = self._call(
                "POST", f"{self._project}/numbers:seed", {"phoneNumbers": batch, "state": full}
            )
            seeded += int(answer["seeded"])
        return seeded

    def submissions(self) -> dict[str, int]:
        """How many times each number was submitted for text enablement."""
        found: dict[str, int] = self._call("GET", f"{self._project}/submissions")["submissions"]
        return found

    def hosting_orders(self) -> list[dict[str, Any]]:
        """The hosting orders created, as the service writes them."""
        found: list[dict[str, Any]] = self._call("GET", f"{self._project}/hostingOrders")[
            "hostingOrders"
        ]
        return found

    def sign_loa(self, hosting_order_id: str) -> dict[str, Any]:
        """The order's LOA is e-signed now; returns the order as the service now writes it."""
        found: dict[str, Any] = self._call(
            "POST", f"{self._project}/hostingOrders/{quote(hosting_order_id, safe='')}:signLoa"
        )
        return found

    def advance_clock(self, seconds: float) -> float:
        """Move the sandbox clock (scheduled transitions fall due); returns its offset."""
        return float(
            self._call("POST", "/_sandbox/clock:advance", {"seconds": seconds})["offsetSeconds"]
        )

    def faults(self) -> dict[str, Any]:
        """The fault knobs and what was injected so far."""
        found: dict[str, Any] = self._call("GET", "/_sandbox/faults")
        return found

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Change fault knobs (`rate_503=0.2`, `latency_ms=50`, `operations=[...]`...)."""
        found: dict[str, Any] = self._call("PUT", "/_sandbox/faults", settings)
        return found

    def reset(self) -> None:
        """Forget the project's state (numbers, orders, imported numbers, secret, callbacks),
        its fault settings and tokens; with the admin key, or the key of the sandbox's only
        project, the whole sandbox as it started, the clock at zero too."""
        self._call("POST", "/_sandbox/reset")

    def deliver_callbacks(self) -> int:
        """Deliver pending callbacks now; returns how many were delivered."""
        return int(self._call("POST", "/_sandbox/callbacks:deliver")["delivered"])

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
