"""Property-based fuzzing of the public API: any argument of any type gets a typed error.

(b) every public method of `client.qualified_numbers`, sync and async, called with
hypothesis-generated arguments of any type, either succeeds or raises a
`QualifiedNumbersError` subclass, never `TypeError`/`AttributeError`/... from deep inside.
(c) the E.164 normaliser, for any string, returns ASCII E.164 or rejects it, and two spellings
of one number normalise equal.

`FUZZ_EXAMPLES` sets the number of examples (`make contract-test-deep` raises it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import os
import re
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers import (
    AsyncCallbackConfigurationResource,
    AsyncHostingOrders,
    AsyncImportedNumbers,
    AsyncQualifiedNumbers,
    BlanketLoa,
    CallbackConfigurationResource,
    HostingOrders,
    ImportedNumbers,
    InvalidPhoneNumberError,
    QualifiedNumbers,
    QualifiedNumbersError,
    _concurrency,
    normalize_phone_number,
)
from sinch_qualified_numbers import _waiting as waiting
from sinch_qualified_numbers._async import _reads as async_reads
from sinch_qualified_numbers._async import hosting_orders as async_orders
from sinch_qualified_numbers._async import qualified_numbers as async_resource
from sinch_qualified_numbers._sync import _reads as sync_reads
from sinch_qualified_numbers._sync import hosting_orders as sync_orders
from sinch_qualified_numbers._sync import qualified_numbers as sync_resource

from .conftest import FAKE_BASE, LOA, fake_async_client, fake_client

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
)

NUMBERS = st.sampled_from(["+12025550134", "(416) 555-0123", "+18335870229", "2025550135"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.binary(max_size=10)
    | NUMBERS
    | st.sampled_from(["VERIFIED", "US", "CA", "createdTime", "1234", "", " "])
    | st.datetimes()
    | st.datetimes(timezones=st.just(dt.UTC))
    | st.just(LOA)
    | st.just(BlanketLoa())
    | st.just(object())
)
ANY = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        | st.tuples(inner)
        | st.frozensets(st.integers(), max_size=3)
    ),
    max_leaves=6,
)

#: Every resource of the client: attribute -> (sync class, async class).
RESOURCES = {
    "qualified_numbers": (QualifiedNumbers, AsyncQualifiedNumbers),
    "callback_configuration": (CallbackConfigurationResource, AsyncCallbackConfigurationResource),
    "hosting_orders": (HostingOrders, AsyncHostingOrders),
    "imported_numbers": (ImportedNumbers, AsyncImportedNumbers),
}


def _public(kind: type) -> set[str]:
    return {n for n, _ in inspect.getmembers(kind, inspect.isfunction) if not n.startswith("_")}


METHODS = sorted(
    (resource, name) for resource, (kind, _) in RESOURCES.items() for name in _public(kind)
)


def test_every_public_method_is_fuzzed() -> None:
    assert {f"{r}.{n}" for r, n in METHODS} == {
        "qualified_numbers.add",
        "qualified_numbers.delete",
        "qualified_numbers.get",
        "qualified_numbers.list",
        "qualified_numbers.not_verified_states",
        "qualified_numbers.read_states",
        "qualified_numbers.send_voice_challenge",
        "qualified_numbers.send_voice_challenges",
        "qualified_numbers.text_enable",
        "qualified_numbers.verify_voice_challenge",
        "qualified_numbers.verify_voice_challenges",
        "qualified_numbers.wait_for",
        "callback_configuration.get",
        "callback_configuration.update",
        "hosting_orders.get",
        "hosting_orders.import_numbers",
        "hosting_orders.list",
        "hosting_orders.not_verified_states",
        "hosting_orders.number",
        "hosting_orders.numbers",
        "hosting_orders.report",
        "hosting_orders.text_enable",
        "hosting_orders.wait_for",
        "imported_numbers.create",
        "imported_numbers.delete",
        "imported_numbers.get",
        "imported_numbers.list",
        "imported_numbers.move",
        "imported_numbers.move_many",
        "imported_numbers.read_imported",
        "imported_numbers.unlink",
        "imported_numbers.update",
    }
    for sync_kind, async_kind in RESOURCES.values():
        assert _public(async_kind) == _public(sync_kind)
    with fake_client() as client:  # every resource of the client is in RESOURCES
        # Resources are made at first use: look at every public attribute of the client.
        names = [n for n in dir(type(client)) if not n.startswith("_")]
        resources = {n for n in names if type(getattr(client, n, None)) in _all_kinds()}
    assert resources == set(RESOURCES)


def _all_kinds() -> set[type]:
    return {kind for pair in RESOURCES.values() for kind in pair}


def _parameters(resource: str, name: str) -> list[inspect.Parameter]:
    signature = inspect.signature(getattr(RESOURCES[resource][0], name))
    return [p for p in signature.parameters.values() if p.name != "self"]


@st.composite
def calls(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    """A method and arguments for it: each parameter left out or given any value."""
    resource, name = draw(st.sampled_from(METHODS))
    kwargs: dict[str, Any] = {}
    for parameter in _parameters(resource, name):
        required = parameter.default is inspect.Parameter.empty
        if required or draw(st.booleans()):
            kwargs[parameter.name] = draw(ANY | NUMBERS if required else ANY)
    return resource, name, kwargs


def _service() -> respx.Router:
    """A service that answers every request with a plausible body (or an error for some)."""
    router = respx.mock(base_url=FAKE_BASE, assert_all_called=False)
    number = {"phoneNumber": "+12025550134", "globalProcessState": "GLOBAL_PROCESS_STATE_VERIFIED"}
    router.get(url__regex=r".*/qualifiedNumbers$").mock(
        return_value=httpx.Response(200, json={"qualifiedNumbers": [number]})
    )
    router.post(url__regex=r".*:textEnable.*").mock(
        return_value=httpx.Response(200, json={"hostingOrderId": "o1"})
    )
    router.post(url__regex=r".*:addNumbers$").mock(
        return_value=httpx.Response(200, json={"qualifiedNumbers": [number]})
    )
    router.route().mock(return_value=httpx.Response(200, json=number))
    return router


@pytest.fixture
def fast_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Waits end at once: each reading of the clock is a day later, sleeps return at once."""
    now = [0.0]

    def monotonic() -> float:
        now[0] += 86400.0
        return now[0]

    async def no_sleep(seconds: float) -> None:
        return None

    monkeypatch.setattr(_concurrency, "monotonic", monotonic)
    for module in (sync_resource, sync_orders, sync_reads):
        monkeypatch.setattr(module, "sleep", lambda seconds: None)
    for module in (async_resource, async_orders, async_reads):
        monkeypatch.setattr(module, "asleep", no_sleep)
    assert waiting.MAX_WAIT_SECONDS < 10**9


