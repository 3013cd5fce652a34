"""Serving an in-process sandbox on a real port as well (a subprocess under test reaches it)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from . import router
from .server import InProcessServer


@contextlib.contextmanager
def serve_on_port(owner: InProcessServer) -> Iterator[tuple[str, dict[str, str]]]:
    """Serve `owner`'s sandbox (the same state) on a free 127.0.0.1 port: `(url, env)`.
    Meanwhile its callbacks, delivered by `deliver_callbacks()` or `callbacks()`, also go to
    receivers on loopback (a subprocess's server), besides being recorded."""
    from ..server import serve_app_in_thread

    running = serve_app_in_thread(owner.app())
    env = {
        **owner.env,
        "SINCH_QN_BASE_URL": running.url,
        "SINCH_AUTH_URL": f"{running.url}/oauth2/token",
    }
    (address,) = router.hosts_of([running.url])[1]  # its URL has a port
    with router.routes_lock:
        router.served.add(address)
    owner._send_out = True
    try:
        yield running.url, env
    finally:
        owner._send_out = False
        with router.routes_lock:
            router.served.discard(address)
        running.stop()
