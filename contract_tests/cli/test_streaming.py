"""Big inputs and outputs stream: files are read line by line, rejected rows and results are
written as they come, bulk commands send a block at a time, and what comes out is what the
whole-list version gave."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers.cli import _inputs, _order_runs
from sinch_qualified_numbers.cli._inputs import read_number_file, read_numbers
from sinch_qualified_numbers.cli._output import TABLE_PART_ROWS, csv_cell, emit
from sinch_qualified_numbers.cli.commands import numbers as numbers_command
from sinch_qualified_numbers_sandbox import DEFAULT_PROJECT_ID, PortServer

from ..conftest import seed_numbers
from .conftest import env_for, run

cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
rows = st.lists(st.fixed_dictionaries({"a": cells, "b": st.integers() | cells}), max_size=6)


def _emitted(rows: list[dict[str, Any]], output: str) -> str:
    import click

    @click.command()
    def show() -> None:
        emit(iter(rows), output, ["a", "b"])

    return CliRunner().invoke(show, []).stdout_bytes.decode("utf-8")


@settings(max_examples=100, deadline=None)
@given(rows)
def test_streamed_json_is_the_document_json_dumps_gives(data: list[dict[str, Any]]) -> None:
    assert _emitted(data, "json") == json.dumps(data, indent=2, default=str) + "\n"


@settings(max_examples=100, deadline=None)
@given(rows)
def test_streamed_csv_is_the_file_a_csv_writer_gives(data: list[dict[str, Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["a", "b"])
    writer.writeheader()
    writer.writerows([{k: csv_cell(v) for k, v in row.items()} for row in data])  # formulas off
    assert _emitted(data, "csv") == buffer.getvalue()


def test_a_long_table_is_printed_in_parts_with_every_row() -> None:
    data = [{"a": f"row{i:05d}", "b": i} for i in range(TABLE_PART_ROWS * 2 + 7)]
    shown = _emitted(data, "table")
    assert all(f"row{i:05d}" in shown for i in range(len(data)))
    assert shown.count(" a ") == 1  # one header, at the top


spellings = st.sampled_from(["+1{a}{b}{c}", "({a}) {b}-{c}", "1.{a}.{b}.{c}", "{a}-{b}-{c}"])
lines = st.one_of(
    st.tuples(st.integers(0, 60), spellings).map(
        lambda t: t[1].format(a="202", b="555", c=f"{t[0]:04d}")
    ),
    st.sampled_from(["", "# note", "not a number", "202-555-01", '"unterminated', "a,b,c"]),
    st.text(max_size=10).map(lambda t: t.replace("\n", " ")),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(lines, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_a_streamed_file_reads_as_the_text_does(
    tmp_path_factory: pytest.TempPathFactory, body: list[str], newline: str
) -> None:
    # Read from disk line by line, the rejected rows streamed to their file: the same valid
    # numbers and the same rejected rows as reading the whole text at once.
    folder = tmp_path_factory.mktemp("stream")
    text = newline.join(body)
    path = folder / "numbers.csv"
    path.write_bytes(text.encode("utf-8"))
    rejected = folder / "numbers.csv.rejected.csv"
    streamed = read_number_file(path, rejected_path=rejected)
    whole = read_numbers(text)
    assert streamed.valid == whole.valid
    assert streamed.rejected_count == len(whole.rejected)
    assert streamed.rejected == whole.rejected[: _inputs.SHOWN_REJECTED]
    if whole.rejected:
        with rejected.open(newline="", encoding="utf-8") as fh:
            written = [tuple(row) for row in csv.reader(fh)]
        assert written[0] == ("line", "value", "reason")
        assert written[1:] == [
            (str(n), str(csv_cell(v)), str(csv_cell(r))) for n, v, r in whole.rejected
        ]
    else:
        assert not rejected.exists()


def test_reading_a_big_file_holds_the_numbers_compactly(tmp_path: Path) -> None:
    # 200,000 human-format lines, 10% rejected: the reader's allocations peak at the compact
    # numbers (about 28 bytes each), not at the file, its lines or a million little objects.
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("name,phoneNumber\n")
        for i in range(200_000):
            area = ("202", "212", "415", "416")[i % 4]
            if i % 10 == 9:
                fh.write(f"n{i},not a number {i}\n")
            else:
                fh.write(f"n{i},({area}) {200 + i // 10000 % 800}-{i % 10000:04d}\n")
    tracemalloc.start()
    try:
        parsed = read_number_file(path, rejected_path=tmp_path / "big.csv.rejected.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(parsed) == 180_000 and parsed.rejected_count == 20_000
    assert peak < 12 * 2**20, f"peak {peak / 2**20:.1f} MB"
    assert sum(1 for _ in (tmp_path / "big.csv.rejected.csv").open()) == 20_001


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 600 numbers instead of 10,000 or more, so a test file spans several."""
    monkeypatch.setattr(numbers_command, "block_size", lambda per_call, concurrency: 600)
    monkeypatch.setattr(_order_runs, "block_size", lambda per_call, concurrency: 600)


def _number_file(tmp_path: Path, numbers: list[str]) -> Path:
    path = tmp_path / "numbers.txt"
    path.write_text("\n".join(numbers) + "\n", encoding="utf-8")
    return path


