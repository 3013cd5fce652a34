"""Request bodies are checked against the very schemas of the OpenAPI spec, so the sandbox and
the spec cannot drift apart; only the service's semantic rules are written by hand.

Validation uses jsonschema-rs (a compiled validator): a 500-number body is checked in well
under a millisecond, so the sandbox's speed is not what a client benchmark measures.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from .http.errors import ApiError

_CANDIDATES = (
    Path(__file__).with_name("openapi.yaml"),  # installed wheel (force-included)
    Path(__file__).resolve().parents[2] / "openapi" / "qualified-numbers.yaml",  # source tree
)
_OPENAPI_ONLY = {"example", "readOnly", "writeOnly", "xml", "externalDocs", "discriminator"}


def spec_path() -> Path:
    for candidate in _CANDIDATES:
        if candidate.exists():
            return candidate
    raise FileNotFoundError("the OpenAPI spec is not shipped with this installation")


@functools.cache
def load_spec() -> dict[str, Any]:
    with spec_path().open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


def _inline(node: Any, components: dict[str, Any]) -> Any:
    """A plain JSON Schema: every $ref inlined (the spec has no cycles), OpenAPI keys dropped."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return _inline(components[ref.rsplit("/", 1)[-1]], components)
        return {
            k: _inline(v, components)
            for k, v in node.items()
            if k not in _OPENAPI_ONLY and not k.startswith("x-")
        }
    if isinstance(node, list):
        return [_inline(v, components) for v in node]
    return node


@functools.cache
def validator(schema_name: str) -> Any:
    components = load_spec()["components"]["schemas"]
    schema = _inline(copy.deepcopy(components[schema_name]), components)
    return jsonschema_rs.Draft7Validator(schema, validate_formats=True)


def _field_path(error: Any) -> str:
    parts: list[str] = []
    for part in error.instance_path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    field = "".join(parts)
    kind = type(error.kind).__name__
    extra = None
    if kind == "Required":
        extra = getattr(error.kind, "property", None)
    elif kind == "AdditionalProperties":
        unexpected = getattr(error.kind, "unexpected", None) or []
        extra = unexpected[0] if unexpected else None
    if extra:
        field = f"{field}.{extra}" if field else str(extra)
    return field or "body"


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def validate_body(schema_name: str, body: Any) -> None:
    """Raise a 400 naming every field that violates the spec's schema."""
    errors = list(validator(schema_name).iter_errors(body))
    if not errors:
        return
    violations = [(_field_path(error), _short(error.message)) for error in errors]
    violations.sort()
    raise ApiError(
        400,
        "Invalid argument: " + ", ".join(sorted({f for f, _ in violations})),
        field_violations=violations,
    )


@functools.cache
def operations() -> tuple[tuple[str, str, str], ...]:
    """(METHOD, path template, operationId) of every operation of the spec, in its order."""
    found = []
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.append((method.upper(), str(path), str(operation["operationId"])))
    return tuple(found)


def operation_ids() -> frozenset[str]:
    return frozenset(operation_id for _, _, operation_id in operations())


@functools.cache
def operation_tags() -> dict[str, str]:
    """operationId -> its spec tag (the resource folder its handler lives in)."""
    tags = {}
    for item in load_spec()["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                tags[str(operation["operationId"])] = str((operation.get("tags") or [""])[0])
    return tags


def api_versions() -> tuple[str, ...]:
    """The API versions the service serves: the spec's server variable `version`."""
    versions = load_spec()["servers"][0]["variables"]["version"]["enum"]
    return tuple(str(v) for v in versions)


def service_urls() -> tuple[str, str]:
    """Sinch's own base URL (the spec's server, without its `/{version}`) and token URL (its
    OAuth2 scheme's `tokenUrl`): what the in-process sandbox serves, since a client built with
    no settings calls them."""
    spec = load_spec()
    base = str(spec["servers"][0]["url"]).removesuffix("/{version}")
    schemes = spec["components"]["securitySchemes"].values()
    (token,) = {
        str(flow["tokenUrl"])
        for scheme in schemes
        for flow in (scheme.get("flows") or {}).values()
        if "tokenUrl" in flow
    }
    return base, token


def reload() -> None:
    """Forget what was read from the spec, so the next call reads it again (a test serving a
    changed copy of the spec points `spec_path` at it, then calls this before and after)."""
    for cached in (load_spec, validator, operations, operation_tags, _matchers):
        cached.cache_clear()


def enum_values(schema_name: str) -> tuple[str, ...]:
    """The values of one of the spec's enum schemas, in its order."""
    values = load_spec()["components"]["schemas"][schema_name]["enum"]
    return tuple(str(v) for v in values)


#: How a path parameter of the spec matches: `{phoneNumber}` never swallows `:verb`.
PARAMETER_PATTERNS = {"phoneNumber": "[^/:]+"}


@functools.cache
def _matchers() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    versions = "|".join(map(re.escape, api_versions()))
    matchers = []
    for method, template, operation_id in operations():
        pattern = re.sub(
            r"\\\{(\w+)\\\}",
            lambda m: PARAMETER_PATTERNS.get(m.group(1), "[^/]+"),
            re.escape(template),
        )
        matchers.append((method, re.compile(f"/(?:{versions}){pattern}"), operation_id))
    return tuple(matchers)


def operation_for(method: str, path: str) -> str | None:
    """The operationId a request is for, from the spec's paths (None if no operation)."""
    for verb, pattern, operation_id in _matchers():
        if verb == method and pattern.fullmatch(path):
            return operation_id
    return None
