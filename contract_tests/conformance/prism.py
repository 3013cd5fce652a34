"""Serve the spec with Stoplight Prism (`prism mock`) on a free loopback port, and always stop it.

Prism is pinned in `prism/package.json` and `prism/package-lock.json`; `make contract-test-mock`
installs it with `npm ci` into `.cache/prism/` (gitignored) before it runs.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..conftest import ROOT, SPEC_PATH

#: Where `make contract-test-mock` installs the pinned Prism.
PRISM = ROOT / ".cache" / "prism" / "node_modules" / ".bin" / "prism"
_PR_SET_PDEATHSIG = 1


class PrismError(RuntimeError):
    """Prism is missing, or did not start."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when the process that started it
    dies, however it dies (even SIGKILL), so no Prism outlives its run."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: `_stop` still stops it
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: Prism and any child
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def serve_prism(
    prism: Path = PRISM, spec: Path = SPEC_PATH, *, start_timeout: float = 60
) -> Iterator[str]:
    """Yield the URL of `prism mock spec` on a free port of 127.0.0.1; stop it on the way out
    (an exception, Ctrl-C, SIGTERM turned into SystemExit by the caller)."""
    if not prism.exists():
        raise PrismError(f"{prism} is missing: run `make contract-test-mock`, which installs it")
    with tempfile.TemporaryFile() as log:
        for _attempt in range(3):  # another process may take the free port first
            port = _free_port()
            log.seek(0)
            log.truncate()
            process = subprocess.Popen(
                [str(prism), "mock", str(spec), "--host", "127.0.0.1", "--port", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # run.py starts Prism before any thread
                cwd=ROOT,
            )
            try:
                deadline = time.monotonic() + start_timeout
                while process.poll() is None and not _listening(port):
                    if time.monotonic() > deadline:
                        raise PrismError(
                            f"Prism did not listen on port {port} in {start_timeout} s"
                        )
                    time.sleep(0.2)
                if process.poll() is None:
                    yield f"http://127.0.0.1:{port}"
                    return
            finally:
                _stop(process)
            log.seek(0)
            said = log.read().decode(errors="replace")
            if "EADDRINUSE" not in said:
                raise PrismError(f"Prism exited with {process.returncode}:\n{said[-3000:]}")
        raise PrismError("Prism found no free port in three attempts")
