"""The journal of a bulk text enablement, so a rerun never submits a number twice.

JSON lines, appended and flushed before and after each call: `submitting` (numbers about to
be sent), then `enabled` (with the hosting order ID) or `failed` (with the reason). On a rerun,
numbers `enabled` are skipped, and numbers left `submitting` (the process died while the call
was in flight) are checked against the service before anything is sent again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class JournalState:
    enabled: dict[str, str | None] = field(default_factory=dict)
    in_flight: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> JournalState:
        state = JournalState()
        if not self.path.exists():
            return state
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry: dict[str, Any] = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash
                numbers = [n for n in entry.get("numbers", []) if isinstance(n, str)]
                event = entry.get("event")
                if event == "submitting":
                    state.in_flight.update(numbers)
                elif event == "enabled":
                    for number in numbers:
                        state.enabled[number] = entry.get("order")
                        state.in_flight.discard(number)
                        state.failed.pop(number, None)
                elif event == "failed":
                    for number in numbers:
                        state.failed[number] = str(entry.get("reason", ""))
                        state.in_flight.discard(number)
        return state

    def write(self, event: str, numbers: list[str], **extra: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"event": event, "numbers": numbers, **extra}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