def _consume(result: Any) -> None:
    if hasattr(result, "__iter__") and not isinstance(result, str | dict):
        list(result)


@given(call=calls())
@FUZZ
def test_sync_methods_raise_only_typed_errors(
    fast_clock: None, call: tuple[str, str, dict[str, Any]]
) -> None:
    resource, name, kwargs = call
    with _service(), fake_client(max_retries=0) as client:
        try:
            _consume(getattr(getattr(client, resource), name)(**kwargs))
        except QualifiedNumbersError as error:
            assert str(error)  # a message a person can read


@given(call=calls())
@FUZZ
def test_async_methods_raise_only_typed_errors(
    fast_clock: None, call: tuple[str, str, dict[str, Any]]
) -> None:
    resource, name, kwargs = call

    async def run() -> None:
        async with fake_async_client(max_retries=0) as client:
            try:
                result = getattr(getattr(client, resource), name)(**kwargs)
                if inspect.isawaitable(result):
                    result = await result
                if hasattr(result, "__aiter__"):
                    [item async for item in result]
            except QualifiedNumbersError as error:
                assert str(error)

    with _service():
        asyncio.run(run())


# -- (c) the E.164 normaliser ------------------------------------------------------------------

E164 = re.compile(r"\+1[2-9][0-9]{9}")


@given(text=st.text(max_size=40))
@FUZZ
def test_any_string_normalises_to_ascii_e164_or_is_rejected(text: str) -> None:
    try:
        number = normalize_phone_number(text)
    except InvalidPhoneNumberError as error:
        assert error.invalid and error.invalid[0][1]  # a reason is given
        return
    assert number.isascii() and E164.fullmatch(number), number


DIGIT_SETS = [chr(zero) for zero in (0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE)]


LAYOUTS = ["+1{}", "1{}", "{}", "({}{}{}) {}{}{}-{}{}{}{}", "+1 {}{}{} {}{}{} {}{}{}{}"]


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """(E.164, the same number written as people do, any digit set per character)."""
    area = draw(st.sampled_from(["202", "303", "415", "416", "604", "833", "617"]))
    line = draw(st.integers(min_value=0, max_value=9999))
    e164 = f"+1{area}555{line:04d}"
    national = e164[2:]
    layout = draw(
        st.sampled_from(
            ["+1{}", "1{}", "{}", "({}{}{}) {}{}{}-{}{}{}{}", "+1 {}{}{} {}{}{} {}{}{}{}"]
        )
    )
    digits = [
        chr(ord(draw(st.sampled_from(DIGIT_SETS))) + int(d)) if d.isdigit() else d for d in national
    ]
    text = layout.format("".join(digits)) if layout.count("{}") == 1 else layout.format(*digits)
    pad = draw(st.sampled_from(["", " ", "  ", "\t"]))
    return e164, pad + text + pad


@given(case=spellings())
@FUZZ
def test_every_spelling_of_a_number_normalises_to_the_same_e164(case: tuple[str, str]) -> None:
    e164, text = case
    assert normalize_phone_number(text) == e164


@given(case=spellings(), other=spellings())
@FUZZ
def test_two_numbers_in_one_cell_are_refused_not_truncated(
    case: tuple[str, str], other: tuple[str, str]
) -> None:
    separator = [";", ",", "|", "/", "&", "\n"][len(case[1]) % 6]
    with pytest.raises(InvalidPhoneNumberError):
        normalize_phone_number(case[1].strip() + separator + other[1].strip())
