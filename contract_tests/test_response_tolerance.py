"""Every response schema of the spec parses with any property left out or zeroed (proto3 JSON).

Generated from the spec, not hand-listed: for each schema an operation answers with (and each
schema nested in one), a full instance is built (every property, nested), then variants are
made by dropping each property path in turn and by putting `null`, `""`, `0` or `false` (those
the schema admits) in place of each value. Every variant must parse through the generated
model and round-trip without loss; every operation's answers must also go through the wrapper.
Identifiers (a schema's `required` properties) are the only fields that may not be dropped.
A schema added to the spec later is covered without editing this file; an operation added
later fails `test_every_operation_has_a_wrapper_call` until it is wired below.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers import (
    APIResponseValidationError,
    APIStatusError,
    BlanketLoa,
    QualifiedNumbersClient,
)
from sinch_qualified_numbers_api import models

from .conftest import NEW_OPERATION, load_spec, spec_with_new_operation
from .wrapper.conftest import API, LOA, fake_client

TIMESTAMP = "2023-01-12T14:34:40.968123456Z"
#: The number the wrapper calls below ask about (and every record's `phoneNumber`).
ONE = "+12025550134"
Path = tuple[str | int, ...]


def _components() -> dict[str, Any]:
    components: dict[str, Any] = load_spec()["components"]["schemas"]
    return components


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = _components()[_name(schema["$ref"])]
    if "allOf" in schema:
        (only,) = schema["allOf"]
        return _resolve(only)
    return schema


def _operation_responses(spec: dict[str, Any] | None = None) -> Iterator[tuple[str, str, str]]:
    """(operationId, HTTP status, schema name) of every JSON answer in the spec."""
    spec = spec or load_spec()
    for item in spec["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            for status, response in op["responses"].items():
                if "$ref" in response:
                    response = spec["components"]["responses"][_name(response["$ref"])]
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema and "$ref" in schema:
                    yield op["operationId"], status, _name(schema["$ref"])


def _nested(name: str, found: set[str]) -> None:
    if name in found:
        return
    found.add(name)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                _nested(_name(node["$ref"]), found)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_components()[name])


def response_schemas() -> list[str]:
    found: set[str] = set()
    for _, _, name in _operation_responses():
        _nested(name, found)
    # Enums and other non-object schemas are covered through the objects that hold them.
    return sorted(n for n in found if "properties" in _resolve(_components()[n]))


def full_instance(schema: dict[str, Any]) -> Any:
    """A value with every property present, nested ones included."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return full_instance(schema["anyOf"][0])
    if "enum" in schema:
        return schema["enum"][-1]  # the last: never the zero value of a proto3 enum
    kind = schema.get("type")
    if kind == "string":
        return TIMESTAMP if schema.get("format") == "date-time" else "x"
    if kind == "integer":
        return 7
    if kind == "boolean":
        return True
    if kind == "array":
        return [full_instance(schema.get("items", {}))]
    # A record of a number names the number the calls below ask about: an answer about
    # another number is refused (the wrapper checks answers against the request).
    return {
        key: ONE if key == "phoneNumber" else full_instance(sub)
        for key, sub in schema.get("properties", {}).items()
    }


def _types(schema: dict[str, Any]) -> set[str]:
    schema = _resolve(schema)
    if "anyOf" in schema:
        return set().union(*(_types(s) for s in schema["anyOf"]))
    if "type" in schema:
        return {schema["type"]}
    return {"object"} if "properties" in schema else set()


