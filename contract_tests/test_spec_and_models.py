"""The spec and the generated models: samples of the reference round-trip, nothing is dropped,
and responses from a newer service (unknown states, unknown fields) still parse."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from sinch_qualified_numbers_api import models
from sinch_qualified_numbers_api.models import (
    GlobalProcessState,
    HostedNumberDetails,
    HostingOrder,
    HostingStatus,
    ProcessStatus,
    QualifiedNumber,
)

from .conftest import FIXTURES, SPEC_PATH, load_spec

SAMPLES = json.loads((FIXTURES / "reference_samples.json").read_text(encoding="utf-8"))

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _operations() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for path, item in load_spec()["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                assert "operationId" in op, f"{method.upper()} {path} has no operationId"
                found[op["operationId"]] = (method, path)
    return found


def test_spec_is_valid_openapi() -> None:
    validate(load_spec())


def test_every_operation_is_one_tagged_operationid_under_a_project() -> None:
    """The operations themselves are read from the spec wherever they are needed (the
    sandbox's routes, the coverage reports of test_operation_coverage.py): what is checked
    here is what those readers rely on."""
    operations = _operations()
    assert operations
    ids = [
        op["operationId"]
        for item in load_spec()["paths"].values()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]
    assert len(ids) == len(set(ids)) == len(operations)  # each operationId once
    for operation_id, (method, path) in operations.items():
        assert path.startswith("/projects/{projectId}/"), operation_id
        assert len(load_spec()["paths"][path][method]["tags"]) == 1, operation_id


def test_version_is_a_server_variable_that_the_client_and_the_sandbox_take() -> None:
    from sinch_qualified_numbers._config import API_VERSIONS, DEFAULT_API_VERSION
    from sinch_qualified_numbers_sandbox.app import VersionConvertor

    (server,) = load_spec()["servers"]
    assert server["url"] == "https://imported.numbers.api.sinch.com/{version}"
    variable = server["variables"]["version"]
    assert variable["default"] in variable["enum"]
    assert variable["default"] == DEFAULT_API_VERSION
    assert tuple(variable["enum"]) == API_VERSIONS
    served = re.compile(VersionConvertor.regex)
    assert all(served.fullmatch(version) for version in variable["enum"])
    assert not served.fullmatch("v2")


def test_every_error_status_uses_the_error_schema() -> None:
    spec = load_spec()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            for status in ("400", "401", "403", "404", "429", "500"):
                assert status in op["responses"], f"{method} {path} lacks {status}"


def test_workflow_links_exist() -> None:
    spec = load_spec()
    linked: set[tuple[str, str]] = set()
    for item in spec["paths"].values():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            for response in op["responses"].values():
                for link in response.get("links", {}).values():
                    linked.add((op["operationId"], link["operationId"]))
    assert {
        ("addQualifiedNumbers", "getQualifiedNumber"),
        ("addQualifiedNumbers", "sendVoiceChallenge"),
        ("sendVoiceChallenge", "verifyVoiceChallenge"),
        ("verifyVoiceChallenge", "textEnableNumbers"),
        ("getQualifiedNumber", "deleteQualifiedNumber"),
    } <= linked


def _normalise(value: Any) -> Any:
    """Compare JSON values with date-times as instants (`Z` and `+00:00` are the same)."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and value[10] == "T":
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


@pytest.mark.parametrize("operation", sorted(SAMPLES["responses"]))
def test_reference_response_sample_round_trips(operation: str) -> None:
    sample = SAMPLES["responses"][operation]
    model = getattr(models, sample["model"])
    parsed = model.from_dict(sample["body"])
    assert _normalise(parsed.to_dict()) == _normalise(sample["body"])


def test_hosting_order_keeps_authorised_person_and_hosting_order_info() -> None:
    body = SAMPLES["responses"]["textEnableTollFreeNumbers"]["body"]
    order = HostingOrder.from_dict(body)
    info = order.hosting_order_info
    assert isinstance(info, models.TextEnableInfo)
    assert isinstance(info.authorised_person, models.AuthorizedPersonInfo)
    assert info.authorised_person.email == "jane.doe@example.com"
    assert info.to_dict()["authorisedPerson"] == body["hostingOrderInfo"]["authorisedPerson"]
    assert info.loa_type == models.LoaType.DIRECT
    assert order.migrate_to_sinch_tmo is True


def test_hosting_order_accepts_text_enable_info_spelling_and_title_case_loa_type() -> None:
    body = dict(SAMPLES["responses"]["textEnableTollFreeNumbers"]["body"])
    info = body.pop("hostingOrderInfo")
    body["textEnableInfo"] = {**info, "loaType": "Reseller"}
    order = HostingOrder.from_dict(body)
    assert isinstance(order.text_enable_info, models.TextEnableInfo)
    assert order.text_enable_info.loa_type == models.LoaType.RESELLER_TITLE_CASE
    assert order.to_dict()["textEnableInfo"]["loaType"] == "Reseller"


def test_request_samples_serialise_with_documented_names() -> None:
    req = SAMPLES["requests"]
    add = models.AddQualifiedNumbersRequest(phone_numbers=["+12345612345"])
    assert add.to_dict() == req["addQualifiedNumbers"]

    person = models.AuthorizedPerson(
        first_name="Jane", last_name="Doe", email="jane.doe@example.com"
    )
    address = models.Address(
        building_number="1",
        street="Main Street",
        city="Springfield",
        state="IL",
        postal_code="62701",
        country="US",
    )
    direct = models.DirectLoaInfo(
        authorised_person=person, address=address, current_voice_carrier="Verizon"
    )
    text_enable = models.TextEnableNumbersRequest(
        region_code=models.RegionCode.US,
        numbers=["+12025550134"],
        service_plan_id="YOUR_service_plan_id",
        campaign_id="YOUR_campaign_id",
        direct_loa_info=direct,
        scheduled_osr_update_time=dt.datetime(2023, 1, 13, 14, 34, 40, 968000, tzinfo=dt.UTC),
    )
    assert _normalise(text_enable.to_dict()) == _normalise(req["textEnableNumbers"])

    toll_free = models.TextEnableTollFreeNumbersDirectRequest(
        region_code=models.RegionCode.US,
        numbers=["+18335870229", "+18339460473"],
        service_plan_id="07d6c2621f364b68856fe4938b7bb78f",
        direct_loa_info=direct,
        scheduled_zipwhip_provisioning_time=dt.datetime(
            2023, 1, 13, 14, 34, 40, 968000, tzinfo=dt.UTC
        ),
    )
    assert _normalise(toll_free.to_dict()) == _normalise(req["textEnableTollFreeNumbers"])

    verify = models.VerifyVoiceChallengeRequest(code="1234")
    assert verify.to_dict() == req["verifyVoiceChallenge"]

    blanket = models.TextEnableNumbersRequest(
        region_code=models.RegionCode.CA,
        numbers=["+14165550123"],
        service_plan_id="plan",
        blanket_loa_info=models.BlanketLoaInfo(),
    )
    assert blanket.to_dict()["blanketLoaInfo"] == {}


def test_migrate_to_sinch_tmo_is_never_sent() -> None:
    """Read-only on the server: no request model can carry it."""
    for name in (
        "TextEnableNumbersRequest",
        "TextEnableTollFreeNumbersDirectRequest",
        "TextEnableTollFreeNumbersResellerRequest",
        "DirectLoaInfo",
    ):
        fields = {a.name for a in getattr(models, name).__attrs_attrs__}
        assert "migrate_to_sinch_tmo" not in fields, name


NEWER_SERVICE_NUMBER = {
    "phoneNumber": "+12025550134",
    "projectId": "p",
    "regionCode": "US",
    "globalProcessState": "GLOBAL_PROCESS_STATE_PORTING_REVIEW",
    "osrEligibility": {"status": "DONE"},
    "ownershipVerification": {"status": 0},
    "hostedNumber": {"status": 7, "error": "", "retryAt": "2030-01-01T00:00:00Z"},
    "futureField": {"nested": [1, 2, 3]},
    "createdTime": "2019-08-24T14:15:22Z",
}


def test_unknown_enum_values_and_properties_parse() -> None:
    number = QualifiedNumber.from_dict(NEWER_SERVICE_NUMBER)
    assert number.global_process_state == "GLOBAL_PROCESS_STATE_PORTING_REVIEW"
    assert not isinstance(number.global_process_state, GlobalProcessState)
    assert number.additional_properties["futureField"] == {"nested": [1, 2, 3]}
    assert isinstance(number.osr_eligibility, models.OsrEligibilityDetails)
    assert number.osr_eligibility.status == ProcessStatus.DONE
    assert isinstance(number.ownership_verification, models.OwnershipVerificationDetails)
    assert number.ownership_verification.status == 0
    assert isinstance(number.hosted_number, HostedNumberDetails)
    assert number.hosted_number.status == 7
    assert number.hosted_number.additional_properties == {"retryAt": "2030-01-01T00:00:00Z"}
    assert _normalise(number.to_dict()) == _normalise(NEWER_SERVICE_NUMBER)


def test_phone_number_is_required() -> None:
    with pytest.raises(KeyError):
        QualifiedNumber.from_dict({"globalProcessState": "GLOBAL_PROCESS_STATE_VERIFIED"})


def test_known_values_become_enums() -> None:
    number = QualifiedNumber.from_dict(
        {
            "phoneNumber": "+12025550134",
            "globalProcessState": "GLOBAL_PROCESS_STATE_VERIFIED",
            "hostedNumber": {"status": 1},
        }
    )
    assert number.global_process_state is GlobalProcessState.GLOBAL_PROCESS_STATE_VERIFIED
    assert isinstance(number.hosted_number, HostedNumberDetails)
    assert number.hosted_number.status is HostingStatus.HOSTING_STATUS_HOSTED


@pytest.mark.parametrize(
    "body",
    [
        {"code": "404", "message": "m", "status": "NOT_FOUND"},
        {"error": {"code": 404, "message": "m", "status": "NOT_FOUND", "details": []}},
        {
            "code": "400",
            "message": "bad",
            "status": "INVALID_ARGUMENT",
            "details": [
                {
                    "type": "BadRequest",
                    "fieldViolations": [{"field": "numbers", "description": "x"}],
                }
            ],
        },
    ],
)
def test_both_error_shapes_parse(body: dict[str, Any]) -> None:
    parsed = models.Error.from_dict(body)
    assert parsed.to_dict() == body


#: A citation in the spec's notes: a Markdown or text file, with a heading's anchor for the
#: Markdown ones (`SERVICE.md#errors`); its path is relative to the spec's folder.
_CITATION = re.compile(r"([\w./-]+\.(?:md|txt))(?:#([\w-]+))?")


def _notes(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every `x-decision` note of the spec (and `x-decision-*`), with where it sits."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("x-decision") and isinstance(value, str):
                found.append((f"{where}/{key}", value))
            else:
                found.extend(_notes(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_notes(value, f"{where}/{index}"))
    return found


def _anchors(markdown: str) -> set[str]:
    """The anchors of a Markdown file's headings, as GitHub makes them."""
    return {
        re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in markdown.splitlines()
        if line.startswith("#")
    }


def test_every_decision_cites_a_file_and_a_heading_that_exist() -> None:
    """The notes that say why the spec departs from the reference cite what Sinch publishes,
    written down in the repository (openapi/SERVICE.md), never a file the repository lacks."""
    spec = load_spec()
    notes = [*_notes(spec), ("/info/description", spec["info"]["description"])]
    assert len(notes) > 30
    folder = SPEC_PATH.parent
    problems = []
    for where, text in notes:
        cited = _CITATION.findall(text)
        if not cited and where != "/info/description":
            problems.append(f"{where}: cites no source")
        for name, anchor in cited:
            path = folder / name
            if not path.is_file():
                problems.append(f"{where}: {name} is not in the repository")
            elif name.endswith(".md") and (
                not anchor or anchor not in _anchors(path.read_text(encoding="utf-8"))
            ):
                problems.append(f"{where}: {name} has no heading #{anchor}")
    assert problems == []
