"""`sinch-qn`: the whole qualification process from the command line.

With no credentials configured every command runs against the embedded sandbox, whose state
persists in a SQLite file in the user's state directory. Exit codes: 0 success, 1 service
error or partial failure, 2 usage or input error.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import QualifiedNumbersClient, __version__
from .._calls import MAX_NUMBERS_PER_CALL, state_of
from .._exceptions import (
    AddNumbersError,
    InvalidArgumentError,
    QualifiedNumbersError,
    WaitTimeoutError,
)
from .._waiting import WaitProgress
from ._inputs import (
    SHOWN_VALUE_CHARS,
    NumberFile,
    load_loa,
    read_number_file,
    read_numbers,
    write_rejected,
)
from ._journal import Journal
from ._rows import number_row
from ._textenable import run_text_enable

F = TypeVar("F", bound=Callable[..., Any])

err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

STATES = [
    "ELIGIBLE_CHECK_PENDING",
    "ELIGIBLE",
    "NOT_ELIGIBLE",
    "VERIFICATION_PENDING",
    "VERIFICATION_FAILED",
    "VERIFICATION_BLOCKED",
    "VERIFIED",
    "HOSTING_IN_PROGRESS",
    "HOSTING_DONE",
    "HOSTING_FAILED",
]


def state_dir() -> Path:
    override = os.environ.get("SINCH_QN_STATE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sinch-qn"


@dataclass
class Context:
    project_id: str | None
    key_id: str | None
    key_secret: str | None
    base_url: str | None
    auth: str
    debug: bool
    _stack: contextlib.ExitStack
    _client: QualifiedNumbersClient | None = None
    sandbox_url: str | None = None

    @property
    def embedded(self) -> bool:
        return not any(
            (
                self.key_id or os.environ.get("SINCH_KEY_ID"),
                self.key_secret or os.environ.get("SINCH_KEY_SECRET"),
                self.base_url or os.environ.get("SINCH_QN_BASE_URL"),
            )
        )

    def client(self) -> QualifiedNumbersClient:
        if self._client is not None:
            return self._client
        if self.embedded:
            from sinch_qualified_numbers_sandbox import (
                DEFAULT_KEY_ID,
                DEFAULT_KEY_SECRET,
                DEFAULT_PROJECT_ID,
                SandboxConfig,
                serve_in_thread,
            )

            folder = state_dir()
            folder.mkdir(parents=True, exist_ok=True)
            db = folder / "sandbox.sqlite"
            running = self._stack.enter_context(
                serve_in_thread(
                    SandboxConfig(db_path=str(db), eligibility_delay=2, hosting_delay=5)
                )
            )
            self.sandbox_url = running.url
            err.print(
                f"[dim]Using the embedded sandbox (state in {db}); set SINCH_KEY_ID, "
                "SINCH_KEY_SECRET and SINCH_PROJECT_ID to use Sinch.[/dim]"
            )
            self._client = QualifiedNumbersClient(
                project_id=DEFAULT_PROJECT_ID,
                key_id=DEFAULT_KEY_ID,
                key_secret=DEFAULT_KEY_SECRET,
                base_url=running.url,
                token_url=f"{running.url}/oauth2/token",
                auth="oauth2",
            )
        else:
            self._client = QualifiedNumbersClient(
                project_id=self.project_id,
                key_id=self.key_id,
                key_secret=self.key_secret,
                base_url=self.base_url,
                auth=self.auth,  # type: ignore[arg-type]
            )
        self._stack.callback(self._client.close)
        return self._client


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    sys.exit(code)


def handled(func: F) -> F:
    """One readable line on stderr instead of a traceback (unless --debug); Ctrl-C exits 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool(ctx.find_object(Context) and ctx.find_object(Context).debug)  # type: ignore[union-attr]
        try:
            return func(*args, **kwargs)
        except InvalidArgumentError as error:
            if debug:
                raise
            fail(_escape(str(error)), 2)
        except QualifiedNumbersError as error:
            if debug:
                raise
            fail(_escape(str(error)), 1)
        except KeyboardInterrupt:
            fail("interrupted", INTERRUPTED)

    return wrapper  # type: ignore[return-value]


#: The shell's code for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def full_state(state: str) -> str:
    name = state.upper()
    if name.startswith("GLOBAL_PROCESS_STATE_"):
        name = name[len("GLOBAL_PROCESS_STATE_") :]
    if name not in STATES and name != "UNSPECIFIED":
        raise click.BadParameter(f"unknown state {state!r}; use one of {', '.join(STATES)}")
    return "GLOBAL_PROCESS_STATE_" + name


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
            table.add_row(*(_for_people(str(row.get(c, ""))) for c in columns))
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


