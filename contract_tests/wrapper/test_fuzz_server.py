"""The client against a misbehaving server: any status line, headers, body, encoding, pace,
and any sequence of token-endpoint answers, written byte for byte by an in-process server.

Promised for every call: a value or a `QualifiedNumbersError` (never another exception),
within a time bound, with bounded memory (the answer is capped), and no credential (the key
secret, the Basic value, a token) in any exception's message, repr, body or headers, or in
any log line, even when the server echoes the request's `Authorization` back.

`FUZZ_EXAMPLES` sets the number of examples (`make contract-test-deep` raises it).
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import os
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers import QualifiedNumbersClient, QualifiedNumbersError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
)
KEY_ID = "fuzz-key-id"
SECRET = "fuzz-key-secret-8d1f3a"
BASIC = base64.b64encode(f"{KEY_ID}:{SECRET}".encode()).decode()
ATTEMPT_TIMEOUT = 0.6
#: The most one call may take: 2 attempts of each of (token, call, 401 replay), the waits.
BOUND = 12.0
PHONE = "+12025550134"


@dataclass(frozen=True)
class Answer:
    """One scripted answer: raw bytes, possibly dripped, possibly followed by a close."""

    head: bytes
    body: bytes
    drip: bool = False
    close: bool = False


@dataclass
class Script:
    token: list[Answer] = field(default_factory=list)
    api: list[Answer] = field(default_factory=list)
    #: Every credential the client sent (the Basic value, each bearer token it used).
    credentials: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self, token_endpoint: bool) -> Answer | None:
        with self.lock:
            queue = self.token if token_endpoint else self.api
            if not queue:
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]


class Server:
    """A loopback HTTP/1.1 server that writes whatever the script says."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.script = Script()
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:])
                }
                length = int(headers.get("content-length", "0") or 0)
                while len(buffer) < length:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                buffer = buffer[length:]
                sent = headers.get("authorization", "").partition(" ")[2].strip()
                if sent:
                    self.script.credentials.add(sent)
                answer = self.script.next("/oauth2/token" in lines[0])
                if answer is None:
                    return
                self._write(conn, answer, headers.get("authorization", ""))
                if answer.close:
                    return
        except OSError:
            return
        finally:
            conn.close()

    def _write(self, conn: socket.socket, answer: Answer, authorization: str) -> None:
        decoded = ""
        if authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:]).decode()
            except ValueError:
                decoded = ""
        echo = {
            b"{AUTH}": authorization.encode(),
            b"{BASIC}": decoded.encode(),
            b"{CRED}": authorization.partition(" ")[2].encode(),
        }
        head, body = answer.head, answer.body
        for mark, value in echo.items():
            head, body = head.replace(mark, value), body.replace(mark, value)
        head = head.replace(b"{LEN}", str(len(body)).encode())
        if answer.drip:  # from the status line on: no answer ever completes its headers
            for byte in (head + body)[:40]:
                conn.sendall(bytes([byte]))
                time.sleep(0.25)
            return
        conn.sendall(head + body)

    def close(self) -> None:
        self._stop = True
        self.sock.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


def _number(phone: str = PHONE) -> bytes:
    return json.dumps(
        {"phoneNumber": phone, "globalProcessState": "GLOBAL_PROCESS_STATE_VERIFIED"}
    ).encode()


