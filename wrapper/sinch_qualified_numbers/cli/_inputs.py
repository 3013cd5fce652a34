"""Reading numbers and LOAs from the files people keep them in."""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import tomllib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rich.table import Table

from .._exceptions import InvalidArgumentError
from .._loa import Address, AuthorisedPerson, BlanketLoa, DirectLoa, Loa, ResellerLoa
from .._phone import PLACEHOLDER, parse_one
from ._output import SHOWN_VALUE_CHARS, CsvWriter, err

#: Header cells that name the number column, as `column_name` writes them (numbers files and
#: the codes file of `challenge verify` alike).
NUMBER_COLUMN_NAMES = frozenset(
    {
        "phone", "phonenumber", "phonenumbers", "number", "numbers", "msisdn", "e164",
        "mobile", "mobilenumber", "mobilephone", "cell", "cellphone", "cellnumber",
        "telephone", "telephonenumber", "tel", "did",
    }
)  # fmt: skip


def column_name(cell: str) -> str:
    """A header cell as the column names are compared: lowercase, without blanks, `-` or
    `_` (`Phone Number`, `phone_number` and `phone-number` are one name)."""
    return "".join(c for c in cell.strip().lower() if c not in " -_\t")


#: Separators a spreadsheet export may use; the first data line decides which one the file uses.
_DELIMITERS = ",;\t|"
#: Rejected rows kept in memory to show on the terminal when they are also written to a file.
SHOWN_REJECTED = 20
#: How often (in lines) a file's reading reports progress.
PROGRESS_EVERY = 4096
#: The longest line read (in bytes): a longer one is one rejected row, read past in pieces,
#: so that a file without line breaks never sits in memory whole.
MAX_LINE_BYTES = 64 * 1024
#: How much of an unreadable line a rejected row quotes.
QUOTED_CHARS = 80
#: Byte order marks, longest first (UTF-32's LE mark starts with UTF-16's): the encoding a
#: file with one is read in. A file without one is UTF-8.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

Rejected = tuple[int, str, str]


@dataclass(frozen=True)
class Unreadable:
    """A line that cannot be read as text (`reason`), quoted by its first characters."""

    quoted: str
    reason: str


class _SeenNumbers:
    """Which valid number came first on which line, in 20 to 28 bytes per number (a dict of a
    million Python ints takes over 100 MB): each number as its 10 national digits, its line,
    and an open-addressing index of their positions."""

    def __init__(self) -> None:
        self.numbers = array("q")
        self.lines = array("I")
        self._slots = array("I", bytes(4 * 1024))  # 0 = empty, else position + 1
        self._mask = 1023

    def __len__(self) -> int:
        return len(self.numbers)

    def add(self, national: int, line: int) -> int | None:
        """Record `national` read on `line`; if it was already there, the line it came first."""
        slots, numbers, mask = self._slots, self.numbers, self._mask
        slot = (national ^ (national >> 17)) & mask  # a million of these a file: kept inline
        while held := slots[slot]:
            if numbers[held - 1] == national:
                return self.lines[held - 1]
            slot = (slot + 1) & mask
        numbers.append(national)
        self.lines.append(line)
        slots[slot] = len(numbers)
        if len(numbers) * 2 > mask:  # at most half full: probes stay short
            self._grow()
        return None

    def _grow(self) -> None:
        mask = self._mask = self._mask * 2 + 1
        slots = self._slots = array("I", bytes(4 * (mask + 1)))
        for position, national in enumerate(self.numbers, start=1):
            slot = (national ^ (national >> 17)) & mask
            while slots[slot]:
                slot = (slot + 1) & mask
            slots[slot] = position


@dataclass
class NumberFile:
    """Numbers read from a file: the valid ones (in input order, held compactly) and the
    rejected rows as (line, value, reason). When rejected rows stream to a file
    (`rejected_path`), `rejected` keeps only the first `SHOWN_REJECTED`, and `rejected_count`
    says how many there were."""

    seen: _SeenNumbers = field(default_factory=_SeenNumbers)
    rejected: list[Rejected] = field(default_factory=list)
    rejected_count: int = 0
    rejected_path: Path | None = None

    def __len__(self) -> int:
        return len(self.seen)

    @property
    def valid(self) -> list[str]:
        """Every valid number in E.164, in input order (for small inputs; see `blocks`)."""
        return [f"+1{national}" for national in self.seen.numbers]

    def blocks(self, size: int) -> Iterator[list[str]]:
        """The valid numbers in E.164, `size` at a time (never a million strings at once)."""
        numbers = self.seen.numbers
        for start in range(0, len(numbers), size):
            yield [f"+1{national}" for national in numbers[start : start + size]]