def _paths(schema: dict[str, Any], path: Path = ()) -> Iterator[tuple[Path, dict[str, Any], bool]]:
    """(path, schema, required) of every property below `schema`, depth first."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        schema = _resolve(schema["anyOf"][0])
    if schema.get("type") == "array":
        yield from _paths(schema.get("items", {}), (*path, 0))
        return
    required = set(schema.get("required", []))
    for key, sub in schema.get("properties", {}).items():
        yield (*path, key), sub, key in required
        yield from _paths(sub, (*path, key))


def _replace(value: Any, path: Path, new: Any, *, drop: bool = False) -> Any:
    value = copy.deepcopy(value)
    holder = value
    for step in path[:-1]:
        holder = holder[step]
    if drop:
        del holder[path[-1]]
    else:
        holder[path[-1]] = new
    return value


#: The forms a timestamp comes in: Sinch's SDK fixtures show no offset and nine fractional
#: digits; the gateway writes `Z`; any offset is an instant too.
TIMESTAMP_FORMS = (
    "2024-02-10T17:22:09.412722588",
    "2024-02-10T17:22:09Z",
    "2024-02-10T17:22:09.4+02:00",
    "2024-02-10T17:22:09",
)


def _is_timestamp(schema: dict[str, Any]) -> bool:
    return _resolve(schema).get("format") == "date-time"


def variants(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The full instance, then each property dropped and each value zeroed, one at a time,
    and each timestamp in each of its forms."""
    schema = _components()[name]
    full = full_instance(schema)
    yield "full", full
    for path, sub, required in _paths(schema):
        if required:
            continue  # identifiers: always present on a real resource
        label = "/".join(map(str, path))
        if _is_timestamp(sub):
            for form in TIMESTAMP_FORMS:
                yield f"{form!r} {label}", _replace(full, path, form)
        yield f"drop {label}", _replace(full, path, None, drop=True)
        yield f"null {label}", _replace(full, path, None)
        kinds = _types(sub)
        for kind, zero in (("string", ""), ("integer", 0), ("boolean", False)):
            if kind in kinds:
                yield f"{zero!r} {label}", _replace(full, path, zero)


def _all_cases() -> list[tuple[str, str, dict[str, Any]]]:
    return [(name, label, body) for name in response_schemas() for label, body in variants(name)]


CASES = _all_cases()


def expected_reading(schema: dict[str, Any], value: Any) -> Any:
    """What a tolerant reader keeps: `null` and empty timestamps read as absent."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        schema = _resolve(schema["anyOf"][0])
    if isinstance(value, list):
        return [expected_reading(schema.get("items", {}), v) for v in value]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        out = {}
        for key, item in value.items():
            sub = _resolve(properties.get(key, {}))
            if item is None or (item == "" and sub.get("format") == "date-time"):
                continue
            out[key] = expected_reading(sub, item)
        return out
    return value


def _instant(value: str) -> dt.datetime:
    """What a timestamp means: an offset-less one is UTC (as the service means it)."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def instants(value: Any) -> Any:
    """Timestamps compared as instants (the model writes them back in Python's format)."""
    if isinstance(value, dict):
        return {k: instants(v) for k, v in value.items()}
    if isinstance(value, list):
        return [instants(v) for v in value]
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return _instant(value)
        except ValueError:
            return value
    return value


def test_the_cases_cover_every_response_schema_and_nested_path() -> None:
    names = {name for name, _, _ in CASES}
    assert {"QualifiedNumber", "HostingOrder", "TextEnableInfo", "AddressInfo"} <= names
    assert {"AuthorizedPersonInfo", "ListQualifiedNumbersResponse", "Error"} <= names
    labels = {label for name, label, _ in CASES if name == "HostingOrder"}
    assert "drop hostingOrderInfo/authorisedPerson/email" in labels
    assert "'' createdTime" in labels and "null scheduledOsrUpdateTime" in labels
    assert not any(label.endswith(" hostingOrderId") for label in labels)
    # No response object reuses a strict request schema (they require their fields).
    for name in names:
        assert not _components()[name].get("required") or name in (
            "QualifiedNumber",
            "HostingOrder",
            "ImportedNumber",
        ), f"{name} requires fields, so an answer that leaves them out would not parse"