_BOMB = gzip.compress(b"0" * 2_000_000)  # 2 MB of zeros in a few kilobytes
_DEEP = b"[" * 200_000
BODIES = st.sampled_from(
    [
        _number(),
        b"",
        b"{}",
        b"null",
        b"[]",
        b"not json",
        b"\xff\xfe\x00garbage",
        _DEEP,
        b'{"a":' * 50_000,
        json.dumps({"error": {"code": 401, "message": "{AUTH}", "status": "X"}}).encode(),
        b'{"code": "400", "message": "you sent {AUTH} and {BASIC}", "details": [{"x": "{CRED}"}]}',
        b"echo: {AUTH} {BASIC} {CRED}",
        json.dumps({"qualifiedNumbers": [], "nextPageToken": "t"}).encode(),
        json.dumps({"qualifiedNumbers": [json.loads(_number())], "nextPageToken": ""}).encode(),
        b'{"qualifiedNumbers": 5, "nextPageToken": 7}',
        b"x" * 200_000,
        json.dumps({"access_token": "tok-a1b2c3d4", "expires_in": 3600}).encode(),
        json.dumps({"access_token": "tok-e5f6g7h8", "expires_in": 0}).encode(),
        json.dumps({"access_token": "", "expires_in": "soon"}).encode(),
        b'{"access_token": ' + b"[" * 100_000,
    ]
)
STATUS_LINES = st.sampled_from(
    [
        b"HTTP/1.1 200 OK",
        b"HTTP/1.1 400 Bad Request",
        b"HTTP/1.1 401 Unauthorized",
        b"HTTP/1.1 404 Not Found",
        b"HTTP/1.1 429 Too Many Requests",
        b"HTTP/1.1 500 Internal Server Error",
        b"HTTP/1.1 503 Service Unavailable",
        b"HTTP/1.1 302 Found",
        b"HTTP/1.1 999 What",
        b"HTTP/1.1 abc",
        b"HTTP/1.0 200 OK",
        b"GARBAGE",
        b"",
    ]
)
EXTRA_HEADERS = st.lists(
    st.sampled_from(
        [
            b"Retry-After: 1e308",
            b"Retry-After: inf",
            b"Retry-After: -5",
            b"Retry-After: nan",
            b"Retry-After: Tue, 01 Jan 2999 00:00:00 GMT",
            b"Retry-After: soon",
            b"Retry-After: " + b"9" * 400,
            b"Retry-After: 0",
            b"Content-Type: application/json",
            b"Content-Type: text/html; charset=klingon",
            b"Content-Encoding: br",
            b"Content-Encoding: gzip, gzip",
            b"Content-Encoding: zstd",
            b"X-Echo: {AUTH}",
            b"Location: http://127.0.0.1:1/elsewhere",
            b"Bad Header Without Colon",
            b"Broken echo {AUTH}",
            b"X-Long: " + b"a" * 20_000,
        ]
    ),
    max_size=3,
)
ENCODINGS = st.sampled_from(["identity", "identity", "gzip", "deflate", "bomb", "broken-gzip"])
LENGTHS = st.sampled_from(["right", "right", "right", "short", "long", "missing", "garbage"])


@st.composite
def answers(draw: st.DrawFn) -> Answer:
    status = draw(STATUS_LINES)
    body = draw(BODIES)
    encoding = draw(ENCODINGS)
    headers = list(draw(EXTRA_HEADERS))
    if encoding == "gzip":
        body = gzip.compress(body)
        headers.append(b"Content-Encoding: gzip")
    elif encoding == "deflate":
        body = zlib.compress(body)
        headers.append(b"Content-Encoding: deflate")
    elif encoding == "bomb":
        body = _BOMB
        headers.append(b"Content-Encoding: gzip")
    elif encoding == "broken-gzip":
        body = b"\x1f\x8b\x08\x00garbage"
        headers.append(b"Content-Encoding: gzip")
    length = draw(LENGTHS)
    if length == "right":
        headers.append(b"Content-Length: {LEN}")
    elif length == "short":
        headers.append(f"Content-Length: {max(0, len(body) - 3)}".encode())
    elif length == "long":
        headers.append(f"Content-Length: {len(body) + 50}".encode())
    elif length == "garbage":
        headers.append(b"Content-Length: lots")
    head = status + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
    return Answer(
        head, body, drip=draw(st.sampled_from([False] * 12 + [True])), close=draw(st.booleans())
    )


CALLS = st.sampled_from(["get", "list", "callback_configuration", "add"])


class _Logs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _call(client: QualifiedNumbersClient, call: str) -> Any:
    qn = client.qualified_numbers
    if call == "get":
        return qn.get(PHONE)
    if call == "list":
        return list(qn.list(limit=5))
    if call == "add":
        return qn.add([PHONE])
    return client.callback_configuration.get()


def _secrets(sent: set[str]) -> list[str]:
    return [SECRET, BASIC, f"{KEY_ID}:{SECRET}", *sent]


