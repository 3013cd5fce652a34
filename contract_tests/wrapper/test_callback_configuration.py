"""`client.callback_configuration` and `CallbackVerifier.from_client`: the secret set through the
client is the one that signs the callbacks, and it never shows in a repr or an error."""

from __future__ import annotations

import hashlib
import hmac
import time

import httpx
import pytest
import respx

from sinch_qualified_numbers import (
    AsyncQualifiedNumbersClient,
    BlanketLoa,
    ConfigurationError,
    InvalidArgumentError,
    InvalidSignatureError,
    NotFoundError,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers.callbacks import CallbackEvent, CallbackVerifier, asgi_app
from sinch_qualified_numbers_sandbox import (
    DEFAULT_CALLBACK_SECRET,
    PortServer,
    serve_app_in_thread,
)

from ..conftest import API_VERSION
from .conftest import FAKE_BASE, PROJECT, fake_client, seed

NEW_SECRET = "a-much-longer-secret-set-through-the-client"
CONFIGURATION = f"{FAKE_BASE}/{API_VERSION}/projects/{PROJECT}/callbackConfiguration"


# Served: the served sandbox's ticker sends callbacks to a receiver on a port.
@pytest.mark.served
def test_the_secret_set_through_the_client_signs_the_callbacks(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    before = client.callback_configuration.get()
    assert before.project_id == PROJECT and before.hmac_secret == DEFAULT_CALLBACK_SECRET
    after = client.callback_configuration.update(hmac_secret=NEW_SECRET)
    assert after.hmac_secret == NEW_SECRET == client.callback_configuration.get().hmac_secret
    assert NEW_SECRET not in repr(after)

    verifier = CallbackVerifier.from_client(client)
    received: list[CallbackEvent] = []
    seed(sandbox, ["+12025550134"])
    # The receiver answers 401 to anything not signed with the new secret: only callbacks the
    # sandbox signed with it are received.
    with serve_app_in_thread(asgi_app(verifier, received.append)) as receiver:
        client.qualified_numbers.text_enable(
            ["+12025550134"], service_plan_id="p", loa=BlanketLoa(), callback_url=receiver.url
        )
        deadline = time.monotonic() + 10
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert {e.event_type for e in received} == {"PROVISIONING_TO_SMS_PLATFORM", "HOSTING_PROCESS"}


def test_a_callback_signed_with_the_old_secret_is_refused(client: QualifiedNumbersClient) -> None:
    body = b'{"eventId": "e1", "eventType": "HOSTING_PROCESS", "status": "SUCCEEDED"}'
    client.callback_configuration.update(hmac_secret=NEW_SECRET)
    verifier = CallbackVerifier.from_client(client)
    old = hmac.new(DEFAULT_CALLBACK_SECRET.encode(), body, hashlib.sha1).hexdigest()
    new = hmac.new(NEW_SECRET.encode(), body, hashlib.sha1).hexdigest()
    assert verifier.verify_and_parse(body, {"x-sinch-signature": new}).event_id == "e1"
    with pytest.raises(InvalidSignatureError) as refused:
        verifier.verify(body, {"x-sinch-signature": old})
    assert NEW_SECRET not in str(refused.value)


@pytest.mark.anyio
async def test_async_client_reads_and_sets_the_secret(
    aclient: AsyncQualifiedNumbersClient, sandbox: PortServer
) -> None:
    updated = await aclient.callback_configuration.update(hmac_secret=NEW_SECRET)
    assert updated.hmac_secret == NEW_SECRET
    verifier = await CallbackVerifier.afrom_client(aclient)
    assert "secret=***" in repr(verifier)


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "string"),
        ("x" * 513, "at most 512"),
        ("\ud800", "Unicode"),
    ],
)
def test_a_bad_secret_is_refused_before_any_request_without_quoting_it(
    secret: object, reason: str
) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client() as client:
        route = router.patch(CONFIGURATION)
        with pytest.raises(InvalidArgumentError, match=reason) as caught:
            client.callback_configuration.update(hmac_secret=secret)  # type: ignore[arg-type]
    assert route.call_count == 0
    if isinstance(secret, str) and secret.strip():
        assert secret[:20] not in str(caught.value)


@respx.mock
def test_errors_in_the_wrapped_form_are_typed() -> None:
    respx.get(CONFIGURATION).mock(
        return_value=httpx.Response(
            404, json={"error": {"code": 404, "message": "No such project.", "status": "NOT_FOUND"}}
        )
    )
    with fake_client() as client, pytest.raises(NotFoundError, match="No such project"):
        client.callback_configuration.get()


@respx.mock
def test_a_project_without_a_secret_gives_no_verifier() -> None:
    respx.get(CONFIGURATION).mock(return_value=httpx.Response(200, json={"projectId": PROJECT}))
    with fake_client() as client:
        assert client.callback_configuration.get().hmac_secret is None
        with pytest.raises(ConfigurationError, match="no callback secret"):
            CallbackVerifier.from_client(client)
