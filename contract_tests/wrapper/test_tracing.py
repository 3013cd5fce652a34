"""Tracing with OpenTelemetry, as docs/guide/logging.md shows it: a span per HTTP attempt from
`opentelemetry-instrumentation-httpx`, and spans for a whole bulk operation and each of its
calls through the existing hooks (`on_chunk_start`/`on_chunk_done`), blocking and asyncio.

Each call's HTTP spans are children of the bulk operation's span: the blocking client runs
its calls in worker threads in the caller's context, as asyncio runs tasks in it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import ReadableSpan, Span, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Tracer

from sinch_qualified_numbers import (
    Chunk,
    ChunkOutcome,
)
from sinch_qualified_numbers_sandbox import PortServer

from . import both
from .conftest import LOA, client_kwargs, seed

#: Two regions, so two chunks (two calls) of one bulk operation.
NUMBERS = ["+12025550181", "+12025550182", "+14165550181"]


@pytest.fixture
def traced() -> Iterator[tuple[Tracer, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        yield provider.get_tracer("test"), exporter
    finally:
        instrumentor.uninstrument()


class ChunkSpans:
    """The recipe's hooks: a span from each chunk's start to its outcome."""

    def __init__(self, tracer: Tracer) -> None:
        self.tracer = tracer
        self.open: dict[str, Span] = {}

    def started(self, chunk: Chunk) -> None:
        self.open[chunk.numbers[0]] = self.tracer.start_span(  # type: ignore[assignment]
            "text_enable chunk",
            attributes={"region": chunk.region_code, "numbers": len(chunk.numbers)},
        )

    def settled(self, outcome: ChunkOutcome) -> None:
        span = self.open.pop(outcome.chunk.numbers[0])
        span.set_attribute("enabled", len(outcome.accepted))
        span.end()


def _check(spans: tuple[ReadableSpan, ...]) -> None:
    (whole,) = [s for s in spans if s.name == "text_enable"]
    chunks = [s for s in spans if s.name == "text_enable chunk"]
    assert sorted(s.attributes["region"] for s in chunks) == ["CA", "US"]  # type: ignore[index]
    assert sum(s.attributes["enabled"] for s in chunks) == len(NUMBERS)  # type: ignore[index,misc]
    assert all(s.parent is not None and s.parent.span_id == whole.context.span_id for s in chunks)
    # One HTTP span per attempt, each call's a child of the bulk operation's span.
    calls = [
        s
        for s in spans
        if s.attributes
        and str(s.attributes.get("url.full", s.attributes.get("http.url", ""))).endswith(
            "qualifiedNumbers:textEnableNumbers"
        )
    ]
    assert len(calls) == 2
    assert all(s.parent is not None and s.parent.span_id == whole.context.span_id for s in calls)
    assert all(s.context.trace_id == whole.context.trace_id for s in [*chunks, *calls])
    # The token request and the others of the run have their HTTP spans too.
    assert any(str(s.attributes or {}).find("/oauth2/token") >= 0 for s in spans)


@pytest.mark.parametrize("mode", both.MODES)
def test_spans_for_a_bulk_operation_and_each_call(
    sandbox: PortServer, traced: tuple[Tracer, InMemorySpanExporter], mode: str
) -> None:
    tracer, exporter = traced
    seed(sandbox, NUMBERS)
    hooks = ChunkSpans(tracer)
    with tracer.start_as_current_span("text_enable"):  # the asyncio client's loop inherits it
        result = both.run(
            mode,
            client_kwargs(sandbox),
            lambda client: client.qualified_numbers.text_enable(
                NUMBERS,
                service_plan_id="plan",
                loa=LOA,
                on_chunk_start=hooks.started,
                on_chunk_done=hooks.settled,
            ),
        )
    assert sorted(result.enabled) == sorted(NUMBERS)
    _check(exporter.get_finished_spans())
