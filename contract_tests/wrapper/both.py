"""Run one call through the blocking client and through the asyncio one.

`call(qn, mode, ...)` takes a function of the resource (its result awaited when the resource
is the asyncio one), so one test body proves both twins: the blocking client is generated
from the asyncio source, and a rule must hold in both.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient

MODES = ["sync", "async"]


def run(mode: str, options: dict[str, Any], use: Callable[[Any], Any]) -> Any:
    """`use(client)` with a client of `options`, blocking or asyncio as `mode` says."""
    if mode == "sync":
        with QualifiedNumbersClient(**options) as client:
            return use(client)

    async def go() -> Any:
        async with AsyncQualifiedNumbersClient(**options) as client:
            answer = use(client)
            return await answer if inspect.isawaitable(answer) else answer

    return asyncio.run(go())
