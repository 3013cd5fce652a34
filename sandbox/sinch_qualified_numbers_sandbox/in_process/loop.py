"""Where the blocking transport runs the sandbox's app: an event loop of its own."""

from __future__ import annotations

import asyncio
import threading
import weakref
from typing import Any

#: Held while a loop is closed: a worker thread's loop is closed by its thread's end (a
#: finalizer, run by whichever thread collects it) or by `LoopRunner.close`, and two closes at
#: once raise inside asyncio. Re-entrant: a collection can run a finalizer on the thread that
#: holds it.
_closing = threading.RLock()


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """Close `loop` unless it is running or closed already."""
    with _closing:
        if not loop.is_running() and not loop.is_closed():
            loop.close()


class LoopRunner:
    """Where the blocking transport runs the app: an event loop of the calling thread's own
    (no thread hop: a request costs less than half), or, for a thread whose loop is already
    running (a blocking call inside async code), a private loop in a daemon thread."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()
        self._private: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def run(self, coro: Any) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._own().run_until_complete(coro)
        return asyncio.run_coroutine_threadsafe(coro, self._background()).result()

    def _own(self) -> asyncio.AbstractEventLoop:
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = self._local.loop = asyncio.new_event_loop()
            with self._lock:
                self._loops.add(loop)
            # Closed with its thread (a worker thread of the code under test), or by close().
            weakref.finalize(threading.current_thread(), _close, loop)
        return loop

    def _background(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._private is None:
                self._private = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._private.run_forever, name="sinch-sandbox-loop", daemon=True
                )
                self._thread.start()
            return self._private

    def close(self) -> None:
        with self._lock:
            loops, self._loops = list(self._loops), weakref.WeakSet()
            private, thread, self._private = self._private, self._thread, None
        for loop in loops:
            _close(loop)
        if private is not None and thread is not None:
            private.call_soon_threadsafe(private.stop)
            thread.join(timeout=5)
            private.close()
