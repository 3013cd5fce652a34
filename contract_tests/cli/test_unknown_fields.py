"""A field Sinch added to an answer (`smsAppId`) reaches `sinch-qn ... -o json` and `-o csv`
as the service sent it; tables stay the usual columns."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import respx

from ..wrapper.conftest import API, ONE, number_json
from .conftest import run
from .test_unknown_values import ENV

ANSWER: dict[str, Any] = {
    **number_json(ONE),
    "smsAppId": "app-1",
    "brand": {"brandId": "B1", "tags": ["x"]},
}


@pytest.mark.parametrize("command", [["get", ONE], ["list"]])
@respx.mock
def test_json_holds_every_field_of_the_answer(command: list[str]) -> None:
    respx.get(f"{API}/{ONE}").respond(200, json=ANSWER)
    respx.get(API).respond(200, json={"qualifiedNumbers": [ANSWER]})

    result = run([*command, "-o", "json"], ENV)

    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert row["smsAppId"] == "app-1"
    assert row["brand"] == {"brandId": "B1", "tags": ["x"]}
    assert row["projectId"] == ANSWER["projectId"]  # known fields beyond the table's too
    assert row["phoneNumber"] == ONE


@pytest.mark.parametrize("command", [["get", ONE], ["list"]])
@respx.mock
def test_csv_holds_every_field_of_the_answer(command: list[str]) -> None:
    respx.get(f"{API}/{ONE}").respond(200, json=ANSWER)
    respx.get(API).respond(200, json={"qualifiedNumbers": [ANSWER]})

    result = run([*command, "-o", "csv"], ENV)

    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.output)))
    assert row["smsAppId"] == "app-1"
    assert json.loads(row["brand"]) == {"brandId": "B1", "tags": ["x"]}
    assert row["phoneNumber"] == ONE


@respx.mock
def test_a_table_stays_the_usual_columns() -> None:
    respx.get(f"{API}/{ONE}").respond(200, json=ANSWER)

    result = run(["get", ONE], ENV)

    assert result.exit_code == 0, result.output
    assert ONE in result.output
    assert "app-1" not in result.output
