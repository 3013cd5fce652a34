"""Faults of the service, and the signed callbacks the application receives."""

import os

import pytest

from number_onboarding import Onboarding
from sinch_qualified_numbers import InternalServerError, InvalidSignatureError, RateLimitError

NUMBER = "+12025550134"


def test_a_passing_outage_is_retried(sinch_sandbox):
    sinch_sandbox.seed([NUMBER])
    # One 503 in two for reads: the client retries; the backoff is near zero under the plugin.
    sinch_sandbox.faults(rate_503=0.5, operations=["getQualifiedNumber"], seed=3)
    app = Onboarding.from_env()
    assert [app.state(NUMBER) for _ in range(5)] == ["VERIFIED"] * 5
    assert sinch_sandbox.admin.faults()["injected"].get("503", 0) > 0


def test_a_lasting_outage_is_an_error(sinch_sandbox):
    sinch_sandbox.seed([NUMBER])
    sinch_sandbox.faults(rate_503=1.0, operations=["getQualifiedNumber"])
    with pytest.raises(InternalServerError, match="503"):
        Onboarding.from_env().state(NUMBER)
    sinch_sandbox.clear_faults()
    assert Onboarding.from_env().state(NUMBER) == "VERIFIED"


def test_rate_limited(sinch_sandbox):
    sinch_sandbox.faults(rate_429=1.0, operations=["addQualifiedNumbers"])
    with pytest.raises(RateLimitError):
        Onboarding.from_env().start(NUMBER)


def test_a_callback_is_received_and_verified(sinch_sandbox):
    os.environ["ONBOARDING_CALLBACK_URL"] = sinch_sandbox_callback_url()
    try:
        app = Onboarding.from_env()
        inbox = app.inbox()
        sinch_sandbox.seed([NUMBER])
        app.text_enable([NUMBER])
        for delivery in sinch_sandbox.callbacks():  # what the endpoint would receive
            inbox.receive(delivery.body, delivery.headers)
        assert inbox.hosted() == {NUMBER}
    finally:
        del os.environ["ONBOARDING_CALLBACK_URL"]


def test_a_forged_callback_is_refused(sinch_sandbox):
    app = Onboarding.from_env()
    app.client.callback_configuration.update(hmac_secret="a-secret-of-our-own-0123456789")
    app.callback_url = sinch_sandbox_callback_url()
    inbox = app.inbox()
    sinch_sandbox.seed([NUMBER])
    app.text_enable([NUMBER])
    (first, *_) = sinch_sandbox.callbacks()
    inbox.receive(first.body, first.headers)  # signed with the project's new secret
    with pytest.raises(InvalidSignatureError):
        inbox.receive(first.body.replace(b"SUCCEEDED", b"FAILED"), first.headers)


def test_a_failed_hosting_is_called_back(sinch_sandbox):
    app = Onboarding.from_env()
    app.callback_url = sinch_sandbox_callback_url()
    inbox = app.inbox()
    sinch_sandbox.seed(["+12025559903"])
    app.text_enable(["+12025559903"])
    events = [inbox.receive(d.body, d.headers) for d in sinch_sandbox.callbacks()]
    assert events and not any(e.succeeded for e in events)
    assert inbox.hosted() == set()


def sinch_sandbox_callback_url():
    from sinch_qualified_numbers_sandbox import CALLBACK_URL

    return CALLBACK_URL
