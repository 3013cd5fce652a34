"""`sinch-qn demo`: the whole process on a fresh sandbox, as a person would run it."""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sinch_qualified_numbers_api.models import GlobalProcessState

from .. import QualifiedNumbersClient
from .._loa import Address, AuthorisedPerson, DirectLoa
from .._states import state_of
from ._inputs import read_number_file
from ._journal import Journal
from ._order_runs import RunOutput, in_blocks, run_text_enable
from ._output import for_people, print_whole
from .commands.orders import follow, report_table

US_AREAS = ["202", "303", "415", "512", "617", "718", "312", "206"]
CA_AREAS = ["416", "604", "514", "613"]
TOLL_FREE = ["833", "844", "888"]
INVALID = ["555-0100", "+44 20 7946 0000", "hello", "+1 202 555", "0000000000", "+52 55 1234 5678"]
FORMATS = [
    "({a}) {e}-{s}",
    "{a}.{e}.{s}",
    "+1 {a} {e} {s}",
    "1-{a}-{e}-{s}",
    "{a}{e}{s}",
    "+1{a}{e}{s}",
]


def sample_rows(count: int, seed: int = 2026) -> list[str]:
    """Numbers in the formats people type, with some invalid rows, duplicates and magic ones."""
    rng = random.Random(seed)
    rows: list[str] = []
    used: set[str] = set()
    while len(rows) < count:
        kind = rng.random()
        area = rng.choice(TOLL_FREE if kind < 0.1 else CA_AREAS if kind < 0.35 else US_AREAS)
        subscriber = f"{rng.randrange(10_000):04d}"
        if len(rows) % 97 == 5:
            subscriber = "9901"  # magic: not eligible
        elif len(rows) % 89 == 7:
            subscriber = "9903"  # magic: hosting fails
        key = area + subscriber
        if key in used:
            continue
        used.add(key)
        rows.append(rng.choice(FORMATS).format(a=area, e="555", s=subscriber))
        if len(rows) % 53 == 0:
            rows.append(rng.choice(INVALID))
        if len(rows) % 101 == 0:
            rows.append(rows[-3])  # a duplicate, in whatever format it had
    return rows[:count]


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def run_demo(*, count: int, workdir: Path | None, console: Console, out: Console) -> int:
    """The demo; without `workdir` its files go to a temporary folder removed at the end
    (also when it fails or is interrupted)."""
    if workdir is not None:
        return _run_demo(count=count, folder=workdir, kept=True, console=console, out=out)
    with tempfile.TemporaryDirectory(prefix="sinch-qn-demo-") as scratch:
        return _run_demo(count=count, folder=Path(scratch), kept=False, console=console, out=out)


