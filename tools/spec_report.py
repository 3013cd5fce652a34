"""`make spec-report`: what the spec has that the code never names, from the same reading of the
spec as `make spec-diff` and `make scaffold`.

- **request fields the wrapper never sets**: a property of a request body, or a query
  parameter, whose name appears in the hand-written wrapper (`wrapper/`, `_sync/` left out)
  neither as a keyword (`campaign_id=`) nor as a string (`"campaignId"`, `"campaign_id"`);
- **response fields the sandbox never renders**: a property of a 2xx answer whose name is no
  string of the sandbox's code;
- **enum values the sandbox never reaches**: a value of an enum of a 2xx answer that is no
  string of the sandbox's code (nor the end of one: the process table writes a state as
  `GLOBAL_PROCESS_STATE_` + its short name).

Names, not behaviour: a field named somewhere may still be set wrongly, and a field listed here
is named nowhere: never set, or only passed through from what was sent (the sandbox echoes an
LOA back as it came). The report is information: its exit status is 0.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schema_diff.openapi.normalizer import normalize_openapi

from .api_map import ROOT, load_spec, operations, snake

WRAPPER = Path("wrapper/sinch_qualified_numbers")
SANDBOX = Path("sandbox/sinch_qualified_numbers_sandbox")


@dataclass
class Report:
    unset_request_fields: dict[str, set[str]] = field(default_factory=dict)  # name -> ops
    unrendered_response_fields: dict[str, set[str]] = field(default_factory=dict)
    unreached_enum_values: dict[str, set[str]] = field(default_factory=dict)

    def text(self) -> str:
        lines: list[str] = []
        for title, found in (
            ("request fields the wrapper never sets", self.unset_request_fields),
            ("response fields the sandbox never renders", self.unrendered_response_fields),
            ("enum values the sandbox never reaches", self.unreached_enum_values),
        ):
            lines.append(f"{title}: {len(found) or 'none'}")
            for name in sorted(found):
                lines.append(f"  {name}  ({', '.join(sorted(found[name]))})")
        return "\n".join(lines)


def _properties(schema: Any, prefix: str = "") -> Iterator[str]:
    """Dotted property paths of a resolved schema (`hostingOrders[].campaignId`)."""
    if not isinstance(schema, dict):
        return
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key) or []:
            yield from _properties(branch, prefix)
    if isinstance(schema.get("items"), dict):
        yield from _properties(schema["items"], prefix + "[]")
    for name, sub in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        yield from _properties(sub, path)


def _enum_values(schema: Any) -> Iterator[str]:
    if not isinstance(schema, dict):
        return
    for value in schema.get("enum") or []:
        yield str(value)
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key) or []:
            yield from _enum_values(branch)
    yield from _enum_values(schema.get("items"))
    for sub in (schema.get("properties") or {}).values():
        yield from _enum_values(sub)


def _names(paths: list[Path]) -> tuple[set[str], set[str]]:
    """(keyword argument names, string constants) of the Python files."""
    keywords: set[str] = set()
    strings: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg:
                keywords.add(node.arg)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return keywords, strings


def build(root: Path = ROOT) -> Report:
    spec = load_spec(root)
    normalized = normalize_openapi(spec)
    by_key = {op.key: op.operation_id for op in operations(spec).values()}
    wrapper_files = [p for p in (root / WRAPPER).rglob("*.py") if "_sync" not in p.parts]
    kw, wrapper_strings = _names(wrapper_files)
    _, sandbox_strings = _names(sorted((root / SANDBOX).rglob("*.py")))
    report = Report()
    for key, op in normalized.operations.items():
        op_id = by_key.get(key, key)
        requested = [p.split(".")[-1].removesuffix("[]") for p in _properties(op.request_schema)]
        requested += [p.name for p in op.parameters.values() if p.location == "query"]
        named = kw | wrapper_strings
        for name in requested:
            # the generator's argument for `numberPattern.pattern` is `number_pattern_pattern`
            forms = {name, snake(name), snake(name.replace(".", "_")).replace("__", "_")}
            if not forms & named:
                report.unset_request_fields.setdefault(name, set()).add(op_id)
        for status, schema in op.responses.items():
            if not status.startswith("2"):
                continue
            for path in _properties(schema):
                name = path.split(".")[-1].removesuffix("[]")
                head, _, rest = path.partition(".")
                if head.endswith("[]") and rest:
                    path = rest  # a listing's items: the same fields as the one-item answer
                if name not in sandbox_strings:
                    report.unrendered_response_fields.setdefault(path, set()).add(op_id)
            for value in _enum_values(schema):
                if value not in sandbox_strings and not any(
                    value.endswith("_" + s) for s in sandbox_strings if s
                ):
                    report.unreached_enum_values.setdefault(value, set()).add(op_id)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spec-report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    print(build(args.root).text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
