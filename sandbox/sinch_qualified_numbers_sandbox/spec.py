"""Request bodies are checked against the very schemas of the OpenAPI spec, so the sandbox and
the spec cannot drift apart; only the service's semantic rules are written by hand."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .errors import ApiError

_SPEC_URI = "urn:sinch-qualified-numbers:spec"
_CANDIDATES = (
    Path(__file__).with_name("openapi.yaml"),  # installed wheel (force-included)
    Path(__file__).resolve().parents[2] / "openapi" / "qualified-numbers.yaml",  # source tree
)


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


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return "T" in value.upper() and parsed.tzinfo is not None


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date-time")(_is_datetime)


@functools.cache
def validator(schema_name: str) -> Draft7Validator:
    registry: Registry[Any] = Registry().with_resource(
        _SPEC_URI, Resource.from_contents(load_spec(), default_specification=DRAFT7)
    )
    return Draft7Validator(
        {"$ref": f"{_SPEC_URI}#/components/schemas/{schema_name}"},
        registry=registry,
        format_checker=_FORMATS,
    )


def _field_path(error: ValidationError) -> str:
    parts: list[str] = []
    for part in error.absolute_path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    field = "".join(parts)
    if error.validator == "required" and isinstance(error.message, str):
        missing = error.message.split("'")[1] if "'" in error.message else ""
        field = f"{field}.{missing}" if field else missing
    if error.validator == "additionalProperties":
        extra = error.message.split("'")[1] if "'" in error.message else ""
        field = f"{field}.{extra}" if field else extra
    return field or "body"


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def validate_body(schema_name: str, body: Any) -> None:
    """Raise a 400 naming every field that violates the spec's schema."""
    errors = sorted(validator(schema_name).iter_errors(body), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    violations: list[tuple[str, str]] = []
    for error in errors:
        leaves = error.context if error.validator in ("oneOf", "anyOf") and error.context else None
        if leaves:
            best = min(leaves, key=lambda e: len(list(e.absolute_path)) * -1)
            violations.append((_field_path(best), _short(best.message)))
        else:
            violations.append((_field_path(error), _short(error.message)))
    raise ApiError(
        400,
        "Invalid argument: " + ", ".join(sorted({f for f, _ in violations})),
        field_violations=violations,
    )