def _run_demo(*, count: int, folder: Path, kept: bool, console: Console, out: Console) -> int:
    from sinch_qualified_numbers_sandbox import (
        DEFAULT_KEY_ID,
        DEFAULT_KEY_SECRET,
        DEFAULT_PROJECT_ID,
        SandboxAdmin,
        SandboxConfig,
        serve_in_thread,
    )

    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "numbers.csv"
    csv_path.write_text("phoneNumber\n" + "\n".join(sample_rows(count)) + "\n", encoding="utf-8")
    console.rule(
        "[bold]Sinch Qualified Numbers demo[/bold] (embedded sandbox, nothing leaves this machine)"
    )
    console.print(f"1. Wrote {count} numbers in mixed human formats to {csv_path}")

    config = SandboxConfig(eligibility_delay=1, hosting_delay=3, loa_signature_delay=1, seed=7)
    with serve_in_thread(config) as sandbox:
        client = QualifiedNumbersClient(
            project_id=DEFAULT_PROJECT_ID,
            key_id=DEFAULT_KEY_ID,
            key_secret=DEFAULT_KEY_SECRET,
            base_url=sandbox.url,
            token_url=f"{sandbox.url}/oauth2/token",
            max_concurrency=8,
        )
        qn = client.qualified_numbers
        parsed = read_number_file(csv_path)
        example = ""
        if parsed.rejected:
            line, value, reason = parsed.rejected[0]
            example = f" (e.g. line {line}: {value!r}: {reason})"
        console.print(
            f"2. Normalised to E.164: {len(parsed.valid)} valid, "
            f"{len(parsed.rejected)} rejected{example}"
        )
        added = qn.add(parsed.valid)
        console.print(
            f"3. Added {len(added)} numbers ({-(-len(added) // 500)} calls of at most 500)"
        )

        checked = qn.wait_for(
            parsed.valid, states=["ELIGIBLE", "NOT_ELIGIBLE"], timeout=30, poll_interval=0.5
        )
        eligible = [n for n, q in checked.items() if state_of(q) == GlobalProcessState.ELIGIBLE]
        console.print(
            f"4. Eligibility checked: {len(eligible)} eligible, {len(checked) - len(eligible)} not"
        )

        with _progress(console) as progress:
            task = progress.add_task("5. voice challenges sent", total=len(eligible))

            def send(number: str) -> None:
                qn.send_voice_challenge(number)
                progress.advance(task)

            with ThreadPoolExecutor(8) as pool:
                list(pool.map(send, eligible))
            with SandboxAdmin(sandbox.url) as admin:
                codes = admin.voice_codes()
            task = progress.add_task("   codes from the call log verified", total=len(eligible))

            def verify(number: str) -> str | None:
                answer = qn.verify_voice_challenge(number, codes[number])
                progress.advance(task)
                return number if state_of(answer) == GlobalProcessState.VERIFIED else None

            with ThreadPoolExecutor(8) as pool:
                verified = [n for n in pool.map(verify, eligible) if n]
        console.print(f"   {len(verified)} numbers verified")

        loa = DirectLoa(
            authorised_person=AuthorisedPerson(
                first_name="Jane", last_name="Doe", email="jane@example.com"
            ),
            address=Address(
                building_number="1",
                street="Main Street",
                city="Springfield",
                state="IL",
                postal_code="62701",
                country="US",
            ),
            current_voice_carrier="Verizon",
        )
        console.print(
            "6. Text-enabling in chunks (grouped by region, toll-free apart, at most 500):"
        )
        summary = run_text_enable(
            client,
            in_blocks(verified),
            service_plan_id="demo-service-plan",
            loa=loa,
            campaign_id="CDEMO01",
            callback_url=None,
            output=RunOutput(
                Journal(folder / "text-enable.journal.jsonl"),
                folder / "text-enable.failures.csv",
                console,
            ),
        )
        # Follow the hosting orders it created: their report counts move to completion.
        rows, _ = follow(client, sorted(summary.orders), 60, 0.5)
        print_whole(console, report_table(rows, "7. Hosting orders, followed to the end"))
        done = sum(row["smsProvisioned"] for row in rows)
        failed = sum(row["total"] for row in rows) - done
        console.print(f"   Hosting finished: {done} numbers on the SMS platform, {failed} failed")

        pager = qn.list(page_size=200)
        pages = 0
        states: Counter[str] = Counter()
        for page in pager.pages():
            pages += 1
            states.update(state_of(n) or "?" for n in page.items)

        # Hosted numbers are imported numbers now: move a few to another campaign.
        few = [
            n.phone_number
            for n in client.imported_numbers.list(
                service_plan_id="demo-service-plan", campaign_id="CDEMO01", limit=5
            )
        ]
        moved = client.imported_numbers.move_many(
            few, service_plan_id="demo-service-plan", campaign_id="CDEMO02"
        )
        moves = Table("number", "now linked to", title="9. Imported numbers moved to CDEMO02")
        for phone in few:
            found = client.imported_numbers.get(phone).sms_configuration
            linked = f"{found.service_plan_id} / {found.campaign_id}" if found else "nothing"
            moves.add_row(phone, linked if phone in moved.moved else "not moved")
        client.close()

    table = Table(
        "state",
        "numbers",
        title=f"8. The project now ({pager.total_size} numbers, {pages} pages of 200)",
    )
    for state, number in sorted(states.items()):
        table.add_row(for_people(state), str(number))
    out.print(table)
    out.print(moves)
    where = (
        f"Files are in {folder}"
        if kept
        else "Its files were in a temporary folder, now removed (--workdir DIR keeps them)"
    )
    console.print(f"Finished in {time.monotonic() - started:.1f}s. {where}.")
    return 0