def block_size(per_call: int, concurrency: int) -> int:
    """Numbers handed to the library at once by a bulk command reading a file: eight rounds of
    calls at full concurrency (so waiting for a block's last calls costs little), and at least
    10,000, at most 100,000 (a block's numbers and results are in memory together)."""
    return max(10_000, min(100_000, per_call * concurrency * 8))


def _delimiter(line: str) -> str:
    text = line.strip()
    counts = {d: text.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cells(line: str, delimiter: str) -> list[str]:
    # One physical line at a time: a phone list never has a cell spanning lines, so an
    # unterminated quote is an error on its line instead of silently swallowing the next ones.
    if '"' not in line and "\r" not in line and "\0" not in line:
        return line.split(delimiter)  # what the csv module gives for such a line, 5x faster
    return next(csv.reader([line], delimiter=delimiter, strict=True), [])


def _comment(line: str) -> bool:
    """A comment line of a plain list: `#` first, but not a spreadsheet's error value (`#N/A`
    where a number should be is a row to report, not a comment to skip)."""
    text = line.strip()
    if not text.startswith("#"):
        return False
    first = re.split(r"[,;\t|]", text, maxsplit=1)[0].strip()
    return not PLACEHOLDER.fullmatch(first)


def check_lines(
    lines: Iterable[str | Unreadable],
    *,
    default_region: str = "US",
    on_rejected: Callable[[Rejected], None],
    on_line: Callable[[int], None] | None = None,
) -> NumberFile:
    """Check each line as it comes (nothing is held but the valid numbers, compactly): CSV
    (a column named like `phoneNumber`, else the first column) or one number per line.

    The separator (`,` `;` tab or `|`) is the one the first data line uses most. Lines
    starting with `#` are comments until a header line; below one they are data. Without a
    header naming the column, a row whose other cells hold numbers too is rejected rather than
    read as its first number. Each rejected row goes to `on_rejected(row)`; `on_line(count)` is
    called every `PROGRESS_EVERY` lines.
    """
    result = NumberFile()
    seen = result.seen
    column: int | None = None
    delimiter: str | None = None
    header_checked = False

    def reject(row: Rejected) -> None:
        result.rejected_count += 1
        on_rejected(row)

    line_no = 0
    for line_no, raw in enumerate(lines, start=1):
        if on_line is not None and line_no % PROGRESS_EVERY == 0:
            on_line(line_no)
        if isinstance(raw, Unreadable):
            reject((line_no, raw.quoted, raw.reason))
            continue
        line = raw.removesuffix("\n").removesuffix("\r")
        if not line.strip():
            continue
        if column is None and _comment(line):
            continue  # a comment in a plain list; under a header, `#` is a cell's data
        if delimiter is None:
            delimiter = _delimiter(line)
        try:
            row = _cells(line, delimiter)
        except csv.Error as error:
            reject((line_no, line, f"not a CSV row ({error}): check its quotes"))
            continue
        if not header_checked:
            header_checked = True
            names = [column_name(c) for c in row]
            column = next((i for i, name in enumerate(names) if name in NUMBER_COLUMN_NAMES), None)
            if column is not None:
                continue
        if not any(cell.strip() for cell in row):
            continue
        index = column if column is not None else 0
        value = row[index].strip() if index < len(row) else ""
        number, reason = parse_one(value, default_region)
        if number is None:
            reject((line_no, value, reason))
            continue
        if column is None and len(row) > 1:
            others = [c.strip() for c in row[1:] if c.strip()]
            if any(parse_one(other, default_region)[0] for other in others):
                reject(
                    (
                        line_no,
                        line,
                        "the row holds several numbers: name the number column in a header "
                        "line (e.g. phoneNumber) or put one number per line",
                    )
                )
                continue
        first = seen.add(int(number[2:]), line_no)
        if first is not None:
            reject((line_no, value, f"duplicate of line {first}"))
    if on_line is not None:
        on_line(line_no)
    return result


def read_numbers(text: str, *, default_region: str = "US") -> NumberFile:
    """The numbers of a text held in memory (arguments, a small file), every rejected row kept."""
    rejected: list[Rejected] = []
    result = check_lines(
        text.split("\n"), default_region=default_region, on_rejected=rejected.append
    )
    result.rejected = rejected
    return result


def _open(path: Path) -> io.BufferedReader:
    try:
        return path.open("rb")
    except OSError as exc:
        raise InvalidArgumentError(f"cannot read {path}: {exc}") from None


def _quoted(data: bytes | str) -> str:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return text[:QUOTED_CHARS].rstrip("\r\n")


def _too_long(first: bytes | str, rest: Callable[[], bytes | str]) -> Unreadable:
    """The line `first` began, read past to its end in pieces (never held whole)."""
    chunk = first
    while chunk and chunk[-1:] not in ("\n", b"\n"):
        chunk = rest()
    return Unreadable(_quoted(first), f"a line longer than {MAX_LINE_BYTES:,} bytes")


def file_lines(fh: io.BufferedReader, encoding: str | None = None) -> Iterator[str | Unreadable]:
    """The lines of a file (each ending at "\n" only: a stray "\r" stays in its line, as in
    `read_numbers`), read in its byte order mark's encoding, else in `encoding` (default
    UTF-8). A line that is not text in that encoding, or longer than `MAX_LINE_BYTES`, comes
    as `Unreadable`, so that it is one rejected row with its line number instead of the whole
    file refused."""
    head = fh.peek(4)[:4]
    marked = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if marked in ("utf-32", "utf-16"):
        yield from _decoded_lines(fh, marked)
        return
    if marked is None and encoding is not None and _codec(encoding) != "utf-8":
        yield from _decoded_lines(fh, encoding)
        return
    if marked == "utf-8-sig":
        fh.read(len(codecs.BOM_UTF8))
    while data := fh.readline(MAX_LINE_BYTES):
        if len(data) >= MAX_LINE_BYTES and not data.endswith(b"\n"):
            yield _too_long(data, lambda: fh.readline(MAX_LINE_BYTES))
            continue
        try:
            yield data.decode("utf-8")
        except UnicodeDecodeError as error:
            yield Unreadable(
                _quoted(data),
                f"not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start + 1}): "
                "name the file's encoding (sinch-qn --encoding latin-1 ...) or save it as UTF-8",
            )


def _codec(encoding: str) -> str:
    """The codec's own name (`latin-1` for `iso-8859-1`), or a one-line error naming it."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InvalidArgumentError(
            f"unknown encoding {encoding!r} (e.g. latin-1, cp1252)"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13: not a text encoding
        raise InvalidArgumentError(f"{encoding!r} is not a text encoding")
    return info.name


def _decoded_lines(fh: io.BufferedReader, encoding: str) -> Iterator[str | Unreadable]:
    # A UTF-16/32 codec reads the byte order mark itself; what it cannot decode is U+FFFD.
    text = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="\n")
    limit = MAX_LINE_BYTES // 4  # characters: at most MAX_LINE_BYTES in any encoding
    try:
        while line := text.readline(limit):
            if len(line) >= limit and not line.endswith("\n"):
                yield _too_long(line, lambda: text.readline(limit))
            elif "\ufffd" in line:
                yield Unreadable(_quoted(line), f"not {encoding} text")
            else:
                yield line
    finally:
        text.detach()  # the file stays open: its owner closes it


def read_number_file(
    path: Path,
    *,
    default_region: str = "US",
    rejected_path: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    encoding: str | None = None,
) -> NumberFile:
    """The numbers of a file, read line by line: memory stays flat however long it is. With
    `rejected_path`, every rejected row is written there as it is found (CSV: line, value,
    reason; the file is created only if a row is rejected) and only the first
    `SHOWN_REJECTED` are kept; without it, all are kept. `on_progress(bytes_read, size)`.
    `encoding`: the file's, when it has no byte order mark (default UTF-8)."""
    if encoding is not None:
        _codec(encoding)  # an unknown name is refused before the file is opened
    size = path.stat().st_size if path.is_file() else 0
    kept: list[Rejected] = []
    sink: list[Any] = []  # the rejected-rows file and its writer, opened at the first row

    def on_rejected(row: Rejected) -> None:
        if rejected_path is None:
            kept.append(row)
            return
        if len(kept) < SHOWN_REJECTED:
            kept.append(row)
        if not sink:
            fh = open_output(rejected_path, "the rejected rows' file")
            writer = CsvWriter(fh)
            writer.writerow(["line", "value", "reason"])
            sink[:] = [fh, writer]
        sink[1].writerow(row)

    with _open(path) as fh:

        def on_line(_: int) -> None:
            if on_progress is not None:
                on_progress(fh.tell(), size)

        try:
            result = check_lines(
                file_lines(fh, encoding),
                default_region=default_region,
                on_rejected=on_rejected,
                on_line=on_line,
            )
        finally:
            if sink:
                sink[0].close()
    result.rejected = kept
    result.rejected_path = rejected_path if sink else None
    return result


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


def exit_if_empty(file: Path | None, rows: int, rejected: int, doing: str) -> None:
    """A --file with no row at all (or only blank lines, comments, a header) is nothing to do,
    not an input error: said on stderr, exit 0 before any request. (A file whose rows are all
    bad is an input error: its rows are reported.)"""
    if file is not None and not rows and not rejected:
        err.print(f"{file} has no numbers: nothing to {doing}", markup=False, soft_wrap=True)
        sys.exit(0)


def report_rejected(parsed: NumberFile) -> None:
    """A short table of rejected rows on stderr, and where all of them are (a file's rejected
    rows were written to `<file>.rejected.csv` as they were read)."""
    if not parsed.rejected_count:
        return
    count = parsed.rejected_count
    rows = "1 rejected row" if count == 1 else f"{count} rejected rows"
    table = Table("line", "value", "reason", title=rows)
    for line, value, reason in parsed.rejected[:SHOWN_REJECTED]:
        shown = value if len(value) <= SHOWN_VALUE_CHARS else value[:SHOWN_VALUE_CHARS] + "…"
        table.add_row(str(line), shown, reason)
    err.print(table)
    if parsed.rejected_path is not None:
        where = "The rejected row is" if count == 1 else f"All {count} rejected rows are"
        err.print(f"{where} in {parsed.rejected_path}", markup=False, soft_wrap=True)
    elif parsed.rejected_count > SHOWN_REJECTED:
        err.print(f"... and {parsed.rejected_count - SHOWN_REJECTED} more", markup=False)


def report_rejected_rows(rejected: list[Rejected], source: Path | None) -> None:
    """`report_rejected` for rows checked elsewhere (a file of codes): with a file, every
    rejected row goes to `<file>.rejected.csv` too, in the same form."""
    path = None
    if source is not None and rejected:
        path = rejected_path_for(source)
        with open_output(path, "the rejected rows' file") as fh:
            writer = CsvWriter(fh)
            writer.writerow(["line", "value", "reason"])
            writer.writerows(rejected)
    report_rejected(
        NumberFile(
            rejected=rejected[:SHOWN_REJECTED], rejected_count=len(rejected), rejected_path=path
        )
    )


def output_file(path: Path, what: str) -> Path:
    """`path`, a file the CLI will write (a journal, a failures file), refused at once in one
    line unless it is a regular file or can be created: a directory, a device (`/dev/full`
    reads forever) or a FIFO never is."""
    if path.exists() and not path.is_file():
        raise InvalidArgumentError(f"{what} {path} is not a regular file: name a file")
    if not path.exists() and not path.parent.is_dir():
        raise InvalidArgumentError(f"{what} {path} cannot be created: no folder {path.parent}")
    return path


def open_output(path: Path, what: str) -> IO[str]:
    """`path` opened to write CSV, any failure said in one line (an `InvalidArgumentError`)."""
    output_file(path, what)
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as error:
        raise InvalidArgumentError(
            f"cannot write {what} {path}: {error.strerror or error}"
        ) from None


def rejected_path_for(file: Path) -> Path:
    return file.with_name(file.name + ".rejected.csv")


def read_input(numbers: tuple[str, ...], file: Path | None) -> NumberFile:
    """The numbers of the arguments or of --file (streamed, its rejected rows to
    `<file>.rejected.csv` as they are found), with a progress bar from the first second."""
    if file is None:
        return read_numbers("\n".join(numbers))
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    with Progress(
        TextColumn("checking {task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(file.name, total=None)
        return read_number_file(
            file,
            rejected_path=rejected_path_for(file),
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            encoding=_encoding_option(),
        )


def _encoding_option() -> str | None:
    """`sinch-qn --encoding NAME`, when a command runs under it."""
    import click

    ctx = click.get_current_context(silent=True)
    return getattr(ctx.find_root().obj, "encoding", None) if ctx is not None else None
