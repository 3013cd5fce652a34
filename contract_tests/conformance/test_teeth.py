"""A contract run that cannot fail is worthless: dead, lying and misaddressed targets must be
caught, each by the real runner (schemathesis and the verdict of report.py), each next to a
control that passes the same run against the same target unbroken.

The runs are scoped to two or three operations with three examples each: what is under test is
the runner's verdict, not the sandbox (test_sandbox_conformance.py runs every operation)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers import PaginationError, QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    Sandbox,
    SandboxConfig,
    serve_app_in_thread,
)
from sinch_qualified_numbers_sandbox.spec import operation_for, operation_ids

from ..conftest import API_VERSION, seed_numbers
from .runner import READ_ONLY_OPERATIONS, Kind, RunResult, run_schemathesis

Mutation = Callable[[dict[str, Any], int, Any], tuple[int, Any]]
App = Callable[..., Any]
EXAMPLES = 3


def broken(app: App, mutate: Mutation) -> App:
    """Wrap an ASGI app and rewrite its JSON answers: (scope, status, body) -> (status, body)."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["path"].startswith("/_sandbox")
            or scope["path"] == "/oauth2/token"
        ):
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await app(scope, receive, capture)
        raw = b"".join(chunks)
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = None
        status, body = mutate(scope, start["status"], body)
        data = raw if body is None else json.dumps(body).encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return wrapped


