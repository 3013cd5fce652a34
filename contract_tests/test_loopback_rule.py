"""One loopback rule, the same on both sides: what the client lets go over plain HTTP (and sends
a key to without asking) is what the sandbox serves on, calls back and answers as its own name.

`0.0.0.0` and `::` are "any address": a server binds them to listen everywhere, and a client
that connects to them reaches this machine only by an accident of the operating system; they
are not a safe local target, on either side.
"""

from __future__ import annotations

import pytest

from sinch_qualified_numbers._config import is_loopback_url
from sinch_qualified_numbers_sandbox.callbacks import is_loopback
from sinch_qualified_numbers_sandbox.http.hosts import host_refusal

#: URL -> is it loopback?
TABLE = {
    "http://127.0.0.1:9000/x": True,
    "http://127.8.9.10/x": True,
    "http://localhost/x": True,
    "http://LOCALHOST:8000/x": True,
    "http://localhost./x": True,
    "http://[::1]:8000/": True,
    "http://[::ffff:127.0.0.1]:8000/": True,
    "https://127.0.0.1/x": True,
    "http://0.0.0.0:8/x": False,
    "http://0.0.0.0/x": False,
    "http://[::]/x": False,
    "http://[::]:8000/x": False,
    "http://[::ffff:8.8.8.8]/x": False,
    "http://203.0.113.10/hook": False,
    "http://10.0.0.1/hook": False,
    "https://example.com/hook": False,
    "http://localhost.attacker.example/x": False,
    "http://127.0.0.1.attacker.example/x": False,
}


@pytest.mark.parametrize(("url", "loopback"), TABLE.items())
def test_the_client_and_the_sandbox_agree_on_loopback(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback
    assert is_loopback(url) is loopback
    # The sandbox's Host check answers a loopback name as its own, and nothing else unbidden.
    host = url.split("//", 1)[1].split("/", 1)[0]
    scope = {"headers": [(b"host", host.encode())], "server": ("192.0.2.1", 80)}
    assert (host_refusal(scope, ()) is None) is loopback


def test_a_callback_url_that_is_not_a_web_url_is_never_loopback() -> None:
    assert not is_loopback("file:///etc/passwd")
    assert not is_loopback("ftp://127.0.0.1/x")
