"""Serving the sandbox with uvicorn: in the foreground (`python -m ...`) or in a thread (tests)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn

from .app import MAX_REQUEST_HEAD_BYTES
from .config import SandboxConfig
from .faults import QUIET_INJECTED_FAULTS
from .service import Sandbox


def quiet_injected_faults() -> None:
    """uvicorn logs no traceback for a connection the sandbox drops on purpose."""
    logging.getLogger("uvicorn.error").addFilter(QUIET_INJECTED_FAULTS)


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this; without it every keep-alive answer waits ~40 ms
    # for a delayed ACK (uvicorn only sets it on the sockets it creates itself).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


#: How long `stop` waits for the server's thread to end (requests in flight finished); it may
#: outlive the wait, so what it runs must not need what `stop` closes next.
STOP_TIMEOUT = 10.0


@dataclass
class RunningApp:
    """Any ASGI application served on loopback in a background thread."""

    url: str
    _server: uvicorn.Server
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=STOP_TIMEOUT)

    def __enter__(self) -> RunningApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class PortServer(RunningApp):
    """A `Sandbox` (its `sandbox`) served on a loopback port in a background thread, what
    `serve_in_thread` returns. Formerly `RunningSandbox` (still importable, with a
    `DeprecationWarning`)."""

    def __init__(self, sandbox: Sandbox, running: RunningApp) -> None:
        super().__init__(running.url, running._server, running._thread)
        self.sandbox = sandbox

    def stop(self) -> None:
        super().stop()
        self.sandbox.close()  # its ticker stopped first, should the server still run

    def __enter__(self) -> PortServer:
        return self


def serve_app_in_thread(app: Any, host: str = "127.0.0.1") -> RunningApp:
    """Serve `app` on a free loopback port; return once it accepts connections."""
    quiet_injected_faults()
    sock = bind(host, 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            lifespan="on",
            access_log=False,
            h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    return RunningApp(f"http://{host}:{port}", server, thread)


def serve_in_thread(config: SandboxConfig | None = None, host: str = "127.0.0.1") -> PortServer:
    """Start a sandbox on a free loopback port and return once it accepts connections."""
    sandbox = Sandbox(config)
    return PortServer(sandbox, serve_app_in_thread(sandbox.app, host))
