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
from rich.console import Console
from rich.table import Table

from .._calls import CONCRETE_STATES
from .._exceptions import InvalidArgumentError, QualifiedNumbersError

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

#: A rejected value is shown cut to this length (the full value goes to the rejected-rows file).
SHOWN_VALUE_CHARS = 60

#: The shell's code for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130

_PREFIX = "GLOBAL_PROCESS_STATE_"
#: State names as people type them (`VERIFIED`), from the generated enum.
STATES = [state.value.removeprefix(_PREFIX) for state in CONCRETE_STATES]


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    sys.exit(code)


def escape(text: str) -> str:
    """Rich markup off for text that comes from the service or the user."""
    return text.replace("[", r"\[")


def full_state(state: str) -> str:
    name = state.upper()
    if name.startswith(_PREFIX):
        name = name[len(_PREFIX) :]
    if name not in STATES and name != "UNSPECIFIED":
        raise click.BadParameter(f"unknown state {state!r}; use one of {', '.join(STATES)}")
    return _PREFIX + name


def emit(rows: Iterable[dict[str, Any]], output: str, columns: list[str]) -> None:
    """Data only on stdout: a table for people, JSON or CSV for scripts, written as the rows
    come (a listing of a million numbers never sits in memory)."""
    with RowWriter(output, columns) as write:
        for row in rows:
            write(row)


#: A table longer than this is printed in parts of this many rows, the columns as wide as the
#: first part's (a table's widths otherwise need every row first).
TABLE_PART_ROWS = 1000


class RowWriter:
    """Rows to stdout as they come, as `emit` writes them (`with RowWriter(...) as write:`).
    JSON is the same document `json.dumps(rows, indent=2)` gives, CSV the same file."""

    def __init__(self, output: str, columns: list[str]) -> None:
        self.output = output
        self.columns = columns
        self.count = 0
        self._part: list[dict[str, Any]] = []
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
                self._csv = csv.DictWriter(
                    sys.stdout, fieldnames=self.columns, extrasaction="ignore"
                )
                self._csv.writeheader()
            self._csv.writerow(row)
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
        elif self._part or not self.count:
            self._print_part()

    def _print_part(self) -> None:
        # People read `HOSTING_DONE` and minutes; scripts (json, csv) get the full values.
        cells = [[for_people(str(row.get(c, ""))) for c in self.columns] for row in self._part]
        table = Table(*(TABLE_HEADERS.get(c, c) for c in self.columns))
        if self._widths is not None:
            for column, width in zip(table.columns, self._widths, strict=True):
                column.min_width = width
            table.show_header = False
        for row_cells in cells:
            table.add_row(*row_cells)
        out.print(table)
        if self._widths is None:
            headers = [TABLE_HEADERS.get(c, c) for c in self.columns]
            self._widths = [
                max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)
            ]
        self._part = []


TABLE_HEADERS = {
    "phoneNumber": "number",
    "regionCode": "region",
    "globalProcessState": "state",
    "createdTime": "created (UTC)",
    "updatedTime": "updated (UTC)",
    "hostingOrderId": "hosting order",
}
_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(\.\d+)?(Z|\+00:00)")


def for_people(value: str) -> str:
    value = value.removeprefix(_PREFIX)
    return _TIMESTAMP.sub(r"\1 \2", value)


COLUMNS = ["phoneNumber", "regionCode", "globalProcessState", "createdTime", "updatedTime"]
output_option = click.option(
    "--output",
    "-o",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
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
