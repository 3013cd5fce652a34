"""The sandbox in-process: httpx transports over its ASGI app, and `sinch_sandbox()`.

    from sinch_qualified_numbers_sandbox import sinch_sandbox

    with sinch_sandbox() as sandbox:          # or @sinch_sandbox() on a test function
        client = QualifiedNumbersClient()      # settings from sandbox.env: nothing to pass
        client.qualified_numbers.add(["+12025550134"])
        sandbox.voice_code("+12025550134")

`InProcessServer` (`server.py`) serves one `Sandbox` without a port: `transport()` for the
blocking client and `async_transport()` for the asyncio one (`transports.py`, the blocking one
on a loop of `loop.py`), over the same app and state, the OAuth2 token endpoint included.
`sinch_sandbox()` (`activation.py`) routes every httpx request to Sinch's hosts to one, through
the process-wide router under httpx's network transports (`router.py`), and blocks the rest: a
request to any other host raises `NetworkBlockedError` (an `AssertionError`, as respx's
`assert_all_mocked` does) and is kept in `blocked`, so that code that swallows exceptions still
fails the test on exit. Requests through a transport the code passed itself
(`httpx.MockTransport`, respx) are not touched; other HTTP libraries (urllib, requests) are not
patched. `serve_on_port` (`port.py`) serves the same state on a real port as well.
"""

from .activation import SandboxRouting, sinch_sandbox
from .port import serve_on_port
from .router import NetworkBlockedError, blocked_message
from .server import (
    BASE_URL,
    CALLBACK_URL,
    FAST_RETRY_BACKOFF,
    FAST_SETTINGS,
    TOKEN_URL,
    CallbackDelivery,
    InProcessServer,
)
from .transports import AsyncSandboxTransport, SandboxTransport

__all__ = [
    "BASE_URL",
    "CALLBACK_URL",
    "FAST_RETRY_BACKOFF",
    "FAST_SETTINGS",
    "TOKEN_URL",
    "AsyncSandboxTransport",
    "CallbackDelivery",
    "InProcessServer",
    "NetworkBlockedError",
    "SandboxRouting",
    "SandboxTransport",
    "blocked_message",
    "serve_on_port",
    "sinch_sandbox",
]
