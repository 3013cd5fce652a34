"""Sandbox configuration: credentials, timings, callbacks and faults, from arguments or env."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_PROJECT_ID = "sandbox-project"
DEFAULT_KEY_ID = "sandbox-key-id"
DEFAULT_KEY_SECRET = "sandbox-key-secret"
DEFAULT_CALLBACK_SECRET = "sandbox-callback-secret"


@dataclass(frozen=True)
class Credential:
    """An access key: belongs to exactly one project."""

    project_id: str
    key_id: str
    key_secret: str = field(repr=False)


@dataclass(frozen=True)
class FaultConfig:
    """Probabilities (0..1) of injected faults per request, drawn from a seeded RNG.

    `operations` limits the faults to those operationIds (empty: every operation);
    `per_operation` overrides any of the rates for one operationId, e.g.
    `{"textEnableNumbers": {"drop_after": 0.2}}`.
    `drop_before` closes the connection before the request is processed; `drop_after`
    processes it and then drops the connection before the answer is complete.
    """

    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_503: float = 0.0
    drop_before: float = 0.0
    drop_after: float = 0.0
    error_after: float = 0.0
    latency_ms: float = 0.0
    retry_after_s: float = 1.0
    seed: int = 0
    operations: frozenset[str] = frozenset()
    per_operation: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(self.per_operation) or any(
            (
                self.rate_429,
                self.rate_500,
                self.rate_503,
                self.drop_before,
                self.drop_after,
                self.error_after,
                self.latency_ms,
            )
        )


@dataclass(frozen=True)
class SandboxConfig:
    """Everything the sandbox needs to start."""

    credentials: tuple[Credential, ...] = (
        Credential(DEFAULT_PROJECT_ID, DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
    )
    token_ttl: float = 3600.0
    eligibility_delay: float = 2.0
    hosting_delay: float = 5.0
    loa_signature_delay: float = 2.0
    provisioning_delay: float = 1.0
    max_import_numbers: int = 5
    callback_secret: str = field(default=DEFAULT_CALLBACK_SECRET, repr=False)
    db_path: str = ":memory:"
    default_page_size: int = 100
    max_page_size: int = 1000
    max_body_bytes: int = 1_048_576
    seed: int | None = None
    faults: FaultConfig = FaultConfig()
    callback_interval: float = 0.2
    #: Host names the sandbox answers besides its own address and loopback (`localhost`,
    #: `127.0.0.1`, `[::1]`): a request with any other Host is refused (DNS rebinding).
    allowed_hosts: tuple[str, ...] = ()
    #: Acts on every project through the sandbox-only endpoints (`X-Sandbox-Admin-Key`);
    #: random for each start unless given, printed in the start-up banner.
    admin_key: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)

    @classmethod
    def from_env(cls, **overrides: object) -> SandboxConfig:
        """Read the same variables as the client, so one environment serves both."""
        project = os.environ.get("SINCH_PROJECT_ID") or DEFAULT_PROJECT_ID
        key_id = os.environ.get("SINCH_KEY_ID") or DEFAULT_KEY_ID
        secret = os.environ.get("SINCH_KEY_SECRET") or DEFAULT_KEY_SECRET
        config = cls(credentials=(Credential(project, key_id, secret),))
        callback_secret = os.environ.get("SINCH_QN_SANDBOX_CALLBACK_SECRET")
        if callback_secret:
            overrides.setdefault("callback_secret", callback_secret)
        return config.replace(**overrides)

    def replace(self, **changes: object) -> SandboxConfig:
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]

    def credential_for(self, key_id: str) -> Credential | None:
        for cred in self.credentials:
            if cred.key_id == key_id:
                return cred
        return None
