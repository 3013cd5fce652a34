"""Reading numbers and LOAs from the files people keep them in."""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._exceptions import InvalidArgumentError
from .._loa import Address, AuthorisedPerson, BlanketLoa, DirectLoa, Loa, ResellerLoa
from .._phone import parse_phone_numbers

_HEADER_NAMES = {"phone", "phonenumber", "phone_number", "number", "numbers", "msisdn", "e164"}


@dataclass
class NumberFile:
    """Numbers read from a file: the valid ones, and rejected rows as (line, value, reason)."""

    valid: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)


def read_numbers(text: str, *, default_region: str = "US") -> NumberFile:
    """CSV (a column named like `phoneNumber`, else the first column) or one number per line."""
    rows = list(csv.reader(io.StringIO(text)))
    column = 0
    start = 0
    if rows and rows[0]:
        names = [c.strip().lower().replace(" ", "") for c in rows[0]]
        for index, name in enumerate(names):
            if name in _HEADER_NAMES:
                column, start = index, 1
                break
    result = NumberFile()
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[start:], start=start + 1):
        if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        value = row[column].strip() if column < len(row) else ""
        parsed = parse_phone_numbers([value], default_region=default_region)
        if parsed.invalid:
            result.rejected.append((line, value, parsed.invalid[0][1]))
        elif parsed.valid[0] in seen:
            result.rejected.append((line, value, f"duplicate of line {seen[parsed.valid[0]]}"))
        else:
            seen[parsed.valid[0]] = line
            result.valid.append(parsed.valid[0])
    return result


def read_number_file(path: Path, *, default_region: str = "US") -> NumberFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError(f"cannot read {path}: {exc}") from None
    return read_numbers(text, default_region=default_region)


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