@FUZZ
@given(
    token=st.lists(answers(), min_size=1, max_size=3),
    api=st.lists(answers(), min_size=1, max_size=4),
    call=CALLS,
    auth=st.sampled_from(["oauth2", "basic"]),
)
def test_a_misbehaving_server_gets_a_typed_bounded_error_or_a_value(
    server: Server, token: list[Answer], api: list[Answer], call: str, auth: str
) -> None:
    server.script = Script(token=token, api=api)
    logs = _Logs()
    logger = logging.getLogger("sinch_qualified_numbers")
    logger.addHandler(logs)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    url = f"http://127.0.0.1:{server.port}"
    started = time.monotonic()
    error: BaseException | None = None
    try:
        with QualifiedNumbersClient(
            project_id="p",
            key_id=KEY_ID,
            key_secret=SECRET,
            auth=auth,  # type: ignore[arg-type]
            base_url=url,
            token_url=f"{url}/oauth2/token",
            timeout=0.3,
            max_retries=1,
            attempt_timeout=ATTEMPT_TIMEOUT,
            max_response_bytes=256 * 1024,
            max_retry_after=0.5,
        ) as client:
            try:
                _call(client, call)
            except QualifiedNumbersError as exc:
                error = exc
    finally:
        logger.removeHandler(logs)
        logger.setLevel(level)
    elapsed = time.monotonic() - started
    assert elapsed < BOUND, f"{call} took {elapsed:.1f} s"
    shown = [*logs.lines]
    if error is not None:
        shown += [str(error), repr(error), str(getattr(error, "body", ""))]
        shown += [str(getattr(error, "headers", ""))]
        cause = error.__cause__ or error.__context__
        if cause is not None:
            shown.append(str(cause))
    for text in shown:
        for secret in _secrets(server.script.credentials):
            assert secret not in text, (secret, text[:300])


def test_a_server_that_drips_is_cut_off_by_the_attempt_deadline(server: Server) -> None:
    """One byte every 0.25 s never trips a 30 s read timeout; the attempt deadline ends it."""
    body = _number() + b" " * 100
    head = b"HTTP/1.1 200 OK\r\nContent-Length: {LEN}\r\nContent-Type: application/json\r\n\r\n"
    server.script = Script(api=[Answer(head, body, drip=True)])
    url = f"http://127.0.0.1:{server.port}"
    started = time.monotonic()
    with (
        QualifiedNumbersClient(
            project_id="p",
            key_id=KEY_ID,
            key_secret=SECRET,
            auth="basic",
            base_url=url,
            timeout=30,
            max_retries=0,
            attempt_timeout=1.5,
        ) as client,
        pytest.raises(QualifiedNumbersError, match="timed out"),
    ):
        client.qualified_numbers.get(PHONE)
    assert time.monotonic() - started < 4


def test_a_gzip_bomb_is_refused_as_it_inflates(server: Server) -> None:
    from sinch_qualified_numbers import ResponseTooLargeError

    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {LEN}\r\n\r\n"
    bomb = gzip.compress(b"[" + b"0," * 50_000_000 + b"0]")  # 100 MB inflated
    server.script = Script(api=[Answer(head, bomb)])
    url = f"http://127.0.0.1:{server.port}"
    with (
        QualifiedNumbersClient(
            project_id="p", key_id=KEY_ID, key_secret=SECRET, auth="basic", base_url=url
        ) as client,
        pytest.raises(ResponseTooLargeError, match="max_response_bytes"),
    ):
        client.qualified_numbers.get(PHONE)


def test_distinct_tokens_with_empty_pages_end_in_a_pagination_error(server: Server) -> None:
    from sinch_qualified_numbers import PaginationError

    pages = [
        Answer(
            b"HTTP/1.1 200 OK\r\nContent-Length: {LEN}\r\n\r\n",
            json.dumps({"qualifiedNumbers": [], "nextPageToken": f"t{n}"}).encode(),
        )
        for n in range(200)
    ]
    server.script = Script(api=pages)
    url = f"http://127.0.0.1:{server.port}"
    with (
        QualifiedNumbersClient(
            project_id="p", key_id=KEY_ID, key_secret=SECRET, auth="basic", base_url=url
        ) as client,
        pytest.raises(PaginationError, match="empty pages in a row"),
    ):
        list(client.qualified_numbers.list(limit=5))


@pytest.mark.parametrize("where", ["answer", "error body", "token endpoint"])
def test_deeply_nested_json_is_a_typed_error(server: Server, where: str) -> None:
    deep = b"[" * 200_000
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: {LEN}\r\n\r\n"
    bad = b"HTTP/1.1 400 Bad\r\nContent-Length: {LEN}\r\n\r\n"
    token = Answer(ok, json.dumps({"access_token": "tok-a1b2c3d4", "expires_in": 60}).encode())
    if where == "token endpoint":
        token = Answer(ok, deep)
    api = Answer(bad if where == "error body" else ok, deep)
    server.script = Script(token=[token], api=[api])
    url = f"http://127.0.0.1:{server.port}"
    with (
        QualifiedNumbersClient(
            project_id="p",
            key_id=KEY_ID,
            key_secret=SECRET,
            base_url=url,
            token_url=f"{url}/oauth2/token",
        ) as client,
        pytest.raises(QualifiedNumbersError),
    ):
        client.qualified_numbers.get(PHONE)


