"""The backend's one `reset()` and one `settle()`, driven directly (no HTTP): what the test
plugin and every conftest call between tests."""

from __future__ import annotations

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    DEFAULT_PROJECT_ID,
    Credential,
    FaultConfig,
    Sandbox,
    SandboxConfig,
)

from ..conftest import API_VERSION

OTHER = Credential("other-project", "other-key", "other-secret")
PHONE = "+12025550134"
BASE = f"/{API_VERSION}/projects/{DEFAULT_PROJECT_ID}"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # the sandbox is an asyncio application


def _config(**changes: object) -> SandboxConfig:
    settings: dict[str, object] = {
        "credentials": (SandboxConfig().credentials[0], OTHER),
        "eligibility_delay": 0,
        "hosting_delay": 60,
        "loa_signature_delay": 0,
        "provisioning_delay": 30,
        "faults": FaultConfig(latency_ms=0, seed=3),
        "seed": 5,
    }
    settings.update(changes)
    return SandboxConfig(**settings)  # type: ignore[arg-type]


async def _walk(sb: Sandbox) -> None:
    """A bit of everything: a number verified and text-enabled, an import order, a number
    imported on its own, a secret, a callback queued, faults set, the clock moved."""
    transport = httpx.ASGITransport(app=sb.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
    ) as http:
        added = await http.post(
            f"{BASE}/qualifiedNumbers:addNumbers", json={"phoneNumbers": [PHONE]}
        )
        assert added.status_code == 200, added.text
        sb.qualified_numbers.seed(
            DEFAULT_PROJECT_ID, [(PHONE, "US", False)], "GLOBAL_PROCESS_STATE_VERIFIED"
        )
        order = await http.post(
            f"{BASE}/hostingOrders:textEnableNumbers",
            json={
                "numbers": [PHONE],
                "regionCode": "US",
                "servicePlanId": "plan",
                "callbackUrl": "http://127.0.0.1:9/hook",
                "blanketLoaInfo": {},
            },
        )
        assert order.status_code == 200, order.text
        imported = await http.post(
            f"{BASE}/hostingOrders:importNumbers",
            json={"numbers": ["+12025550199"], "regionCode": "US", "servicePlanId": "plan"},
        )
        assert imported.status_code == 200, imported.text
        secret = await http.patch(f"{BASE}/callbackConfiguration", json={"hmacSecret": "s" * 32})
        assert secret.status_code == 200, secret.text
    sb.faults.update({"rate_503": 0.5})
    sb.faults.update({"rate_429": 0.25}, OTHER.project_id)
    sb.advance(3600)


@pytest.mark.anyio
async def test_reset_restores_everything_faults_and_clock_too() -> None:
    sb = Sandbox(_config())
    fresh, faults = sb.digest(), sb.faults.describe()
    await _walk(sb)
    assert sb.digest() != fresh
    assert sb.hosting_orders.submissions(DEFAULT_PROJECT_ID)
    assert sb.outbox.latest(), "the hosting finished: its callbacks are queued"
    sb.reset()
    assert sb.digest() == fresh  # every table as it started, the clock at zero
    assert sb.clock.offset == 0.0
    assert sb.faults.describe() == faults
    assert sb.faults.describe(OTHER.project_id) == faults  # no project keeps its own
    assert sb.callback_configuration.own_secret(DEFAULT_PROJECT_ID) is None


@pytest.mark.anyio
async def test_a_projects_reset_leaves_the_others_and_the_clock() -> None:
    sb = Sandbox(_config())
    await _walk(sb)
    sb.qualified_numbers.seed(
        OTHER.project_id, [(PHONE, "US", False)], "GLOBAL_PROCESS_STATE_VERIFIED"
    )
    offset = sb.clock.offset
    sb.reset(OTHER.project_id)
    assert sb.qualified_numbers.get(OTHER.project_id, PHONE) is None
    assert sb.faults.describe(OTHER.project_id)["rate_429"] == 0  # its own settings dropped
    assert sb.faults.describe()["rate_503"] == 0.5  # the sandbox's kept
    assert sb.qualified_numbers.get(DEFAULT_PROJECT_ID, PHONE) is not None
    assert sb.clock.offset == offset


def test_a_reset_state_file_starts_at_zero_after_a_restart(tmp_path: object) -> None:
    path = str(tmp_path) + "/state.sqlite"
    sb = Sandbox(_config(db_path=path))
    sb.advance(120)
    sb.close()
    again = Sandbox(_config(db_path=path))
    assert again.clock.offset == 120  # the clock outlives a restart
    again.reset()
    again.close()
    assert Sandbox(_config(db_path=path)).clock.offset == 0.0  # and so does its reset


@pytest.mark.anyio
async def test_one_settle_moves_every_resource() -> None:
    """Text enablement finishing makes an imported number; the import order's numbers finish
    their provisioning: both by the same `settle()`, whoever calls it."""
    sb = Sandbox(_config())
    await _walk(sb)  # ends with advance(3600): hosting and provisioning are due
    hosted = sb.imported_numbers.get(DEFAULT_PROJECT_ID, PHONE)
    assert hosted is not None and hosted.sms_state == "DONE"
    ordered = sb.imported_numbers.get(DEFAULT_PROJECT_ID, "+12025550199")
    assert ordered is not None and ordered.sms_state == "DONE" and not ordered.pending


def test_a_reset_starts_the_seeded_codes_again_and_never_reuses_an_event_id() -> None:
    sb = Sandbox(_config())
    numbers = sb.qualified_numbers

    def first_code() -> str:
        numbers.seed(DEFAULT_PROJECT_ID, [(PHONE, "US", False)], "GLOBAL_PROCESS_STATE_ELIGIBLE")
        numbers.send_voice_challenge(
            DEFAULT_PROJECT_ID, PHONE, "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
        )
        ((_, code, _),) = numbers.voice_calls(DEFAULT_PROJECT_ID)
        return code

    codes = [first_code()]
    sb.outbox.enqueue("http://127.0.0.1:9/hook", {"projectId": DEFAULT_PROJECT_ID})
    (before,) = sb.outbox.latest()
    sb.reset()
    codes.append(first_code())
    assert codes[0] == codes[1]  # seeded: the same code as the first time
    sb.outbox.enqueue("http://127.0.0.1:9/hook", {"projectId": DEFAULT_PROJECT_ID})
    (after,) = sb.outbox.latest()
    # A delivery still under way at the reset marks its own ID: never the new event's.
    assert after.ident > before.ident