def _timestamps_read(schema: dict[str, Any], value: Any) -> Iterator[Any]:
    """Every value the model wrote back at a timestamp property (walking `to_dict()`)."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        schema = _resolve(schema["anyOf"][0])
    if isinstance(value, list):
        for item in value:
            yield from _timestamps_read(schema.get("items", {}), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key)
            if sub is None:
                continue
            if _is_timestamp(sub):
                yield item
            else:
                yield from _timestamps_read(sub, item)


@pytest.mark.parametrize(("name", "label", "body"), CASES, ids=[f"{n}: {lb}" for n, lb, _ in CASES])
def test_generated_model_reads_every_variant_without_loss(
    name: str, label: str, body: dict[str, Any]
) -> None:
    model = getattr(models, name)
    parsed = model.from_dict(body)
    written = parsed.to_dict()
    assert instants(written) == instants(expected_reading(_components()[name], body))
    # Every timestamp is read timezone-aware, whatever form it came in (none: UTC).
    for stamp in _timestamps_read(_components()[name], written):
        assert dt.datetime.fromisoformat(stamp).tzinfo is not None, (label, stamp)


def _string_paths(name: str) -> list[Path]:
    """Every property below schema `name` that may hold a string (timestamps included)."""
    return [
        path
        for path, sub, required in _paths(_components()[name])
        if not required and "string" in _types(sub)
    ]


def _as_written(schema: dict[str, Any], value: Any) -> Any:
    """What a tolerant reader gives back, walking the schema: a timestamp that parses is an
    instant (an offset-less one UTC), anything else at a timestamp is kept as it came."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        schema = _resolve(schema["anyOf"][0])
    if isinstance(value, list):
        return [_as_written(schema.get("items", {}), v) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key, {})
            if _is_timestamp(sub) and isinstance(item, str):
                try:
                    out[key] = _instant(item)
                except ValueError:
                    out[key] = item
            else:
                out[key] = _as_written(sub, item)
        return out
    return value


STRING_SCHEMAS = [name for name in response_schemas() if _string_paths(name)]
TEXT_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))


