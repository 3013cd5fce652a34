"""`make scaffold OP=operationId`: the stubs a new operation of the spec needs, in the places the
project keeps them, so adding one is one command and filling in.

- the wrapper method, at the end of the resource class of the operation's tag in `_async/`
  (the client attribute whose module is named after the tag), raising `NotImplementedError`;
  its blocking twin is regenerated (`wrapper/unasync.py`);
- the sandbox handler, registered with `@HANDLERS.operation("...")` at the end of
  `resources/<tag>/handlers.py`, answering 501 `UNIMPLEMENTED`;
- the tables of `contract_tests/` that list every operationId: an entry is written where the
  table holds `(method, path)` pairs, and named as a to-do where its value needs a person;
- a failing test, `contract_tests/wrapper/test_<operation>.py`, which calls the new method
  against the sandbox and fails until both stubs and its assertions are written.

Run it after the spec has the operation and `make generate` has run. Nothing is overwritten:
a method, handler or test that exists already is left alone and said so.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import spec_report
from .api_map import ASYNC, ROOT, Operation, WrapperMap, load_spec, operations, snake

SANDBOX_RESOURCES = Path("sandbox/sinch_qualified_numbers_sandbox/resources")
TESTS = Path("contract_tests")
UNASYNC = Path("wrapper/unasync.py")


class ScaffoldError(Exception):
    """The operation cannot be scaffolded (exit status 2)."""


@dataclass(frozen=True)
class Plan:
    operation: Operation
    summary: str
    path_params: list[str]  # the spec's names, projectId left out (the context has it)
    resource: str  # client attribute, e.g. hosting_orders
    method: str


def plan(root: Path, operation_id: str, method: str | None = None) -> Plan:
    spec = load_spec(root)
    ops = operations(spec)
    if operation_id not in ops:
        known = ", ".join(sorted(ops))
        raise ScaffoldError(f"{operation_id!r} is not an operationId of the spec (known: {known})")
    op = ops[operation_id]
    item: dict[str, Any] = spec["paths"][op.path]  # type: ignore[index]
    raw = item[op.method.lower()]
    params = [*item.get("parameters", []), *raw.get("parameters", [])]
    components = spec.get("components", {})
    names: list[str] = []
    for param in params:
        if "$ref" in param:
            param = components["parameters"][param["$ref"].rsplit("/", 1)[-1]]  # type: ignore[index]
        if param.get("in") == "path" and param["name"] != "projectId":
            names.append(param["name"])
    resource = snake(op.tag)
    wrapper = WrapperMap(root, list(ops))
    if resource not in wrapper.resources:
        raise ScaffoldError(
            f"tag {op.tag!r} has no resource on the client (expected `{resource}` in "
            f"{ASYNC / '_client.py'}): add the resource class first"
        )
    return Plan(
        op,
        str(raw.get("summary") or op.operation_id),
        names,
        resource,
        method or snake(op.operation_id),
    )


def _append_to_class(path: Path, class_name: str, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            lines = source.splitlines(keepends=True)
            end = node.end_lineno or len(lines)
            lines.insert(end, text)
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise ScaffoldError(f"{path} has no class {class_name}")


def wrapper_method(root: Path, p: Plan) -> str:
    wrapper = WrapperMap(root)
    module, class_name = wrapper.resources[p.resource]
    path = root / ASYNC / f"{module}.py"
    cls = wrapper._class(module, class_name)
    assert cls is not None
    if any(
        isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == p.method
        for n in cls[1].body
    ):
        return f"exists: {path.relative_to(root)}: {class_name}.{p.method}"
    args = "".join(f", {snake(name)}: str" for name in p.path_params)
    call_args = "".join(f", {snake(name)}" for name in p.path_params)
    op_module = snake(p.operation.operation_id)
    text = f'''
    @extras.accepted
    async def {p.method}(
        self{args},
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> object:
        """{p.summary} (`{p.operation.operation_id}`).

        Scaffolded by `make scaffold`: not written yet.
        """
        # Write it as the other methods are: check the arguments through the rules modules,
        # then something like
        #   context = self._context
        #   return await context.read(lambda: {op_module}.asyncio_detailed(
        #       context.project_id{call_args}, client=context.api), <Model>)
        raise NotImplementedError("client.{p.resource}.{p.method} ({p.operation.operation_id})")
'''
    _append_to_class(path, class_name, text)
    return f"wrote: {path.relative_to(root)}: {class_name}.{p.method}"


def sandbox_handler(root: Path, p: Plan) -> str:
    path = root / SANDBOX_RESOURCES / snake(p.operation.tag) / "handlers.py"
    if not path.exists():
        raise ScaffoldError(
            f"{path.relative_to(root)} does not exist: add the tag's resource folder"
        )
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "operation"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value == p.operation.operation_id
        ):
            return f"exists: {path.relative_to(root)}: a handler of {p.operation.operation_id}"
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    if "unimplemented" not in imported:
        last = max(
            n.end_lineno or 0
            for n in tree.body
            if isinstance(n, ast.ImportFrom) and n.module != "__future__"
        )
        lines = source.splitlines(keepends=True)
        lines.insert(last, "from ...http.errors import unimplemented\n")
        source = "".join(lines)
    function = snake(p.operation.operation_id)
    source = (
        source.rstrip("\n")
        + f'''


@HANDLERS.operation("{p.operation.operation_id}")
async def {function}(sb: Sandbox, request: Request) -> Response:
    """{p.summary}. Scaffolded by `make scaffold`: answers 501 until written."""
    sb.auth.project(request)
    raise unimplemented("{p.operation.operation_id}")
'''
    )
    path.write_text(source, encoding="utf-8")
    return f"wrote: {path.relative_to(root)}: {function}"


def operation_tables(root: Path, known: list[str]) -> list[tuple[Path, str, ast.Dict]]:
    """Module-level dicts of `contract_tests/` keyed by (nearly) every operationId."""
    found = []
    for path in sorted((root / TESTS).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if not isinstance(target, ast.Name) or not isinstance(value, ast.Dict):
                continue
            keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
            if len(keys & set(known)) >= max(2, len(known) * 3 // 4):
                found.append((path, target.id, value))
    return found


def registries(root: Path, p: Plan) -> list[str]:
    said: list[str] = []
    known = list(operations(load_spec(root)))
    for path, name, table in operation_tables(root, known):
        rel = path.relative_to(root)
        keys = [k.value for k in table.keys if isinstance(k, ast.Constant)]
        if p.operation.operation_id in keys:
            said.append(f"exists: {rel}: {name}[{p.operation.operation_id!r}]")
            continue
        values = [v for v in table.values if isinstance(v, ast.Tuple)]
        pairs = len(values) == len(table.values) and all(
            len(v.elts) == 2 and all(isinstance(e, ast.Constant) for e in v.elts) for v in values
        )
        if not pairs:
            said.append(
                f"to do: {rel}: add {p.operation.operation_id!r} to {name} (line {table.lineno})"
            )
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        end = (table.end_lineno or 1) - 1  # the line of the closing brace
        entry = (
            f'    "{p.operation.operation_id}": (\n'
            f'        "{p.operation.method.lower()}",\n'
            f'        "{p.operation.path}",\n'
            "    ),\n"
        )
        lines.insert(end, entry)
        path.write_text("".join(lines), encoding="utf-8")
        said.append(f"wrote: {rel}: {name}[{p.operation.operation_id!r}]")
    return said


def failing_test(root: Path, p: Plan) -> str:
    path = root / TESTS / "wrapper" / f"test_{snake(p.operation.operation_id)}.py"
    if path.exists():
        return f"exists: {path.relative_to(root)}"
    args = ", ".join(f'"{name}-1"' for name in p.path_params)
    path.write_text(
        f'''"""`client.{p.resource}.{p.method}` ({p.operation.operation_id}) against the sandbox.

