"""`OrderBatchResult`: the one result of the order engine, under the names each kind of
order gives it (`TextEnableResult.enabled`, `ImportResult.imported`)."""

from __future__ import annotations

import dataclasses

import pytest

from sinch_qualified_numbers import (
    BlanketLoa,
    ImportNumbersFailedError,
    ImportResult,
    OrderBatchResult,
    OrderResult,
    QualifiedNumbersClient,
    QualifiedNumbersError,
    TextEnableFailedError,
    TextEnableResult,
)
from sinch_qualified_numbers_sandbox import PortServer

from .conftest import seed

NUMBERS = [f"+1202555{i:04d}" for i in range(2100, 2104)]


def test_both_results_are_order_batch_results_and_neither_is_the_other() -> None:
    for kind in (TextEnableResult, ImportResult):
        assert issubclass(kind, OrderBatchResult) and isinstance(kind(), OrderBatchResult)
        assert [f.name for f in dataclasses.fields(kind)] == [
            "orders",
            "accepted",
            "failed",
            "unknown",
            "already",
            "not_ready",
        ]
    assert not issubclass(ImportResult, TextEnableResult)  # an import is not a text enablement
    assert not issubclass(TextEnableResult, ImportResult)


def test_each_name_is_the_accepted_mapping_itself_and_the_repr_uses_it() -> None:
    order = OrderResult("order-1", NUMBERS[:1], "US", False)
    for kind, name in ((TextEnableResult, "enabled"), (ImportResult, "imported")):
        result = kind(orders=[order], accepted={NUMBERS[0]: "order-1"})
        alias = getattr(result, name)
        assert alias is result.accepted  # one mapping, not a copy that can drift
        alias[NUMBERS[1]] = None
        assert result.accepted == {NUMBERS[0]: "order-1", NUMBERS[1]: None}
        text = repr(result)
        assert text.startswith(f"{kind.__name__}(orders=[OrderResult(")
        assert f"{name}={{'{NUMBERS[0]}': 'order-1', '{NUMBERS[1]}': None}}" in text
        assert "accepted=" not in text
        assert result.order_ids() == ["order-1"] and result.ok
    assert "enabled" not in repr(ImportResult(accepted={NUMBERS[0]: None}))
    assert not hasattr(ImportResult(), "enabled") and not hasattr(TextEnableResult(), "imported")
    base = OrderBatchResult(accepted={NUMBERS[0]: None})
    assert repr(base).startswith("OrderBatchResult(orders=[], accepted={")


def test_already_done_and_not_ready_have_each_kinds_names_and_are_not_failures() -> None:
    enabled = TextEnableResult(
        already={NUMBERS[0]: "GLOBAL_PROCESS_STATE_HOSTING_DONE"},
        not_ready={NUMBERS[1]: "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"},
    )
    assert enabled.already_enabled is enabled.already
    assert enabled.not_verified == enabled.not_ready and not enabled.hosting_failed
    failed = TextEnableResult(not_ready={NUMBERS[1]: "GLOBAL_PROCESS_STATE_HOSTING_FAILED"})
    assert failed.hosting_failed == failed.not_ready and not failed.not_verified
    assert enabled.ok  # neither is a failure: raise_for_failures says nothing
    enabled.raise_for_failures()
    text = repr(enabled)
    assert f"already_enabled={{'{NUMBERS[0]}': 'GLOBAL_PROCESS_STATE_HOSTING_DONE'}}" in text
    assert f"not_verified={{'{NUMBERS[1]}': 'GLOBAL_PROCESS_STATE_NOT_ELIGIBLE'}}" in text
    imported = ImportResult(already={NUMBERS[0]: "IMPORTED"})
    assert imported.already_imported is imported.already and imported.ok
    assert "already_imported=" in repr(imported)
    assert not hasattr(ImportResult(), "already_enabled")
    assert not hasattr(TextEnableResult(), "already_imported")


def test_each_kind_raises_its_own_error_with_its_own_advice() -> None:
    lost = QualifiedNumbersError("gone")
    refused = QualifiedNumbersError("no")
    text = TextEnableResult(failed={NUMBERS[1]: refused}, unknown={NUMBERS[0]: lost})
    with pytest.raises(TextEnableFailedError) as enabling:
        text.raise_for_failures()
    assert enabling.value.result is text
    assert str(enabling.value) == (
        f"1 numbers failed, first {NUMBERS[1]}: no; 1 numbers have an unknown outcome (read "
        f"their state before sending them again), first {NUMBERS[0]}: gone"
    )
    imported = ImportResult(failed={NUMBERS[1]: refused}, unknown={NUMBERS[0]: lost})
    with pytest.raises(ImportNumbersFailedError) as importing:
        imported.raise_for_failures()
    assert importing.value.result is imported
    assert str(importing.value) == (
        f"1 numbers failed, first {NUMBERS[1]}: no; 1 numbers have an unknown outcome, first "
        f"{NUMBERS[0]}: gone"
    )


@pytest.mark.parametrize("kind", [TextEnableResult, ImportResult])
def test_unknown_is_its_own_category_and_not_ok(kind: type[OrderBatchResult]) -> None:
    """A number whose outcome is unknown is not failed (the service may hold it), and the
    result is not ok: `raise_for_failures` raises for it alone, saying how many."""
    lost = QualifiedNumbersError("gone")
    result = kind(unknown={NUMBERS[0]: lost, NUMBERS[1]: lost})
    assert not result.failed and not result.ok
    assert result.unknown[NUMBERS[0]] is lost
    with pytest.raises(QualifiedNumbersError, match=r"^2 numbers have an unknown outcome") as e:
        result.raise_for_failures()
    assert "failed" not in str(e.value)
    assert f"unknown={{'{NUMBERS[0]}': " in repr(result)


def test_the_calls_return_their_kind_with_every_number_under_both_names(
    client: QualifiedNumbersClient, sandbox: PortServer
) -> None:
    seed(sandbox, NUMBERS[:2])
    enabled = client.qualified_numbers.text_enable(
        NUMBERS[:2], service_plan_id="p", loa=BlanketLoa()
    )
    assert type(enabled) is TextEnableResult
    assert set(enabled.enabled) == set(enabled.accepted) == set(NUMBERS[:2])
    imported = client.hosting_orders.import_numbers(NUMBERS[2:], service_plan_id="p")
    assert type(imported) is ImportResult
    assert set(imported.imported) == set(imported.accepted) == set(NUMBERS[2:])
    assert imported.order_ids() and set(imported.accepted.values()) <= set(imported.order_ids())


def test_a_chunks_enabled_is_a_deprecated_alias_of_accepted() -> None:
    from sinch_qualified_numbers import Chunk, ChunkOutcome, OrderResult

    outcome = ChunkOutcome(
        Chunk("US", False, NUMBERS[:2]), orders=[OrderResult("o1", NUMBERS[:2], "US", False)]
    )
    assert outcome.accepted == dict.fromkeys(NUMBERS[:2], "o1")
    with pytest.warns(DeprecationWarning, match="ChunkOutcome.accepted"):
        assert outcome.enabled == outcome.accepted