NUMBERS = [f"+1202555{i:04d}" for i in range(2000, 3500)]


def test_add_sends_a_file_block_by_block(
    sandbox: PortServer, tmp_path: Path, small_blocks: None
) -> None:
    file = _number_file(tmp_path, NUMBERS)
    result = run(["add", "--file", str(file), "-o", "json"], env_for(sandbox))
    assert result.exit_code == 0, result.output
    assert [r["phoneNumber"] for r in json.loads(result.stdout)] == NUMBERS  # input order
    assert (
        len(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)) == 0
    )  # adds, not orders


def test_text_enable_sends_a_file_block_by_block_and_resumes(
    sandbox: PortServer, tmp_path: Path, small_blocks: None
) -> None:
    seed_numbers(sandbox.url, NUMBERS)
    file = _number_file(tmp_path, NUMBERS)
    args = ["text-enable", "--file", str(file), "--service-plan-id", "p", "--loa", "blanket"]
    first = run([*args, "-o", "csv"], env_for(sandbox))
    assert first.exit_code == 0, first.output
    rows = list(csv.DictReader(io.StringIO(first.stdout)))
    assert sorted(r["phoneNumber"] for r in rows) == NUMBERS
    assert {r["result"] for r in rows} == {"enabled"}
    submissions = sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert sorted(submissions) == NUMBERS and set(submissions.values()) == {1}
    again = run([*args, "-o", "json"], env_for(sandbox))
    assert again.exit_code == 0, again.output
    assert f"{len(NUMBERS)} numbers already enabled" in " ".join(again.stderr.split())
    assert sorted(r["phoneNumber"] for r in json.loads(again.stdout)) == NUMBERS
    assert set(sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID).values()) == {1}


def test_a_toll_free_number_in_a_later_block_still_stops_a_blanket_loa_before_any_call(
    sandbox: PortServer, tmp_path: Path, small_blocks: None
) -> None:
    seed_numbers(sandbox.url, NUMBERS)
    file = _number_file(tmp_path, [*NUMBERS, "+18005550100"])
    args = ["text-enable", "--file", str(file), "--service-plan-id", "p", "--loa", "blanket"]
    result = run(args, env_for(sandbox))
    assert result.exit_code == 2, result.output
    assert "toll-free" in result.stderr
    assert not sandbox.sandbox.hosting_orders.submissions(DEFAULT_PROJECT_ID)


def test_imported_import_sends_a_file_block_by_block(
    sandbox: PortServer, tmp_path: Path, small_blocks: None
) -> None:
    numbers = NUMBERS[:700]  # two blocks, 140 orders of 5
    file = _number_file(tmp_path, numbers)
    args = ["imported", "import", "--file", str(file), "--service-plan-id", "p", "-o", "json"]
    result = run(args, env_for(sandbox))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted(r["phoneNumber"] for r in rows) == numbers
    assert {r["result"] for r in rows} == {"imported"}


@settings(max_examples=500, deadline=None)
@given(
    st.text(st.sampled_from([*",;|\t \"'\r#x0+-().", "\x00", "é", "2"]), min_size=1),
    st.sampled_from([",", ";", "\t", "|"]),
)
def test_the_quick_cell_split_is_the_csv_modules(line: str, delimiter: str) -> None:
    try:
        expected: list[str] | None = next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        expected = None
    try:
        got: list[str] | None = _inputs._cells(line, delimiter)
    except csv.Error:
        got = None
    if line.strip():  # blank lines never reach the split
        assert got == expected


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 2999), min_size=1, max_size=5000))
def test_duplicates_are_found_as_a_dict_would_find_them(picks: list[int]) -> None:
    # The compact first-seen index (grown several times over 3,000 distinct numbers) against
    # a plain dict: the same valid numbers in the same order, each duplicate naming its line.
    pool = [f"+1{a}{e}{line}" for a, e, line in (_area_exchange_line(i) for i in range(3000))]
    text = "\n".join(pool[i] for i in picks)
    first: dict[str, int] = {}
    duplicates = []
    for line_no, i in enumerate(picks, start=1):
        if pool[i] in first:
            duplicates.append((line_no, pool[i], f"duplicate of line {first[pool[i]]}"))
        else:
            first[pool[i]] = line_no
    parsed = read_numbers(text)
    assert parsed.valid == list(first)
    assert parsed.rejected == duplicates


def _area_exchange_line(i: int) -> tuple[str, str, str]:
    return ("202", "415", "416")[i % 3], str(201 + i // 1000), f"{i % 1000:04d}"


def test_a_listing_cut_short_is_never_valid_json() -> None:
    # The service fails on a later page: the rows so far are out, the error surfaces, and the
    # JSON is left unterminated so that no script takes it for the whole list.
    import click

    def pages() -> Any:
        yield {"a": "1", "b": 1}
        yield {"a": "2", "b": 2}
        raise RuntimeError("page 3 failed")

    @click.command()
    def show() -> None:
        emit(pages(), "json", ["a", "b"])

    result = CliRunner().invoke(show, [])
    assert isinstance(result.exception, RuntimeError)
    assert '"a": "2"' in result.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)
