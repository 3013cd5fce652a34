"""Fault injection, off by default: seeded, reproducible and switchable at run time.

Wraps the Starlette app as plain ASGI middleware so it can do what a flaky network does:
answer 429 (with Retry-After), 500 or 503 without touching state, add latency, drop the
connection before the request is processed, or process it and then drop the connection or
answer 500 (the ambiguous failures a client must reconcile, never blindly resubmit).
Sandbox-only paths (`/_sandbox/...`) are never faulted.

Faults are per project: a project's key changes only its own project's (its calls, and the
token requests made with its key); the admin key (and the Python API) changes the sandbox-wide
settings and clears every project's own, so it still acts on all.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import json
import logging
import random
import re
import threading
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import FaultConfig
from .spec import operation_for, operation_ids

log = logging.getLogger("sinch_qualified_numbers_sandbox")

#: The token endpoint is not in the spec (it is the auth server's), but it can be faulted.
TOKEN_PATH = "/oauth2/token"
TOKEN_OPERATION = "oauth2Token"
FAULTABLE_OPERATIONS = frozenset({*operation_ids(), TOKEN_OPERATION})


class DroppedConnection(Exception):
    """Raised inside the server after a partial answer: the server closes the connection."""


class QuietInjectedFaults(logging.Filter):
    """For the HTTP server's error logger: an injected dropped connection is logged by the
    sandbox in one line when it is injected; the server's traceback of it says nothing more
    (and a test run with many injected drops would bury a real error under them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


#: The one filter (a logger keeps a filter once, however many servers install it).
QUIET_INJECTED_FAULTS = QuietInjectedFaults()


_PROJECT_PATH = re.compile(r"^/v[^/]+/projects/([^/]+)/")


class FaultInjector:
    def __init__(self, config: FaultConfig) -> None:
        self._lock = threading.Lock()
        self._initial = config
        self.config = config
        self._rng = random.Random(config.seed)
        self.injected: dict[str, int] = {}
        #: Projects with settings of their own: (settings, their random draws, what was
        #: injected into that project's calls).
        self._own: dict[str, tuple[FaultConfig, random.Random, dict[str, int]]] = {}
        #: The project of a key ID (set by the sandbox), to fault token requests per project.
        self.project_of_key: Callable[[str], str | None] = lambda key_id: None

    RATES = (
        "rate_429",
        "rate_500",
        "rate_503",
        "drop_before",
        "drop_after",
        "error_after",
        "latency_ms",
    )

    def update(self, settings: dict[str, Any], project: str | None = None) -> None:
        """Change the settings of `project` (its calls only), or with None the sandbox-wide
        ones, which also clears every project's own."""
        if project is not None:
            base = self.config_for(project)
            config = fault_config(settings, base)
            with self._lock:
                self._own[project] = (config, random.Random(config.seed), {})
            return
        config = fault_config(settings, self.config)
        with self._lock:
            self.config = config
            self._rng = random.Random(self.config.seed)
            self.injected = {}
            self._own.clear()

    def reset(self, project: str | None = None) -> None:
        """Back to the start: `project`'s own settings dropped, or with None the sandbox's
        settings as configured at start-up (every project's own dropped)."""
        with self._lock:
            if project is not None:
                self._own.pop(project, None)
                return
            self.config = self._initial
            self._rng = random.Random(self._initial.seed)
            self.injected = {}
            self._own.clear()

    def config_for(self, project: str | None) -> FaultConfig:
        """The settings that apply to `project`'s calls."""
        own = self._own.get(project) if project is not None else None
        return own[0] if own is not None else self.config

    def describe(self, project: str | None = None) -> dict[str, Any]:
        config = self.config_for(project)
        own = self._own.get(project) if project is not None else None
        data = dataclasses.asdict(config)
        data["operations"] = sorted(config.operations)
        data["per_operation"] = {k: dict(v) for k, v in config.per_operation.items()}
        data["injected"] = dict(own[2] if own is not None else self.injected)
        return data

    def _rates(self, operation: str, config: FaultConfig) -> dict[str, float]:
        rates = {name: float(getattr(config, name)) for name in self.RATES}
        if config.operations and operation not in config.operations:
            rates = dict.fromkeys(self.RATES, 0.0)
        rates.update(config.per_operation.get(operation, {}))
        return rates

    def _draw(self, operation: str, project: str | None = None) -> tuple[str | None, float]:
        own = self._own.get(project) if project is not None else None
        config, rng, injected = own if own is not None else (self.config, self._rng, None)
        if not config.enabled:
            return None, 0.0
        rates = self._rates(operation, config)
        with self._lock:
            roll = rng.random()
        latency = rates["latency_ms"] / 1000.0
        threshold = 0.0
        for kind, name in (
            ("429", "rate_429"),
            ("500", "rate_500"),
            ("503", "rate_503"),
            ("drop_before", "drop_before"),
            ("drop_after", "drop_after"),
            ("error_after", "error_after"),
        ):
            threshold += rates[name]
            if roll < threshold:
                counts = injected if injected is not None else self.injected
                with self._lock:
                    counts[kind] = counts.get(kind, 0) + 1
                return kind, latency
        return None, latency

    def wrap(self, app: ASGIApp) -> ASGIApp:
        injector = self

        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            path = scope.get("path", "")
            if scope["type"] != "http" or path.startswith("/_sandbox"):
                await app(scope, receive, send)
                return
            operation = _operation_of(scope["method"], path)
            project = injector._project_of(scope, path)
            kind, latency = injector._draw(operation, project)
            if latency:
                await asyncio.sleep(latency)
            if kind in ("429", "500", "503"):
                retry_after = injector.config_for(project).retry_after_s
                await _error(send, int(kind), retry_after if kind == "429" else None)
                return
            if kind == "drop_before":
                await _drop(send, kind, operation)
                return
            if kind in ("drop_after", "error_after"):

                async def swallow(message: Message) -> None:
                    return None

                await app(scope, receive, swallow)
                if kind == "drop_after":
                    await _drop(send, kind, operation)
                else:
                    await _error(send, 500, None)
                return
            await app(scope, receive, send)

        return middleware

    def _project_of(self, scope: Scope, path: str) -> str | None:
        """The project a request is about: its path's, or for the token endpoint the
        project of the key in its Basic credentials."""
        found = _PROJECT_PATH.match(path)
        if found:
            return found.group(1)
        if path != TOKEN_PATH or not self._own:
            return None
        for name, value in scope.get("headers", []):
            if name.lower() == b"authorization":
                scheme, _, credential = value.decode("latin-1").partition(" ")
                if scheme.lower() != "basic":
                    return None
                try:
                    key_id = base64.b64decode(credential.strip(), validate=True).decode()
                except (binascii.Error, ValueError):
                    return None
                return self.project_of_key(key_id.partition(":")[0])
        return None


def fault_config(settings: object, base: FaultConfig | None = None) -> FaultConfig:
    """`base` with `settings` (JSON-like: `operations` a list) applied, every value checked:
    rates 0..1, bounded numbers, operationIds the spec knows."""
    if not isinstance(settings, dict):
        raise TypeError("expected a JSON object")
    known = {f.name for f in dataclasses.fields(FaultConfig)}
    unknown = set(settings) - known
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    values = dict(settings)
    if "operations" in values:
        operations = values["operations"]
        if not isinstance(operations, list | tuple | frozenset | set) or not all(
            isinstance(o, str) for o in operations
        ):
            raise ValueError("operations must be a list of operationIds")
        _known_operations(operations)
        values["operations"] = frozenset(operations)
    if "per_operation" in values:
        values["per_operation"] = _per_operation(values["per_operation"])
    for name, value in values.items():
        if name not in ("operations", "per_operation"):
            _number(name, value)
    return dataclasses.replace(base or FaultConfig(), **values)


def _known_operations(operations: Any) -> None:
    allowed = FAULTABLE_OPERATIONS
    strangers = sorted(set(operations) - allowed)
    if strangers:
        raise ValueError(f"unknown operationIds {strangers}: use {', '.join(sorted(allowed))}")


#: The range of each knob: probabilities 0..1, latency up to a minute, Retry-After up to an
#: hour (beyond that a client would simply hang, which is not a fault worth simulating).
_BOUNDS = {"latency_ms": 60_000.0, "retry_after_s": 3600.0, "seed": float(2**63 - 1)}


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number")
    if name == "seed" and not isinstance(value, int):
        raise ValueError("seed must be an integer")
    upper = _BOUNDS.get(name, 1.0)
    if not 0 <= value <= upper:
        raise ValueError(f"{name} must be between 0 and {upper:g}")
    return float(value)


def _per_operation(value: object) -> dict[str, dict[str, float]]:
    if not isinstance(value, dict):
        raise ValueError("per_operation must map operationIds to rates")
    result: dict[str, dict[str, float]] = {}
    _known_operations(value)
    for operation, rates in value.items():
        if not isinstance(rates, dict) or set(rates) - set(FaultInjector.RATES):
            raise ValueError(f"per_operation[{operation!r}] takes {', '.join(FaultInjector.RATES)}")
        result[str(operation)] = {k: _number(k, v) for k, v in rates.items()}
    return result


_STATUS = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}


async def _error(send: Send, status: int, retry_after: float | None) -> None:
    body = json.dumps(
        {"code": str(status), "message": "Injected fault.", "status": _STATUS[status]}
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(max(0, round(retry_after))).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drop(send: Send, kind: str, operation: str) -> None:
    log.info("injected fault: %s on %s (the connection is dropped)", kind, operation or "?")
    # Promise a body, send part of it, then fail: the server closes the connection mid-answer.
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
        }
    )
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    raise DroppedConnection("injected dropped connection")


def _operation_of(method: str, path: str) -> str:
    if path == TOKEN_PATH:
        return TOKEN_OPERATION
    return operation_for(method, path) or ""
