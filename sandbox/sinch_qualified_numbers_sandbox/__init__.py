"""A stateful fake of the Sinch Qualified Numbers service, for tests, the CLI and the demo.

from sinch_qualified_numbers_sandbox import Sandbox, SandboxConfig
sandbox = Sandbox(SandboxConfig(eligibility_delay=0))
app = sandbox.app            # any ASGI server, or httpx.ASGITransport(app=app)

`SandboxAdmin(url)` drives a running sandbox through its `/_sandbox/...` endpoints.
"""

from .admin_client import SandboxAdmin, SandboxAdminError, VoiceCall
from .app import Sandbox, create_app
from .config import (
    DEFAULT_CALLBACK_SECRET,
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    Credential,
    FaultConfig,
    SandboxConfig,
)
from .magic import Magic, magic_for
from .server import RunningApp, RunningSandbox, serve_app_in_thread, serve_in_thread
from .store import StateFileError

__all__ = [
    "DEFAULT_CALLBACK_SECRET",
    "DEFAULT_KEY_ID",
    "DEFAULT_KEY_SECRET",
    "DEFAULT_PROJECT_ID",
    "Credential",
    "FaultConfig",
    "Magic",
    "RunningApp",
    "RunningSandbox",
    "Sandbox",
    "SandboxAdmin",
    "SandboxAdminError",
    "SandboxConfig",
    "StateFileError",
    "VoiceCall",
    "create_app",
    "magic_for",
    "serve_app_in_thread",
    "serve_in_thread",
]
