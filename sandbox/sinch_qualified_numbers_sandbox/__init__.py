"""A stateful fake of the Sinch Qualified Numbers service, for tests, the CLI and the demo.

from sinch_qualified_numbers_sandbox import Sandbox, SandboxConfig
sandbox = Sandbox(SandboxConfig(eligibility_delay=0))
app = sandbox.app            # any ASGI server, or httpx.ASGITransport(app=app)

`Sandbox` is the sandbox: its state (the backend) with the HTTP app serving it. What serves one
is named by how: `InProcessServer` without a port (httpx transports), `PortServer` on a loopback
port in a thread (`serve_in_thread`); `with sinch_sandbox():` (the class `SandboxRouting`)
routes every client of the code under test to an `InProcessServer`, blocking the network; the
pytest plugin (`sinch_sandbox` fixture) is built on both. `SandboxAdmin(url)` drives a running
sandbox through its `/_sandbox/...` endpoints.

Deprecated names, kept with a `DeprecationWarning`: `InProcessSandbox` (now `InProcessServer`)
and `RunningSandbox` (now `PortServer`).
"""

#: Top-level modules of the `[sandbox]` extra: a missing one is named with the install line.
EXTRA_MODULES = frozenset(
    {"starlette", "uvicorn", "jsonschema_rs", "yaml", "jinja2", "multipart", "python_multipart"}
)

try:
    from .admin.client import SandboxAdmin, SandboxAdminError, VoiceCall
    from .config import (
        DEFAULT_CALLBACK_SECRET,
        DEFAULT_KEY_ID,
        DEFAULT_KEY_SECRET,
        DEFAULT_PROJECT_ID,
        Credential,
        FaultConfig,
        SandboxConfig,
    )
    from .db import StateFileError
    from .in_process import (
        CALLBACK_URL,
        AsyncSandboxTransport,
        CallbackDelivery,
        InProcessServer,
        NetworkBlockedError,
        SandboxRouting,
        SandboxTransport,
        sinch_sandbox,
    )
    from .magic import Magic, magic_for
    from .server import PortServer, RunningApp, serve_app_in_thread, serve_in_thread
    from .service import Sandbox, create_app
except ModuleNotFoundError as _missing:
    _top = (_missing.name or "").partition(".")[0]
    if _top not in EXTRA_MODULES:
        raise
    # Still a ModuleNotFoundError, named after the missing distribution's module, so callers
    # that handle it (the `sinch-qn` entry point) still can.
    raise ModuleNotFoundError(
        f"sinch_qualified_numbers_sandbox needs the sandbox extra ({_top} is missing): "
        "pip install 'sinch-qualified-numbers[sandbox]' (or [cli], which includes it)",
        name=_top,
    ) from None

__all__ = [
    "CALLBACK_URL",
    "DEFAULT_CALLBACK_SECRET",
    "DEFAULT_KEY_ID",
    "DEFAULT_KEY_SECRET",
    "DEFAULT_PROJECT_ID",
    "EXTRA_MODULES",
    "AsyncSandboxTransport",
    "CallbackDelivery",
    "Credential",
    "FaultConfig",
    "InProcessServer",
    "Magic",
    "NetworkBlockedError",
    "PortServer",
    "RunningApp",
    "Sandbox",
    "SandboxAdmin",
    "SandboxAdminError",
    "SandboxConfig",
    "SandboxRouting",
    "SandboxTransport",
    "StateFileError",
    "VoiceCall",
    "create_app",
    "magic_for",
    "serve_app_in_thread",
    "serve_in_thread",
    "sinch_sandbox",
]

#: Old names of what serves a sandbox: each warns once used, then gives the new class.
_DEPRECATED = {"InProcessSandbox": "InProcessServer", "RunningSandbox": "PortServer"}


def __getattr__(name: str) -> object:
    new = _DEPRECATED.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    warnings.warn(
        f"sinch_qualified_numbers_sandbox.{name} is deprecated: use {new}",
        DeprecationWarning,
        stacklevel=2,
    )
    return globals()[new]
