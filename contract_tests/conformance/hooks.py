"""schemathesis hooks of `make contract-test`: real fixtures for the operations whose
preconditions no schema can state, against a sandbox (below) and, for reads only, against a
live target (a number the project has, for `getQualifiedNumber`). Against a mock they do
nothing.

A challenge needs a number that is ELIGIBLE, a verification the code its call spoke, text
enablement VERIFIED numbers of the request's region (toll-free or not), an import numbers
nobody imported yet. Random data that fits the schema never meets those, so without help every
positive case of those operations is refused and the stateful phase never gets a number past
`addNumbers`. With `CONTRACT_SANDBOX_URL` set (the runner sets it when the target is a
sandbox, never for another target), these hooks:

- in the stateful phase, keep what a link filled in (a real number, order or code) and prepare
  only the cases no link gave real data: `addNumbers` gets fresh valid numbers, so the chain
  add -> challenge -> verify -> text-enable -> order -> its numbers -> imported number walks
  real resources, and `verifyVoiceChallenge` gets the code that the sandbox's call log holds
  for the linked number;
- in the other phases, turn every other positive case of those operations into one the
  service must accept: numbers put in the needed state through the sandbox's seed endpoint,
  the code read from its call log, a random page token dropped.

Negative cases and the other half of the positive ones are sent as generated, so the refusals
stay tested. Everything is done with the target's own project credentials.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import schemathesis
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import TestPhase

from sinch_qualified_numbers._phone import is_toll_free
from sinch_qualified_numbers_sandbox import process
from sinch_qualified_numbers_sandbox.spec import enum_values

SANDBOX = os.environ.get("CONTRACT_SANDBOX_URL", "").rstrip("/")
PROJECT = os.environ.get("SINCH_PROJECT_ID", "")
_KEY = os.environ.get("CONTRACT_SANDBOX_KEY", "")
#: The spec's paths live under the base URL (the sandbox serves them under each version).
API = f"{os.environ.get('CONTRACT_SANDBOX_BASE_URL', '').rstrip('/')}/projects/{PROJECT}"

#: Per operation, how many positive cases it has had (every other one gets real fixtures).
_seen: dict[str, int] = {}

#: Against a live target (the runner sets these for one, never for another kind), the one
#: fixture a read-only run needs: a number the project has, read from its own listing. Random
#: numbers are never the project's, so without it `getQualifiedNumber` is never exercised.
LIVE = os.environ.get("CONTRACT_LIVE_BASE_URL", "").rstrip("/")
_LIVE_KEY = os.environ.get("CONTRACT_LIVE_KEY", "")
_listed: list[str | None] = []


def _numbers(prefixes: tuple[str, ...]) -> Iterator[str]:
    """Valid NANP numbers nobody used yet; none ends in a magic suffix (99xx)."""
    for prefix in prefixes:
        for line in range(1000, 9900):
            yield f"{prefix}{line:04d}"


_LOCAL = _numbers(("+1720555", "+1312555", "+1720556", "+1312556"))
_TOLL_FREE = _numbers(("+1833555", "+1844555"))


def _take(source: Iterator[str], count: int) -> list[str]:
    return list(itertools.islice(source, max(1, min(count, 3))))


def _http() -> httpx.Client:
    user, _, secret = _KEY.partition(":")
    return httpx.Client(auth=(user, secret), timeout=30)


def _seed(numbers: list[str], state: str) -> None:
    with _http() as http:
        answer = http.post(
            f"{SANDBOX}/_sandbox/projects/{PROJECT}/numbers:seed",
            json={"phoneNumbers": numbers, "state": f"GLOBAL_PROCESS_STATE_{state}"},
        )
        answer.raise_for_status()


def _voice_code(phone: str) -> str | None:
    with _http() as http:
        calls = http.get(f"{SANDBOX}/_sandbox/projects/{PROJECT}/voiceCalls").json()
    codes = {c["phoneNumber"]: c["code"] for c in calls.get("voiceCalls", [])}
    return codes.get(phone)


def _challenged() -> tuple[str, str]:
    """A number whose voice call was made: (number, the code it spoke)."""
    (phone,) = _take(_LOCAL, 1)
    _seed([phone], "ELIGIBLE")
    with _http() as http:
        http.post(f"{API}/qualifiedNumbers/{phone.replace('+', '%2B')}:sendVoiceChallenge")
    code = _voice_code(phone)
    assert code is not None, f"the sandbox made no call to {phone}"
    return phone, code


def _imported() -> str:
    """A number imported just now (linked to a plan, no campaign)."""
    (phone,) = _take(_LOCAL, 1)
    with _http() as http:
        http.post(
            f"{API}/importedNumbers",
            json={
                "phoneNumber": phone,
                "regionCode": "US",
                "smsConfiguration": {"servicePlanId": "p"},
            },
        ).raise_for_status()
    return phone


def _order_with_a_number() -> tuple[str, str]:
    """A hosting order that exists, and one of its numbers."""
    phones = _take(_LOCAL, 1)
    _seed(phones, "VERIFIED")
    body = {"regionCode": "US", "numbers": phones, "servicePlanId": "p", "blanketLoaInfo": {}}
    with _http() as http:
        answer = http.post(f"{API}/hostingOrders:textEnableNumbers", json=body)
    answer.raise_for_status()
    return str(answer.json()["hostingOrderId"]), phones[0]


def _state(phone: object) -> str | None:
    """The sandbox's state of a qualified number (None: it has no such number)."""
    if not isinstance(phone, str):
        return None
    with _http() as http:
        found = http.get(f"{API}/qualifiedNumbers/{phone.replace('+', '%2B')}")
    return str(found.json().get("globalProcessState")) if found.status_code == 200 else None


