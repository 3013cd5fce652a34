"""What the CLI shows: data on stdout (table, JSON or CSV), messages on stderr."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

import click
import click.shell_completion
from rich.console import Console
from rich.table import Table

from sinch_qualified_numbers_api.models import GlobalProcessState

from .._exceptions import InvalidArgumentError, QualifiedNumbersError
from .._redact import mask_url
from .._states import CONCRETE_STATES, state_filter

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

#: A rejected value is shown cut to this length (the full value goes to the rejected-rows file).
SHOWN_VALUE_CHARS = 60

#: The shell's code for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130

#: State names as people type them (`VERIFIED`), from the generated enum.
STATES = [state.short for state in CONCRETE_STATES]


def fail(message: str, code: int) -> NoReturn:
    # One line however long: a wrapped message cuts URLs and numbers in two. A URL's
    # password is never printed, whoever wrote the message.
    err.print(
        f"[red]error:[/red] {mask_url(message)}", markup=True, highlight=False, soft_wrap=True
    )
    sys.exit(code)


def escape(text: str) -> str:
    """Rich markup off for text that comes from the service or the user."""
    return text.replace("[", r"\[")


#: How a spreadsheet recognises a formula: a cell starting with one of these (OWASP's CSV
#: injection list; a tab or carriage return first is skipped by some, then the next counts).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A sign, then only digits, spaces and `( ) . -`: an E.164 number (`+12025550134`), a
#: number as people write it (`+1 (202) 555-0134`) or a negative count. With no letter no
#: function can be named, so nothing runs: such a cell is written as it is.
_NUMBER_LIKE = re.compile(r"[+-][0-9 ().-]*")


def _flat(value: object) -> object:
    """A nested field (an object or a list) in one CSV cell: its JSON."""
    return json.dumps(value, default=str) if isinstance(value, dict | list) else value


def csv_cell(value: object) -> object:
    """`value` as every CSV the CLI writes holds it: a text a spreadsheet would run as a
    formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+cmd|...`) gets a leading `'`, which makes
    it plain text; numbers and phone numbers (see `_NUMBER_LIKE`) are left as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _NUMBER_LIKE.fullmatch(value)
    ):
        return "'" + value
    return value


