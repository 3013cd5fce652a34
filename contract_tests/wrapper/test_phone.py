"""`_phone`: the fast validity check is phonenumbers' own answer, faster."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers import _phone
from sinch_qualified_numbers._phone import is_valid_nanp

nanp = st.from_regex(r"[2-9][0-9]{9}", fullmatch=True)


def _phonenumbers_says(national: str, region: str) -> bool:
    number = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
    return bool(phonenumbers.is_valid_number_for_region(number, region))


@settings(max_examples=3000, deadline=None)
@given(nanp, st.sampled_from(["US", "CA"]))
def test_fast_validity_agrees_with_phonenumbers_for_any_number(national: str, region: str) -> None:
    assert is_valid_nanp(national, region) == _phonenumbers_says(national, region)


def test_fast_validity_agrees_with_phonenumbers_for_every_area_code() -> None:
    # Random numbers rarely land in a real area code's narrow patterns: sweep them all, with
    # exchanges and line numbers around the edges where patterns tend to split.
    for area in range(200, 1000):
        for rest in ("2000000", "5550134", "9999999", "2019876", "8001234", "3110000"):
            national = f"{area}{rest}"
            for region in ("US", "CA"):
                assert is_valid_nanp(national, region) == _phonenumbers_says(national, region), (
                    national,
                    region,
                )


# The human-format fast path: every input it settles gets phonenumbers' own answer.
HUMAN_FORMATS = (
    "({a}) {e}-{l}",
    "({a}){e}-{l}",
    "{a}-{e}-{l}",
    "{a}.{e}.{l}",
    "{a} {e} {l}",
    "{a}{e}{l}",
    "1{a}{e}{l}",
    "1 {a} {e} {l}",
    "1-{a}-{e}-{l}",
    "1.{a}.{e}.{l}",
    "1 ({a}) {e}-{l}",
    "+1 {a} {e} {l}",
    "+1-{a}-{e}-{l}",
    "+1.{a}.{e}.{l}",
    "+1 ({a}) {e}-{l}",
    "+1({a}){e}{l}",
    "+1{a}-{e}-{l}",
)


def _slow(value: str, region: str) -> tuple[str | None, str]:
    """What phonenumbers alone says (the fast paths skipped)."""
    return _phone._parse_with_phonenumbers(_phone._ascii_digits(value.strip()), region)


@st.composite
def human_numbers(draw: st.DrawFn) -> str:
    """A NANP number (any area code, so valid and invalid ones) in a common format, sometimes
    with one character changed, inserted or removed: odd separators, letters, extensions."""
    area = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    exchange = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    line = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    text = draw(st.sampled_from(HUMAN_FORMATS)).format(a=area, e=exchange, l=line)
    if draw(st.booleans()):
        return text
    position = draw(st.integers(0, len(text)))
    noise = draw(st.sampled_from(list("0123456789 ()-.+/x#*_,;aA\t")) | st.text(max_size=3))
    how = draw(st.sampled_from(["insert", "replace", "delete", "suffix"]))
    if how == "insert":
        return text[:position] + noise + text[position:]
    if how == "replace":
        return text[:position] + noise + text[position + 1 :]
    if how == "delete":
        return text[:position] + text[position + 1 :]
    return text + draw(st.sampled_from([" ext. 12", " x12", "#", ";ext=1", " ", "."]))


@settings(max_examples=3000, deadline=None)
@given(human_numbers(), st.sampled_from(["US", "CA", "GB", "DE"]))
def test_human_fast_path_agrees_with_phonenumbers(value: str, region: str) -> None:
    assert _phone._parse(value, region) == _slow(value, region), value


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(HUMAN_FORMATS), st.sampled_from(["US", "CA"]))
def test_human_fast_path_takes_every_common_format(template: str, region: str) -> None:
    # The fast path settles valid numbers in every listed format (no phonenumbers call), with
    # the same E.164 answer as phonenumbers.
    for area, exchange, line in (("202", "555", "0134"), ("416", "555", "0134")):
        text = template.format(a=area, e=exchange, l=line)
        assert _phone._parse_human(text, region) == f"+1{area}{exchange}{line}", text
        assert _slow(text, region) == (f"+1{area}{exchange}{line}", "")


def test_human_fast_path_leaves_errors_to_phonenumbers() -> None:
    # Invalid numbers are never rejected by the fast path: phonenumbers gives the reason.
    for text in ("(202) 555-01345", "(123) 555-0134", "555-0134", "202-555-0134 x12"):
        assert _phone._parse_human(text, "US") is None
        assert _phone._parse(text, "US") == _slow(text, "US")
        assert _phone._parse(text, "US")[0] is None
