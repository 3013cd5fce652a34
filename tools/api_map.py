"""Which wrapper methods and `sinch-qn` commands reach each operationId, read from the source.

Derived, not listed: the resources' modules in `_async/` are parsed (never imported) and a
method reaches an operation when it names the operation's generated module
(`sinch_qualified_numbers_api.api.<tag>.<module>`) or reaches, through `self.<name>`, a
function of its own module, or a function or class of another `_async/` module, something
that does. `self.<name>` is looked up in the resource's own class first, then its bases, so
the one `text_enable` of `AsyncTextEnabling` reaches each resource's own routes. A CLI command
reaches the wrapper methods it calls as `<client>.<resource>.<method>` (directly, or through a
local alias such as `qn = client.qualified_numbers`, or through a function of `cli/`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path("openapi/qualified-numbers.yaml")
ASYNC = Path("wrapper/sinch_qualified_numbers/_async")
CLI = Path("wrapper/sinch_qualified_numbers/cli")
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
#: libyaml's safe loader where PyYAML has it: ten times faster on the 2,000-line spec.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def snake(name: str) -> str:
    """openapi-python-client's module name for an operationId (`getQualifiedNumber` ->
    `get_qualified_number`)."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).replace("-", "_").lower()


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str
    tag: str

    @property
    def key(self) -> str:
        """How api-schema-diff names the operation: `GET /projects/{projectId}/...`."""
        return f"{self.method} {self.path}"


def operations(spec: dict[str, object]) -> dict[str, Operation]:
    """operationId -> Operation, in the spec's order."""
    found: dict[str, Operation] = {}
    paths = spec.get("paths") or {}
    assert isinstance(paths, dict)
    for path, item in paths.items():
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict) and isinstance(op.get("operationId"), str):
                tags = op.get("tags") or ["default"]
                found[op["operationId"]] = Operation(
                    op["operationId"], method.upper(), path, str(tags[0])
                )
    return found


def load_spec(root: Path = ROOT) -> dict[str, object]:
    with (root / SPEC).open(encoding="utf-8") as fh:
        spec: dict[str, object] = yaml.load(fh, Loader=LOADER)
    return spec


# --- the wrapper ---------------------------------------------------------------------------


@dataclass
class _Module:
    name: str
    tree: ast.Module
    functions: dict[str, ast.AST] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    # local name -> (module, name) for `from .m import name` (name None: `from . import m`);
    # relative to the module's own package (level 1); `levels` keeps each one's level
    imported: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    op_modules: dict[str, str] = field(default_factory=dict)  # local name -> generated module


def _parse(path: Path, nested_imports: bool = False) -> _Module:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _Module(path.stem, tree)
    body = [n for node in tree.body for n in (node.body if isinstance(node, ast.If) else [node])]
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module.functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            module.classes[node.name] = node
    # `if TYPE_CHECKING:` imports count: a resource loaded at first use is named there; with
    # `nested_imports` (the resources) so do a method's own: it imports what only it needs (the
    # order engine, a route) when first called.
    imports = ast.walk(tree) if nested_imports else iter(body)
    for found in imports:
        if isinstance(found, ast.ImportFrom):
            node = found
            for alias in node.names:
                local = alias.asname or alias.name
                if (node.module or "").startswith("sinch_qualified_numbers_api.api."):
                    module.op_modules[local] = alias.name
                elif node.level and node.module:  # from ._x import y
                    module.imported[local] = (node.module, alias.name)
                    module.levels[local] = node.level
                elif node.level:  # from . import _x as y
                    module.imported[local] = (alias.name, None)
                    module.levels[local] = node.level
    return module


