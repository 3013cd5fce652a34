"""Against the real service. Read-only by default; state changes need an explicit opt-in.

    CONTRACT_LIVE=1 SINCH_PROJECT_ID=... SINCH_KEY_ID=... SINCH_KEY_SECRET=... \\
        .venv/bin/pytest contract_tests/live
    # and, to change state, a dedicated list of numbers you own and may lose:
    CONTRACT_ALLOW_WRITES=1 CONTRACT_TEST_NUMBERS=+12025550134,+12025550135 ...
"""

from __future__ import annotations

import os

import pytest

from sinch_qualified_numbers import NotFoundError, QualifiedNumbersClient

LIVE = os.environ.get("CONTRACT_LIVE") == "1" and all(
    os.environ.get(name) for name in ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")
)
pytestmark = pytest.mark.skipif(
    not LIVE,
    reason=(
        "needs a real Sinch account: set CONTRACT_LIVE=1 and "
        "SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET"
    ),
)
WRITES = os.environ.get("CONTRACT_ALLOW_WRITES") == "1"
TEST_NUMBERS = [
    n.strip() for n in os.environ.get("CONTRACT_TEST_NUMBERS", "").split(",") if n.strip()
]


def test_list_first_page_reads() -> None:
    with QualifiedNumbersClient() as client:
        pager = client.qualified_numbers.list(page_size=10, limit=10)
        numbers = list(pager)
    assert len(numbers) <= 10
    assert all(n.phone_number.startswith("+1") for n in numbers)


def test_unknown_number_is_not_found() -> None:
    with QualifiedNumbersClient() as client, pytest.raises(NotFoundError):
        client.qualified_numbers.get("+12025550199")


@pytest.mark.skipif(
    not (WRITES and TEST_NUMBERS),
    reason="needs a real Sinch account with CONTRACT_ALLOW_WRITES=1 and CONTRACT_TEST_NUMBERS",
)
def test_add_then_delete_dedicated_numbers() -> None:
    with QualifiedNumbersClient() as client:
        added = client.qualified_numbers.add(TEST_NUMBERS)
        assert {n.phone_number for n in added} == set(TEST_NUMBERS)
        for number in TEST_NUMBERS:
            client.qualified_numbers.delete(number)
