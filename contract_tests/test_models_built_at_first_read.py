"""Nested detail models built at their first read.

`from_dict` keeps the JSON object of a nested model that cannot fail to parse (a leaf: no
required property, nothing whose parsing can raise) and builds the model when the attribute is
first read. Everything a user can reach must be what an eagerly built model gives: the fields,
repr, ==, `attrs.fields`/`asdict`/`evolve`, `to_dict`, `additional_properties`, pickle and
copy. A detail that is not a JSON object is built while parsing, so a malformed one still
makes the answer unreadable at once.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import re
import threading
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import attrs
import pytest
import respx

from sinch_qualified_numbers import APIResponseValidationError
from sinch_qualified_numbers_api import models
from sinch_qualified_numbers_api.models import (
    GlobalProcessState,
    HostedNumberDetails,
    HostingStatus,
    OsrEligibilityDetails,
    OwnershipVerificationDetails,
    ProcessStatus,
    QualifiedNumber,
)
from sinch_qualified_numbers_api.types import UNSET, _LazyModel

from .test_response_tolerance import _components, _resolve, full_instance
from .wrapper.conftest import API, ONE, fake_client

BODY: dict[str, Any] = {
    "phoneNumber": ONE,
    "projectId": "p",
    "globalProcessState": "GLOBAL_PROCESS_STATE_HOSTING_DONE",
    "osrEligibility": {"status": "DONE", "futureDetail": [1]},
    "ownershipVerification": {"status": "SOMETHING_NEW", "error": "e"},
    "hostedNumber": {"status": 1},
    "createdTime": "2026-11-26T10:00:00",
    "updatedTime": "not a time",
    "futureField": {"nested": True},
}


def eager() -> QualifiedNumber:
    """BODY built by the models' __init__, every detail eagerly: what a parsed model was."""
    number = QualifiedNumber(
        phone_number=ONE,
        project_id="p",
        global_process_state=GlobalProcessState.GLOBAL_PROCESS_STATE_HOSTING_DONE,
        osr_eligibility=OsrEligibilityDetails(status=ProcessStatus.DONE),
        ownership_verification=OwnershipVerificationDetails(status="SOMETHING_NEW", error="e"),
        hosted_number=HostedNumberDetails(status=HostingStatus.HOSTING_STATUS_HOSTED),
        created_time=dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC),
    )
    assert isinstance(number.osr_eligibility, OsrEligibilityDetails)
    number.osr_eligibility.additional_properties = {"futureDetail": [1]}
    number.additional_properties = {"futureField": {"nested": True}, "updatedTime": "not a time"}
    return number


def parsed() -> QualifiedNumber:
    return QualifiedNumber.from_dict(BODY)


DETAILS = ("osr_eligibility", "ownership_verification", "hosted_number")


def unbuilt(model: Any) -> set[str]:
    """The lazy properties of `model` not built yet."""
    return {key.removeprefix("_raw_") for key in vars(model) if key.startswith("_raw_")}


def test_the_details_are_built_at_their_first_read_and_then_kept() -> None:
    number = parsed()
    assert unbuilt(number) == set(DETAILS)
    assert all(name not in vars(number) for name in DETAILS)

    first = number.osr_eligibility
    assert isinstance(first, OsrEligibilityDetails)
    assert first.status is ProcessStatus.DONE
    assert first.additional_properties == {"futureDetail": [1]}
    assert unbuilt(number) == {"ownership_verification", "hosted_number"}
    assert vars(number)["osr_eligibility"] is first
    assert number.osr_eligibility is first  # a plain attribute read from now on


def test_a_parsed_model_is_what_an_eagerly_built_one_is() -> None:
    expected = eager()
    for name in [field.name for field in attrs.fields(QualifiedNumber)]:
        number = parsed()
        assert getattr(number, name) == getattr(expected, name), name
    assert parsed() == expected
    assert expected == parsed()
    assert parsed() != QualifiedNumber.from_dict({**BODY, "hostedNumber": {"status": 2}})
    assert repr(parsed()) == repr(expected)
    assert parsed().to_dict() == expected.to_dict()
    assert attrs.asdict(parsed()) == attrs.asdict(expected)
    assert attrs.asdict(parsed(), recurse=False) == attrs.asdict(expected, recurse=False)
    assert attrs.fields(QualifiedNumber).osr_eligibility.type == "OsrEligibilityDetails | Unset"
    assert parsed().additional_properties == expected.additional_properties
    assert parsed().additional_keys == ["futureField", "updatedTime"]
    assert parsed().state == "HOSTING_DONE"


