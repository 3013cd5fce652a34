"""`_phone`: the fast validity check is phonenumbers' own answer, faster."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

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