def unbroken(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    return status, body


def _added(scope: dict[str, Any], status: int) -> bool:
    return status == 200 and scope["path"].endswith("/qualifiedNumbers:addNumbers")


def wrong_type(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    """addQualifiedNumbers answers each number as an integer instead of E.164 text."""
    if _added(scope, status) and isinstance(body, dict):
        for number in body.get("qualifiedNumbers", []):
            number["phoneNumber"] = int(number["phoneNumber"].lstrip("+"))
    return status, body


def missing_required(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    """addQualifiedNumbers answers numbers without their (required) phoneNumber."""
    if _added(scope, status) and isinstance(body, dict):
        for number in body.get("qualifiedNumbers", []):
            del number["phoneNumber"]
    return status, body


def undocumented_status(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    return (201, body) if _added(scope, status) else (status, body)


def server_error(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    """getQualifiedNumber fails with a 500, whatever it is asked."""
    if operation_for(scope["method"], scope["path"]) == "getQualifiedNumber":
        return 500, {"code": "500", "message": "boom", "status": "INTERNAL"}
    return status, body


def endless_pages() -> Mutation:
    """Answer the first real page token again and again (each one is valid for the server)."""
    first: list[str] = []

    def mutate(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
        if isinstance(body, dict) and body.get("nextPageToken"):
            if not first:
                first.append(body["nextPageToken"])
            body["nextPageToken"] = first[0]
        return status, body

    return mutate


async def _answer(send: Any, status: int, body: object, content_type: bytes, *extra: Any) -> None:
    data = json.dumps(body).encode()
    headers = [(b"content-type", content_type), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*headers, *extra]})
    await send({"type": "http.response.body", "body": data})


async def answers_404(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A well-behaved server that has none of the spec's resources: 404 (a documented error
    body) to every call of an operation, 405 with Allow to a method the path does not have."""
    if scope["type"] != "http":
        return
    path, method = scope["path"], scope["method"]
    if operation_for(method, path) is None:
        allowed = [m for m in ("GET", "POST", "PATCH", "DELETE") if operation_for(m, path)]
        if allowed:
            body = {"code": "405", "message": "Method not allowed", "status": "UNIMPLEMENTED"}
            allow = (b"allow", ", ".join(allowed).encode())
            await _answer(send, 405, body, b"application/json", allow)
            return
    body = {"code": "404", "message": "Not found", "status": "NOT_FOUND"}
    await _answer(send, 404, body, b"application/json")


def at_root(app: App) -> App:
    """A stand-in for Prism made from the sandbox: the spec's paths at the root (Prism ignores
    the version in the spec's server URL), any credentials taken, anything else a 404
    problem+json "Route not resolved" as Prism answers it."""
    import base64

    basic = base64.b64encode(f"{DEFAULT_KEY_ID}:{DEFAULT_KEY_SECRET}".encode())

    async def mock(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/projects/"):
            if scope["type"] == "http":
                problem = {"type": "NO_PATH_MATCHED_ERROR", "title": "Route not resolved"}
                await _answer(send, 404, problem, b"application/problem+json")
            else:
                await app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
        headers.append((b"authorization", b"Basic " + basic))
        path = f"/{API_VERSION}{scope['path']}"
        raw = f"/{API_VERSION}{scope['raw_path'].decode('latin-1')}".encode("latin-1")
        await app({**scope, "path": path, "raw_path": raw, "headers": headers}, receive, send)

    return mock


@pytest.fixture
def serve() -> Iterator[Callable[[App | None, Mutation], tuple[str, Sandbox]]]:
    """Serve a fresh sandbox on 127.0.0.1, wrapped by `wrap` (an ASGI app around it) and its
    answers rewritten by a mutation; return its URL and the sandbox."""
    stack: list[Any] = []

    def start(wrap: Callable[[App], App] | None, mutation: Mutation) -> tuple[str, Sandbox]:
        sandbox = Sandbox(SandboxConfig(eligibility_delay=0, hosting_delay=1, seed=1))
        app = broken(sandbox.app, mutation)
        running = serve_app_in_thread(wrap(app) if wrap else app)
        stack.append((running, sandbox))
        return running.url, sandbox

    yield start
    for running, sandbox in stack:
        running.stop()
        sandbox.close()


def run(url: str, tmp_path: Path, kind: Kind, only: tuple[str, ...], **options: Any) -> RunResult:
    """The real runner, scoped to `only` (every other operation left out, named)."""
    left_out = {op: "outside this test" for op in operation_ids() if op not in only}
    return run_schemathesis(
        url,
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        max_examples=EXAMPLES,
        kind=kind,
        report_dir=tmp_path,
        left_out=left_out,
        **options,
    )


def never_exercised(output: str, operation: str, status: int) -> re.Match[str] | None:
    """The verdict's line for an operation no call of which was answered 2xx."""
    times = "\N{MULTIPLICATION SIGN}"
    line = rf"^  {operation}: 0 of (\d+) calls answered 2xx \(\1 {times} {status}\)$"
    return re.search(line, output, re.MULTILINE)


def coverage_line(output: str, operation: str) -> str | None:
    found = re.search(rf"^  {operation}: 0 of \d+ calls answered 2xx .*$", output, re.MULTILINE)
    return found.group(0) if found else None


# -- (a) a target that answers 404 to every real call --------------------------------------


def _live_run(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    """`make contract-test TARGET_URL=<url>` with credentials set: a read-only live run."""
    from .run import main

    monkeypatch.setenv("SINCH_PROJECT_ID", DEFAULT_PROJECT_ID)
    monkeypatch.setenv("SINCH_KEY_ID", DEFAULT_KEY_ID)
    monkeypatch.setenv("SINCH_KEY_SECRET", DEFAULT_KEY_SECRET)
    monkeypatch.delenv("CONTRACT_ALLOW_WRITES", raising=False)
    argv = ["--target-url", url, "--max-examples", str(EXAMPLES), "--report-dir", str(tmp_path)]
    code = main(argv)
    return code, capsys.readouterr().out


def test_a_target_answering_404_to_every_call_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    running = serve_app_in_thread(answers_404)
    try:
        code, printed = _live_run(running.url, tmp_path, monkeypatch, capsys)
    finally:
        running.stop()
    assert code != 0, printed[-4000:]
    # schemathesis alone finds nothing wrong (a 404 is documented everywhere) ...
    assert re.search(r"(\d+) generated, \1 passed", printed), printed[-4000:]
    # ... the coverage verdict fails the run, naming each operation and what it got instead.
    for operation in READ_ONLY_OPERATIONS:
        assert never_exercised(printed, operation, 404), printed[-4000:]
    assert f"every call was answered 404: is /{API_VERSION} the base path" in printed
    # The writes a read-only run leaves out are named, with the reason, not failed.
    assert re.search(r"createImportedNumber .* left out: a write: a live run is read-only", printed)


def test_control_the_same_live_run_passes_against_the_sandbox(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The project has numbers (none of them the spec's example): the run reads one from the
    listing for getQualifiedNumber, as it would from Sinch."""
    url, _ = serve(None, unbroken)
    seed_numbers(url, ["+13125550177", "+13125550178"])
    code, printed = _live_run(url, tmp_path, monkeypatch, capsys)
    assert code == 0, printed[-4000:]
    assert "passed; 2 operations exercised" in printed


# -- (b) the sandbox with one operation's answers broken ------------------------------------

SCOPE = ("addQualifiedNumbers", "getQualifiedNumber")


@pytest.mark.parametrize("mutation", [wrong_type, missing_required])
def test_the_sandbox_with_one_operations_answers_broken_fails_naming_it(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]],
    mutation: Mutation,
    tmp_path: Path,
) -> None:
    url, _ = serve(None, mutation)
    result = run(url, tmp_path, "sandbox", SCOPE)
    assert result.returncode != 0, result.output[-4000:]
    assert "Response violates schema" in result.output
    assert result.report is not None
    # The broken answers are add's own (get may then fail on what add's links gave it).
    schema = "response_schema_conformance"
    failing = {op for op in SCOPE if schema in result.report.failed_checks(op)}
    assert failing == {"addQualifiedNumbers"}, result.output[-4000:]
    verdict = result.output[result.output.rindex("contract run against") :]
    named = r"^addQualifiedNumbers: .*response_schema_conformance \(\d+ failed\)"
    assert re.search(named, verdict, re.MULTILINE), verdict


def test_an_undocumented_status_fails_naming_the_operation(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]], tmp_path: Path
) -> None:
    url, _ = serve(None, undocumented_status)
    result = run(url, tmp_path, "sandbox", SCOPE)
    assert result.returncode != 0, result.output[-4000:]
    assert "Undocumented status code" in result.output
    assert result.report is not None
    assert result.report.failed_checks("addQualifiedNumbers").get("status_code_conformance")
    verdict = result.output[result.output.rindex("contract run against") :]
    named = r"^addQualifiedNumbers: .*status_code_conformance \(\d+ failed\)"
    assert re.search(named, verdict, re.MULTILINE), verdict
    # A 201 is a 2xx the spec does not document: it exercises nothing.
    line = coverage_line(result.output, "addQualifiedNumbers")
    assert line is not None and "\N{MULTIPLICATION SIGN} 201" in line, result.output[-4000:]


# -- (c) a target answering 500 for one operation -------------------------------------------


def test_a_target_answering_500_for_one_operation_fails(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]], tmp_path: Path
) -> None:
    url, _ = serve(None, server_error)
    result = run(url, tmp_path, "sandbox", SCOPE)
    assert result.returncode != 0, result.output[-4000:]
    assert "Server error" in result.output
    assert result.report is not None
    assert result.report.failed_checks("getQualifiedNumber").get("not_a_server_error")
    assert never_exercised(result.output, "getQualifiedNumber", 500), result.output[-4000:]
    assert not result.report.failed_checks("addQualifiedNumbers")
    verdict = result.output[result.output.rindex("contract run against") :]
    assert re.search(r"^getQualifiedNumber: .*not_a_server_error \(\d+ failed\)", verdict, re.M)


def test_control_the_same_sandbox_run_passes_unbroken(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]], tmp_path: Path
) -> None:
    url, _ = serve(None, unbroken)
    result = run(url, tmp_path, "sandbox", SCOPE)
    assert result.returncode == 0, result.output[-4000:]
    assert result.report is not None and result.report.failed() == 0
    assert not result.report.verdict()
    assert "passed; 2 operations exercised" in result.output


# -- (d) a mock with the wrong base path ----------------------------------------------------

MOCK_SCOPE = ("listQualifiedNumbers", "getCallbackConfiguration")


def test_a_mock_with_the_wrong_base_path_fails_naming_it(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]], tmp_path: Path
) -> None:
    url, _ = serve(at_root, unbroken)
    result = run(url, tmp_path, "mock", MOCK_SCOPE, base_path="/v1beta1")
    assert result.returncode != 0, result.output[-4000:]
    assert f"never exercised at {url}/v1beta1 (base path /v1beta1)" in result.output
    assert "every call was answered 404: is /v1beta1 the base path" in result.output
    for operation in MOCK_SCOPE:
        assert never_exercised(result.output, operation, 404), result.output[-4000:]


def test_control_a_mock_at_its_root_passes(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]], tmp_path: Path
) -> None:
    """The default base path of a mock is its root, as Prism serves the spec."""
    url, _ = serve(at_root, unbroken)
    result = run(url, tmp_path, "mock", MOCK_SCOPE)
    assert result.returncode == 0, result.output[-4000:]
    assert "passed; 2 operations exercised" in result.output
    # Against a mock the checks of credentials and state are left out, each named with why.
    assert re.search(r"ignored_auth .* left out: a mock does not check credentials", result.output)
    assert re.search(r"\(stateful phase\) .* left out: a mock keeps no state", result.output)


def test_endless_page_tokens_are_caught_by_the_client(
    serve: Callable[[App | None, Mutation], tuple[str, Sandbox]],
) -> None:
    url, _ = serve(None, endless_pages())
    with QualifiedNumbersClient(
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        base_url=url,
        token_url=f"{url}/oauth2/token",
    ) as client:
        client.qualified_numbers.add(["+12025550134", "+12025550135", "+12025550136"])
        with pytest.raises(PaginationError):
            list(client.qualified_numbers.list(page_size=1))
