"""11. Lost answers: the bulk calls that are not orders, with 30 % of their answers lost.

`add`, `send_voice_challenges`, `verify_voice_challenges`, `move_many`, `read_states` and
`wait_for` each run against a sandbox that processes every request it lets through and then
loses 30 % of the answers (15 % `drop_after`: the connection drops; 15 % `error_after`: a 500),
on that operation only. Two counts per operation, both must be 0:

- misreported: a number whose reported outcome the sandbox's state contradicts (reported
  added / called / verified / moved / in a state, and it is not; or reported failed, and the
  service did it). A number reported unknown is not misreported (it is counted apart);
- submitted twice: a number the sandbox processed in two requests of the operation (for a move,
  two unlinks or two links). The count comes from the sandbox itself: a layer just inside its
  fault injection counts every request the service processed, by number.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from urllib.parse import unquote

from sinch_qualified_numbers import AddNumbersError, QualifiedNumbersClient
from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    PortServer,
    SandboxAdmin,
    SandboxConfig,
    serve_in_thread,
)
from sinch_qualified_numbers_sandbox.faults import FaultInjector

#: 30 % of answers lost after the service processed the request.
LOST = {"drop_after": 0.15, "error_after": 0.15}
STATE = "GLOBAL_PROCESS_STATE_"
#: Where a number can be after its code was checked: what `wait_for` waits for.
SETTLED = ["VERIFIED", "VERIFICATION_PENDING", "VERIFICATION_FAILED", "VERIFICATION_BLOCKED"]


class _Results(Protocol):
    def add(self, text: str) -> None: ...

    def target(self, name: str, ok: bool, detail: str) -> None: ...


class Processed:
    """What the service processed, by operation and number: an ASGI layer placed inside the
    fault injection (what it lets through reaches the handlers; what it answers itself does
    not)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: Counter[tuple[str, str]] = Counter()

    def record(self, method: str, path: str, body: bytes) -> None:
        path = unquote(path)
        keys: list[tuple[str, str]] = []
        if method == "POST" and path.endswith("qualifiedNumbers:addNumbers"):
            keys = [("add", n) for n in json.loads(body or b"{}").get("phoneNumbers", [])]
        elif method == "POST" and path.endswith(":sendVoiceChallenge"):
            keys = [("send", path.rsplit("/", 1)[-1].split(":")[0])]
        elif method == "POST" and path.endswith(":verifyVoiceChallenge"):
            keys = [("verify", path.rsplit("/", 1)[-1].split(":")[0])]
        elif method == "PATCH" and "/importedNumbers/" in path:
            sms = json.loads(body or b"{}").get("smsConfiguration", {})
            kind = "unlink" if not sms.get("servicePlanId") else "link"
            keys = [(kind, path.rsplit("/", 1)[-1])]
        with self._lock:
            self.counts.update(keys)

    def twice(self, operation: str) -> int:
        return sum(1 for (op, _), count in self.counts.items() if op == operation and count > 1)

    def wrap(self, app: Any) -> Any:
        async def layer(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http" or scope["method"] not in ("POST", "PATCH"):
                await app(scope, receive, send)
                return
            messages, body = [], b""
            while True:
                message = await receive()
                messages.append(message)
                body += message.get("body", b"")
                if message["type"] != "http.request" or not message.get("more_body"):
                    break
            self.record(scope["method"], scope["path"], body)
            pending = iter(messages)

            async def replay() -> Any:
                return next(pending, None) or await receive()

            await app(scope, replay, send)

        return layer


@contextlib.contextmanager
def counted_sandbox() -> Iterator[tuple[PortServer, Processed]]:
    processed = Processed()
    original = FaultInjector.wrap

    def wrap(injector: FaultInjector, app: Any) -> Any:
        return original(injector, processed.wrap(app))

    FaultInjector.wrap = wrap  # type: ignore[method-assign]
    try:
        running = serve_in_thread(
            SandboxConfig(
                eligibility_delay=0, hosting_delay=0, loa_signature_delay=0, provisioning_delay=0
            )
        )
    finally:
        FaultInjector.wrap = original  # type: ignore[method-assign]
    quiet = logging.getLogger("uvicorn.error")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # each dropped connection would print its traceback
    try:
        with running:
            yield running, processed
    finally:
        quiet.setLevel(level)


def _client(running: PortServer) -> QualifiedNumbersClient:
    return QualifiedNumbersClient(
        project_id=DEFAULT_PROJECT_ID,
        key_id=DEFAULT_KEY_ID,
        key_secret=DEFAULT_KEY_SECRET,
        base_url=running.url,
        token_url=f"{running.url}/oauth2/token",
        max_concurrency=16,
        timeout=120,
    )


def _state(running: PortServer, phone: str) -> str | None:
    row = running.sandbox.qualified_numbers.get(DEFAULT_PROJECT_ID, phone)
    return None if row is None else str(row.state)


def _links(running: PortServer, phone: str) -> tuple[str, str]:
    row = running.sandbox.imported_numbers.get(DEFAULT_PROJECT_ID, phone)
    return (row.service_plan_id or "", row.campaign_id or "")


Row = tuple[str, int, int, int, int, int, float]


def _row(
    running: PortServer,
    processed: Processed,
    name: str,
    operation: str,
    count: int,
    run: Callable[[], Any],
    check: Callable[[Any], tuple[int, int]],
    twice_of: tuple[str, ...],
) -> Row:
    """Run one operation with `operation` losing answers, then check its result against the
    sandbox: (name, numbers, answers lost, misreported, unknown, submitted twice, seconds)."""
    faults = running.sandbox.faults
    faults.update({"seed": len(name), "per_operation": {operation: LOST}})
    start = time.perf_counter()
    result = run()
    wall = time.perf_counter() - start
    lost = sum(faults.describe()["injected"].get(k, 0) for k in LOST)
    faults.update({"per_operation": {}})
    misreported, unknown = check(result)
    seen = {number for (kind, number) in processed.counts if kind in twice_of}
    if twice_of and len(seen) < count:  # the counting layer must have seen every number
        raise RuntimeError(f"{name}: the sandbox processed {len(seen)} of {count} numbers")
    twice = sum(processed.twice(kind) for kind in twice_of)
    return (name, count, lost, misreported, unknown, twice, wall)


def bench_lost_answers(count: int, out: _Results) -> None:
    out.add(
        f"\n## 11. Lost answers: the bulk calls that are not orders, {count:,} numbers each, "
        "30 % of answers lost\n"
    )
    out.add(
        "Each operation alone faulted: 15 % of its requests processed then the connection "
        "dropped, 15 % processed then a 500 (`drop_after`, `error_after`). Misreported: an "
        "outcome the sandbox's state contradicts; submitted twice: a number the sandbox "
        "processed in two requests of the operation (counted inside the sandbox, behind its "
        "fault injection). Unknown outcomes are allowed, and counted.\n"
    )
    if not 0 < count <= 9000:
        raise ValueError("count: 1 to 9,000 (the sandbox's magic numbers end in 99xx)")
    phones = [f"+1202700{i:04d}" for i in range(count)]
    _report(_measure(count, phones), out)


def _measure(count: int, phones: list[str]) -> list[Row]:
    rows: list[Row] = []
    with counted_sandbox() as (running, processed), _client(running) as client:
        qn = client.qualified_numbers

        def add() -> Any:
            # Calls of 100 (the library sends up to 500 in one): more calls, more lost answers.
            found: list[Any] = []
            unknown: dict[str, Any] = {}
            for start in range(0, len(phones), 100):
                try:
                    found += qn.add(phones[start : start + 100])
                except AddNumbersError as error:
                    found += error.added
                    unknown.update(error.unknown)
            return found, unknown

        def added(result: Any) -> tuple[int, int]:
            found, unknown = result
            reported = {n.phone_number for n in found}
            held = set(running.sandbox.qualified_numbers.existing(DEFAULT_PROJECT_ID, phones))
            wrong = (reported - held) | (held - reported - set(unknown))
            return len(wrong), len(unknown)

        rows.append(
            _row(running, processed, "add", "addQualifiedNumbers", count, add, added, ("add",))
        )

        def called(result: Any) -> tuple[int, int]:
            with SandboxAdmin(running.url) as admin:
                calls = {c.phone_number for c in admin.voice_calls()}
            wrong = (set(result.succeeded) - calls) | (set(result.failed) & calls)
            return len(wrong), len(result.unknown)

        rows.append(
            _row(
                running,
                processed,
                "send_voice_challenges",
                "sendVoiceChallenge",
                count,
                lambda: qn.send_voice_challenges(phones),
                called,
                ("send",),
            )
        )

        with SandboxAdmin(running.url) as admin:
            codes = admin.voice_codes()

        def verified(result: Any) -> tuple[int, int]:
            truth = {n for n in phones if _state(running, n) == STATE + "VERIFIED"}
            wrong = (set(result.succeeded) ^ truth) - set(result.unknown)
            return len(wrong), len(result.unknown)

        rows.append(
            _row(
                running,
                processed,
                "verify_voice_challenges",
                "verifyVoiceChallenge",
                count,
                lambda: qn.verify_voice_challenges({n: codes[n] for n in phones}),
                verified,
                ("verify",),
            )
        )

        def states_read(states: Any) -> tuple[int, int]:
            unread = [n for n, s in states.items() if not isinstance(s, str)]
            wrong = [n for n, s in states.items() if isinstance(s, str) and s != _state(running, n)]
            return len(wrong) + len(set(phones) - set(states)), len(unread)

        rows.append(
            _row(
                running,
                processed,
                "read_states",
                "getQualifiedNumber",
                count,
                lambda: qn.read_states(phones),
                states_read,
                (),
            )
        )

        def arrived(found: Any) -> tuple[int, int]:
            wrong = [
                n for n in phones if n in found and STATE + found[n].state != _state(running, n)
            ]
            return len(wrong) + len(set(phones) - set(found)), 0

        rows.append(
            _row(
                running,
                processed,
                "wait_for",
                "listQualifiedNumbers",
                count,
                lambda: qn.wait_for(phones, states=SETTLED, timeout=120, poll_interval=0.05),
                arrived,
                (),
            )
        )

        moving = phones[: max(1, count // 4)]
        for phone in moving:
            client.imported_numbers.create(phone, service_plan_id="plan-a", campaign_id="C1")

        def moved(result: Any) -> tuple[int, int]:
            links = {n: _links(running, n) for n in moving}
            wrong = [n for n in result.moved if links[n] != ("plan-b", "")]
            wrong += [n for n in result.unlinked if links[n] != ("", "")]
            wrong += [n for n in result.failed if links[n] != ("plan-a", "C1")]
            return len(wrong), len(result.unknown)

        rows.append(
            _row(
                running,
                processed,
                "move_many",
                "updateImportedNumber",
                len(moving),
                lambda: client.imported_numbers.move_many(moving, service_plan_id="plan-b"),
                moved,
                ("unlink", "link"),
            )
        )
    return rows


def _report(rows: list[Row], out: _Results) -> None:
    out.add(
        "| operation | numbers | answers lost | misreported | unknown | submitted twice "
        "| wall time |"
    )
    out.add("|---|---|---|---|---|---|---|")
    for name, numbers, lost, wrong, unknown, twice, wall in rows:
        out.add(
            f"| `{name}` | {numbers:,} | {lost:,} | {wrong} | {unknown} | {twice} | {wall:.2f} s |"
        )
    misreported = sum(r[3] for r in rows)
    twice = sum(r[5] for r in rows)
    lost_total = sum(r[2] for r in rows)
    out.target(
        "0 misreported under lost answers",
        misreported == 0 and lost_total > 0,
        f"{misreported} misreported, {lost_total} answers lost",
    )
    out.target("0 submitted twice under lost answers", twice == 0, f"{twice} submitted twice")
