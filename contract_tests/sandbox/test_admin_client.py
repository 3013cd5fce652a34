"""`SandboxAdmin`: every sandbox-only endpoint through its client."""

from __future__ import annotations

import re

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_SECRET,
    SandboxAdmin,
    SandboxAdminError,
)
from sinch_qualified_numbers_sandbox.faults import FAULTABLE_OPERATIONS

from ..conftest import API_VERSION, InProcess
from .conftest import ADMIN_KEY, BASE, OTHER


def test_seed_voice_codes_submissions_orders_and_reset(sandbox: InProcess) -> None:
    with SandboxAdmin(sandbox.url) as admin:
        assert admin.seed(["+12025550134"], state="ELIGIBLE") == 1
        assert admin.seed(["+12025550135"]) == 1  # VERIFIED by default
        with httpx.Client(base_url=sandbox.url, auth=("sandbox-key-id", DEFAULT_KEY_SECRET)) as api:
            api.post(f"{BASE}/+12025550134:sendVoiceChallenge", json={}).raise_for_status()
            api.post(
                f"{BASE}:textEnableNumbers",
                json={
                    "regionCode": "US",
                    "numbers": ["+12025550135"],
                    "servicePlanId": "plan",
                    "blanketLoaInfo": {},
                },
            ).raise_for_status()
        (call,) = admin.voice_calls()
        assert call.phone_number == "+12025550134" and len(call.code) == 4
        assert admin.voice_code("+12025550134") == call.code
        assert admin.submissions() == {"+12025550135": 1}
        (order,) = admin.hosting_orders()
        assert order["servicePlanId"] == "plan"
        admin.reset()
        assert admin.voice_calls() == [] and admin.hosting_orders() == []


def test_clock_faults_and_callbacks(sandbox: InProcess) -> None:
    # Two projects share the clock: it moves with the admin key only.
    with SandboxAdmin(sandbox.url, admin_key=ADMIN_KEY) as root:
        start = root.advance_clock(0)
        assert root.advance_clock(90) == pytest.approx(start + 90)
    with SandboxAdmin(sandbox.url) as admin:
        with pytest.raises(SandboxAdminError) as refused:
            admin.advance_clock(90)
        assert refused.value.status == 403 and "admin key" in refused.value.message
        assert admin.set_faults(latency_ms=5, operations=["getQualifiedNumber"])["latency_ms"] == 5
        assert admin.faults()["operations"] == ["getQualifiedNumber"]
        admin.set_faults(latency_ms=0, operations=[])
        assert admin.deliver_callbacks() == 0


def test_refusals_are_typed_and_name_the_reason(sandbox: InProcess) -> None:
    with SandboxAdmin(sandbox.url) as admin:
        with pytest.raises(SandboxAdminError) as caught:
            admin.seed(["+12025550134"], state="SOMEWHERE")
        assert caught.value.status == 400 and "SOMEWHERE" in caught.value.message
        assert "use one of" in caught.value.message and "VERIFIED" in caught.value.message
        with pytest.raises(SandboxAdminError, match="unknown operationIds") as caught:
            admin.set_faults(operations=["noSuchOperation"])
        # Every valid name is listed whole (the list is longer than 500 characters).
        listed = set(re.findall(r"\b[a-z]\w+", caught.value.message.partition(": use ")[2]))
        assert listed >= FAULTABLE_OPERATIONS
        with pytest.raises(SandboxAdminError) as caught:
            admin.voice_code("+12025550199")
        assert caught.value.status == 404 and "+12025550199" in caught.value.message
        assert "send it a voice challenge first" in caught.value.message
    with SandboxAdmin(sandbox.url, key_secret="wrong") as stranger:
        with pytest.raises(SandboxAdminError) as caught:
            stranger.voice_calls()
        assert caught.value.status == 401
    assert DEFAULT_KEY_SECRET not in repr(SandboxAdmin(sandbox.url))


def test_the_admin_key_resets_every_project(sandbox: InProcess) -> None:
    mine = SandboxAdmin(sandbox.url)
    other = SandboxAdmin(
        sandbox.url, project_id=OTHER.project_id, key_id=OTHER.key_id, key_secret=OTHER.key_secret
    )
    mine.seed(["+12025550134"])
    other.seed(["+12025550135"])
    mine.reset()  # the caller's project only
    assert other.submissions() == {} and mine.seed(["+12025550136"]) == 1
    with SandboxAdmin(sandbox.url, admin_key=sandbox.sandbox.config.admin_key) as root:
        root.reset()
    with httpx.Client(base_url=sandbox.url, auth=(OTHER.key_id, OTHER.key_secret)) as api:
        listed = api.get(
            f"/{API_VERSION}/projects/{OTHER.project_id}/qualifiedNumbers",
            params={"states": "GLOBAL_PROCESS_STATE_VERIFIED"},
        ).json()
    assert "qualifiedNumbers" not in listed
    mine.close()
    other.close()


def test_seeding_more_than_one_body_holds_goes_in_batches(sandbox: InProcess) -> None:
    numbers = [f"+1{area}555{i:04d}" for area in (202, 303, 415, 512, 617) for i in range(10_000)]
    with SandboxAdmin(sandbox.url) as admin:
        assert admin.seed(numbers) == 50_000  # about 1 MB: more than one request body holds


def test_another_projects_key_changes_only_its_own_faults_and_never_the_clock(
    sandbox: InProcess,
) -> None:
    mine = httpx.Client(base_url=sandbox.url, auth=("sandbox-key-id", "sandbox-key-secret"))
    token = httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("sandbox-key-id", "sandbox-key-secret"),
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    verified = {"states": "GLOBAL_PROCESS_STATE_VERIFIED"}
    with (
        mine,
        SandboxAdmin(
            sandbox.url,
            project_id=OTHER.project_id,
            key_id=OTHER.key_id,
            key_secret=OTHER.key_secret,
        ) as other,
    ):
        other.set_faults(rate_503=1)
        assert mine.get(BASE, params=verified).status_code == 200  # this one is not faulted
        theirs = httpx.get(
            f"{sandbox.url}/{API_VERSION}/projects/{OTHER.project_id}/qualifiedNumbers",
            params=verified,
            auth=(OTHER.key_id, OTHER.key_secret),
        )
        assert theirs.status_code == 503  # its own project is
        assert mine.get("/_sandbox/faults").json()["rate_503"] == 0
        with pytest.raises(SandboxAdminError) as refused:
            other.advance_clock(10**6)  # would expire this project's token
        assert refused.value.status == 403
        answer = httpx.get(f"{sandbox.url}{BASE}", params=verified, headers=bearer)
        assert answer.status_code == 200
    # The admin key still acts on all: its settings replace every project's own.
    with SandboxAdmin(sandbox.url, admin_key=ADMIN_KEY) as root:
        root.set_faults(rate_503=0)
    assert sandbox.sandbox.faults.config_for(OTHER.project_id).rate_503 == 0
