"""A stateful fake of the Sinch Qualified Numbers service, for tests, the CLI and the demo.

from sinch_qualified_numbers_sandbox import Sandbox, SandboxConfig
sandbox = Sandbox(SandboxConfig(eligibility_delay=0))
app = sandbox.app            # any ASGI server, or httpx.ASGITransport(app=app)

`SandboxAdmin(url)` drives a running sandbox through its `/_sandbox/...` endpoints.
`InProcessSandbox` serves it without a port (httpx transports), and `with sinch_sandbox():`
routes every client of the code under test to one, blocking the network; the pytest plugin
(`sinch_sandbox` fixture) is built on both.
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
        InProcessSandbox,
        NetworkBlockedError,
        SandboxTransport,
        sinch_sandbox,
    )
    from .magic import Magic, magic_for
    from .server import RunningApp, RunningSandbox, serve_app_in_thread, serve_in_thread
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
    "InProcessSandbox",
    "Magic",
    "NetworkBlockedError",
    "RunningApp",
    "RunningSandbox",
    "Sandbox",
    "SandboxAdmin",
    "SandboxAdminError",
    "SandboxConfig",
    "SandboxTransport",
    "StateFileError",
    "VoiceCall",
    "create_app",
    "magic_for",
    "serve_app_in_thread",
    "serve_in_thread",
    "sinch_sandbox",
]
