"""10. Testing with the pytest plugin: what a test pays, in-process against a port and respx.

- per-test cost: what the `sinch_sandbox` fixture does before and after each test (a full
  reset, routing on, the `SINCH_*` variables) plus the new client the test builds;
- one lifecycle test (add, voice challenge, verify, text-enable, the clock moved, the order
  `COMPLETED`, the imported number), each run a fresh test (reset, new client): in-process,
  against the same sandbox over a loopback port (what tests did before the plugin), and
  against hand-written respx stubs of each call (the fastest a test of this code can be, and
  one that checks nothing the service would). Runs interleaved, medians compared.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any, Protocol

import respx

from sinch_qualified_numbers import BlanketLoa, QualifiedNumbersClient
from sinch_qualified_numbers_api.api_versions import DEFAULT_API_VERSION
from sinch_qualified_numbers_sandbox import InProcessServer, SandboxAdmin, sinch_sandbox
from sinch_qualified_numbers_sandbox.in_process import BASE_URL, TOKEN_URL, serve_on_port

NUMBER = "+12025550134"
#: A text-enable order is hosted 60 s later on the sandbox clock: the test moves it.
SETTINGS = {"eligibility_delay": 0.0, "hosting_delay": 60.0, "loa_signature_delay": 0.0}


class _Results(Protocol):
    def add(self, text: str) -> None: ...

    def target(self, name: str, ok: bool, detail: str) -> None: ...


def lifecycle(
    client: QualifiedNumbersClient,
    voice_code: Callable[[str], str],
    advance: Callable[[float], Any],
) -> None:
    """The test body: the same code in the three set-ups."""
    qn = client.qualified_numbers
    qn.add([NUMBER])
    qn.send_voice_challenge(NUMBER)
    assert qn.verify_voice_challenge(NUMBER, voice_code(NUMBER)).state == "VERIFIED"
    order = qn.text_enable([NUMBER], service_plan_id="plan", loa=BlanketLoa()).enabled[NUMBER]
    advance(61)
    assert str(client.hosting_orders.get(str(order)).state) == "COMPLETED"
    assert client.imported_numbers.get(NUMBER).phone_number == NUMBER


def _in_process(owner: InProcessServer) -> None:
    owner.reset()
    with sinch_sandbox(sandbox=owner), QualifiedNumbersClient() as client:
        lifecycle(client, owner.voice_code, owner.advance)


def _over_port(url: str, admin: SandboxAdmin, root: SandboxAdmin, owner: InProcessServer) -> None:
    root.reset()
    with QualifiedNumbersClient(
        project_id=owner.project_id,
        key_id=owner.key_id,
        key_secret=owner.key_secret,
        base_url=url,
        retry_backoff=0.001,
    ) as client:
        lifecycle(client, admin.voice_code, root.advance_clock)


def _stubbed() -> None:
    """Hand-written stubs of each call, as a test without a sandbox would have them."""
    api = f"{BASE_URL}/{DEFAULT_API_VERSION}/projects/p"
    number = "%2B12025550134"
    qualified = {"phoneNumber": NUMBER, "projectId": "p", "regionCode": "US"}

    def state(name: str) -> dict[str, Any]:
        return {**qualified, "globalProcessState": f"GLOBAL_PROCESS_STATE_{name}"}

    with respx.mock(assert_all_called=True) as mock:
        mock.post(TOKEN_URL).respond(
            json={"access_token": "t", "expires_in": 3600, "token_type": "bearer"}
        )
        mock.post(f"{api}/qualifiedNumbers:addNumbers").respond(
            json={"qualifiedNumbers": [state("ELIGIBLE_CHECK_PENDING")]}
        )
        mock.post(f"{api}/qualifiedNumbers/{number}:sendVoiceChallenge").respond(
            json=state("VERIFICATION_PENDING")
        )
        mock.post(f"{api}/qualifiedNumbers/{number}:verifyVoiceChallenge").respond(
            json=state("VERIFIED")
        )
        mock.post(f"{api}/qualifiedNumbers:textEnableNumbers").respond(
            json={"hostingOrderId": "order-1"}
        )
        mock.get(f"{api}/hostingOrders/order-1").respond(
            json={"projectId": "p", "hostingOrderId": "order-1", "state": "COMPLETED"}
        )
        mock.get(f"{api}/importedNumbers/{number}").respond(
            json={"projectId": "p", "phoneNumber": NUMBER, "regionCode": "US"}
        )
        with QualifiedNumbersClient("p", "k", "s", retry_backoff=0.001) as client:
            lifecycle(client, lambda _: "1234", lambda _: None)


def _per_test(owner: InProcessServer, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        owner.reset()
        with sinch_sandbox(sandbox=owner):
            QualifiedNumbersClient().close()
        times.append(time.perf_counter() - start)
    return times


def bench_plugin(runs: int, out: _Results) -> None:
    with InProcessServer(**SETTINGS) as owner:
        for _ in range(5):  # warm imports, the private loop, the spec's caches
            _per_test(owner, 1)
            _in_process(owner)
            _stubbed()
        per_test = statistics.median(_per_test(owner, runs * 10)) * 1000
        inproc: list[float] = []
        port: list[float] = []
        stubs: list[float] = []
        with (
            serve_on_port(owner) as (url, _),
            SandboxAdmin(url, key_id=owner.key_id, key_secret=owner.key_secret) as admin,
            SandboxAdmin(url, admin_key=owner.config.admin_key) as root,
        ):
            _over_port(url, admin, root, owner)
            for _ in range(runs):  # interleaved, so drift affects all three alike
                for times, run in (
                    (inproc, lambda: _in_process(owner)),
                    (port, lambda: _over_port(url, admin, root, owner)),
                    (stubs, _stubbed),
                ):
                    start = time.perf_counter()
                    run()
                    times.append(time.perf_counter() - start)
    a, b, c = (statistics.median(t) * 1000 for t in (inproc, port, stubs))
    out.add(f"\n## 10. Testing with the pytest plugin ({runs} lifecycle tests each, interleaved)\n")
    out.add("| test | median |\n|---|---|")
    out.add(f"| per-test cost: full reset + routing + a new client | {per_test:.2f} ms |")
    out.add(f"| lifecycle, in-process (`sinch_sandbox`) | {a:.1f} ms |")
    out.add(f"| lifecycle, the same sandbox over a loopback port | {b:.1f} ms |")
    out.add(f"| lifecycle, hand-written respx stubs of each call | {c:.1f} ms |")
    out.add(
        f"\nratios: in-process / port **{a / b:.2f}x**, in-process / respx stubs **{a / c:.2f}x**"
    )
    out.target("per-test cost <= 2 ms", per_test <= 2.0, f"{per_test:.2f} ms")
    out.target("in-process / port <= 0.5x", a / b <= 0.5, f"{a / b:.2f}x")
    out.target("in-process / respx <= 3x", a / c <= 3.0, f"{a / c:.2f}x")


if __name__ == "__main__":

    class _Print:
        def add(self, text: str) -> None:
            print(text)

        def target(self, name: str, ok: bool, detail: str) -> None:
            print(f"  target {name}: {'met' if ok else 'MISSED'} ({detail})")

    bench_plugin(30, _Print())
