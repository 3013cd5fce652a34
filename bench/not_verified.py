"""Text enablement of a file in which some numbers are not VERIFIED: what it costs against the
same file all verified, in wall time and in calls. `bench.run` calls this and writes it into
RESULTS.md with the others.

`text_enable` lists the project's numbers that are not VERIFIED once before sending (when that
costs fewer calls than the refusals it saves) and never sends them; the third run turns that
listing off (`known_states={}`), so the refusals of the service tell, to show what it saves.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from sinch_qualified_numbers import BlanketLoa, QualifiedNumbersClient

if TYPE_CHECKING:
    from .run import Results, Sandbox

#: One number in a hundred is not verified, spread through the file.
EVERY = 100
OPERATIONS = ["textEnableNumbers", "listQualifiedNumbers", "getQualifiedNumber"]


class CountingTransport(httpx.HTTPTransport):
    """Counts the calls a run makes, by kind."""

    def __init__(self) -> None:
        super().__init__(retries=0)
        self.calls: Counter[str] = Counter()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST" and ":textEnable" in path:
            kind = "order calls"
        elif request.method == "POST":
            kind = "token"  # the same in every run
        elif path.endswith("/qualifiedNumbers"):
            kind = "listing pages"
        else:
            kind = "reads of one number"
        self.calls[kind] += 1
        return super().handle_request(request)


def _run(
    box: Sandbox,
    make_client: Callable[..., QualifiedNumbersClient],
    phones: list[str],
    bad: list[str],
    latency_ms: float,
    **options: Any,
) -> tuple[float, Counter[str]]:
    box.reset()
    box.seed(phones)
    if bad:
        box.seed(bad, "NOT_ELIGIBLE")
    box.faults(latency_ms=latency_ms, operations=OPERATIONS)
    transport = CountingTransport()
    with make_client(
        box.url, max_concurrency=16, timeout=120, http_transport=transport
    ) as qn_client:
        start = time.perf_counter()
        result = qn_client.qualified_numbers.text_enable(
            phones, service_plan_id="p", loa=BlanketLoa(), **options
        )
        wall = time.perf_counter() - start
    box.faults(latency_ms=0, operations=[])
    if (
        not result.ok
        or set(result.not_verified) != set(bad)
        or len(result.enabled) != len(phones) - len(bad)
    ):
        raise RuntimeError(
            f"misreported: {len(result.failed)} failed, {len(result.not_verified)} not verified"
        )
    return wall, transport.calls


def bench_not_verified(
    box: Sandbox,
    make_client: Callable[..., QualifiedNumbersClient],
    phones: list[str],
    latency_ms: float,
    repeat: int,
    out: Results,
) -> None:
    count = len(phones)
    bad = phones[EVERY // 2 :: EVERY]
    out.add(
        f"\n## 12. Text enablement with 1 % not verified: {count:,} numbers, {len(bad):,} of "
        f"them not verified (one in {EVERY}, spread through the file), concurrency 16, "
        f"{latency_ms:.0f} ms injected latency per call\n"
    )
    out.add(
        "Each run best of "
        f"{repeat}, interleaved. The not-verified numbers are never sent: `text_enable` lists "
        "the project's numbers that are not VERIFIED first (one page per 1,000 of them), and "
        "reports them in `not_verified`; without that listing (`known_states={}`) every call "
        "holding one is refused once and sent again without it.\n"
    )
    runs: dict[str, tuple[float, Counter[str]]] = {}
    plans: list[tuple[str, list[str], dict[str, Any]]] = [
        ("all verified", [], {}),
        ("1 % not verified", bad, {}),
        ("1 % not verified, listing off", bad, {"known_states": {}}),
    ]
    for _ in range(repeat):
        for name, not_verified, options in plans:
            wall, calls = _run(box, make_client, phones, not_verified, latency_ms, **options)
            if name not in runs or wall < runs[name][0]:
                runs[name] = (wall, calls)
    base_wall, base_calls = runs["all verified"]
    kinds = ["order calls", "listing pages", "reads of one number"]
    out.add("| run | wall time | ratio | " + " | ".join(kinds) + " | extra calls |")
    out.add("|---|---|---|" + "---|" * len(kinds) + "---|")
    for name, (wall, calls) in runs.items():
        extra = sum(calls.values()) - sum(base_calls.values())
        out.add(
            f"| {name} | {wall:.2f} s | {wall / base_wall:.2f}x | "
            + " | ".join(str(calls[k]) for k in kinds)
            + f" | {extra:+d} |"
        )
    ratio = runs["1 % not verified"][0] / base_wall
    out.target("1 % not verified within 1.3x of all verified", ratio <= 1.3, f"{ratio:.2f}x")
