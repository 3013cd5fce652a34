"""Reading the voice codes an operations team collected: a CSV of number and code."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .._exceptions import InvalidArgumentError
from .._phone import PLACEHOLDER, parse_phone_numbers
from ._inputs import NUMBER_COLUMN_NAMES, column_name

_CODE_NAMES = {"code", "otp", "pin", "voicecode", "verificationcode"}
_DELIMITERS = ",;\t|"


@dataclass
class CodeFile:
    """Codes read from a file: number -> code, and rejected rows as (line, value, reason)."""

    valid: dict[str, str] = field(default_factory=dict)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)


def read_codes(text: str, *, default_region: str = "US") -> CodeFile:
    """A header naming the columns (`number` or `phoneNumber`, and `code`), in any order, or
    rows of `number,code` without one. The separator (`,` `;` tab or `|`) is the one the first
    line uses most; lines starting with `#` are comments. Each row gives one number with its
    code or one rejected row (bad number, no code, a cell that holds no code such as `N/A`,
    a number seen before)."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    first = next((x for x in lines if x.strip() and not x.lstrip().startswith("#")), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    result = CodeFile()
    seen: dict[str, int] = {}
    columns: tuple[int, int] | None = None
    for line_no, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = next(csv.reader([line], delimiter=delimiter, strict=True), [])
        except csv.Error as error:
            result.rejected.append((line_no, line, f"not a CSV row ({error}): check its quotes"))
            continue
        if columns is None:
            names = [column_name(c) for c in row]
            number_at = next((i for i, n in enumerate(names) if n in NUMBER_COLUMN_NAMES), None)
            code_at = next((i for i, n in enumerate(names) if n in _CODE_NAMES), None)
            columns = (0, 1)
            if number_at is not None and code_at is not None:
                columns = (number_at, code_at)
                continue  # the header
            if number_at is not None or code_at is not None:
                result.rejected.append(
                    (line_no, line, "a header needs both a number and a code column")
                )
                columns = None
                break
        number_at, code_at = columns
        value = row[number_at].strip() if number_at < len(row) else ""
        code = row[code_at].strip() if code_at < len(row) else ""
        parsed = parse_phone_numbers([value], default_region=default_region)
        if parsed.invalid:
            result.rejected.append((line_no, value, parsed.invalid[0][1]))
        elif not code:
            result.rejected.append((line_no, value, "no code on this row"))
        elif PLACEHOLDER.fullmatch(code) or not any(c.isdigit() for c in code):
            # Sent, it would be a wrong code and use one of the number's few attempts.
            result.rejected.append(
                (line_no, value, f"not a code: {code[:40]!r} (a voice call speaks digits)")
            )
        elif parsed.valid[0] in seen:
            result.rejected.append((line_no, value, f"duplicate of line {seen[parsed.valid[0]]}"))
        else:
            seen[parsed.valid[0]] = line_no
            result.valid[parsed.valid[0]] = code
    return result


def read_code_file(path: Path, *, default_region: str = "US") -> CodeFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(f"cannot read {path}: {exc}") from None
    return read_codes(text, default_region=default_region)
