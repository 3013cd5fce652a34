"""What the CLI shows: data on stdout (table, JSON or CSV), messages on stderr."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
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
    # soft_wrap: one line however long (a path is never broken mid-name).
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)
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


def emit(rows: list[dict[str, Any]], output: str, columns: list[str]) -> None:
    """Data only on stdout: a table for people, JSON or CSV for scripts."""
    if output == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif output == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        # People read `HOSTING_DONE` and minutes; scripts (json, csv) get the full values.
        table = Table(*(TABLE_HEADERS.get(c, c) for c in columns))
        for row in rows:
            table.add_row(*(for_people(str(row.get(c, ""))) for c in columns))
        out.print(table)


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


#: Rejected rows shown on the terminal; all of them go to a file next to the input.
SHOWN_REJECTED = 20


def report_rejected(rejected: list[tuple[int, str, str]], source: Path | None) -> None:
    """A short table of rejected rows on stderr; with a file, every row in `<file>.rejected.csv`."""
    if not rejected:
        return
    table = Table("line", "value", "reason", title=f"{len(rejected)} rejected rows")
    for line, value, reason in rejected[:SHOWN_REJECTED]:
        shown = value if len(value) <= SHOWN_VALUE_CHARS else value[:SHOWN_VALUE_CHARS] + "…"
        table.add_row(str(line), shown, reason)
    err.print(table)
    if source is not None:
        path = source.with_name(source.name + ".rejected.csv")
        write_rejected(path, rejected)
        err.print(f"All {len(rejected)} rejected rows are in {path}", markup=False)
    elif len(rejected) > SHOWN_REJECTED:
        err.print(f"... and {len(rejected) - SHOWN_REJECTED} more", markup=False)


def write_rejected(path: Path, rejected: list[tuple[int, str, str]]) -> None:
    """Every rejected row as CSV (line, value, reason), for the file's owner to fix."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["line", "value", "reason"])
        writer.writerows(rejected)


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