def _for_people(value: str) -> str:
    value = value.removeprefix("GLOBAL_PROCESS_STATE_")
    return _TIMESTAMP.sub(r"\1 \2", value)


COLUMNS = ["phoneNumber", "regionCode", "globalProcessState", "createdTime", "updatedTime"]
output_option = click.option(
    "--output",
    "-o",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project-id", envvar="SINCH_PROJECT_ID", help="[env SINCH_PROJECT_ID]")
@click.option("--key-id", envvar="SINCH_KEY_ID", help="[env SINCH_KEY_ID]")
@click.option("--key-secret", envvar="SINCH_KEY_SECRET", help="[env SINCH_KEY_SECRET]")
@click.option("--base-url", envvar="SINCH_QN_BASE_URL", help="[env SINCH_QN_BASE_URL]")
@click.option("--auth", type=click.Choice(["oauth2", "basic"]), default="oauth2", show_default=True)
@click.option("--debug", is_flag=True, help="Show tracebacks and log every HTTP call.")
@click.version_option(__version__, prog_name="sinch-qn")
@click.pass_context
def main(
    ctx: click.Context,
    project_id: str | None,
    key_id: str | None,
    key_secret: str | None,
    base_url: str | None,
    auth: str,
    debug: bool,
) -> None:
    """Qualify US/CA numbers you own and text-enable them with Sinch."""
    if debug:
        os.environ.setdefault("SINCH_LOG", "debug")
    stack = ctx.with_resource(contextlib.ExitStack())
    ctx.obj = Context(project_id, key_id, key_secret, base_url, auth, debug, stack)


pass_context = click.make_pass_decorator(Context)


@main.command("list")
@click.option("--state", "states", multiple=True, help="Repeatable; default: every state.")
@click.option("--region", type=click.Choice(["US", "CA"]))
@click.option("--limit", type=click.IntRange(min=1))
@output_option
@pass_context
@handled
def list_command(
    ctx: Context, states: tuple[str, ...], region: str | None, limit: int | None, output: str
) -> None:
    """List the project's numbers."""
    chosen = [full_state(s) for s in states] or None
    pager = ctx.client().qualified_numbers.list(
        states=chosen, region_code=region, page_size=500, limit=limit
    )
    emit([number_row(n) for n in pager], output, COLUMNS)


@main.command()
@click.argument("number")
@output_option
@pass_context
@handled
def get(ctx: Context, number: str, output: str) -> None:
    """Show one number."""
    emit([number_row(ctx.client().qualified_numbers.get(number))], output, COLUMNS)


@main.command()
@click.argument("numbers", nargs=-1, required=True)
@pass_context
@handled
def delete(ctx: Context, numbers: tuple[str, ...]) -> None:
    """Delete numbers from the project."""
    failed = 0
    for number in numbers:
        try:
            ctx.client().qualified_numbers.delete(number)
            click.echo(f"deleted {number}")
        except InvalidArgumentError:
            raise
        except QualifiedNumbersError as error:
            failed += 1
            err.print(f"[red]error:[/red] {_escape(str(error))}")
    if failed:
        sys.exit(1)


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


@main.command()
@click.argument("numbers", nargs=-1)
@click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
@output_option
@pass_context
@handled
def add(ctx: Context, numbers: tuple[str, ...], file: Path | None, output: str) -> None:
    """Add numbers (arguments or --file) to qualify; bad rows are reported and skipped."""
    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    report_rejected(parsed.rejected, file)
    if not parsed.valid:
        fail("no valid numbers to add", 2)
    with Progress(
        TextColumn("adding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=len(parsed.valid) <= MAX_NUMBERS_PER_CALL,  # one call: nothing to follow
    ) as progress:
        task = progress.add_task("add", total=len(parsed.valid))
        try:
            added = ctx.client().qualified_numbers.add(
                parsed.valid,
                on_chunk_done=lambda chunk: progress.advance(task, len(chunk.numbers)),
            )
        except AddNumbersError as error:
            progress.stop()
            emit([number_row(n) for n in error.added], output, COLUMNS)
            fail(_escape(str(error)), 1)
    emit([number_row(n) for n in added], output, COLUMNS)
    if parsed.rejected:
        sys.exit(1)


@main.group()
def challenge() -> None:
    """Prove ownership with a voice call."""


@challenge.command("send")
@click.argument("number")
@pass_context
@handled
def challenge_send(ctx: Context, number: str) -> None:
    """Call NUMBER; the call speaks a code."""
    answer = ctx.client().qualified_numbers.send_voice_challenge(number)
    click.echo(f"{answer.phone_number} {state_of(answer)}")


@challenge.command("verify")
@click.argument("number")
@click.argument("code")
@pass_context
@handled
def challenge_verify(ctx: Context, number: str, code: str) -> None:
    """Verify NUMBER with the CODE the call spoke."""
    answer = ctx.client().qualified_numbers.verify_voice_challenge(number, code)
    state = state_of(answer)
    click.echo(f"{answer.phone_number} {state}")
    if state != "GLOBAL_PROCESS_STATE_VERIFIED":
        sys.exit(1)


@main.command("text-enable")
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--service-plan-id", required=True)
@click.option("--campaign-id")
@click.option(
    "--loa", "loa_kind", type=click.Choice(["direct", "reseller", "blanket"]), required=True
)
@click.option("--loa-file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--callback-url")
@click.option("--journal", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--failures", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--max-concurrency",
    type=click.IntRange(min=1, max=64),
    help="Calls in flight at once (default: the client's, 4).",
)
@output_option
@pass_context
@handled
def text_enable(
    ctx: Context,
    file: Path,
    service_plan_id: str,
    campaign_id: str | None,
    loa_kind: str,
    loa_file: Path | None,
    callback_url: str | None,
    journal: Path | None,
    failures: Path | None,
    max_concurrency: int | None,
    output: str,
) -> None:
    """Text-enable the verified numbers of a file, in chunks, resumable."""
    loa = load_loa(loa_kind, loa_file)
    parsed = read_input((), file)
    report_rejected(parsed.rejected, file)
    if not parsed.valid:
        fail("no valid numbers to text-enable", 2)
    client = ctx.client()
    if max_concurrency is not None:
        client = client.with_options(max_concurrency=max_concurrency)
    summary = run_text_enable(
        client,
        parsed.valid,
        service_plan_id=service_plan_id,
        loa=loa,
        campaign_id=campaign_id,
        callback_url=callback_url,
        journal=Journal(journal or file.with_name(file.name + ".journal.jsonl")),
        failures_path=failures or file.with_name(file.name + ".failures.csv"),
        console=err,
    )
    emit(summary.rows(), output, ["phoneNumber", "result", "hostingOrderId", "reason"])
    if summary.interrupted:
        sys.exit(INTERRUPTED)
    if summary.failed or parsed.rejected:
        sys.exit(1)


def parse_duration(text: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text)
    if not match:
        raise click.BadParameter(f"{text!r} is not a duration like 30s, 10m or 1h")
    value = float(match.group(1))
    return value * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]


#: Up to this many numbers, `wait` shows a line per number; beyond, a count.
WAIT_TABLE_LIMIT = 20


@main.command()
@click.argument("numbers", nargs=-1)
@click.option(
    "--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="CSV or text."
)
@click.option("--state", "states", multiple=True, required=True)
@click.option("--timeout", default="10m", show_default=True)
@click.option("--interval", default="2s", show_default=True)
@output_option
@pass_context
@handled
def wait(
    ctx: Context,
    numbers: tuple[str, ...],
    file: Path | None,
    states: tuple[str, ...],
    timeout: str,
    interval: str,
    output: str,
) -> None:
    """Wait until every NUMBER (or every number of --file) is in one of the --state values."""
    from rich.live import Live

    if not numbers and file is None:
        raise click.UsageError("give numbers or --file")
    parsed = read_input(numbers, file)
    report_rejected(parsed.rejected, file)
    if parsed.rejected and not file:
        fail(f"invalid number: {parsed.rejected[0][1]!r} ({parsed.rejected[0][2]})", 2)
    if not parsed.valid:
        fail("no valid numbers to wait for", 2)
    wanted = [full_state(s) for s in states]
    qn = ctx.client().qualified_numbers
    targets = parsed.valid

    def view(progress: WaitProgress) -> Table:
        title = f"{len(progress.arrived)}/{len(targets)} arrived ({progress.elapsed:.0f}s)"
        if len(targets) > WAIT_TABLE_LIMIT:
            return Table(title=title)
        table = Table("number", "state", title=title)
        for phone in targets:
            number = progress.arrived.get(phone)
            table.add_row(phone, _for_people(str(state_of(number))) if number else "waiting")
        return table

    seen: dict[str, Any] = {}

    def show(progress: WaitProgress, live: Live) -> None:
        seen.update(progress.arrived)  # what arrived, also when the wait then times out
        live.update(view(progress), refresh=True)

    late: dict[str, str | None] = {}
    with Live(console=err, transient=True, auto_refresh=False) as live:
        try:
            seen.update(
                qn.wait_for(
                    targets,
                    states=wanted,
                    timeout=parse_duration(timeout),
                    poll_interval=parse_duration(interval),
                    on_poll=lambda progress: show(progress, live),
                )
            )
        except WaitTimeoutError as error:
            late = error.pending
    rows = [
        number_row(seen[n])
        if n in seen
        else {"phoneNumber": n, "globalProcessState": late.get(n) or ""}
        for n in targets
    ]
    emit(rows, output, COLUMNS)
    if late:
        fail(f"{len(late)} numbers did not reach {', '.join(states)} in {timeout}", 1)


@main.group()
def sandbox() -> None:
    """The embedded sandbox."""


@sandbox.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True)
def sandbox_serve(host: str, port: int) -> None:
    """Serve the embedded sandbox's persistent state over HTTP until interrupted."""
    from sinch_qualified_numbers_sandbox.__main__ import main as serve

    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    serve(["--host", host, "--port", str(port), "--db", str(folder / "sandbox.sqlite")])


