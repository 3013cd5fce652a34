"""Connection pools renewed in a forked child.

A child made by `os.fork()` inherits its parent's open sockets: a client that had made a
request holds keep-alive connections that parent and child would then both write to and read
from, each getting some of the other's answers. The transports the clients build themselves
are recorded here (weakly: nothing is kept alive by it), and in a child each gets a new, empty
pool at once. The inherited connections are dropped unclosed (closing would not touch the
parent's copy of a socket, but a TLS shutdown would), so the parent goes on using them alone.
A transport the application passes (`http_transport=`) is its own to look after.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: Each transport built by a client -> how to build another like it (never the transport
#: itself, which would keep it alive).
_built: weakref.WeakKeyDictionary[Any, Callable[[Any], None]] = weakref.WeakKeyDictionary()


def renewed_after_fork(factory: Callable[[], T], bound_network: Callable[[Any], None]) -> T:
    """A transport (httpx's own) from `factory`, whose connection pool is replaced in a forked
    child by the empty one of another from `factory` (its streams bounded by the attempt's
    deadline again by `bound_network`, as `RetryTransport` bounds them)."""
    transport = factory()

    def renew(transport: Any) -> None:
        fresh: Any = factory()
        transport._pool = fresh._pool
        bound_network(transport)

    _built[transport] = renew
    return transport


def _renew_in_child() -> None:
    # In the child there is one thread (this one): nothing else touches the pools meanwhile.
    for transport, renew in list(_built.items()):
        renew(transport)


os.register_at_fork(after_in_child=_renew_in_child)
