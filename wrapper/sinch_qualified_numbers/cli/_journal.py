"""The journal of a bulk order run (text enablement, imports), so a rerun never submits a
number twice and never misreports one.

JSON lines, appended and flushed before and after each call: `submitting` (numbers about to
be sent), then a done line (with the hosting order ID; `already: true` for a number found
done before this run sent it): `enabled` for text enablement (and voice challenges),
`imported` for imports; or `refused` (with the reason: the service definitely refused them,
or they are not in a state to be ordered, e.g. not VERIFIED) or `unknown` (the call's answer
was lost and the reads that would have settled it failed too). On a rerun, numbers done are
skipped; numbers refused are not in flight (the service said no): they are sent again as any
new number (a number verified since goes through, one still not verified is reported again);
a voice code refused (a wrong code; `code`: a fingerprint of it, never the code) is never
sent again, a new code for the number is; every number sent before without an outcome (in
flight when the process died, or unknown) has its state read before anything is sent
again: one the service holds is reported as done, one whose state still cannot be read (or,
for a code, reads VERIFICATION_FAILED) stays unknown and is not sent. Either done word counts as
done: an import journal of an older version wrote `enabled`, and still resumes. An older
version wrote `failed` for refusals and lost answers alike: those are still read first.

A run holds an exclusive lock on its journal (`lock()`): a second run on the same journal
stops at once (exit 2) instead of sending the same numbers again. A line the journal cannot
understand stops the run with its line number, except the last line cut short by a crash
mid-write (nothing was sent on its strength), which is skipped, and cut off the file
(`end_cut_line`) before the run appends its own lines, so that the next run finds a whole
journal.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ._output import escape

#: The events that say the numbers went through (each kind of run writes its own word).
DONE_EVENTS = frozenset({"enabled", "imported"})
#: The events a journal line may carry (`failed`: an older version's refusal or lost answer).
EVENTS = frozenset({"submitting", *DONE_EVENTS, "refused", "failed", "unknown"})


class JournalError(Exception):
    """The journal cannot be used: the message names the file and what to do (exit 2)."""


class JournalLocked(JournalError):
    """Another run holds the journal's lock."""


@dataclass
class JournalState:
    #: Numbers that went through (a done line) -> their hosting order ID, if known.
    done: dict[str, str | None] = field(default_factory=dict)
    #: Sent without a confirmed result (died in flight, unknown, or an older version's
    #: `failed`): read first.
    in_flight: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)
    #: Definitely refused (number -> reason): not in flight; sent again as new numbers.
    refused: dict[str, str] = field(default_factory=dict)
    #: Of those, the fingerprint of the code refused (voice challenges): the same code is
    #: never sent again, a new one is.
    refused_code: dict[str, str] = field(default_factory=dict)
    #: Line numbers skipped (a last line cut short by a crash).
    skipped_lines: list[int] = field(default_factory=list)