def test_evolve_keeps_the_unread_details() -> None:
    changed = attrs.evolve(parsed(), project_id="q")
    assert changed == attrs.evolve(eager(), project_id="q")
    assert changed.project_id == "q"
    assert isinstance(changed.hosted_number, HostedNumberDetails)
    assert changed.hosted_number.status is HostingStatus.HOSTING_STATUS_HOSTED


@pytest.mark.parametrize("read_first", [False, True], ids=["unread", "read"])
def test_pickle_and_copy_keep_every_detail(read_first: bool) -> None:
    number = parsed()
    if read_first:
        _ = number.hosted_number
    expected = eager()
    for made in (
        pickle.loads(pickle.dumps(number)),
        copy.copy(number),
        copy.deepcopy(number),
    ):
        assert type(made) is QualifiedNumber
        assert made == expected
        assert repr(made) == repr(expected)
        assert made.to_dict() == expected.to_dict()
    # The original is untouched by its copies being read.
    assert number == expected


def test_an_attribute_set_before_its_first_read_is_the_value_set() -> None:
    number = parsed()
    replacement = OsrEligibilityDetails(status=ProcessStatus.FAILED, error="no")
    number.osr_eligibility = replacement
    assert number.osr_eligibility is replacement
    assert number.to_dict()["osrEligibility"] == {"status": "FAILED", "error": "no"}
    assert "FAILED" in repr(number)
    number.hosted_number = UNSET
    assert "hostedNumber" not in number.to_dict()
    assert number != parsed()
    again = pickle.loads(pickle.dumps(number))
    assert again.osr_eligibility == replacement
    assert isinstance(again.hosted_number, type(UNSET))


def test_a_model_made_without_values_has_no_detail() -> None:
    # As with the slotted classes before: a field never set is an AttributeError.
    with pytest.raises(AttributeError, match="hosted_number"):
        _ = object.__new__(QualifiedNumber).hosted_number


def test_unset_survives_pickle_and_deepcopy_as_the_one_unset() -> None:
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET
    assert copy.deepcopy(UNSET) is UNSET
    number = pickle.loads(pickle.dumps(QualifiedNumber.from_dict({"phoneNumber": ONE})))
    assert number.region_code is UNSET
    assert number.to_dict() == {"phoneNumber": ONE}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, UNSET),
        # A mapping that is not a dict is built at once, as before.
        (MappingProxyType({"status": 1}), HostedNumberDetails(status=1)),
    ],
)
def test_a_detail_that_is_not_a_dict_is_built_while_parsing(value: Any, expected: Any) -> None:
    number = QualifiedNumber.from_dict({**BODY, "hostedNumber": value})
    assert "hosted_number" not in unbuilt(number)
    assert vars(number)["hosted_number"] == expected
    assert number.hosted_number == expected