def _count(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    return len(value) if isinstance(value, list) else 1


_LOAS = ("directLoaInfo", "resellerLoaInfo", "blanketLoaInfo")
_TEXT_ENABLE = ("textEnableNumbers", "createTextEnableHostingOrder")
_TOLL_FREE_TEXT_ENABLE = ("textEnableTollFreeNumbers", "createTollFreeTextEnableHostingOrder")


def _prepared(operation: str, case: Any) -> None:
    """Turn one positive case into one whose preconditions hold."""
    body: dict[str, Any] = case.body if isinstance(case.body, dict) else {}
    path = case.path_parameters
    if operation == "sendVoiceChallenge":
        (path["phoneNumber"],) = _take(_LOCAL, 1)
        _seed([path["phoneNumber"]], "ELIGIBLE")
    elif operation == "verifyVoiceChallenge":
        path["phoneNumber"], body["code"] = _challenged()
    elif operation in _TEXT_ENABLE or operation in _TOLL_FREE_TEXT_ENABLE:
        pool = _TOLL_FREE if operation in _TOLL_FREE_TEXT_ENABLE else _LOCAL
        body["numbers"] = _take(pool, _count(body, "numbers"))
        body["regionCode"] = "US"
        _seed(body["numbers"], "VERIFIED")
        if operation in _TEXT_ENABLE:
            # Exactly one LOA: a rule the schema does not state (it would lose the typed model).
            given = [key for key in _LOAS if key in body]
            for extra in given[1:]:
                del body[extra]
            if not given:
                body["blanketLoaInfo"] = {}
    elif operation == "addQualifiedNumbers":
        body["phoneNumbers"] = _take(_LOCAL, _count(body, "phoneNumbers"))
    elif operation == "importNumbers":
        body["numbers"] = _take(_LOCAL, _count(body, "numbers"))
        body["regionCode"] = "US"
    elif operation == "createImportedNumber":
        (body["phoneNumber"],) = _take(_LOCAL, 1)
        body["regionCode"] = "US"
    elif operation == "updateImportedNumber":
        path["phoneNumber"] = _imported()
        body.pop("smsConfiguration", None)  # linking has its own rule: unlink first
        if not body:
            body["displayName"] = "prepared"
    elif operation == "getHostingOrderNumber":
        path["hostingOrderId"], path["phoneNumber"] = _order_with_a_number()
    elif operation.startswith("list") and isinstance(case.query, dict):
        case.query.pop("pageToken", None)  # a token belongs to one earlier listing
    if body.get("callbackUrl"):
        # Any string fits the schema; the service takes only URLs it can call (the sandbox
        # refuses the rest with 400, and never calls a host that is not loopback).
        body["callbackUrl"] = "https://example.com/sinch-callbacks"


def _linked(operation: str, case: Any) -> bool:
    """Did a link give this stateful case data the operation can take (a number in a state
    the process table lets it leave)? Then it is sent as it is."""
    body = case.body if isinstance(case.body, dict) else {}
    if operation in ("sendVoiceChallenge", "verifyVoiceChallenge"):
        # A linked path parameter may arrive percent-encoded (`%2B1...`).
        phone = unquote(str(case.path_parameters.get("phoneNumber", "")))
        if _state(phone) not in process.sources(operation):
            return False
        if operation == "verifyVoiceChallenge":
            code = _voice_code(phone)
            if code is None:
                return False
            body["code"] = code  # the number is real; its code is the call log's
        return True
    if operation in _TEXT_ENABLE or operation in _TOLL_FREE_TEXT_ENABLE:
        numbers = body.get("numbers")
        toll_free = operation in _TOLL_FREE_TEXT_ENABLE
        return isinstance(numbers, list) and all(
            isinstance(n, str)
            and is_toll_free(n) == toll_free
            and _state(n) in process.sources("textEnableNumbers")
            for n in numbers
        )
    # Random numbers are never valid ones nobody has: these always start from fresh ones.
    # Every other operation takes its identifiers from links.
    return operation not in ("addQualifiedNumbers", "importNumbers", "createImportedNumber")


def _a_listed_number() -> str | None:
    """A number of the live project (its listing's first), read once; None if it has none."""
    if not _listed:
        user, _, secret = _LIVE_KEY.partition(":")
        states = [s for s in enum_values("GlobalProcessState") if not s.endswith("UNSPECIFIED")]
        with httpx.Client(auth=(user, secret), timeout=30) as http:
            answer = http.get(
                f"{LIVE}/projects/{PROJECT}/qualifiedNumbers",
                params={"states": states, "pageSize": 1},
            )
        numbers = answer.json().get("qualifiedNumbers", []) if answer.status_code == 200 else []
        _listed.append(str(numbers[0]["phoneNumber"]) if numbers else None)
    return _listed[0]


def _live_before_call(case: Any) -> None:
    meta = case.meta
    operation = str(case.operation.definition.raw.get("operationId", ""))
    if operation != "getQualifiedNumber" or meta is None:
        return
    if meta.phase.name is TestPhase.STATEFUL or meta.generation.mode is not GenerationMode.POSITIVE:
        return
    _seen[operation] = _seen.get(operation, 0) + 1
    number = _a_listed_number() if _seen[operation] % 2 == 0 else None
    if number is not None:
        case.path_parameters["phoneNumber"] = number


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if LIVE:
        _live_before_call(case)
        return
    if not SANDBOX:
        return
    meta = case.meta
    if meta is None:
        return
    operation = str(case.operation.definition.raw.get("operationId", ""))
    if meta.phase.name is TestPhase.STATEFUL:
        # The stateful phase generates positive data only (schemathesis.toml), but labels some
        # linked steps negative; a step is judged by what it holds instead.
        if not _linked(operation, case):
            _prepared(operation, case)
        return
    if meta.generation.mode is not GenerationMode.POSITIVE:
        return
    _seen[operation] = _seen.get(operation, 0) + 1
    if _seen[operation] % 2 == 0:
        _prepared(operation, case)