@pytest.mark.parametrize("name", STRING_SCHEMAS)
@settings(
    max_examples=TEXT_EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_string_property_takes_arbitrary_text(name: str, data: st.DataObject) -> None:
    """Any text in any string property (an enum's, a timestamp's) parses and is kept: a known
    value as its member, an unknown one as the string, a timestamp as its instant, text that
    is no timestamp raw beside the model (`additional_properties`), written back as it came."""
    path = data.draw(st.sampled_from(_string_paths(name)), label="property")
    text = data.draw(st.text(max_size=40), label="text")
    body = _replace(full_instance(_components()[name]), path, text)
    parsed = getattr(models, name).from_dict(body)
    expected = expected_reading(_components()[name], body)
    assert _as_written(_components()[name], parsed.to_dict()) == _as_written(
        _components()[name], expected
    )


# -- through the wrapper: each operation's answer ------------------------------------------------

TOLL_FREE = "+18335870229"

Call = Callable[[QualifiedNumbersClient, respx.Router, Any], Any]


def _answer(router: respx.Router, method: str, url: str, *bodies: Any, status: int = 200) -> None:
    router.route(method=method, url=url).mock(
        side_effect=[httpx.Response(status, json=body) for body in bodies]
    )


def _list(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
    _answer(router, "GET", API, body, {})  # a second, empty page if the variant has a token
    return [n.to_dict() for n in client.qualified_numbers.list(states=["VERIFIED"])]


def _one(method: str, suffix: str, call: Callable[[QualifiedNumbersClient], Any]) -> Call:
    def run(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
        _answer(router, method, f"{API}/%2B12025550134{suffix}", body)
        return call(client).to_dict()

    return run


def _add(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
    _answer(router, "POST", f"{API}:addNumbers", body)
    # An answer naming none of the numbers sent is read as lost: the number is read (absent).
    router.get(f"{API}/%2B12025550134").mock(
        return_value=httpx.Response(404, json={"code": "404", "message": "no"})
    )
    try:
        return [n.to_dict() for n in client.qualified_numbers.add([ONE])]
    except APIResponseValidationError:
        assert not body.get("qualifiedNumbers")  # only an answer that does not name it
        return []


HOSTING_ORDERS = API.rsplit("/qualifiedNumbers", 1)[0] + "/hostingOrders"


def _text_enable(number: str, suffix: str, route: str = "qualified_numbers") -> Call:
    def run(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
        base = API if route == "qualified_numbers" else HOSTING_ORDERS
        _answer(router, "POST", f"{base}:{suffix}", body)
        loa = LOA if number == TOLL_FREE else BlanketLoa()
        resource = getattr(client, route)
        result = resource.text_enable([number], service_plan_id="p", loa=loa)
        assert result.ok, result.failed
        (order,) = result.orders
        assert order.order is not None
        return order.order.to_dict()

    return run


CALLBACK_CONFIGURATION = API.rsplit("/qualifiedNumbers", 1)[0] + "/callbackConfiguration"


def _callback_configuration(method: str, call: Callable[[QualifiedNumbersClient], Any]) -> Call:
    def run(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
        _answer(router, method, CALLBACK_CONFIGURATION, body)
        found = call(client)
        read = {"projectId": found.project_id, "hmacSecret": found.hmac_secret}
        return {k: v for k, v in read.items() if v is not None}

    return run


ORDERS = API.rsplit("/qualifiedNumbers", 1)[0] + "/hostingOrders/o1"


def _order_call(suffix: str, call: Callable[[QualifiedNumbersClient], Any]) -> Call:
    def run(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
        _answer(router, "GET", ORDERS + suffix, body, {})
        return call(client)

    return run


def _report(c: QualifiedNumbersClient) -> Any:
    found = c.hosting_orders.report("o1")
    fields = {
        "total": found.total,
        "osrUpdated": found.osr_updated,
        "smsProvisioned": found.sms_provisioned,
        "addedToCampaign": found.added_to_campaign,
        "ongoingManualAction": found.ongoing_manual_action,
    }
    return {k: v for k, v in fields.items() if v}  # absent and 0 read the same: 0


def _list_orders(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
    _answer(router, "GET", ORDERS.rsplit("/", 1)[0], body, {})
    found = client.hosting_orders.list(
        states=["COMPLETED"], type="TYPE_TEXT_ENABLE", service_plan_id="p", campaign_id=""
    )
    return [o.to_dict() for o in found]


IMPORTED = API.rsplit("/qualifiedNumbers", 1)[0] + "/importedNumbers"


def _imported(method: str, suffix: str, call: Callable[[QualifiedNumbersClient], Any]) -> Call:
    def run(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
        _answer(router, method, IMPORTED + suffix, body, {})
        return call(client)

    return run


def _import_numbers(client: QualifiedNumbersClient, router: respx.Router, body: Any) -> Any:
    _answer(router, "POST", f"{HOSTING_ORDERS}:importNumbers", body)
    result = client.hosting_orders.import_numbers([ONE], service_plan_id="p")
    assert result.ok, result.failed
    (order,) = result.orders
    assert order.order is not None
    return order.order.to_dict()


WRAPPER_CALLS: dict[str, Call] = {
    "listImportedNumbers": _imported(
        "GET",
        "",
        lambda c: [
            n.to_dict() for n in c.imported_numbers.list(service_plan_id="p", campaign_id="")
        ],
    ),
    "createImportedNumber": _imported(
        "POST", "", lambda c: c.imported_numbers.create(ONE, service_plan_id="p").to_dict()
    ),
    "getImportedNumber": _imported(
        "GET", "/%2B12025550134", lambda c: c.imported_numbers.get(ONE).to_dict()
    ),
    "updateImportedNumber": _imported(
        "PATCH",
        "/%2B12025550134",
        lambda c: c.imported_numbers.update(ONE, display_name="x").to_dict(),
    ),
    "importNumbers": _import_numbers,
    "listHostingOrders": _list_orders,
    "getHostingOrder": _order_call("", lambda c: c.hosting_orders.get("o1").to_dict()),
    "getHostingOrderReport": _order_call("/report", _report),
    "listHostingOrderNumbers": _order_call(
        "/numbers", lambda c: [n.to_dict() for n in c.hosting_orders.numbers("o1")]
    ),
    "getHostingOrderNumber": _order_call(
        "/numbers/%2B12025550134",
        lambda c: c.hosting_orders.number("o1", ONE).to_dict(),
    ),
    "getCallbackConfiguration": _callback_configuration(
        "GET", lambda c: c.callback_configuration.get()
    ),
    "updateCallbackConfiguration": _callback_configuration(
        "PATCH", lambda c: c.callback_configuration.update(hmac_secret="s")
    ),
    "listQualifiedNumbers": _list,
    "getQualifiedNumber": _one("GET", "", lambda c: c.qualified_numbers.get(ONE)),
    "sendVoiceChallenge": _one(
        "POST", ":sendVoiceChallenge", lambda c: c.qualified_numbers.send_voice_challenge(ONE)
    ),
    "verifyVoiceChallenge": _one(
        "POST",
        ":verifyVoiceChallenge",
        lambda c: c.qualified_numbers.verify_voice_challenge(ONE, "1234"),
    ),
    "addQualifiedNumbers": _add,
    "textEnableNumbers": _text_enable(ONE, "textEnableNumbers"),
    "textEnableTollFreeNumbers": _text_enable(TOLL_FREE, "textEnableTollFreeNumbers"),
    "createTextEnableHostingOrder": _text_enable(ONE, "textEnableNumbers", "hosting_orders"),
    "createTollFreeTextEnableHostingOrder": _text_enable(
        TOLL_FREE, "textEnableTollFreeNumbers", "hosting_orders"
    ),
}

#: Operations whose published success answer has no content: (URL, the call).
BODILESS_CALLS: dict[str, tuple[str, Callable[[QualifiedNumbersClient], Any]]] = {
    "deleteQualifiedNumber": (f"{API}/%2B12025550134", lambda c: c.qualified_numbers.delete(ONE)),
    "deleteImportedNumber": (
        f"{IMPORTED}/%2B12025550134",
        lambda c: c.imported_numbers.delete(ONE),
    ),
}


def _bodiless_successes(spec: dict[str, Any] | None = None) -> set[str]:
    """operationIds whose 2xx answers declare no content in the spec."""
    found = set()
    for item in (spec or load_spec())["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                successes = [r for code, r in op["responses"].items() if code.startswith("2")]
                if successes and all("content" not in r for r in successes):
                    found.add(op["operationId"])
    return found


def test_every_bodiless_operation_has_a_wrapper_call() -> None:
    missing = sorted(_bodiless_successes() - set(BODILESS_CALLS))
    assert not missing, f"add the wrapper call of {missing} to BODILESS_CALLS in this file"
    assert _bodiless_successes() == set(BODILESS_CALLS)


BODILESS_ANSWERS = [b"", b"{}", b"null", b"OK", b'{"unexpected": [1]}', b"\xff\xfe"]


@pytest.mark.parametrize("answer", BODILESS_ANSWERS)
@pytest.mark.parametrize("op", sorted(BODILESS_CALLS))
def test_an_operation_published_without_a_body_accepts_any_2xx_body(op: str, answer: bytes) -> None:
    url, call = BODILESS_CALLS[op]
    with respx.mock as router, fake_client(max_retries=0) as client:
        route = router.route(url=url).mock(return_value=httpx.Response(200, content=answer))
        assert call(client) is None
    assert route.call_count == 1


def _success_answers(spec: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    return sorted(
        {(op, name) for op, status, name in _operation_responses(spec) if status == "200"}
    )


def test_every_operation_has_a_wrapper_call() -> None:
    """One report for the table: an operation added to the spec fails here, by name, and
    nowhere else in this file (its variants wait for its entry in `WRAPPER_CALLS`)."""
    missing = sorted({op for op, _ in _success_answers()} - set(WRAPPER_CALLS))
    assert not missing, f"add the wrapper call of {missing} to WRAPPER_CALLS in this file"
    assert {op for op, _ in _success_answers()} == set(WRAPPER_CALLS)


def test_an_operation_added_to_the_spec_fails_the_report_only() -> None:
    spec = spec_with_new_operation()
    unwired = {op for op, _ in _success_answers()} - set(WRAPPER_CALLS)
    assert {op for op, _ in _success_answers(spec)} - set(WRAPPER_CALLS) - unwired == {
        NEW_OPERATION
    }
    assert _wrapper_cases(spec) == WRAPPER_CASES


#: Operations that answer a schema another operation already answers get every n-th variant:
#: the model's reading of each variant is the same whichever call received it (and is proven
#: for every variant by the first operation), so the others need only show that their own path
#: through the wrapper reads a spread of them. Keeps the suite's time flat as operations
#: sharing `HostingOrder` or `ImportedNumber` are added.
SHARED_SCHEMA_STRIDE = 6


def _wrapper_cases(
    spec: dict[str, Any] | None = None,
) -> list[tuple[str, str, str, dict[str, Any]]]:
    cases = []
    first_for: dict[str, str] = {}
    for op, name in _success_answers(spec):
        if op not in WRAPPER_CALLS:  # reported once, by test_every_operation_has_a_wrapper_call
            continue
        first = first_for.setdefault(name, op) == op
        for index, (label, body) in enumerate(variants(name)):
            if first or index % SHARED_SCHEMA_STRIDE == 0:
                cases.append((op, name, label, body))
    return cases


WRAPPER_CASES = _wrapper_cases()


def _read_back(op: str, name: str, body: dict[str, Any], returned: Any) -> Any:
    expected = expected_reading(_components()[name], body)
    if op == "listQualifiedNumbers":
        return expected.get("qualifiedNumbers", [])
    if op == "addQualifiedNumbers":
        return expected.get("qualifiedNumbers", [])
    if op == "listHostingOrderNumbers":
        return expected.get("numbers", [])
    if op == "listHostingOrders":
        return expected.get("hostingOrders", [])
    if op == "listImportedNumbers":
        return expected.get("importedNumbers", [])
    if op == "getHostingOrderReport":
        return {k: v for k, v in expected.items() if v}
    if op.endswith("CallbackConfiguration"):
        # An empty secret is no secret: the wrapper gives None, like an absent one.
        return {k: v for k, v in expected.items() if not (k == "hmacSecret" and v == "")}
    return expected


@pytest.mark.parametrize(
    ("op", "name", "label", "body"),
    WRAPPER_CASES,
    ids=[f"{op}: {label}" for op, _, label, _ in WRAPPER_CASES],
)
def test_wrapper_reads_every_variant_of_every_answer(
    op: str, name: str, label: str, body: dict[str, Any]
) -> None:
    with respx.mock(assert_all_called=False) as router, fake_client(max_retries=0) as client:
        returned = WRAPPER_CALLS[op](client, router, body)
    assert instants(returned) == instants(_read_back(op, name, body, returned))


ERROR_CASES = [
    (label, body) for label, body in variants("Error") if not label.startswith("drop error/")
]


@pytest.mark.parametrize(("label", "body"), ERROR_CASES, ids=[lb for lb, _ in ERROR_CASES])
def test_wrapper_maps_every_variant_of_an_error_body_to_its_typed_error(
    label: str, body: dict[str, Any]
) -> None:
    with respx.mock as router, fake_client(max_retries=0) as client:
        _answer(router, "GET", f"{API}/%2B12025550134", body, status=404)
        with pytest.raises(APIStatusError) as caught:
            client.qualified_numbers.get(ONE)
    assert caught.value.status_code == 404
    assert type(caught.value).__name__ == "NotFoundError"


def test_hosting_order_without_email_or_building_number_is_an_enabled_number() -> None:
    """A hosting order without an email or a building number exists (the service wrote it),
    so its answer must never fail the call."""
    order = {
        "hostingOrderId": "01arz3nhyrtsv4rrffq69g5fav",
        "state": "WAITING_FOR_LOA_SIGNATURE",
        "createdTime": "",
        "scheduledOsrUpdateTime": None,
        "callbackUrl": "https://example.com/hook",
        "hostingOrderInfo": {
            "authorisedPerson": {"firstName": "Jane", "lastName": "Doe"},
            "address": {"street": "Main Street", "city": "Springfield"},
            "loaType": 0,
        },
    }
    with respx.mock as router, fake_client(max_retries=0) as client:
        _answer(router, "POST", f"{API}:textEnableTollFreeNumbers", order)
        result = client.qualified_numbers.text_enable([TOLL_FREE], service_plan_id="p", loa=LOA)
    assert result.ok and result.enabled == {TOLL_FREE: "01arz3nhyrtsv4rrffq69g5fav"}
    parsed = result.orders[0].order
    assert parsed is not None
    assert parsed.callback_url == "https://example.com/hook"
    info = parsed.hosting_order_info
    assert isinstance(info, models.TextEnableInfo)
    assert isinstance(info.authorised_person, models.AuthorizedPersonInfo)
    assert info.authorised_person.first_name == "Jane"
    assert info.loa_type == 0
