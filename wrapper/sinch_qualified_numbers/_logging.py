"""The `sinch_qualified_numbers` logger, never a secret: one DEBUG line per HTTP attempt; a
retry, a refused token replayed and an error answer at INFO; giving up at WARNING."""

from __future__ import annotations

import logging
import os

logger = logging.getLogger("sinch_qualified_numbers")


def setup_from_env() -> None:
    """`SINCH_LOG=debug` (every attempt) or `info` (retries and failures) or `warning` turns
    the logger on, writing to stderr."""
    level_name = os.environ.get("SINCH_LOG", "").strip().upper()
    if not level_name:
        return
    level = logging.getLevelName(level_name)
    if not isinstance(level, int):
        return
    logger.setLevel(level)
    if not any(getattr(h, "_sinch_qn", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler._sinch_qn = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