def test_credentials_echoed_by_the_server_are_masked(server: Server) -> None:
    body = json.dumps(
        {"code": "400", "message": "bad request with {AUTH} ({BASIC})", "status": "X"}
    ).encode()
    head = b"HTTP/1.1 400 Bad\r\nX-Echo: {AUTH}\r\nContent-Length: {LEN}\r\n\r\n"
    server.script = Script(api=[Answer(head, body)])
    url = f"http://127.0.0.1:{server.port}"
    with (
        QualifiedNumbersClient(
            project_id="p", key_id=KEY_ID, key_secret=SECRET, auth="basic", base_url=url
        ) as client,
        pytest.raises(QualifiedNumbersError) as caught,
    ):
        client.qualified_numbers.get(PHONE)
    shown = f"{caught.value} {caught.value!r} {getattr(caught.value, 'body', '')}"
    shown += str(getattr(caught.value, "headers", ""))
    assert "bad request with ***" in str(caught.value)
    for secret in (SECRET, BASIC):
        assert secret not in shown


def test_the_cli_prints_one_line_for_a_deeply_nested_answer(server: Server) -> None:
    from ..cli.conftest import run

    ok = b"HTTP/1.1 200 OK\r\nContent-Length: {LEN}\r\n\r\n"
    server.script = Script(api=[Answer(ok, b"[" * 200_000)])
    url = f"http://127.0.0.1:{server.port}"
    env: dict[str, str | None] = {
        "SINCH_PROJECT_ID": "p",
        "SINCH_KEY_ID": KEY_ID,
        "SINCH_KEY_SECRET": SECRET,
        "SINCH_QN_BASE_URL": url,
    }
    result = run(["--auth", "basic", "get", PHONE], env)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert "could not be read" in result.stderr


def test_credentials_in_a_malformed_answer_are_masked_in_the_connection_error(
    server: Server,
) -> None:
    """h11 quotes the offending header line in its error; the line echoes the credentials."""
    head = b"HTTP/1.1 200 OK\r\nBroken echo {AUTH}\r\nContent-Length: 0\r\n\r\n"
    server.script = Script(api=[Answer(head, b"")])
    url = f"http://127.0.0.1:{server.port}"
    with (
        QualifiedNumbersClient(
            project_id="p",
            key_id=KEY_ID,
            key_secret=SECRET,
            auth="basic",
            base_url=url,
            max_retries=0,
        ) as client,
        pytest.raises(QualifiedNumbersError) as caught,
    ):
        client.qualified_numbers.get(PHONE)
    assert "illegal header line" in str(caught.value) and "***" in str(caught.value)
    assert BASIC not in str(caught.value)


@pytest.mark.anyio
async def test_the_async_client_keeps_the_same_bounds(server: Server) -> None:
    from sinch_qualified_numbers import AsyncQualifiedNumbersClient, ResponseTooLargeError

    url = f"http://127.0.0.1:{server.port}"
    options: dict[str, Any] = {
        "project_id": "p",
        "key_id": KEY_ID,
        "key_secret": SECRET,
        "auth": "basic",
        "base_url": url,
        "timeout": 30,
        "max_retries": 0,
        "attempt_timeout": 1.5,
    }
    head = b"HTTP/1.1 200 OK\r\nContent-Length: {LEN}\r\n\r\n"
    server.script = Script(api=[Answer(head, _number() + b" " * 100, drip=True)])
    started = time.monotonic()
    async with AsyncQualifiedNumbersClient(**options) as client:
        with pytest.raises(QualifiedNumbersError, match="timed out"):
            await client.qualified_numbers.get(PHONE)
    assert time.monotonic() - started < 4
    gzipped = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {LEN}\r\n\r\n"
    server.script = Script(api=[Answer(gzipped, _BOMB)])
    async with AsyncQualifiedNumbersClient(**{**options, "max_response_bytes": 65536}) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.qualified_numbers.get(PHONE)
