"""The codes file of `challenge verify --file`: number and code, as people collect them."""

from __future__ import annotations

from sinch_qualified_numbers.cli._codes import read_codes


def test_a_header_in_any_order_and_any_separator() -> None:
    parsed = read_codes("Code;Phone Number\n 1234 ;(202) 555-0134\n5678;+1 416 555 0123\n")
    assert parsed.valid == {"+12025550134": "1234", "+14165550123": "5678"}
    assert parsed.rejected == []


def test_rows_without_a_header_are_number_then_code() -> None:
    parsed = read_codes("# collected on Monday\n2025550134,1234\n4165550123\t,\n")
    assert parsed.valid == {"+12025550134": "1234"}
    assert parsed.rejected == [(3, "4165550123", "no code on this row")]


def test_bad_numbers_duplicates_and_quotes_are_rejected_with_their_line() -> None:
    text = 'number,code\nnope,1\n+12025550134,1\n(202) 555-0134,2\n"+12025550135,3\n'
    parsed = read_codes(text)
    assert parsed.valid == {"+12025550134": "1"}
    lines = {line: reason for line, _, reason in parsed.rejected}
    assert set(lines) == {2, 4, 5}
    assert "duplicate of line 3" in lines[4]
    assert "quotes" in lines[5]


def test_a_header_without_a_code_column_is_refused() -> None:
    parsed = read_codes("phoneNumber,name\n+12025550134,Jane\n")
    assert parsed.valid == {}
    assert parsed.rejected[0][2] == "a header needs both a number and a code column"


def test_a_placeholder_or_a_code_without_digits_is_rejected_never_sent() -> None:
    # Each code sent uses one of the number's few attempts: a cell that holds no code
    # ("N/A", "TBD", "-", "#N/A", "abc") is a rejected row, not a wrong code.
    text = "number;code\n"
    cells = ["N/A", "TBD", "-", "#N/A", "abc", " 0336 "]
    text += "".join(f"+1202555{i:04d};{cell}\n" for i, cell in enumerate(cells))
    parsed = read_codes(text)
    assert parsed.valid == {"+12025550005": "0336"}
    reasons = {line: (value, reason) for line, value, reason in parsed.rejected}
    assert set(reasons) == {2, 3, 4, 5, 6}
    for line, cell in zip(range(2, 7), cells, strict=False):
        value, reason = reasons[line]
        assert value == f"+1202555{line - 2:04d}"
        assert repr(cell) in reason and "not a code" in reason
