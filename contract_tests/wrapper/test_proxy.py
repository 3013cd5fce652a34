"""Proxies: the environment's (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`) as httpx honours them,
or the `proxy` setting (argument, `with_options`, `SINCH_QN_PROXY`), for the token endpoint too;
a proxy's password is never shown.

The proxy is a real one, on 127.0.0.1: a forward proxy for http (absolute-form requests) and a
CONNECT tunnel for https, which requires `Proxy-Authorization` when it is given credentials.
"""

from __future__ import annotations

import base64
import http.client
import re
import select
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from sinch_qualified_numbers import (
    APIConnectionError,
    APITimeoutError,
    AsyncQualifiedNumbersClient,
    ConfigurationError,
    ProxyError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers_sandbox import PortServer

from ..conftest import API_VERSION
from . import both
from .conftest import ONE, PROJECT, client_kwargs, number_json

# Served: a proxy is a socket server between the client and the sandbox.
pytestmark = pytest.mark.served

USER, PASSWORD = "proxy-user", "pr0xy-p4ss-w0rd"
PROXY_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SINCH_QN_PROXY")


@pytest.fixture(autouse=True)
def _no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_ENV:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@dataclass
class Proxy:
    port: int
    #: (method, target, Proxy-Authorization) of each request the proxy handled.
    seen: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: When set, every CONNECT is answered with this status (a proxy that cannot reach on).
    connect_status: int | None = None

    def url(self, credentials: bool = True) -> str:
        userinfo = f"{USER}:{PASSWORD}@" if credentials else ""
        return f"http://{userinfo}127.0.0.1:{self.port}"

    def targets(self) -> list[str]:
        return [f"{method} {target}" for method, target, _ in self.seen]


EXPECTED_AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyServer

    def log_message(self, *args: Any) -> None:
        pass

    def _authorized(self) -> bool:
        given = self.headers.get("Proxy-Authorization")
        self.server.proxy.seen.append((self.command, self.path, given))
        if given != EXPECTED_AUTH:
            self.send_response(407)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        return True

    def do_CONNECT(self) -> None:
        if not self._authorized():
            return
        if self.server.proxy.connect_status is not None:
            self.send_response(self.server.proxy.connect_status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        host, _, port = self.path.rpartition(":")
        upstream = socket.create_connection((host, int(port)))
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 5)
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()
            self.close_connection = True

    def _forward(self) -> None:
        if not self._authorized():
            return
        target = urlsplit(self.path)  # absolute-form: the proxy is asked for a whole URL
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in ("proxy-authorization", "proxy-connection", "connection")
        }
        upstream = http.client.HTTPConnection(target.hostname or "", target.port, timeout=10)
        path = target.path + (f"?{target.query}" if target.query else "")
        upstream.request(self.command, path, body, headers)
        answer = upstream.getresponse()
        data = answer.read()
        upstream.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _forward


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    proxy: Proxy


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    server = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
    server.proxy = Proxy(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.proxy
    server.shutdown()
    server.server_close()


def _api(sandbox: PortServer) -> str:
    return f"{sandbox.url}/{API_VERSION}/projects/{PROJECT}/qualifiedNumbers"


def test_the_proxy_setting_carries_every_request_the_token_too(
    sandbox: PortServer, proxy: Proxy
) -> None:
    with QualifiedNumbersClient(**client_kwargs(sandbox, proxy=proxy.url())) as client:
        added = client.qualified_numbers.add([ONE])
        assert added[0].phone_number == ONE
        assert client.qualified_numbers.get(ONE).phone_number == ONE
        shown = f"{client!r} {client.config!r}"
    assert proxy.targets() == [
        f"POST {sandbox.url}/oauth2/token",
        f"POST {_api(sandbox)}:addNumbers",
        f"GET {_api(sandbox)}/%2B{ONE[1:]}",
    ]
    assert all(auth == EXPECTED_AUTH for _, _, auth in proxy.seen)
    assert f"proxy='http://***@127.0.0.1:{proxy.port}'" in shown
    assert PASSWORD not in shown


@pytest.mark.anyio
async def test_async_the_proxy_setting(sandbox: PortServer, proxy: Proxy) -> None:
    async with AsyncQualifiedNumbersClient(**client_kwargs(sandbox, proxy=proxy.url())) as client:
        await client.qualified_numbers.add([ONE])
    assert proxy.targets() == [
        f"POST {sandbox.url}/oauth2/token",
        f"POST {_api(sandbox)}:addNumbers",
    ]


def test_http_proxy_from_the_environment_and_no_proxy(
    sandbox: PortServer, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url())
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        client.qualified_numbers.add([ONE])
    assert proxy.targets() == [
        f"POST {sandbox.url}/oauth2/token",
        f"POST {_api(sandbox)}:addNumbers",
    ]
    proxy.seen.clear()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        assert client.qualified_numbers.get(ONE).phone_number == ONE
    assert proxy.seen == []


def test_sinch_qn_proxy_and_with_options(
    sandbox: PortServer, proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SINCH_QN_PROXY", proxy.url())
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as client:
        client.qualified_numbers.add([ONE])
    assert len(proxy.seen) == 2
    monkeypatch.delenv("SINCH_QN_PROXY")
    proxy.seen.clear()
    with QualifiedNumbersClient(**client_kwargs(sandbox)) as direct:
        direct.qualified_numbers.get(ONE)
        assert proxy.seen == []
        proxied = direct.with_options(proxy=proxy.url())
        assert proxied.qualified_numbers.get(ONE).phone_number == ONE
        # The copy shares the token (fetched directly): only its call went through.
        assert proxy.targets() == [f"GET {_api(sandbox)}/%2B{ONE[1:]}"]
        direct.qualified_numbers.get(ONE)
        assert len(proxy.seen) == 1
        proxied.close()


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for localhost, made for the test run (never stored)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class _TlsService(BaseHTTPRequestHandler):
    """A tiny https fake of the service: the token endpoint and one number."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(b'{"access_token": "tok-tls-1234", "expires_in": 3600}')

    def do_GET(self) -> None:
        import json

        self._answer(json.dumps(number_json(ONE)).encode())


def test_https_goes_through_a_connect_tunnel(
    proxy: Proxy, tls_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = tls_files
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TlsService)
    server.daemon_threads = True
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    base = f"https://localhost:{port}"
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setenv("HTTPS_PROXY", proxy.url())
    try:
        with QualifiedNumbersClient(
            project_id=PROJECT,
            key_id="key-id",
            key_secret="s3cr3t-key-secret",
            base_url=base,
            token_url=f"{base}/oauth2/token",
        ) as client:
            assert client.qualified_numbers.get(ONE).phone_number == ONE
    finally:
        server.shutdown()
        server.server_close()
    # One tunnel (the connection is kept alive for the token and the call).
    assert proxy.targets() == [f"CONNECT localhost:{port}"]
    assert proxy.seen[0][2] == EXPECTED_AUTH


def test_a_proxy_password_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens on port 9: the proxy connection is refused.
    dead = f"http://{USER}:{PASSWORD}@127.0.0.1:9"
    with QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret="s3cr3t-key-secret",
        auth="basic",
        base_url="https://qn.example.com",
        proxy=dead,
        max_retries=0,
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.qualified_numbers.get(ONE)
        shown = f"{caught.value} {caught.value!r} {client!r} {client.config!r}"
    assert PASSWORD not in shown
    for bad in (f"ftp://{USER}:{PASSWORD}@proxy:21", f"http://{USER}:{PASSWORD}@:3128"):
        with pytest.raises(ConfigurationError) as refused:
            QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s", proxy=bad)
        assert PASSWORD not in str(refused.value) and "://***@" in str(refused.value)
    monkeypatch.setenv("SINCH_QN_PROXY", f"nonsense://{USER}:{PASSWORD}@x")
    with pytest.raises(ConfigurationError) as from_env:
        QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s")
    assert "$SINCH_QN_PROXY" in str(from_env.value) and PASSWORD not in str(from_env.value)
    monkeypatch.delenv("SINCH_QN_PROXY")
    monkeypatch.setenv("HTTPS_PROXY", f"nonsense://{USER}:{PASSWORD}@x")
    with pytest.raises(ConfigurationError) as from_https_proxy:
        QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s")
    assert "$HTTPS_PROXY" in str(from_https_proxy.value)
    assert PASSWORD not in str(from_https_proxy.value)


def test_a_proxy_and_a_transport_of_ones_own_do_not_mix(monkeypatch: pytest.MonkeyPatch) -> None:
    mock = httpx.MockTransport(lambda request: httpx.Response(200, json=number_json(ONE)))
    with pytest.raises(ConfigurationError, match="proxy and http_transport"):
        QualifiedNumbersClient(
            project_id="p", key_id="k", key_secret="s", proxy="http://p:3128", http_transport=mock
        )
    # The environment's proxy does not apply to a transport of one's own (as in httpx).
    monkeypatch.setenv("SINCH_QN_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with QualifiedNumbersClient(
        project_id="p", key_id="k", key_secret="s", auth="basic", http_transport=mock
    ) as client:
        assert client.qualified_numbers.get(ONE).phone_number == ONE
        assert client.with_options(max_retries=0).qualified_numbers.get(ONE)


def _wrong_password(proxy: Proxy) -> str:
    return f"http://{USER}:not-the-password@127.0.0.1:{proxy.port}"


@pytest.mark.parametrize("mode", both.MODES)
@pytest.mark.parametrize("auth", ["oauth2", "basic"])
def test_a_proxy_refusing_its_credentials_is_a_proxy_error(
    sandbox: PortServer, proxy: Proxy, auth: str, mode: str
) -> None:
    # A forward proxy answers 407 itself: neither the token endpoint's nor the service's answer.
    kwargs = client_kwargs(sandbox, proxy=_wrong_password(proxy), auth=auth)
    with pytest.raises(ProxyError) as caught:
        both.run(mode, kwargs, lambda c: c.qualified_numbers.get(ONE))
    error = caught.value
    assert error.status_code == 407 and error.request_sent is False
    assert error.proxy == f"http://***@127.0.0.1:{proxy.port}"
    assert f"proxy http://***@127.0.0.1:{proxy.port}" in str(error)
    assert "check the user and password" in str(error)
    assert "not-the-password" not in f"{error} {error!r} {error.url}"
    assert re.search(r"proxy http://\*\*\*@127\.0\.0\.1:\d+ refused", str(error))
    assert len(proxy.seen) == 1  # a refused password is not tried again


def test_a_connect_refused_with_407_is_a_proxy_error(proxy: Proxy) -> None:
    # https goes through a CONNECT tunnel: httpx raises its ProxyError for the 407.
    with QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret="s3cr3t-key-secret",
        auth="basic",
        base_url="https://qn.example.com",
        proxy=_wrong_password(proxy),
    ) as client:
        with pytest.raises(ProxyError, match="check the user and password") as caught:
            client.qualified_numbers.get(ONE)
    assert caught.value.status_code == 407
    assert proxy.targets() == ["CONNECT qn.example.com:443"]


def test_a_proxy_that_is_down_is_named_with_the_target() -> None:
    with QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret="s3cr3t-key-secret",
        base_url="http://127.0.0.1:18765",
        proxy=f"http://{USER}:{PASSWORD}@127.0.0.1:9",
        max_retries=0,
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.qualified_numbers.get(ONE)
    shown = str(caught.value)
    assert "POST http://127.0.0.1:18765/oauth2/token failed" in shown
    assert "through the proxy http://***@127.0.0.1:9" in shown
    assert caught.value.proxy == "http://***@127.0.0.1:9"
    assert PASSWORD not in shown


@pytest.mark.anyio
async def test_async_a_proxy_that_is_down_is_named() -> None:
    async with AsyncQualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret="s3cr3t-key-secret",
        auth="basic",
        base_url="http://127.0.0.1:18765",
        proxy="http://127.0.0.1:9",
        max_retries=0,
    ) as client:
        with pytest.raises(APIConnectionError, match=r"through the proxy http://127\.0\.0\.1:9 "):
            await client.qualified_numbers.get(ONE)


def test_a_failed_connect_never_reached_the_service_and_is_retried(proxy: Proxy) -> None:
    proxy.connect_status = 502
    with QualifiedNumbersClient(
        project_id=PROJECT,
        key_id="key-id",
        key_secret="s3cr3t-key-secret",
        base_url="https://qn.example.com",
        token_url="https://qn.example.com/oauth2/token",
        proxy=proxy.url(),
        max_retries=1,
    ) as client:
        # The token request, a POST: retried only because a failed CONNECT provably sent
        # nothing.
        with pytest.raises(ProxyError) as caught:
            client.qualified_numbers.get(ONE)
    error = caught.value
    assert "never reached the service" in str(error)
    assert "may have reached" not in str(error)
    assert error.request_sent is False and error.status_code == 502
    assert proxy.targets() == ["CONNECT qn.example.com:443"] * 2


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never says anything: a plain-HTTP
    proxy given as `https://` waits for a request line while the client waits for TLS."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in held:
        conn.close()


def _tls_to_a_plain_proxy(port: int, **settings: Any) -> dict[str, Any]:
    return {
        "project_id": PROJECT,
        "key_id": "key-id",
        "key_secret": "s3cr3t-key-secret",
        "base_url": "http://127.0.0.1:18765",
        "proxy": f"https://127.0.0.1:{port}",
        "max_retries": 0,
        **settings,
    }


# The safety net: a handshake not bounded by the client's settings hangs far longer.
@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "settings",
    [
        {"timeout": 0.5},
        # A connect timeout longer than the attempt: the TLS handshake with the proxy ends
        # with the attempt all the same.
        {"timeout": httpx.Timeout(60.0), "attempt_timeout": 0.5},
    ],
    ids=["timeout", "attempt_timeout"],
)
@pytest.mark.parametrize("mode", both.MODES)
def test_tls_to_a_plain_http_proxy_times_out(
    silent_listener: int, settings: Any, mode: str
) -> None:
    kwargs = _tls_to_a_plain_proxy(silent_listener, **settings)
    with pytest.raises(APITimeoutError) as caught:
        both.run(mode, kwargs, lambda c: c.qualified_numbers.get(ONE))
    assert f"through the proxy https://127.0.0.1:{silent_listener}" in str(caught.value)
    assert caught.value.request_sent is False
