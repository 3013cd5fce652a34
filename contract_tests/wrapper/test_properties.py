"""Property-based: every schema-valid answer is accepted whole; chunking keeps its invariants."""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinch_qualified_numbers import InvalidPhoneNumberError
from sinch_qualified_numbers._orders import (
    MAX_NUMBERS_PER_CALL,
    TextEnableOptions,
    plan_text_enable,
)
from sinch_qualified_numbers._phone import is_toll_free, region_of

from ..conftest import load_spec
from .conftest import API, LOA, fake_client

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)


def _resolve(node: Any, components: dict[str, Any]) -> Any:
    """Inline every $ref and drop OpenAPI-only keywords, giving a plain JSON Schema."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolve(components[node["$ref"].rsplit("/", 1)[-1]], components)
        return {
            k: _resolve(v, components)
            for k, v in node.items()
            if k not in ("example", "readOnly", "description") and not k.startswith("x-")
        }
    if isinstance(node, list):
        return [_resolve(v, components) for v in node]
    return node


def schema_of(name: str) -> dict[str, Any]:
    components = load_spec()["components"]["schemas"]
    schema: dict[str, Any] = _resolve(copy.deepcopy(components[name]), components)
    return schema


JSON_LEAF = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
DATE_TIMES = st.datetimes(
    min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda d: d.isoformat(timespec="milliseconds").replace("+00:00", "Z"))


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid for the subset of JSON Schema the spec's responses use.

    (hypothesis-jsonschema 0.23 no longer runs on current Hypothesis; the subset is small.)
    Objects also get unknown extra properties, as a newer service would send.
    """
    if "anyOf" in schema:
        return st.one_of([from_schema(s) for s in schema["anyOf"]])
    if "allOf" in schema:
        (only,) = schema["allOf"]
        return from_schema(only)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date-time":
            return DATE_TIMES
        return st.text(min_size=schema.get("minLength", 0), max_size=20)
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum", -(2**31)), max_value=2**31 - 1)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=4)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        fields = {name: from_schema(sub) for name, sub in properties.items()}
        extra = st.dictionaries(
            st.text(min_size=1, max_size=8).filter(lambda k: k not in properties),
            JSON_VALUE,
            max_size=2,
        )

        @st.composite
        def build(draw: st.DrawFn) -> dict[str, Any]:
            value: dict[str, Any] = draw(extra)
            for name, strategy in fields.items():
                if name in required or draw(st.booleans()):
                    value[name] = draw(strategy)
            return value

        return build()
    return JSON_VALUE


def _instant(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _instant(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_instant(v) for v in value]
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] in "Tt":
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return value
    return value


@given(body=from_schema(schema_of("ListQualifiedNumbersResponse")))
@SETTINGS
def test_every_schema_valid_list_page_is_accepted_whole(body: dict[str, Any]) -> None:
    body = {**body, "nextPageToken": ""}
    with respx.mock:
        respx.get(API).mock(return_value=httpx.Response(200, json=body))
        with fake_client() as client:
            numbers = list(client.qualified_numbers.list(states=["VERIFIED"]))
    sent = body.get("qualifiedNumbers", [])
    assert len(numbers) == len(sent)
    for parsed, original in zip(numbers, sent, strict=True):
        assert _instant(parsed.to_dict()) == _instant(original)


@given(body=from_schema(schema_of("HostingOrder")))
@SETTINGS
def test_every_schema_valid_hosting_order_is_accepted_whole(body: dict[str, Any]) -> None:
    with respx.mock:
        respx.post(f"{API}:textEnableTollFreeNumbers").mock(
            return_value=httpx.Response(200, json=body)
        )
        with fake_client() as client:
            result = client.qualified_numbers.text_enable(
                ["+18335870229"], service_plan_id="p", loa=LOA
            )
    (order,) = result.orders
    assert order.hosting_order_id == body["hostingOrderId"]
    assert order.order is not None
    assert _instant(order.order.to_dict()) == _instant(body)


US_AREAS = ["202", "303", "415", "617"]
CA_AREAS = ["416", "604"]
TF_AREAS = ["800", "833", "888"]
FORMATS = ["+1{a}{e}{s}", "({a}) {e}-{s}", "{a}.{e}.{s}", "1-{a}-{e}-{s}"]
BAD = ["junk", "+44 20 7946 0000", "555-01", "+1 202 555", "", "+52 55 1234 5678"]


@st.composite
def number_lists(draw: st.DrawFn) -> tuple[list[str], set[str], int]:
    """(values, values expected to be rejected, count of distinct valid numbers)"""
    count = draw(st.integers(min_value=0, max_value=1600))
    seed = draw(st.integers(min_value=0, max_value=2**32))
    bad_share = draw(st.sampled_from([0.0, 0.0, 0.01]))
    dup_share = draw(st.sampled_from([0.0, 0.0, 0.01]))
    rng = random.Random(seed)
    values: list[str] = []
    bad: set[str] = set()
    seen: set[str] = set()
    for _ in range(count):
        roll = rng.random()
        if roll < bad_share:
            value = rng.choice(BAD)
            values.append(value)
            bad.add(value)
            continue
        if roll < bad_share + dup_share and values:
            value = rng.choice(values)
            values.append(value)
            bad.add(value)
            continue
        kind = rng.random()
        area = rng.choice(TF_AREAS if kind < 0.15 else CA_AREAS if kind < 0.4 else US_AREAS)
        key = f"{area}{rng.randrange(10_000):04d}"
        if key in seen:
            continue
        seen.add(key)
        values.append(rng.choice(FORMATS).format(a=area, e="555", s=key[3:]))
    return values, bad, len(seen)


@given(case=number_lists())
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
def test_chunking_invariants(case: tuple[list[str], set[str], int]) -> None:
    values, bad, valid_count = case
    options = TextEnableOptions("plan", LOA)
    if not values:
        assert plan_text_enable(values, options, "US") == []  # no numbers: nothing to send
        return
    if bad:
        with pytest.raises(InvalidPhoneNumberError) as caught:
            plan_text_enable(values, options, "US")
        assert {value for value, _ in caught.value.invalid} == bad
        return
    chunks = plan_text_enable(values, options, "US")
    flat = [n for c in chunks for n in c.numbers]
    assert len(flat) == len(set(flat)) == valid_count
    for chunk in chunks:
        assert 1 <= len(chunk.numbers) <= MAX_NUMBERS_PER_CALL
        assert {region_of(n) for n in chunk.numbers} == {chunk.region_code}
        assert {is_toll_free(n) for n in chunk.numbers} == {chunk.toll_free}
