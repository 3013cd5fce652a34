"""Text enablement and following the hosting orders to the end."""

import pytest

from number_onboarding import Onboarding, OnboardingError

NUMBER = "+12025550134"
OTHER = "+12025550135"


def test_happy_path_from_new_number_to_live(sinch_sandbox):
    app = Onboarding.from_env()
    app.start(NUMBER)
    app.call_me(NUMBER)
    assert app.confirm(NUMBER, sinch_sandbox.voice_code(NUMBER))
    orders = app.text_enable([NUMBER])
    status = app.order_status(orders[NUMBER])
    assert status.done and status.state == "COMPLETED"
    assert status.total == 1 and status.sms_provisioned == 1
    assert app.state(NUMBER) == "HOSTING_DONE"
    assert app.is_live(NUMBER)


def test_two_numbers_share_one_order(sinch_sandbox):
    sinch_sandbox.seed([NUMBER, OTHER])
    orders = Onboarding.from_env().text_enable([NUMBER, OTHER])
    assert orders[NUMBER] == orders[OTHER]


def test_a_number_that_is_not_verified_is_refused(sinch_sandbox):
    app = Onboarding.from_env()
    app.start(NUMBER)  # eligible, not verified
    with pytest.raises(OnboardingError, match=r"could not text-enable \+12025550134"):
        app.text_enable([NUMBER])


def test_a_hosting_failure(sinch_sandbox):
    sinch_sandbox.seed(["+12025559903"])  # magic: hosting fails
    app = Onboarding.from_env()
    orders = app.text_enable(["+12025559903"])
    assert app.state("+12025559903") == "HOSTING_FAILED"
    assert app.order_status(orders["+12025559903"]).sms_provisioned == 0
    assert not app.is_live("+12025559903")


@pytest.mark.sinch_sandbox(hosting_delay=600, loa_signature_delay=3600)
def test_the_order_follows_the_clock_and_the_loa_signature(sinch_sandbox):
    sinch_sandbox.seed([NUMBER])
    app = Onboarding.from_env()
    order_id = app.text_enable([NUMBER])[NUMBER]
    assert not app.order_status(order_id).done
    sinch_sandbox.sign_loa(order_id)  # the customer e-signs now
    sinch_sandbox.advance(601)
    status = app.order_status(order_id)
    assert status.done and status.state == "COMPLETED"
    assert app.is_live(NUMBER)


@pytest.mark.sinch_sandbox(hosting_delay=600)
def test_not_live_before_hosting_is_done(sinch_sandbox):
    sinch_sandbox.seed([NUMBER])
    app = Onboarding.from_env()
    app.text_enable([NUMBER])
    assert app.state(NUMBER).startswith("HOSTING")
    assert not app.is_live(NUMBER)
