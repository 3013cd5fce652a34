"""Reading numbers and LOAs from the files people keep them in."""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from .._exceptions import InvalidArgumentError
from .._loa import Address, AuthorisedPerson, BlanketLoa, DirectLoa, Loa, ResellerLoa
from .._phone import parse_phone_numbers
from ._output import err

_HEADER_NAMES = {"phone", "phonenumber", "phone_number", "number", "numbers", "msisdn", "e164"}
#: Separators a spreadsheet export may use; the first data line decides which one the file uses.
_DELIMITERS = ",;\t|"


@dataclass
class NumberFile:
    """Numbers read from a file: the valid ones, and rejected rows as (line, value, reason)."""

    valid: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)


def _delimiter(lines: list[str]) -> str:
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            counts = {d: text.count(d) for d in _DELIMITERS}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _cells(line: str, delimiter: str) -> list[str]:
    # One physical line at a time: a phone list never has a cell spanning lines, so an
    # unterminated quote is an error on its line instead of silently swallowing the next ones.
    return next(csv.reader([line], delimiter=delimiter, strict=True), [])


def read_numbers(
    text: str,
    *,
    default_region: str = "US",
    on_progress: Callable[[int, int], None] | None = None,
) -> NumberFile:
    """CSV (a column named like `phoneNumber`, else the first column) or one number per line.

    The separator (`,` `;` tab or `|`) is the one the first data line uses most. Lines
    starting with `#` are comments until a header line; below one they are data. Without a
    header naming the column, a row whose other cells hold numbers too is rejected rather than
    read as its first number. `on_progress(done, total)` is called every 1,000 lines.
    """
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    delimiter = _delimiter(lines)
    result = NumberFile()
    seen: dict[str, int] = {}
    column: int | None = None
    header_checked = False
    for line_no, line in enumerate(lines, start=1):
        if on_progress is not None and line_no % 1000 == 0:
            on_progress(line_no, len(lines))
        if not line.strip():
            continue
        if column is None and line.lstrip().startswith("#"):
            continue  # a comment in a plain list; under a header, `#` is a cell's data
        try:
            row = _cells(line, delimiter)
        except csv.Error as error:
            result.rejected.append((line_no, line, f"not a CSV row ({error}): check its quotes"))
            continue
        if not header_checked:
            header_checked = True
            names = [c.strip().lower().replace(" ", "") for c in row]
            column = next((i for i, name in enumerate(names) if name in _HEADER_NAMES), None)
            if column is not None:
                continue
        if not any(cell.strip() for cell in row):
            continue
        index = column if column is not None else 0
        value = row[index].strip() if index < len(row) else ""
        parsed = parse_phone_numbers([value], default_region=default_region)
        if parsed.invalid:
            result.rejected.append((line_no, value, parsed.invalid[0][1]))
            continue
        if column is None and len(row) > 1:
            others = [c.strip() for c in row[1:] if c.strip()]
            if others and parse_phone_numbers(others, default_region=default_region).valid:
                result.rejected.append(
                    (
                        line_no,
                        line,
                        "the row holds several numbers: name the number column in a header "
                        "line (e.g. phoneNumber) or put one number per line",
                    )
                )
                continue
        number = parsed.valid[0]
        if number in seen:
            result.rejected.append((line_no, value, f"duplicate of line {seen[number]}"))
        else:
            seen[number] = line_no
            result.valid.append(number)
    if on_progress is not None:
        on_progress(len(lines), len(lines))
    return result


def read_number_file(
    path: Path,
    *,
    default_region: str = "US",
    on_progress: Callable[[int, int], None] | None = None,
) -> NumberFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(f"cannot read {path}: {exc}") from None
    return read_numbers(text, default_region=default_region, on_progress=on_progress)


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise InvalidArgumentError(f"LOA file: [{name}] must be a table")
    return value


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else str(value)


def load_loa(kind: str, path: Path | None) -> Loa:
    """A LOA of `kind` (direct, reseller, blanket) from a TOML file.

    ```toml
    business_name = "ACME Inc."          # reseller only
    current_voice_carrier = "Verizon"
    [authorised_person]
    first_name = "Jane"
    last_name = "Doe"
    email = "jane@example.com"
    [address]
    building_number = "1"
    street = "Main Street"
    city = "Springfield"
    state = "IL"
    postal_code = "62701"
    country = "US"
    ```
    """
    if kind == "blanket":
        return BlanketLoa()
    if path is None:
        raise InvalidArgumentError(f"--loa {kind} needs --loa-file with the LOA's fields")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidArgumentError(f"cannot read LOA file {path}: {exc}") from None
    person = _section(data, "authorised_person")
    address = _section(data, "address")
    authorised = AuthorisedPerson(
        first_name=_text(person, "first_name"),
        last_name=_text(person, "last_name"),
        email=_text(person, "email"),
    )
    where = Address(
        building_number=_text(address, "building_number"),
        street=_text(address, "street"),
        city=_text(address, "city"),
        state=_text(address, "state"),
        postal_code=_text(address, "postal_code"),
        country=_text(address, "country"),
    )
    carrier = _text(data, "current_voice_carrier")
    if kind == "direct":
        return DirectLoa(authorised_person=authorised, address=where, current_voice_carrier=carrier)
    return ResellerLoa(
        business_name=_text(data, "business_name"),
        authorised_person=authorised,
        address=where,
        current_voice_carrier=carrier,
    )


def read_input(numbers: tuple[str, ...], file: Path | None) -> NumberFile:
    """The numbers of the arguments or of --file, with a progress bar for a large file."""
    if file is None:
        return read_numbers("\n".join(numbers))
    with Progress(
        TextColumn("checking {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(file.name, total=None)
        parsed = read_number_file(
            file, on_progress=lambda done, total: progress.update(task, completed=done, total=total)
        )
    return parsed
