"""The hostile-input cases of the client found by hand, one test each."""

from __future__ import annotations

import datetime as dt

import pytest

from sinch_qualified_numbers import (
    BlanketLoa,
    InvalidArgumentError,
    InvalidPhoneNumberError,
    normalize_phone_number,
    parse_phone_numbers,
)

from .conftest import fake_client


def test_mixed_unicode_digits_normalise_and_are_seen_as_duplicates() -> None:
    assert normalize_phone_number("+1202555013\uff14") == "+12025550134"
    parsed = parse_phone_numbers(["+12025550134", "+1202555013\uff14"])
    assert parsed.valid == ["+12025550134"]
    assert "duplicate" in parsed.invalid[0][1]


@pytest.mark.parametrize("value", [None, 123, 1.5, {"+12025550134": 1}, b"+12025550134"])
def test_add_of_a_non_list_is_a_typed_error(value: object) -> None:
    with fake_client() as client, pytest.raises(InvalidArgumentError, match="list of numbers"):
        client.qualified_numbers.add(value)  # type: ignore[arg-type]


def test_options_of_the_wrong_type_are_typed_errors() -> None:
    with fake_client() as client:
        qn = client.qualified_numbers
        for bad in ("tomorrow", dt.datetime(2030, 1, 1)):  # a string, a naive datetime
            with pytest.raises(InvalidArgumentError, match="scheduled_osr_update_time"):
                qn.text_enable(
                    ["+12025550134"],
                    service_plan_id="p",
                    loa=BlanketLoa(),
                    scheduled_osr_update_time=bad,  # type: ignore[arg-type]
                )
        with pytest.raises(InvalidArgumentError, match="campaign_id"):
            qn.text_enable(["+12025550134"], service_plan_id="p", loa=BlanketLoa(), campaign_id=7)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["timeout", "poll_interval"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 0, 10**12])
def test_waits_that_could_never_end_are_refused(name: str, value: float) -> None:
    with fake_client() as client, pytest.raises(InvalidArgumentError, match=name):
        client.qualified_numbers.wait_for(["+12025550134"], states=["VERIFIED"], **{name: value})


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025550134;2025550135", "more than one value"),
        ("2025550134, 2025550135", "more than one value"),
        ("+1 202 555 0134 ext 99", "extension (99)"),
        ("202-555-0134 x5", "extension (5)"),
    ],
)
def test_a_cell_with_two_numbers_or_an_extension_is_refused_naming_it(
    value: str, reason: str
) -> None:
    with pytest.raises(InvalidPhoneNumberError) as caught:
        normalize_phone_number(value)
    ((given, why),) = caught.value.invalid
    assert given == value and reason in why
