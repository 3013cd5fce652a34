"""The `SINCH_*` variables `sinch_sandbox(env=True)` sets, and what they held before."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class SavedEnvironment:
    """Environment variables as they were before something set them, to put back: the values
    (a shell's real key secret among them) never show in its repr, nor in a frame's locals
    while they are put back."""

    def __init__(self) -> None:
        self._before: dict[str, str | None] = {}

    def set(self, environ: Any, values: Mapping[str, str]) -> None:
        """Set `values` in `environ` (`os.environ`), remembering what each name held."""
        for name in values:
            self._before.setdefault(name, environ.get(name))
            environ[name] = values[name]

    def restore(self, environ: Any) -> None:
        """Put every name back as it was (removed if it was not set), once."""
        before, self._before = self._before, {}
        for name in before:
            if before[name] is None:
                environ.pop(name, None)
            else:
                environ[name] = before[name]

    def __repr__(self) -> str:
        return f"SavedEnvironment({', '.join(self._before)}: values ***)"
