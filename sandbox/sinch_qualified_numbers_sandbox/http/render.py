"""Answers written as the service writes them: proto3 JSON, default values left out, and
timestamps in RFC 3339 (each resource writes its own documents: `resources/<tag>/render.py`).

The real service is a gRPC API behind a JSON gateway: a field holding its default value
(`""`, `0`, `false`, an empty list or an unset message) is not written. The sandbox answers the
same way so that clients are tested against answers shaped like the real ones.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.responses import JSONResponse


def is_default(value: Any) -> bool:
    """proto3's default values: what the service's JSON gateway leaves out."""
    if isinstance(value, bool):
        return value is False
    if isinstance(value, int | float):
        return value == 0
    return value is None or value == "" or value == [] or value == {}


def proto3(value: Any) -> Any:
    """`value` with every default-valued field left out, at any depth."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            cleaned = proto3(item)
            if not is_default(cleaned):
                out[key] = cleaned
        return out
    if isinstance(value, list):
        return [proto3(item) for item in value]
    return value


class Proto3Response(JSONResponse):
    """A JSON answer of a service operation, written as proto3 JSON."""

    def render(self, content: Any) -> bytes:
        return super().render(proto3(content))


def rfc3339(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts * 1000) % 1000:03d}Z"