@sandbox.command("reset")
def sandbox_reset() -> None:
    """Forget every number and order of the embedded sandbox."""
    db = state_dir() / "sandbox.sqlite"
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(db) + suffix).unlink()
    click.echo(f"reset {db}")


@sandbox.command("calls")
@output_option
@pass_context
@handled
def sandbox_calls(ctx: Context, output: str) -> None:
    """The voice codes the embedded sandbox 'spoke', newest last."""
    if not ctx.embedded:
        fail("`sandbox calls` only works with the embedded sandbox (no credentials set)", 2)
    ctx.client()
    import httpx

    from sinch_qualified_numbers_sandbox import (
        DEFAULT_KEY_ID,
        DEFAULT_KEY_SECRET,
        DEFAULT_PROJECT_ID,
    )

    calls = httpx.get(
        f"{ctx.sandbox_url}/_sandbox/projects/{DEFAULT_PROJECT_ID}/voiceCalls",
        auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
    ).json()["voiceCalls"]
    emit(calls, output, ["phoneNumber", "code", "createdTime"])


@main.group()
def callbacks() -> None:
    """Receive text-enablement callbacks."""


@callbacks.command("listen")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8787, show_default=True)
@click.option(
    "--secret-env",
    default="SINCH_QN_CALLBACK_SECRET",
    show_default=True,
    help="Name of the variable that holds the callback secret.",
)
@click.option(
    "--output", "-o", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
def callbacks_listen(host: str, port: int, secret_env: str, output: str) -> None:
    """Print verified callback events as they arrive (POST them to http://HOST:PORT/)."""
    import uvicorn

    from ..callbacks import CallbackEvent, asgi_app

    secret = os.environ.get(secret_env)
    if not secret:
        fail(
            f"set the callback secret in ${secret_env} (or name another one with --secret-env)",
            2,
        )

    def show(event: CallbackEvent) -> None:
        if output == "jsonl":
            click.echo(json.dumps(event.raw), nl=True)
        else:
            click.echo(
                f"{event.timestamp.isoformat() if event.timestamp else '-'}  {event.resource_id}  "
                f"{event.event_type}  {event.status}  {event.failure_code or ''}".rstrip()
            )
        sys.stdout.flush()

    err.print(f"Listening for callbacks on http://{host}:{port}/ (secret from ${secret_env})")
    uvicorn.run(asgi_app(secret, show), host=host, port=port, log_level="warning")


@main.command()
@click.option("--count", default=1200, show_default=True, help="How many sample numbers.")
@click.option(
    "--workdir", type=click.Path(path_type=Path, file_okay=False), help="Where to write files."
)
def demo(count: int, workdir: Path | None) -> None:
    """The whole process, end to end, on a fresh in-memory sandbox."""
    from ._demo import run_demo

    sys.exit(run_demo(count=count, workdir=workdir, console=err, out=out))


__all__ = ["main"]