Scaffolded by `make scaffold`: it fails until the wrapper method, the sandbox handler and the
assertions below are written.
"""

from __future__ import annotations

import pytest

from sinch_qualified_numbers import QualifiedNumbersClient


def test_{p.method}_answers_what_the_service_answers(client: QualifiedNumbersClient) -> None:
    answer = client.{p.resource}.{p.method}({args})
    pytest.fail(f"scaffolded: assert what {p.operation.operation_id} answers (got {{answer!r}})")
''',
        encoding="utf-8",
    )
    return f"wrote: {path.relative_to(root)}"


def _format(root: Path, said: list[str]) -> None:
    """The project's ruff formats what was written (line lengths of the long names)."""
    ruff = Path(sys.executable).with_name("ruff")
    written = [root / line.split(": ")[1] for line in said if line.startswith("wrote: ")]
    if ruff.exists() and written and (root / "pyproject.toml").exists():
        subprocess.run(
            [
                str(ruff),
                "format",
                "--quiet",
                "--config",
                str(root / "pyproject.toml"),
                *map(str, written),
            ],
            check=False,
        )


def scaffold(root: Path, operation_id: str, method: str | None = None) -> list[str]:
    p = plan(root, operation_id, method)
    said = [
        wrapper_method(root, p),
        sandbox_handler(root, p),
        *registries(root, p),
        failing_test(root, p),
    ]
    _format(root, said)
    if (root / UNASYNC).exists():
        done = subprocess.run(
            [sys.executable, str(root / UNASYNC)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise ScaffoldError(f"{UNASYNC} failed: {done.stderr.strip()}")
        said.append("regenerated: the blocking twin of _async/ (wrapper/unasync.py)")
    said += _report(root, p.operation.operation_id)
    said += [
        f"to do: docs/guide/ (the {p.resource.replace('_', '-')} page): document "
        f"`{p.resource}.{p.method}` with an example",
        "to do: a sinch-qn command, if users need one: COMMANDS in "
        "wrapper/sinch_qualified_numbers/cli/__init__.py and its module in cli/commands/",
        "to do: CHANGELOG.md, ## [Unreleased] ### Added",
    ]
    return said


def _report(root: Path, operation_id: str) -> list[str]:
    """What `make spec-report` says about this operation: what is left to fill in."""
    report = spec_report.build(root)
    said = []
    for what, found in (
        ("a request field the wrapper never sets", report.unset_request_fields),
        ("a response field the sandbox never renders", report.unrendered_response_fields),
        ("an enum value the sandbox never reaches", report.unreached_enum_values),
    ):
        said += [
            f"to do: {what}: {name}" for name, ops in sorted(found.items()) if operation_id in ops
        ]
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scaffold", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "operation_id", nargs="?", help="the spec's operationId (make scaffold OP=...)"
    )
    parser.add_argument(
        "--method", help="the wrapper method's name (default: the operationId in snake_case)"
    )
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    if not args.operation_id:
        print("scaffold: say which operation: make scaffold OP=operationId", file=sys.stderr)
        return 2
    try:
        for line in scaffold(args.root, args.operation_id, args.method):
            print(line)
    except ScaffoldError as error:
        print(f"scaffold: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
