"""Auth and project isolation, token expiry, listing and page tokens, persistence, faults."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sinch_qualified_numbers_sandbox import (
    DEFAULT_KEY_ID,
    DEFAULT_KEY_SECRET,
    PortServer,
    Sandbox,
    SandboxConfig,
)
from sinch_qualified_numbers_sandbox.in_process import BASE_URL

from ..conftest import API_VERSION, InProcess, free_port
from .conftest import BASE, OTHER, PROJECT, add, advance, error_of, path, restarted, verify

STATES = "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"


def _token(sandbox: InProcess, key_id: str = DEFAULT_KEY_ID, secret: str = DEFAULT_KEY_SECRET):
    return httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(key_id, secret),
    )


def test_missing_and_wrong_credentials_are_401(sandbox: InProcess) -> None:
    url = f"{sandbox.url}{BASE}"
    params = {"states": STATES}
    assert error_of(httpx.get(url, params=params), 401)["status"] == "UNAUTHENTICATED"
    error_of(httpx.get(url, params=params, auth=(DEFAULT_KEY_ID, "wrong")), 401)
    error_of(httpx.get(url, params=params, auth=("nobody", DEFAULT_KEY_SECRET)), 401)
    error_of(httpx.get(url, params=params, headers={"authorization": "Bearer forged"}), 401)
    error_of(httpx.get(url, params=params, headers={"authorization": "Basic %%%"}), 401)


def test_oauth2_token_flow_and_expiry(sandbox: InProcess) -> None:
    answer = _token(sandbox)
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "bearer" and token["expires_in"] == 30
    headers = {"authorization": f"Bearer {token['access_token']}"}
    url = f"{sandbox.url}{BASE}"
    assert httpx.get(url, params={"states": STATES}, headers=headers).status_code == 200
    with httpx.Client(base_url=sandbox.url, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)) as client:
        advance(client, 31)
    expired = error_of(httpx.get(url, params={"states": STATES}, headers=headers), 401)
    assert "expired" in expired["message"]


def test_token_endpoint_rejects_bad_clients(sandbox: InProcess) -> None:
    assert _token(sandbox, secret="wrong").status_code == 401
    wrong_grant = httpx.post(
        f"{sandbox.url}/oauth2/token",
        data={"grant_type": "password"},
        auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
    )
    assert wrong_grant.status_code == 400


def test_other_projects_data_is_403(sandbox: InProcess, http: httpx.Client) -> None:
    add(http, "+12025550134")
    other_base = f"{sandbox.url}/{API_VERSION}/projects/{OTHER.project_id}/qualifiedNumbers"
    mine = (OTHER.key_id, OTHER.key_secret)
    # The other key sees its own (empty) project and is refused ours.
    listed = httpx.get(other_base, params={"states": STATES}, auth=mine)
    assert "qualifiedNumbers" not in listed.json()  # proto3: an empty list is left out
    refused = httpx.get(f"{sandbox.url}{path('+12025550134')}", auth=mine)
    assert error_of(refused, 403)["status"] == "PERMISSION_DENIED"
    error_of(http.get(f"{other_base}/%2B12025550134"), 403)


def test_pagination_every_number_once(http: httpx.Client) -> None:
    phones = [f"+1202555{i:04d}" for i in range(1000, 1250)]
    for start in range(0, len(phones), 100):
        add(http, *phones[start : start + 100])
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        params = {"states": STATES, "pageSize": "40"}
        if token:
            params["pageToken"] = token
        page = http.get(BASE, params=params).json()
        pages += 1
        assert page["totalSize"] == (250 if pages <= 2 else 251)
        assert len(page["qualifiedNumbers"]) <= 40
        seen.extend(n["phoneNumber"] for n in page["qualifiedNumbers"])
        token = page.get("nextPageToken", "")  # proto3: absent on the last page
        if not token:
            break
        if pages == 2:  # numbers added mid-listing land after what was listed
            add(http, "+12025559000")
    assert seen[:250] == phones
    assert seen[250:] == ["+12025559000"]
    assert pages == 7


def test_page_size_default_and_cap(http: httpx.Client) -> None:
    add(http, *[f"+1202555{i:04d}" for i in range(1000, 1150)])
    default = http.get(BASE, params={"states": STATES}).json()
    assert len(default["qualifiedNumbers"]) == 100
    capped = http.get(BASE, params={"states": STATES, "pageSize": "100000"}).json()
    assert len(capped["qualifiedNumbers"]) == 150  # all of them, under the cap of 1000


def test_page_token_is_bound_to_project_and_filter(http: httpx.Client) -> None:
    add(http, "+12025550134", "+12025550135")
    first = http.get(BASE, params={"states": STATES, "pageSize": "1"}).json()
    token = first["nextPageToken"]
    assert token
    other_filter = http.get(
        BASE, params={"states": STATES, "pageSize": "1", "pageToken": token, "regionCode": "US"}
    )
    error_of(other_filter, 400)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    error_of(http.get(BASE, params={"states": STATES, "pageToken": tampered}), 400)


def test_states_filter_one_or_several_and_region(http: httpx.Client) -> None:
    add(http, "+12025550134", "+14165550123")
    advance(http, 61)
    add(http, "+12025550135")
    eligible = "GLOBAL_PROCESS_STATE_ELIGIBLE"
    one = http.get(BASE, params={"states": eligible}).json()
    assert {n["phoneNumber"] for n in one["qualifiedNumbers"]} == {"+12025550134", "+14165550123"}
    both = http.get(BASE, params=[("states", eligible), ("states", STATES)]).json()
    assert both["totalSize"] == 3
    comma = http.get(BASE, params={"states": f"{eligible},{STATES}"}).json()
    assert comma["totalSize"] == 3
    canada = http.get(BASE, params={"states": eligible, "regionCode": "CA"}).json()
    assert [n["phoneNumber"] for n in canada["qualifiedNumbers"]] == ["+14165550123"]
    by_update = http.get(
        BASE, params=[("states", eligible), ("states", STATES), ("orderBy", "updatedTime")]
    )
    assert by_update.status_code == 200


def test_restart_with_db_keeps_numbers_and_orders(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.sqlite")
    config = SandboxConfig(db_path=db, eligibility_delay=0, hosting_delay=600)
    with restarted(config):
        with httpx.Client(base_url=BASE_URL, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)) as http:
            verify(http, "+12025550134")
            add(http, "+12025550135")
            order = http.post(
                f"{BASE}:textEnableNumbers",
                json={
                    "regionCode": "US",
                    "numbers": ["+12025550134"],
                    "servicePlanId": "p",
                    "blanketLoaInfo": {},
                },
            ).json()
    with restarted(config):
        with httpx.Client(base_url=BASE_URL, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)) as http:
            number = http.get(path("+12025550134")).json()
            assert number["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
            assert http.get(path("+12025550135")).status_code == 200
            orders = http.get(f"/_sandbox/projects/{PROJECT}/hostingOrders").json()
            assert [o["hostingOrderId"] for o in orders["hostingOrders"]] == [
                order["hostingOrderId"]
            ]
            # The moved clock is part of the state too.
            advance(http, 601)
            done = http.get(path("+12025550134")).json()
            assert done["globalProcessState"] == "GLOBAL_PROCESS_STATE_HOSTING_DONE"


def test_concurrent_adds_never_corrupt(sandbox: InProcess) -> None:
    import concurrent.futures

    def add_batch(start: int) -> int:
        phones = [f"+1202555{i:04d}" for i in range(start, start + 50)]
        with httpx.Client(base_url=sandbox.url, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)) as c:
            return c.post(f"{BASE}:addNumbers", json={"phoneNumbers": phones}).status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(add_batch, range(1000, 3000, 50)))
    assert codes == [200] * 40
    assert (
        len(
            sandbox.sandbox.qualified_numbers.existing(
                PROJECT, [f"+1202555{i:04d}" for i in range(1000, 3000)]
            )
        )
        == 2000
    )


def test_seeded_faults_are_reproducible(sandbox: InProcess, http: httpx.Client) -> None:
    def run() -> list[int]:
        answer = http.put(
            "/_sandbox/faults",
            json={"rate_429": 0.3, "rate_503": 0.2, "seed": 42, "retry_after_s": 2},
        )
        assert answer.status_code == 200
        return [http.get(BASE, params={"states": STATES}).status_code for _ in range(30)]

    first, second = run(), run()
    assert first == second
    assert {429, 503, 200} <= set(first)
    limited = next(
        r
        for r in (http.get(BASE, params={"states": STATES}) for _ in range(50))
        if r.status_code == 429
    )
    assert limited.headers["retry-after"] == "2"
    assert limited.json()["status"] == "RESOURCE_EXHAUSTED"
    described = http.get("/_sandbox/faults").json()
    assert described["injected"]["429"] >= 1


# Served: the connection is really closed under the client (in-process, a dropped connection is
# the transport's imitation of one).
@pytest.mark.served
def test_dropped_connection_after_processing(sandbox: PortServer, http: httpx.Client) -> None:
    http.put(
        "/_sandbox/faults",
        json={"drop_after": 1.0, "operations": ["addQualifiedNumbers"], "seed": 1},
    )
    try:
        with pytest.raises(httpx.RemoteProtocolError):
            http.post(f"{BASE}:addNumbers", json={"phoneNumbers": ["+12025550134"]})
    finally:
        http.put("/_sandbox/faults", json={"drop_after": 0.0, "operations": []})
    # It was processed although the answer was lost.
    assert http.get(path("+12025550134")).status_code == 200


def test_module_entry_point_serves_and_prints_credentials(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "sinch_qualified_numbers_sandbox", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert f"http://127.0.0.1:{port}" in banner
        assert DEFAULT_KEY_SECRET in process.stdout.readline()
        deadline = time.monotonic() + 10
        while True:
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}{BASE}",
                    params={"states": STATES},
                    auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
                )
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "sandbox did not start"
                time.sleep(0.1)
        assert answer.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_refuses_non_loopback_bind() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sinch_qualified_numbers_sandbox", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0 and "loopback" in result.stderr


def test_reads_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SINCH_PROJECT_ID", "env-project")
    monkeypatch.setenv("SINCH_KEY_ID", "env-key")
    monkeypatch.setenv("SINCH_KEY_SECRET", "env-secret")
    sandbox = Sandbox(SandboxConfig.from_env())
    cred = sandbox.config.credential_for("env-key")
    assert cred is not None and cred.project_id == "env-project"
    assert "env-secret" not in repr(sandbox.config)


def test_per_operation_fault_rates(sandbox: InProcess, http: httpx.Client) -> None:
    answer = http.put(
        "/_sandbox/faults",
        json={"per_operation": {"addQualifiedNumbers": {"rate_503": 1.0}}, "seed": 3},
    )
    assert answer.status_code == 200
    assert answer.json()["per_operation"] == {"addQualifiedNumbers": {"rate_503": 1.0}}
    try:
        refused = http.post(f"{BASE}:addNumbers", json={"phoneNumbers": ["+12025550134"]})
        assert refused.status_code == 503
        assert http.get(BASE, params={"states": STATES}).status_code == 200  # others untouched
    finally:
        http.put("/_sandbox/faults", json={"per_operation": {}})
    bad = http.put("/_sandbox/faults", json={"per_operation": {"x": {"rate_9": 1}}})
    assert bad.status_code == 400


def test_per_operation_fault_flag() -> None:
    from sinch_qualified_numbers_sandbox.__main__ import _per_operation_flags

    assert _per_operation_flags(
        ["textEnableNumbers:drop_after=0.2", "textEnableNumbers:rate_429=0.1"]
    ) == {"textEnableNumbers": {"drop_after": 0.2, "rate_429": 0.1}}


def test_configured_secrets_are_never_printed() -> None:
    port = free_port()
    env = {
        **os.environ,
        "SINCH_KEY_ID": "real-key",
        "SINCH_KEY_SECRET": "very-real-secret",
        "SINCH_PROJECT_ID": "p",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sinch_qualified_numbers_sandbox",
            "--port",
            str(port),
            "--project",
            "q:k2:other-secret",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        banner = "".join(process.stdout.readline() for _ in range(5))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "real-key" in banner and "k2" in banner
    assert "very-real-secret" not in banner and "other-secret" not in banner