def _lock_file(fh: IO[Any]) -> bool:
    """Take an exclusive, non-blocking lock on the open file; False if another holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _problem(self, what: str, advice: str) -> JournalError:
        return JournalError(f"journal {escape(str(self.path))} {what}: {advice}")

    def _open(self, mode: str) -> IO[Any]:
        try:
            if "a" in mode:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            return self.path.open(mode, encoding=None if "b" in mode else "utf-8")
        except IsADirectoryError:
            raise self._problem("is a directory", "give --journal the path of a file") from None
        except NotADirectoryError:
            raise self._problem(
                "is under a path that is not a folder", "give --journal another path"
            ) from None
        except PermissionError:
            raise self._problem(
                "cannot be opened (permission denied)", "give --journal a file you can write"
            ) from None
        except OSError as error:
            raise self._problem(
                f"cannot be opened ({error.strerror or error})", "give --journal another path"
            ) from None

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the journal for this run; JournalLocked at once if another run holds it."""
        fh = self._open("a")
        try:
            if not _lock_file(fh):
                raise JournalLocked(
                    f"another run is using the journal {escape(str(self.path))}: wait for it "
                    "to finish (two runs on one journal would send the same numbers twice)"
                )
            yield
        finally:
            fh.close()  # releases the lock

    def load(self) -> JournalState:
        state = JournalState()
        if not self.path.exists() and not self.path.is_symlink():
            return state
        with self._open("rb") as fh:  # bytes: a non-UTF-8 line is reported, not a traceback
            lines = [(line, line.endswith(b"\n")) for line in fh]
        for number, (raw, complete) in enumerate(lines, start=1):
            if not raw.strip():
                continue
            entry = _entry(raw)
            if entry is None:
                if not complete and number == len(lines):
                    state.skipped_lines.append(number)  # a write cut short by a crash
                    continue
                raise self._problem(
                    f"line {number} is not a journal entry",
                    "it was changed by hand or by another program; fix or delete that line, "
                    "or move the journal away to start over (numbers it recorded as sent are "
                    "then checked against the service only if you keep it)",
                )
            _apply(state, entry)
        return state

    def end_cut_line(self) -> None:
        """Cut off a last line left unfinished by a crash mid-write (`load` skipped it):
        appended to, it would become a bad line in the middle of the journal."""
        try:
            with self.path.open("rb+") as fh:
                size = fh.seek(0, os.SEEK_END)
                end = size
                while end > 0:
                    start = max(0, end - 65536)
                    fh.seek(start)
                    found = fh.read(end - start).rfind(b"\n")
                    if found >= 0:
                        end = start + found + 1
                        break
                    end = start
                if end != size:
                    fh.truncate(end)
                    fh.flush()
                    os.fsync(fh.fileno())
        except OSError as error:
            raise self._problem(
                f"cannot be repaired ({error.strerror or error})",
                "free some space or give --journal another path",
            ) from None

    def write(self, event: str, numbers: list[str], **extra: Any) -> None:
        with self._open("a") as fh:
            try:
                fh.write(json.dumps({"event": event, "numbers": numbers, **extra}) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as error:
                raise self._problem(
                    f"cannot be written ({error.strerror or error})",
                    "free some space or give --journal another path, then run the same "
                    "command again (the journal so far is kept)",
                ) from None


def _entry(raw: bytes) -> dict[str, Any] | None:
    """The line as an entry (event and a list of numbers, all strings), or None."""
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("event") not in EVENTS:
        return None
    numbers = entry.get("numbers")
    if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
        return None
    return entry


def _apply(state: JournalState, entry: dict[str, Any]) -> None:
    numbers: list[str] = entry["numbers"]
    event = entry["event"]
    if event == "submitting":
        state.in_flight.update(n for n in numbers if n not in state.done)
    elif event in DONE_EVENTS:
        order = entry.get("order")
        for number in numbers:
            state.done[number] = order if isinstance(order, str) else None
            state.in_flight.discard(number)
            state.failed.pop(number, None)
            state.unknown.pop(number, None)
            state.refused.pop(number, None)
            state.refused_code.pop(number, None)
    elif event == "refused":
        # The service said no: nothing is in flight, nothing to read before sending again.
        reason = str(entry.get("reason", ""))
        code = entry.get("code")
        for number in numbers:
            if number in state.done:
                continue
            state.refused[number] = reason
            if isinstance(code, str):
                state.refused_code[number] = code
            else:
                state.refused_code.pop(number, None)
            state.in_flight.discard(number)
            state.failed.pop(number, None)
            state.unknown.pop(number, None)
    else:
        # Failed or unknown: still read before it is sent again (the service may hold it,
        # e.g. after a lost answer whose reads failed; an older journal wrote those "failed").
        reason = str(entry.get("reason", ""))
        target = state.failed if event == "failed" else state.unknown
        for number in numbers:
            if number in state.done:
                continue
            target[number] = reason
            (state.unknown if event == "failed" else state.failed).pop(number, None)
            state.refused.pop(number, None)
            state.refused_code.pop(number, None)
            state.in_flight.add(number)
