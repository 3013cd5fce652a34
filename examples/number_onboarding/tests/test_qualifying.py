"""Qualifying: add, eligibility, the voice call and its code."""

import pytest

from number_onboarding import Onboarding, OnboardingError

NUMBER = "+12025550134"


def test_a_new_number_becomes_eligible(sinch_sandbox):
    app = Onboarding.from_env()
    assert app.start("(202) 555-0134") == NUMBER
    assert app.state(NUMBER) == "ELIGIBLE"


def test_an_unknown_number_is_not_added(sinch_sandbox):
    assert Onboarding.from_env().state(NUMBER) == "NOT_ADDED"


def test_a_number_that_is_not_eligible_cannot_be_called(sinch_sandbox):
    app = Onboarding.from_env()
    app.start("+12025559901")  # the sandbox's magic number: not eligible
    assert app.state("+12025559901") == "NOT_ELIGIBLE"
    with pytest.raises(
        OnboardingError, match=r"\+12025559901 cannot be called: it is NOT_ELIGIBLE"
    ):
        app.call_me("+12025559901")


def test_the_right_code_verifies_the_number(sinch_sandbox):
    app = Onboarding.from_env()
    app.start(NUMBER)
    app.call_me(NUMBER)
    assert app.confirm(NUMBER, sinch_sandbox.voice_code(NUMBER))
    assert app.state(NUMBER) == "VERIFIED"


def test_a_wrong_code_does_not(sinch_sandbox):
    app = Onboarding.from_env()
    app.start(NUMBER)
    app.call_me(NUMBER)
    wrong = "000000" if sinch_sandbox.voice_code(NUMBER) != "000000" else "111111"
    assert not app.confirm(NUMBER, wrong)
    assert app.state(NUMBER) != "VERIFIED"


def test_a_number_whose_code_is_never_right(sinch_sandbox):
    app = Onboarding.from_env()
    app.start("+12025559902")
    app.call_me("+12025559902")
    assert not app.confirm("+12025559902", sinch_sandbox.voice_code("+12025559902"))


@pytest.mark.sinch_sandbox(eligibility_delay=120)
def test_eligibility_takes_time_on_the_clock(sinch_sandbox):
    app = Onboarding.from_env()
    app.start(NUMBER)
    assert app.state(NUMBER) == "ELIGIBLE_CHECK_PENDING"
    with pytest.raises(OnboardingError, match="ELIGIBLE_CHECK_PENDING"):
        app.call_me(NUMBER)
    sinch_sandbox.advance(121)
    assert app.state(NUMBER) == "ELIGIBLE"


def test_a_seeded_number_starts_verified(sinch_sandbox):
    sinch_sandbox.seed([NUMBER], state="VERIFIED")
    assert Onboarding.from_env().state(NUMBER) == "VERIFIED"


def test_every_test_starts_from_an_empty_project(sinch_sandbox):
    # Whatever the tests above added is gone.
    app = Onboarding.from_env()
    assert app.state(NUMBER) == "NOT_ADDED"
    assert app.state("+12025559901") == "NOT_ADDED"