class CsvWriter:
    """`csv.writer` whose every cell goes through `csv_cell` (formulas neutralised)."""

    def __init__(self, fh: Any) -> None:
        self._writer = csv.writer(fh)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def complete_state(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Shell completion of `--state`: the state names as people type them."""
    from click.shell_completion import CompletionItem

    typed = GlobalProcessState.short_name(incomplete.upper())
    return [CompletionItem(name) for name in STATES if name.startswith(typed)]


def full_states(values: Iterable[str]) -> list[str]:
    """Every `--state` given, each repeated or comma-separated (`ELIGIBLE,NOT_ELIGIBLE`, as
    the API's query takes them), as the library lists by them."""
    return [full_state(s.strip()) for value in values for s in value.split(",") if s.strip()]


def full_state(state: str) -> str:
    """A `--state` as the library lists by it (`state_filter`: a known state by its short or
    full name; a state newer than the spec by its full name, sent as is, while a short unknown
    name is much likelier a typo)."""
    try:
        return state_filter(state).value
    except InvalidArgumentError:
        raise click.BadParameter(
            f"unknown state {state!r}; use one of {', '.join(STATES)} (a state newer than "
            f"this client: its full name, {GlobalProcessState.full_name('...')})"
        ) from None


def emit(rows: Iterable[dict[str, Any]], output: str | None, columns: list[str]) -> None:
    """Data only on stdout: a table for people at a terminal, plain rows when stdout is not
    a terminal (a pipe, a file), JSON or CSV for scripts; no format ever cuts a value. Rows
    are written as they come (a listing of a million numbers never sits in memory)."""
    with RowWriter(output, columns) as write:
        for row in rows:
            write(row)


#: A table (or plain listing) longer than this is printed in parts of this many rows, the
#: columns at least as wide as the first part's (widths otherwise need every row first).
TABLE_PART_ROWS = 1000


class RowWriter:
    """Rows to stdout as they come, as `emit` writes them (`with RowWriter(...) as write:`).
    JSON is the same document `json.dumps(rows, indent=2)` gives, CSV the same file; tables
    and plain rows come in parts of `TABLE_PART_ROWS`."""

    def __init__(self, output: str | None, columns: list[str]) -> None:
        self.output = output or ("table" if out.is_terminal else "plain")
        self.columns = columns
        self.count = 0
        self._part: list[dict[str, Any]] = []
        self._shown = list(columns)  # a table at a narrow terminal drops some (said once)
        self._hidden: list[str] = []
        self._widths: list[int] | None = None
        self._csv: Any = None

    def __enter__(self) -> Callable[[dict[str, Any]], None]:
        return self.write

    def write(self, row: dict[str, Any]) -> None:
        if self.output == "json":
            text = json.dumps(row, indent=2, default=str).replace("\n", "\n  ")
            click.echo(("[\n  " if not self.count else ",\n  ") + text, nl=False)
        elif self.output == "csv":
            if self._csv is None:
                # The columns, then the first row's other fields (what the service sent
                # beyond them, new fields included): the header is written before the rest.
                names = self.columns + [name for name in row if name not in self.columns]
                self._csv = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerow({name: csv_cell(_flat(value)) for name, value in row.items()})
        else:
            self._part.append(row)
            if len(self._part) >= TABLE_PART_ROWS:
                self._print_part()
        self.count += 1

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is not None and (self.output == "json" or not self.count):
            # Cut short: JSON left unterminated, so no script mistakes it for the whole list;
            # nothing at all when no row came.
            return
        if self.output == "json":
            click.echo("\n]" if self.count else "[]")
        elif self.output == "csv":
            if self._csv is None:  # no rows: the header alone, as before
                buffer = io.StringIO()
                csv.DictWriter(buffer, fieldnames=self.columns).writeheader()
                click.echo(buffer.getvalue(), nl=False)
            sys.stdout.flush()
        else:
            if self._part or not self.count:
                self._print_part()
            if self._hidden:
                err.print(
                    f"[dim](not shown at this width: {', '.join(self._hidden)}; "
                    "--output csv or json has every column)[/dim]",
                    soft_wrap=True,
                )

    def _print_part(self) -> None:
        first = self._widths is None
        if self.output == "plain":
            cells = _cells(self._part, self.columns)
            header = [TABLE_HEADERS.get(c, c) for c in self.columns]
            widths = _widths([header, *cells], self._widths)
            click.echo(_aligned([header, *cells] if first else cells, widths), nl=False)
        else:
            if first:
                table, self._hidden = fitted_table(self._part, self.columns, out)
                self._shown = [
                    c for c in self.columns if TABLE_HEADERS.get(c, c) not in self._hidden
                ]
            else:
                table = table_of(self._part, self._shown)
                table.show_header = False
            header = [TABLE_HEADERS.get(c, c) for c in self._shown]
            widths = _widths([header, *_cells(self._part, self._shown)], self._widths)
            for column, width in zip(table.columns, widths, strict=True):
                column.min_width = max(column.min_width or 0, width)
            print_whole(out, table)
        self._widths = widths
        self._part = []


def _widths(lines: list[list[str]], at_least: list[int] | None) -> list[int]:
    found = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return found if at_least is None else [max(a, b) for a, b in zip(found, at_least, strict=True)]


def _aligned(lines: list[list[str]], widths: list[int]) -> str:
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )


#: Columns that hold a phone number or an ID: never cut, never folded, never dropped.
KEY_COLUMNS = frozenset({"phoneNumber", "hostingOrderId", "servicePlanId", "campaignId"})
#: What goes first when a table is too wide for the terminal (then the rightmost others).
DROP_FIRST = ("updatedTime", "createdTime", "regionCode")

TABLE_HEADERS = {
    "phoneNumber": "number",
    "regionCode": "region",
    "globalProcessState": "state",
    "createdTime": "created (UTC)",
    "updatedTime": "updated (UTC)",
    "hostingOrderId": "hosting order",
    "servicePlanId": "service plan",
    "campaignId": "campaign",
    "total": "numbers",
    "osrUpdated": "OSR updated",
    "smsProvisioned": "on SMS",
    "addedToCampaign": "in campaign",
    "ongoingManualAction": "manual",
    "displayName": "display name",
    "smsProvisioning": "SMS provisioning",
    "campaignProvisioning": "campaign provisioning",
    "osrUpdate": "OSR update",
    "platformProvisioning": "platform provisioning",
}
_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(\.\d+)?(Z|\+00:00)")


def for_people(value: str) -> str:
    value = GlobalProcessState.short_name(value)
    return _TIMESTAMP.sub(r"\1 \2", value)


def _cells(rows: list[dict[str, Any]], columns: list[str]) -> list[list[str]]:
    return [[for_people(str(row.get(c, ""))) for c in columns] for row in rows]


def plain_rows(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A header line and one line per row, columns aligned by spaces: for `grep`, `less` and
    files; every value whole however wide (the terminal's width does not matter here)."""
    lines = [[TABLE_HEADERS.get(c, c) for c in columns], *_cells(rows, columns)]
    return _aligned(lines, _widths(lines, None))


def table_of(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> Table:
    """The one table builder (final and live tables alike): the same headers everywhere, and
    phone numbers and IDs at their full width, never wrapped."""
    cells = _cells(rows, columns)
    table = Table(title=title)
    for index, column in enumerate(columns):
        header = TABLE_HEADERS.get(column, column)
        if column in KEY_COLUMNS:
            longest = max([len(header), *(len(row[index]) for row in cells)])
            table.add_column(header, no_wrap=True, min_width=longest, overflow="ignore")
        else:
            table.add_column(header, overflow="fold")
    for row in cells:
        table.add_row(*row)
    return table


def fitted_table(
    rows: list[dict[str, Any]], columns: list[str], console: Console, title: str | None = None
) -> tuple[Table, list[str]]:
    """The table, with columns dropped (timestamps, then region, then the rightmost others;
    never a number or an ID) until it fits the console without wrapping; and the headers of
    the dropped columns."""
    from rich.measure import Measurement

    shown = list(columns)
    hidden: list[str] = []
    while True:
        table = table_of(rows, shown, title)
        if not console.is_terminal:
            return table, hidden  # printed at its natural width: nothing to fit
        # Measured unbounded: a measurement within the console's options is capped at it.
        needed = Measurement.get(console, console.options.update(width=10_000), table).maximum
        droppable = [c for c in DROP_FIRST if c in shown] + [
            c for c in reversed(shown) if c not in KEY_COLUMNS and c not in DROP_FIRST
        ]
        if needed <= console.width or len(droppable) == 0 or len(shown) <= 2:
            return table, hidden
        shown.remove(droppable[0])
        hidden.append(TABLE_HEADERS.get(droppable[0], droppable[0]))


def print_whole(console: Console, table: Table) -> None:
    """Print a table without cutting it: off a terminal at its natural width (rich would
    otherwise squeeze it into 80 columns)."""
    if console.is_terminal:
        console.print(table)
        return
    from rich.measure import Measurement

    wide = Measurement.get(console, console.options.update(width=10_000), table).maximum
    # `print(width=)` is capped at the console's width, so the console is widened instead.
    before = console.width
    console.width = max(wide, before)
    try:
        console.print(table)
    finally:
        console.width = before


COLUMNS = ["phoneNumber", "regionCode", "globalProcessState", "createdTime", "updatedTime"]
output_option = click.option(
    "--output",
    "-o",
    type=click.Choice(["table", "plain", "json", "csv"]),
    default=None,
    help="Default: table at a terminal, plain rows otherwise (a pipe, a file).",
)
#: `--order-by` of every listing: the two values Sinch publishes for all of them.
order_by_option = click.option(
    "--order-by",
    type=click.Choice(["createdTime", "updatedTime"]),
    help="Oldest first by creation or by last update (default: the service's order).",
)


def one_by_one(numbers: tuple[str, ...], done: str, call: Callable[[str], object]) -> None:
    """`call` for each number, saying `done NUMBER` or the error; exit 1 if any failed. A bad
    argument stops at once (it would fail the same way for every number)."""
    failed = 0
    for number in numbers:
        try:
            call(number)
            click.echo(f"{done} {number}")
        except InvalidArgumentError:
            raise
        except QualifiedNumbersError as error:
            failed += 1
            err.print(f"[red]error:[/red] {escape(str(error))}")
    if failed:
        sys.exit(1)
