"""Generated models: states compare by their short names, reprs show only what is set."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import attrs
import pytest

import sinch_qualified_numbers_api.models as models
from sinch_qualified_numbers import GlobalProcessState, QualifiedNumber
from sinch_qualified_numbers_api.models import CallbackConfiguration, HostingOrder

from .conftest import ROOT, load_spec

FULL = "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"


def test_a_number_state_compares_with_the_short_name() -> None:
    number = QualifiedNumber.from_dict({"phoneNumber": "+12025550134", "globalProcessState": FULL})
    assert number.state == "NOT_ELIGIBLE"
    assert number.global_process_state == GlobalProcessState.NOT_ELIGIBLE
    assert number.global_process_state is GlobalProcessState.GLOBAL_PROCESS_STATE_NOT_ELIGIBLE
    assert GlobalProcessState.GLOBAL_PROCESS_STATE_NOT_ELIGIBLE.short == "NOT_ELIGIBLE"
    assert number.to_dict()["globalProcessState"] == FULL  # the round trip is untouched
    assert QualifiedNumber.from_dict(number.to_dict()) == number


def test_an_absent_or_unknown_state() -> None:
    assert QualifiedNumber.from_dict({"phoneNumber": "+12025550134"}).state is None
    future = QualifiedNumber.from_dict(
        {"phoneNumber": "+12025550134", "globalProcessState": "GLOBAL_PROCESS_STATE_PORTED"}
    )
    assert future.state == "PORTED"
    assert future.to_dict()["globalProcessState"] == "GLOBAL_PROCESS_STATE_PORTED"


def test_short_and_full_names_of_any_state() -> None:
    assert GlobalProcessState.short_name("GLOBAL_PROCESS_STATE_PORTED") == "PORTED"
    assert GlobalProcessState.short_name("PORTED") == "PORTED"
    assert GlobalProcessState.full_name("VERIFIED") == GlobalProcessState.VERIFIED
    assert GlobalProcessState.full_name(FULL) == FULL
    for state in GlobalProcessState:
        assert GlobalProcessState.full_name(state.short) == state.value


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code (docstrings left out: they explain)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_the_state_prefix_is_written_in_the_generated_enum_only() -> None:
    """Short and full state names go through `GlobalProcessState` (`short`, `short_name`,
    `full_name`, the aliases): no module of the client, the CLI or the sandbox spells the
    prefix, or a full state name, in its code."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for package in (
            "wrapper/sinch_qualified_numbers",
            "sandbox/sinch_qualified_numbers_sandbox",
        )
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, text in _code_strings(path)
        if "GLOBAL_PROCESS_STATE_" in text
    ]
    assert found == []


def test_short_aliases_add_no_member_and_no_value() -> None:
    members = list(GlobalProcessState)
    # One member per value of the spec's enum: a state Sinch adds is one more, not a failure.
    assert sorted(m.value for m in members) == sorted(
        load_spec()["components"]["schemas"]["GlobalProcessState"]["enum"]
    )
    assert all(m.value.startswith("GLOBAL_PROCESS_STATE_") for m in members)
    assert {m.short for m in members} == {
        m.value.removeprefix("GLOBAL_PROCESS_STATE_") for m in members
    }
    assert GlobalProcessState("GLOBAL_PROCESS_STATE_VERIFIED") is GlobalProcessState.VERIFIED
    with pytest.raises(ValueError):
        GlobalProcessState("VERIFIED")  # values stay what the service sends


def _model_classes() -> list[type]:
    return [
        cls
        for _, cls in inspect.getmembers(models, inspect.isclass)
        if attrs.has(cls) and hasattr(cls, "from_dict")
    ]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_a_model_repr_shows_only_what_is_set(cls: type) -> None:
    required = {f.name: "x" for f in attrs.fields(cls) if f.default is attrs.NOTHING and f.init}
    instance = cls(**required)
    text = repr(instance)
    assert "Unset" not in text and " at 0x" not in text
    shown = {k: "'***'" if "secret" in k else repr(v) for k, v in required.items()}
    assert text == f"{cls.__name__}({', '.join(f'{k}={v}' for k, v in shown.items())})"


def test_a_repr_names_the_set_fields_nested_ones_too() -> None:
    order = HostingOrder.from_dict(
        {"hostingOrderId": "o1", "state": "COMPLETED", "hostingOrderInfo": {"nnid": "N1"}, "x": 1}
    )
    text = repr(order)
    assert text.startswith("HostingOrder(hosting_order_id='o1', ")
    assert "state=<HostingOrderState.COMPLETED: 'COMPLETED'>" in text
    assert "TextEnableInfo(nnid='N1')" in text
    assert "additional_properties={'x': 1}" in text
    assert "Unset" not in text


def test_a_secret_never_shows_in_a_repr() -> None:
    config = CallbackConfiguration.from_dict({"projectId": "p", "hmacSecret": "hunter2-secret"})
    assert repr(config) == "CallbackConfiguration(project_id='p', hmac_secret='***')"
    assert config.to_dict()["hmacSecret"] == "hunter2-secret"