def _references(node: ast.AST) -> Iterator[tuple[str | None, str]]:
    """(owner, name) for each `name` and `owner.name` in the node (nested functions and lambdas
    included)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield None, child.id
        elif isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name):
            yield child.value.id, child.attr


class WrapperMap:
    """operationId -> the public methods (`qualified_numbers.text_enable`) that reach it."""

    def __init__(self, root: Path = ROOT, operation_ids: list[str] | None = None) -> None:
        self.modules = {
            p.stem: _parse(p, nested_imports=True) for p in sorted((root / ASYNC).glob("*.py"))
        }
        for module in self.modules.values():  # only `from . import` stays inside `_async/`
            for local, level in module.levels.items():
                if level != 1:
                    del module.imported[local]
        ids = operation_ids if operation_ids is not None else list(operations(load_spec(root)))
        self._by_module = {snake(i): i for i in ids}
        self.resources = self._resources()

    def _resources(self) -> dict[str, tuple[str, str]]:
        """The client's attributes (`qualified_numbers`) -> (module, class), from `_client.py`'s
        annotations."""
        found: dict[str, tuple[str, str]] = {}
        client = self.modules.get("_client")
        if client is None:
            return found
        for cls in client.classes.values():
            for node in cls.body:
                # `qualified_numbers: AsyncQualifiedNumbers`, or a property returning one
                # (a resource made at first use).
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    attribute, annotation = node.target.id, node.annotation
                elif isinstance(node, ast.FunctionDef) and node.returns is not None:
                    attribute, annotation = node.name, node.returns
                else:
                    continue
                if isinstance(annotation, ast.Name) and annotation.id in client.imported:
                    module, name = client.imported[annotation.id]
                    if name is not None and module in self.modules:
                        found[attribute] = (module, name)
        return found

    def _class(self, module: str, name: str) -> tuple[str, ast.ClassDef] | None:
        mod = self.modules.get(module)
        if mod is None:
            return None
        if name in mod.classes:
            return module, mod.classes[name]
        if name in mod.imported:
            target, target_name = mod.imported[name]
            if target_name is not None:
                return self._class(target, target_name)
        return None

    def _mro(self, module: str, name: str) -> list[tuple[str, ast.ClassDef]]:
        found = self._class(module, name)
        if found is None:
            return []
        where, cls = found
        chain = [(where, cls)]
        for base in cls.bases:
            if isinstance(base, ast.Name):
                chain += self._mro(where, base.id)
            elif isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
                target = self.modules[where].imported.get(base.value.id)
                if target is not None and target[1] is None:
                    chain += self._mro(target[0], base.attr)
        return chain

    def _member(self, mro: list[tuple[str, ast.ClassDef]], name: str) -> tuple[str, ast.AST] | None:
        for module, cls in mro:
            for node in cls.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                    return module, node
                if isinstance(node, ast.Assign | ast.AnnAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                        return module, node
        return None

    def _reach(
        self, module: str, node: ast.AST, mro: list[tuple[str, ast.ClassDef]], seen: set[int]
    ) -> set[str]:
        if id(node) in seen:
            return set()
        seen.add(id(node))
        mod = self.modules[module]
        found: set[str] = set()
        for owner, name in _references(node):
            if owner is None:
                if name in mod.op_modules:
                    op = self._by_module.get(mod.op_modules[name])
                    if op is not None:
                        found.add(op)
                elif name in mod.functions:
                    found |= self._reach(module, mod.functions[name], [], seen)  # no `self` there
                elif name in mod.imported and mod.imported[name][1] is not None:
                    target, target_name = mod.imported[name]
                    found |= self._named(target, str(target_name), seen)
            elif owner == "self":
                member = self._member(mro, name)
                if member is not None:
                    found |= self._reach(member[0], member[1], mro, seen)
            elif owner in mod.imported and mod.imported[owner][1] is None:
                found |= self._named(mod.imported[owner][0], name, seen)
        return found

    def _named(self, module: str, name: str, seen: set[int]) -> set[str]:
        mod = self.modules.get(module)
        if mod is None:
            return set()
        if name in mod.functions:
            return self._reach(module, mod.functions[name], [], seen)
        if name in mod.classes:  # a class used from outside: everything it does
            mro = self._mro(module, name)
            return self._reach(module, mod.classes[name], mro, seen)
        return set()

    def methods(self) -> dict[str, frozenset[str]]:
        """`resource.method` -> the operationIds it reaches, for every public method."""
        result: dict[str, frozenset[str]] = {}
        for attribute, (module, name) in self.resources.items():
            mro = self._mro(module, name)
            names: list[str] = []
            for _, cls in mro:
                for node in cls.body:
                    if (
                        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                        and not node.name.startswith("_")
                        and node.name not in names
                    ):
                        names.append(node.name)
            for method in names:
                member = self._member(mro, method)
                assert member is not None
                result[f"{attribute}.{method}"] = frozenset(
                    self._reach(member[0], member[1], mro, set())
                )
        return result

    def by_operation(self) -> dict[str, list[str]]:
        """operationId -> the public methods that reach it (sorted)."""
        found: dict[str, list[str]] = {op: [] for op in self._by_module.values()}
        for method, ops in self.methods().items():
            for op in ops:
                found.setdefault(op, []).append(method)
        return {op: sorted(methods) for op, methods in found.items()}


# --- the CLI -------------------------------------------------------------------------------


def _cli_modules(root: Path) -> dict[str, _Module]:
    paths = sorted((root / CLI).glob("*.py")) + sorted((root / CLI / "commands").glob("*.py"))
    modules: dict[str, _Module] = {}
    for path in paths:
        module = _parse(path)
        rel = path.relative_to(root / CLI).with_suffix("")
        module.name = ".".join(rel.parts)
        modules[module.name] = module
    return modules


def _cli_calls(node: ast.AST, resources: set[str]) -> set[str]:
    """`resource.method` for each `<x>.<resource>.<method>` in the node, aliases included."""
    aliases: dict[str, str] = {}
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Assign)
            and isinstance(child.value, ast.Attribute)
            and child.value.attr in resources
        ):
            for target in child.targets:
                if isinstance(target, ast.Name):
                    aliases[target.id] = child.value.attr
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute):
            value = child.value
            if isinstance(value, ast.Attribute) and value.attr in resources:
                found.add(f"{value.attr}.{child.attr}")
            elif isinstance(value, ast.Name) and value.id in aliases:
                found.add(f"{aliases[value.id]}.{child.attr}")
    return found


def _commands(root: Path) -> dict[str, tuple[str, str]]:
    """`COMMANDS` of `cli/__init__.py` read as data: name -> (module, attribute)."""
    tree = ast.parse((root / CLI / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "COMMANDS"
            and node.value is not None
        ):
            table = ast.literal_eval(node.value)
            return {name: (entry[0], entry[1]) for name, entry in table.items()}
    raise LookupError("cli/__init__.py has no COMMANDS table")


class CliMap:
    """operationId -> the `sinch-qn` commands (`sinch-qn imported move`) that reach it."""

    def __init__(self, wrapper: WrapperMap, root: Path = ROOT) -> None:
        self.wrapper = wrapper
        self.modules = _cli_modules(root)
        self.commands = _commands(root)
        self._resources = set(wrapper.resources)

    def _module_of(self, module: _Module, local: str) -> tuple[str, str | None] | None:
        """Where a local imported name comes from, as a key of `self.modules`."""
        if local not in module.imported:
            return None
        target, name = module.imported[local]
        package = module.name.split(".")[:-1]
        up = module.levels[local] - 1
        if up > len(package):
            return None  # outside cli/
        candidate = ".".join([*package[: len(package) - up], *target.split(".")])
        if candidate in self.modules:
            return candidate, name
        if name is not None and f"{candidate}.{name}" in self.modules:
            return f"{candidate}.{name}", None  # from . import module
        return None

    def _reach(self, module: _Module, node: ast.AST, seen: set[int]) -> set[str]:
        if id(node) in seen:
            return set()
        seen.add(id(node))
        found = _cli_calls(node, self._resources)
        for owner, name in _references(node):
            if owner is None and name in module.functions:
                found |= self._reach(module, module.functions[name], seen)
            elif owner is None:
                where = self._module_of(module, name)
                if where is not None and where[1] is not None:
                    target = self.modules[where[0]]
                    if where[1] in target.functions:
                        found |= self._reach(target, target.functions[where[1]], seen)
            else:
                where = self._module_of(module, owner)
                if where is not None and where[1] is None:
                    target = self.modules[where[0]]
                    if name in target.functions:
                        found |= self._reach(target, target.functions[name], seen)
        return found

    def command_methods(self) -> dict[str, frozenset[str]]:
        """`sinch-qn <command> [<subcommand>...]` -> the wrapper methods it calls."""
        result: dict[str, frozenset[str]] = {}
        for name, (module_name, attribute) in sorted(self.commands.items()):
            module = self.modules.get(f"commands.{module_name}")
            if module is None or attribute not in module.functions:
                continue
            self._command(module, attribute, f"sinch-qn {name}", result)
        return result

    def _command(
        self, module: _Module, function: str, path: str, result: dict[str, frozenset[str]]
    ) -> None:
        """The command `function` of `module`, and its subcommands (`@<function>.command()`,
        `@<function>.group()`), named as click names them."""
        result[path] = frozenset(self._reach(module, module.functions[function], set()))
        for node in module.functions.values():
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                func = call.func if call is not None else decorator
                if (
                    isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Name)
                    and func.value.id == function
                    and func.attr in ("command", "group")
                ):
                    sub = node.name.replace("_", "-")
                    if call is not None and call.args and isinstance(call.args[0], ast.Constant):
                        sub = str(call.args[0].value)
                    self._command(module, node.name, f"{path} {sub}", result)

    def by_operation(self) -> dict[str, list[str]]:
        methods = self.wrapper.methods()
        found: dict[str, set[str]] = {}
        for command, called in self.command_methods().items():
            for method in called:
                for op in methods.get(method, ()):
                    found.setdefault(op, set()).add(command)
        return {op: sorted(commands) for op, commands in found.items()}


@dataclass(frozen=True)
class ApiMap:
    """Everything the tools say about one tree: its operations, and who reaches each."""

    operations: dict[str, Operation]
    methods: dict[str, list[str]]  # operationId -> wrapper methods
    commands: dict[str, list[str]]  # operationId -> sinch-qn commands

    @classmethod
    def read(
        cls, root: Path = ROOT, extra_operations: dict[str, Operation] | None = None
    ) -> ApiMap:
        """The tree's map; `extra_operations` (a removed operation) are looked for too."""
        ops = {**(extra_operations or {}), **operations(load_spec(root))}
        wrapper = WrapperMap(root, list(ops))
        return cls(ops, wrapper.by_operation(), CliMap(wrapper, root).by_operation())


if __name__ == "__main__":
    api = ApiMap.read()
    for op in api.operations:
        print(op, api.methods.get(op, []), api.commands.get(op, []))
