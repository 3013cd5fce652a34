"""The sandbox clock: wall time plus an offset that tests move forward instead of sleeping."""

from __future__ import annotations

import time

#: The most the clock moves in one step, and the furthest it is ever ahead (ten years): far
#: enough for any scenario, near enough that timestamps stay representable.
MAX_CLOCK_STEP = 10 * 366 * 86400


class Clock:
    """Wall time plus an offset; the backend persists the offset (so a restart keeps it)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        if not 0 <= seconds <= MAX_CLOCK_STEP:
            raise ValueError(f"the clock moves 0 to {MAX_CLOCK_STEP} seconds at a time")
        self.offset = min(self.offset + seconds, MAX_CLOCK_STEP)


def sane_offset(stored: str) -> float:
    """A stored clock offset, or 0 if it is not one this version could have written."""
    try:
        value = float(stored)
    except ValueError:
        return 0.0
    return value if 0 <= value <= MAX_CLOCK_STEP else 0.0
