"""`make spec-diff`: what changed in the spec since a git ref, which changes break users, and
whether CHANGELOG.md says so.

The comparison is api-schema-diff's (paths, operations, parameters, request bodies, response
statuses and schemas, properties, `required`, types), completed here where it is silent or
reads the spec differently from the project:

- **Enums**: a value removed is breaking (a request may send it, and a member of a public enum
  of the generated package goes away); a value added is not (responses are read tolerantly).
- **`oneOf` / `anyOf` / `allOf` branches** (the toll-free request is a `oneOf`) are compared
  branch by branch, as api-schema-diff compares a plain schema.
- **Responses are read tolerantly**: a response field becoming required breaks no reader, so
  it is not breaking (api-schema-diff counts it as breaking for requests and responses alike).
- **operationIds and API versions**: an operation whose method and path stay but whose
  operationId changes renames a module of the generated package (breaking); a version removed
  from the server variable `version`, or a new default, is breaking, a version added is not.

A breaking change is *acknowledged* when one bullet under `### Changed` or `### Removed` of
CHANGELOG.md's `## [Unreleased]` section has a code span (backticks) naming the changed thing
(the field, parameter or enum value, in the spec's spelling or Python's snake_case; the
operationId for a removed operation, the version for an API version) and a code span naming
one operation it touches (its operationId) or one wrapper method that reaches it
(`resource.method`, e.g. `hosting_orders.list`); the same span may do both, and a change that
touches no operation (an API version) needs its name only. Naming the field alone is not
enough: the section already names fields for other reasons.

Exit status: 0 when every breaking change is acknowledged, 1 when one is not, 2 when the
comparison cannot be made (an unknown ref, an unreadable spec).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from schema_diff.models import Change as LibraryChange
from schema_diff.models import ChangeSeverity, ChangeType, DiffResult
from schema_diff.openapi.diff import diff_openapi
from schema_diff.openapi.json_schema_diff import diff_json_schema
from schema_diff.openapi.normalizer import normalize_openapi

from .api_map import LOADER, ROOT, SPEC, ApiMap, Operation, operations, snake

RELEASE_TAG = re.compile(r"^v?\d+\.\d+\.\d+$")
ACKNOWLEDGING = ("changed", "removed")


class SpecDiffError(Exception):
    """The comparison cannot be made (exit status 2)."""


@dataclass
class Finding:
    """One change, with every place of the spec it shows in (one field of a shared schema
    shows in each operation that uses it)."""

    message: str
    name: str  # the field, parameter or enum value; the operationId of an operation
    breaking: bool
    operation_ids: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)  # "operationId: where"
    methods: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    acknowledged: bool = False


# --- reading the two specs ---------------------------------------------------------------


def newest_release_tag(root: Path) -> str | None:
    """The newest tag reachable from HEAD that looks like a release (`v1.2.3` or `1.2.3`)."""
    out = _git(root, "tag", "--merged", "HEAD", "--sort=-v:refname")
    for tag in out.split():
        if RELEASE_TAG.match(tag):
            return tag
    return None


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SpecDiffError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def spec_at(root: Path, ref: str) -> dict[str, Any] | None:
    """The spec as committed at `ref`; None when the ref has no spec yet."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    done = subprocess.run(
        ["git", "-C", str(root), "show", f"{ref}:{SPEC.as_posix()}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    return _load(done.stdout, f"{SPEC} at {ref}")


def _load(text: str, where: str) -> dict[str, Any]:
    try:
        loaded = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as error:
        raise SpecDiffError(f"{where} is not YAML: {error}") from error
    if not isinstance(loaded, dict):
        raise SpecDiffError(f"{where} is not an OpenAPI document")
    return loaded


def load_file(path: Path) -> dict[str, Any]:
    try:
        return _load(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise SpecDiffError(f"{path}: {error.strerror}") from error


# --- comparing ---------------------------------------------------------------------------


def _walk(old: Any, new: Any, path: str, result: DiffResult) -> None:
    """Enum values and the branches of oneOf/anyOf/allOf, which api-schema-diff leaves out,
    everywhere under two schemas it compares."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        for value in [v for v in old_enum if v not in new_enum]:
            result.breaking.append(
                LibraryChange(
                    ChangeType.REMOVED_FIELD,
                    ChangeSeverity.BREAKING,
                    f"{path}.enum.{value}",
                    message="Enum value removed",
                )
            )
        for value in [v for v in new_enum if v not in old_enum]:
            result.non_breaking.append(
                LibraryChange(
                    ChangeType.ADDED_FIELD,
                    ChangeSeverity.NON_BREAKING,
                    f"{path}.enum.{value}",
                    message="Enum value added",
                )
            )
    for key in ("oneOf", "anyOf", "allOf"):
        old_branches, new_branches = old.get(key), new.get(key)
        if isinstance(old_branches, list) and isinstance(new_branches, list):
            for i, (o, n) in enumerate(zip(old_branches, new_branches, strict=False)):
                if isinstance(o, dict) and isinstance(n, dict):
                    diff_json_schema(o, n, path=f"{path}.{key}[{i}]", result=result)
                    _walk(o, n, f"{path}.{key}[{i}]", result)
    old_props, new_props = old.get("properties"), new.get("properties")
    if isinstance(old_props, dict) and isinstance(new_props, dict):
        for name in sorted(old_props.keys() & new_props.keys()):
            _walk(old_props[name], new_props[name], f"{path}.properties.{name}", result)
    if "items" in old and "items" in new:
        _walk(old["items"], new["items"], f"{path}.items", result)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> DiffResult:
    """api-schema-diff's result, completed with enums and schema branches."""
    result = diff_openapi(old, new)
    old_n, new_n = normalize_openapi(old), normalize_openapi(new)
    for key in sorted(old_n.operations.keys() & new_n.operations.keys()):
        o, n = old_n.operations[key], new_n.operations[key]
        base = f"operations.{key}"
        for param in sorted(o.parameters.keys() & n.parameters.keys()):
            spec = n.parameters[param]
            where = f"{base}.parameters.{spec.location}.{spec.name}.schema"
            _walk(o.parameters[param].schema, spec.schema, where, result)
        _walk(o.request_schema, n.request_schema, f"{base}.requestBody.schema", result)
        for status in sorted(o.responses.keys() & n.responses.keys()):
            _walk(
                o.responses[status],
                n.responses[status],
                f"{base}.responses.{status}.schema",
                result,
            )
    return result


def _place(rest: str) -> tuple[str, str]:
    """(where, name) from what follows `operations.<METHOD path>.` in a change's path:
    `responses.200.schema.properties.hostingOrders.items.properties.campaignId` ->
    (`response 200: hostingOrders[].campaignId`, `campaignId`)."""
    tokens = rest.split(".")
    if tokens[0] == "parameters" and len(tokens) >= 3:
        where = f"{tokens[1]} parameter {tokens[2]}"
        if "enum" in tokens[3:-1]:  # a value of the parameter's enum
            value = tokens[tokens.index("enum", 3) + 1]
            return f"{where} = {value}", value
        return where, tokens[2]
    if tokens[0] == "requestBody":
        where, tokens = "request body", tokens[1:]
    elif tokens[0] == "responses" and len(tokens) >= 2:
        where, tokens = f"response {tokens[1]}", tokens[2:]
    else:
        return rest, ""
    fields: list[str] = []
    name = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("properties", "required", "enum") and i + 1 < len(tokens):
            name = tokens[i + 1]
            fields.append(("=" if token == "enum" else "") + name)
            i += 2
            continue
        if token == "items" and fields:
            fields[-1] += "[]"
        i += 1
    path = ".".join(fields).replace(".=", " = ")
    return (f"{where}: {path}" if path else where), name


def findings(result: DiffResult, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """Every change named after its operations, grouped by what changed, and classified."""
    ops = {**operations(dict(new)), **operations(dict(old))}
    by_key = {op.key: op for op in ops.values()}
    old_ops = operations(dict(old))
    grouped: dict[tuple[str, str, bool], Finding] = {}
    changes = [(c, True) for c in result.breaking] + [(c, False) for c in result.non_breaking]
    for change, breaking in changes:
        message = change.message or change.change_type.value
        if (
            breaking
            and change.change_type == ChangeType.REQUIRED_CHANGE
            and ".responses." in change.path
        ):
            breaking = False  # tolerant reading: a field that is always there breaks no reader
        for op, where, name in _locate(change.path, by_key, old_ops):
            finding = grouped.setdefault(
                (message, name, breaking), Finding(message, name, breaking)
            )
            finding.operation_ids.add(op.operation_id)
            finding.places.add(f"{op.operation_id}: {where}" if where else op.operation_id)
    found = [*grouped.values(), *_renamed_operations(old, new), *_versions(old, new)]
    return sorted(found, key=lambda f: (not f.breaking, f.message, f.name))


def _renamed_operations(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """The same method and path under another operationId: the generated package's module
    (`sinch_qualified_numbers_api.api.<tag>.<operation>`) is renamed."""
    new_by_key = {op.key: op for op in operations(dict(new)).values()}
    found = []
    for op in operations(dict(old)).values():
        renamed = new_by_key.get(op.key)
        if renamed is not None and renamed.operation_id != op.operation_id:
            finding = Finding("operationId renamed", op.operation_id, True)
            finding.operation_ids = {op.operation_id}
            finding.places = {f"{op.key}: now {renamed.operation_id}"}
            found.append(finding)
    return found


def _versions(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Finding]:
    """The server variable `version`: a version removed or a new default is breaking (code
    that named or defaulted to it calls something else), a version added is not."""

    def variable(spec: Mapping[str, Any]) -> tuple[list[str], str | None]:
        servers = spec.get("servers") or [{}]
        version = ((servers[0] or {}).get("variables") or {}).get("version") or {}
        return [str(v) for v in version.get("enum") or []], version.get("default")

    (old_enum, old_default), (new_enum, new_default) = variable(old), variable(new)
    found = [Finding("API version removed", v, True) for v in old_enum if v not in new_enum]
    found += [Finding("API version added", v, False) for v in new_enum if v not in old_enum]
    if old_default and new_default and old_default != new_default:
        found.append(Finding("Default API version changed", str(new_default), True))
    for finding in found:
        finding.places = {"servers[0].variables.version"}
    return found


def _locate(
    path: str, by_key: Mapping[str, Operation], old_ops: Mapping[str, Operation]
) -> Iterable[tuple[Operation, str, str]]:
    if path.startswith("operations."):
        for key, op in by_key.items():
            if path.startswith(f"operations.{key}."):
                where, name = _place(path[len(f"operations.{key}.") :])
                return [(op, where, name or op.operation_id)]
            if path == f"operations.{key}":
                return [(op, "", op.operation_id)]
    if path.startswith("paths."):
        rest = path[len("paths.") :]
        found = []
        for op in {**old_ops, **{o.operation_id: o for o in by_key.values()}}.values():
            if rest in (op.path, f"{op.path}.{op.method.lower()}"):
                found.append((op, "", op.operation_id))
        if found:
            return found
    return []


# --- the changelog -----------------------------------------------------------------------


def acknowledging_bullets(changelog: str) -> list[list[str]]:
    """The code spans of each bullet under `### Changed` / `### Removed` of `## [Unreleased]`."""
    bullets: list[list[str]] = []
    in_unreleased = False
    in_section = False
    current: list[str] | None = None
    for line in changelog.splitlines():
        if line.startswith("## "):
            in_unreleased = line.strip().lower().startswith("## [unreleased]")
            in_section = False
            current = None
            continue
        if not in_unreleased:
            continue
        if line.startswith("### "):
            in_section = line[4:].strip().lower() in ACKNOWLEDGING
            current = None
            continue
        if not in_section:
            continue
        if re.match(r"^\s*[-*] ", line):
            current = []
            bullets.append(current)
        if current is not None:
            current.append(line)
    text_bullets = [" ".join(lines) for lines in bullets]
    return [re.findall(r"`([^`]+)`", text) for text in text_bullets]


def _names(span: str, name: str) -> bool:
    return any(
        re.search(rf"(?<![A-Za-z0-9_]){re.escape(form)}(?![A-Za-z0-9_])", span)
        for form in {name, snake(name)}
        if form
    )


def acknowledge(found: list[Finding], changelog: str) -> None:
    bullets = acknowledging_bullets(changelog)
    for finding in found:
        if not finding.breaking:
            continue
        touched = sorted(finding.operation_ids) + finding.methods
        finding.acknowledged = any(
            any(_names(span, finding.name) for span in spans)
            # a change of no operation (an API version) is acknowledged by its name alone
            and (not touched or any(any(_names(span, t) for t in touched) for span in spans))
            for spans in bullets
        )


# --- the report --------------------------------------------------------------------------


def attach_callers(found: list[Finding], api: ApiMap) -> None:
    for finding in found:
        methods: set[str] = set()
        commands: set[str] = set()
        for op in finding.operation_ids:
            methods.update(api.methods.get(op, []))
            commands.update(api.commands.get(op, []))
        finding.methods = sorted(methods)
        finding.commands = sorted(commands)


def report(found: list[Finding], against: str) -> str:
    lines = [f"spec-diff: {SPEC} against {against}"]
    if not found:
        lines.append("  no change")
    for finding in found:
        if finding.breaking:
            status = "BREAKING, in CHANGELOG" if finding.acknowledged else "BREAKING"
        else:
            status = "not breaking"
        lines.append(f"- [{status}] {finding.message}: {finding.name}")
        for place in sorted(finding.places):
            lines.append(f"    {place}")
        if finding.breaking:
            lines.append(f"    wrapper: {', '.join(finding.methods) or '(no method)'}")
            lines.append(f"    sinch-qn: {', '.join(finding.commands) or '(no command)'}")
    missing = [f for f in found if f.breaking and not f.acknowledged]
    if missing:
        lines += [
            "",
            f"{len(missing)} breaking change(s) not in CHANGELOG.md: add a bullet under "
            "### Changed or ### Removed of ## [Unreleased] naming, in backticks, the changed "
            "field (or parameter, enum value) and one operationId or wrapper method it touches, "
            "with what users do instead:",
        ]
        lines += [
            f"  {f.message}: {f.name} ({', '.join(sorted(f.operation_ids))})" for f in missing
        ]
    new_ops = [
        f for f in found if not f.breaking and f.message in ("Operation added", "Path added")
    ]
    for finding in new_ops:
        for op in sorted(finding.operation_ids):
            lines.append(f"new operation {op}: `make scaffold OP={op}` writes its stubs")
    return "\n".join(lines)


def run(
    root: Path,
    ref: str | None = None,
    old_path: Path | None = None,
    new_path: Path | None = None,
    changelog_path: Path | None = None,
) -> tuple[int, str]:
    if old_path is not None:
        old: dict[str, Any] | None = load_file(old_path)
        against = str(old_path)
    else:
        ref = ref or newest_release_tag(root) or "HEAD"
        old = spec_at(root, ref)
        against = ref
    new = load_file(new_path or root / SPEC)
    if old is None:
        return 0, f"spec-diff: {ref} has no {SPEC}: nothing to compare"
    found = findings(compare(old, new), old, new)
    if any(f.breaking for f in found):
        api = ApiMap.read(root, extra_operations=operations(old))
        attach_callers(found, api)
        changelog = (changelog_path or root / "CHANGELOG.md").read_text(encoding="utf-8")
        acknowledge(found, changelog)
    status = 1 if any(f.breaking and not f.acknowledged for f in found) else 0
    return status, report(found, against)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spec-diff", description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", help="git ref (default: the newest release tag, else HEAD)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project's tree")
    parser.add_argument("--old", type=Path, help="compare with this file instead of a ref")
    parser.add_argument("--new", type=Path, help="the new spec (default: the tree's)")
    parser.add_argument("--changelog", type=Path, help="default: the tree's CHANGELOG.md")
    args = parser.parse_args(argv)
    try:
        status, text = run(args.root, args.ref or None, args.old, args.new, args.changelog)
    except SpecDiffError as error:
        print(f"spec-diff: {error}", file=sys.stderr)
        return 2
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
