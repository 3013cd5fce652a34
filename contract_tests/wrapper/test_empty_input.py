"""Empty input is an empty result for every bulk method, sync and async: no request, no error
(a pipeline needs no guard before each call)."""

from __future__ import annotations

from typing import Any

import pytest
import respx

from sinch_qualified_numbers import (
    BlanketLoa,
    ImportResult,
    MoveManyResult,
    TextEnableResult,
    VoiceChallengesResult,
)

from .both import MODES, run
from .conftest import _fake_options

CASES: list[tuple[str, Any, Any]] = [
    ("add", lambda c: c.qualified_numbers.add([]), []),
    ("add from a generator", lambda c: c.qualified_numbers.add(n for n in ()), []),
    (
        "send_voice_challenges",
        lambda c: c.qualified_numbers.send_voice_challenges([]),
        VoiceChallengesResult(),
    ),
    (
        "verify_voice_challenges",
        lambda c: c.qualified_numbers.verify_voice_challenges({}),
        VoiceChallengesResult(),
    ),
    ("read_states", lambda c: c.qualified_numbers.read_states([]), {}),
    (
        "wait_for",
        lambda c: c.qualified_numbers.wait_for([], states=["VERIFIED"], timeout=1),
        {},
    ),
    ("read_imported", lambda c: c.imported_numbers.read_imported([]), {}),
    (
        "move_many",
        lambda c: c.imported_numbers.move_many([], service_plan_id="plan"),
        MoveManyResult(),
    ),
]

#: The order calls take the same rule for their numbers (`numbers_argument`).
ORDERS: list[tuple[str, Any, type[Any]]] = [
    (
        "text_enable",
        lambda c: c.qualified_numbers.text_enable([], service_plan_id="p", loa=BlanketLoa()),
        TextEnableResult,
    ),
    (
        "import_numbers",
        lambda c: c.hosting_orders.import_numbers([], service_plan_id="p"),
        ImportResult,
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("name", "call", "kind"), ORDERS, ids=[c[0] for c in ORDERS])
def test_an_empty_order_call_is_an_empty_result(mode: str, name: str, call: Any, kind: Any) -> None:
    with respx.mock(assert_all_called=False) as router:
        result = run(mode, _fake_options({}), call)
        assert router.calls.call_count == 0
    assert isinstance(result, kind)
    assert (result.orders, result.accepted, result.failed) == ([], {}, {})


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("name", "call", "empty"), CASES, ids=[c[0] for c in CASES])
def test_empty_input_is_an_empty_result_without_a_request(
    mode: str, name: str, call: Any, empty: Any
) -> None:
    with respx.mock(assert_all_called=False) as router:
        assert run(mode, _fake_options({}), call) == empty
        assert router.calls.call_count == 0


@pytest.mark.parametrize("mode", MODES)
def test_bad_arguments_are_still_refused_when_the_input_is_empty(mode: str) -> None:
    from sinch_qualified_numbers import InvalidArgumentError

    with respx.mock(assert_all_called=False), pytest.raises(InvalidArgumentError):
        run(
            mode,
            _fake_options({}),
            lambda c: c.imported_numbers.move_many([], service_plan_id=""),
        )
    with respx.mock(assert_all_called=False), pytest.raises(InvalidArgumentError):
        run(mode, _fake_options({}), lambda c: c.qualified_numbers.wait_for([], states=["NOPE"]))