@pytest.mark.parametrize("value", ["DONE", 7, 1.5, True, [1, 2], ["status"]])
def test_a_detail_that_is_no_object_fails_while_parsing(value: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        QualifiedNumber.from_dict({**BODY, "osrEligibility": value})


@respx.mock
@pytest.mark.parametrize("value", ["DONE", 7, [1, 2]])
def test_a_malformed_detail_makes_the_answer_unreadable_at_once(value: Any) -> None:
    respx.get(f"{API}/{ONE}").respond(200, json={**BODY, "hostedNumber": value})
    with fake_client() as client, pytest.raises(APIResponseValidationError, match="could not be"):
        client.qualified_numbers.get(ONE)


@respx.mock
def test_a_number_read_through_the_client_has_every_detail() -> None:
    respx.get(f"{API}/{ONE}").respond(200, json=BODY)
    with fake_client() as client:
        number = client.qualified_numbers.get(ONE)
    assert number == eager()
    assert number.to_dict() == eager().to_dict()


def test_threads_reading_one_detail_at_once_get_the_one_model() -> None:
    for _ in range(50):
        number = parsed()
        seen: list[Any] = []
        start = threading.Barrier(8)

        def read(
            number: QualifiedNumber = number,
            seen: list[Any] = seen,
            start: threading.Barrier = start,
        ) -> None:
            start.wait()
            seen.append(number.ownership_verification)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(seen) == 8
        assert all(model is number.ownership_verification for model in seen)


# Every model of the spec: which properties are lazy is decided from the schema.


def model_classes() -> Iterator[type[Any]]:
    for name in models.__all__:
        cls = getattr(models, name)
        if attrs.has(cls):
            yield cls


def lazy_properties(cls: type[Any]) -> set[str]:
    return {name for name, value in vars(cls).items() if isinstance(value, _LazyModel)}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _cannot_fail(schema: dict[str, Any]) -> bool:
    """A property value whose parsing never raises: a plain value (a timestamp too: one that
    is not a timestamp is kept raw), a tolerant enum (`anyOf` an enum and plain values), a
    list of plain values. A nested object, a strict enum or a list of objects can fail."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return any("type" in option and "enum" not in option for option in schema["anyOf"])
    if "enum" in schema or "properties" in schema or schema.get("type") == "object":
        return False
    if schema.get("type") == "array":
        # Items read one by one fail on a value that is no list; plain ones are kept as is.
        items = _resolve(schema.get("items", {}))
        return "type" in items and not {"enum", "anyOf", "properties"} & items.keys()
    return "type" in schema


def expected_lazy(schema_name: str) -> set[str]:
    schema = _resolve(_components()[schema_name])
    required = set(schema.get("required", []))
    found = set()
    for key, sub in schema.get("properties", {}).items():
        target = _resolve(sub)
        if key in required or "properties" not in target:
            continue
        if not target.get("required") and all(
            _cannot_fail(inner) for inner in target["properties"].values()
        ):
            found.add(_snake(key))
    return found


@pytest.mark.parametrize("cls", list(model_classes()), ids=lambda cls: cls.__name__)
def test_the_lazy_properties_are_the_leaf_details_of_the_spec(cls: type[Any]) -> None:
    assert "__slots__" not in vars(cls)
    if cls.__name__ not in _components():  # a schema written inline: none of those nests one
        assert not lazy_properties(cls)
        return
    assert {name.rstrip("_") for name in lazy_properties(cls)} == expected_lazy(cls.__name__)


def test_the_leaf_details_include_the_numbers_and_orders_details() -> None:
    assert lazy_properties(QualifiedNumber) == set(DETAILS)
    assert {"authorised_person", "address"} <= lazy_properties(models.TextEnableInfo)
    assert {"sms_att", "mms_tmo", "osr_update"} <= lazy_properties(models.HostingOrderNumber)
    assert not lazy_properties(models.HostingOrder)  # its details hold nested models


def _with_lazy_details() -> list[tuple[type[Any], str]]:
    return [(cls, name) for cls in model_classes() for name in sorted(lazy_properties(cls))]


@pytest.mark.parametrize(
    ("cls", "name"), _with_lazy_details(), ids=lambda v: getattr(v, "__name__", v)
)
def test_every_lazy_detail_reads_as_its_eager_twin(cls: type[Any], name: str) -> None:
    body = full_instance(_components()[cls.__name__])
    key = next(k for k in body if _snake(k) == name.rstrip("_"))
    assert isinstance(body[key], dict)
    lazy = cls.from_dict(body)
    assert name in unbuilt(lazy)
    # A read-only mapping is built at once (the eager path): the twin to compare with.
    twin = cls.from_dict({**body, key: MappingProxyType(body[key])})
    assert name not in unbuilt(twin)

    assert repr(cls.from_dict(body)) == repr(twin)
    assert cls.from_dict(body) == twin
    assert cls.from_dict(body).to_dict() == twin.to_dict() == cls.from_dict(body).to_dict()
    assert attrs.asdict(cls.from_dict(body)) == attrs.asdict(twin)
    assert pickle.loads(pickle.dumps(cls.from_dict(body))) == twin
    assert copy.copy(cls.from_dict(body)) == twin
    detail = getattr(lazy, name)
    assert type(detail) is type(getattr(twin, name))
    assert detail == getattr(twin, name)
    assert detail.to_dict() == getattr(twin, name).to_dict()
    assert set(detail.to_dict()) == set(body[key])
    assert not unbuilt(detail)


def test_setting_or_deleting_a_detail_before_its_first_read_forgets_its_json() -> None:
    number = parsed()
    number.osr_eligibility = OsrEligibilityDetails(status=ProcessStatus.FAILED)
    assert unbuilt(number) == {"ownership_verification", "hosted_number"}
    del number.osr_eligibility
    with pytest.raises(AttributeError, match="osr_eligibility"):
        _ = number.osr_eligibility  # not the JSON's DONE back again
    del number.hosted_number  # never read: as deleting an eagerly built one
    with pytest.raises(AttributeError, match="hosted_number"):
        _ = number.hosted_number
    assert unbuilt(number) == {"ownership_verification"}
    with pytest.raises(AttributeError):
        del number.hosted_number  # twice, as with any attribute


@pytest.mark.parametrize("read_first", [False, True], ids=["unread", "read"])
def test_a_shallow_copy_shares_its_details_as_an_eagerly_built_one_does(read_first: bool) -> None:
    for number in (parsed(), eager()):
        if read_first:
            _ = number.osr_eligibility
        duplicate = copy.copy(number)
        assert isinstance(duplicate.osr_eligibility, OsrEligibilityDetails)
        duplicate.osr_eligibility.status = ProcessStatus.FAILED
        assert number.osr_eligibility.status is ProcessStatus.FAILED
        duplicate.project_id = "other"
        assert number.project_id != "other"
