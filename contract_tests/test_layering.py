"""Imports only point downward: no cycle between the modules of the wrapper or the sandbox,
and every module imports on its own in a fresh interpreter.

Type-only imports (`if TYPE_CHECKING:`) are left out: they never run, and they are how a
result type names the error that carries it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

PACKAGES = {
    "sinch_qualified_numbers": ROOT / "wrapper" / "sinch_qualified_numbers",
    "sinch_qualified_numbers_sandbox": ROOT / "sandbox" / "sinch_qualified_numbers_sandbox",
}


def _modules(package: str) -> dict[str, Path]:
    root = PACKAGES[package]
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([package, *parts])] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the same package that `module` imports when it runs (any depth of code)."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(
                    base[: len(base) - node.level + 1] + ([node.module] if node.module else [])
                )
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in known and m != module}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_no_import_cycle(package: str) -> None:
    modules = _modules(package)
    known = set(modules)
    graph = {m: _imports(m, p, known) for m, p in modules.items()}
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_module_imports_alone(package: str) -> None:
    def run(module: str) -> tuple[str, str]:
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
        )
        return module, result.stderr if result.returncode else ""

    modules = [m for m in _modules(package) if not m.endswith("__main__")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [f"{m}: {e.strip().splitlines()[-1]}" for m, e in pool.map(run, modules) if e]
    assert not failures, failures


ASYNC_SOURCE = PACKAGES["sinch_qualified_numbers"] / "_async"


def _classes_shared_by_both_twins(source: str) -> list[str]:
    """Classes a module of `_async/` defines that unasync would clone under the same name: a
    data type (a dataclass, an exception, a result) defined there exists twice, once per
    client, and `isinstance` against the public one fails for the blocking client's. Only the
    I/O classes live there, each named `Async<Name>` so that its twin is `<Name>`."""
    shared = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        decorators = {ast.unparse(d).split("(")[0].split(".")[-1] for d in node.decorator_list}
        if "dataclass" in decorators or not node.name.lstrip("_").startswith("Async"):
            shared.append(node.name)
    return shared


def test_no_data_type_is_defined_in_the_async_source() -> None:
    found = {
        path.name: names
        for path in sorted(ASYNC_SOURCE.glob("*.py"))
        if (names := _classes_shared_by_both_twins(path.read_text(encoding="utf-8")))
    }
    assert not found, f"define these outside _async/ (shared by both clients): {found}"


def test_the_shared_type_finder_finds_a_data_type() -> None:
    source = (
        "@dataclass(frozen=True)\nclass AsyncOutcome: ...\nclass Outcome: ...\nclass AsyncX: ..."
    )
    assert _classes_shared_by_both_twins(source) == ["AsyncOutcome", "Outcome"]


WRAPPER = "sinch_qualified_numbers"
#: Above the two clients (besides the package's public names): the plugin, the CLI.
ABOVE_THE_CLIENTS = (f"{WRAPPER}.pytest_plugin", f"{WRAPPER}.cli")


def _runtime_imports() -> dict[str, set[str]]:
    modules = _modules(WRAPPER)
    known = set(modules)
    return {m: _imports(m, p, known) for m, p in modules.items()}


def test_the_rules_sit_below_the_two_clients() -> None:
    # The I/O (the workflows, the transport, the pager) is written once in _async/ and
    # generated into _sync/; the rules they share are plain functions below both.
    clients = (f"{WRAPPER}._async", f"{WRAPPER}._sync")
    upward = {
        module: sorted(i for i in imported if i.startswith(clients))
        for module, imported in _runtime_imports().items()
        if module != WRAPPER and not module.startswith((*clients, *ABOVE_THE_CLIENTS))
    }
    assert not {m: i for m, i in upward.items() if i}


#: Generators answered by a third party's driver, as its protocol asks: httpx's `Auth.auth_flow`
#: (sent the response) and pytest's hook wrappers (sent the hooks' outcome).
_FOREIGN_PROTOCOLS = ("auth_flow", "sync_auth_flow", "pytest_")


def _answered_yields(source: str) -> list[str]:
    """Functions with a `yield` whose value is used (`answer = yield step`): generators that
    get answers sent back, the step procedures' pattern (a context manager's bare `yield` is
    not), besides the third-party protocols that ask for one."""
    tree = ast.parse(source)
    bare = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    return [
        f.name
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef)
        and not f.name.startswith(_FOREIGN_PROTOCOLS)
        and any(isinstance(n, ast.Yield | ast.YieldFrom) and id(n) not in bare for n in ast.walk(f))
    ]


def test_the_step_finder_finds_an_answered_yield() -> None:
    assert _answered_yields("def f():\n    answer = yield 1\n    yield answer\n") == ["f"]
    assert _answered_yields("def g():\n    x = (yield from h())\n") == ["g"]
    assert _answered_yields("def f():\n    yield\n") == []
    assert _answered_yields("def auth_flow(r):\n    response = yield r\n") == []


def test_no_workflow_is_a_step_procedure() -> None:
    # Every workflow is plain async code in _async/ (its blocking twin generated); the step
    # procedures (generators answered by a driver) and their driver are gone for good.
    modules = _modules(WRAPPER)
    gone = sorted(m for m in modules if m.rsplit(".", 1)[-1] in ("_steps", "_drive"))
    assert not gone, gone
    procedures = {m: _answered_yields(p.read_text()) for m, p in modules.items()}
    assert not {m: names for m, names in procedures.items() if names}


SANDBOX = "sinch_qualified_numbers_sandbox"
#: The sandbox's HTTP side: what serves the backend, and what is learnt from requests.
HTTP_SIDE = {
    f"{SANDBOX}.{name}"
    for name in ("app", "service", "auth", "faults", "server", "admin", "console", "in_process")
}


def _direct_imports(module: str, path: Path) -> set[str]:
    """Every module `module` imports when it runs, of any package (dotted names, as written
    or resolved from a relative import)."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([target] if target else []))
            found.update(f"{target}.{alias.name}" for alias in node.names)
            found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _under(name: str, roots: set[str]) -> bool:
    return any(name == root or name.startswith(f"{root}.") for root in roots)


def test_the_backend_and_the_resources_state_know_nothing_of_http() -> None:
    """moto's direction: the app takes the backend (`service.Sandbox`), never the reverse; a
    resource's state holds its rules without a request in sight."""
    modules = _modules(SANDBOX)
    backend = {
        m: p
        for m, p in modules.items()
        if m == f"{SANDBOX}.backend"
        or (m.startswith(f"{SANDBOX}.resources.") and m.endswith(".state"))
    }
    assert len(backend) == 5, sorted(backend)
    wrong = {
        m: sorted(i for i in _direct_imports(m, p) if _under(i, {*HTTP_SIDE, "starlette"}))
        for m, p in backend.items()
    }
    assert not {m: i for m, i in wrong.items() if i}


def test_the_http_side_finder_sees_an_import_of_the_app() -> None:
    path = PACKAGES[SANDBOX] / "app.py"
    assert f"{SANDBOX}.http.errors" in _direct_imports(f"{SANDBOX}.app", path)
    assert _under(f"{SANDBOX}.app", HTTP_SIDE) and _under(f"{SANDBOX}.admin.client", HTTP_SIDE)


#: Private client modules the sandbox still reads, each with why (an entry no longer used
#: fails the test below, so this list only shrinks): none.
PRIVATE_CLIENT_MODULES_READ: set[str] = set()


def test_the_sandbox_imports_only_the_clients_public_api() -> None:
    """The sandbox is the client's first user: it takes what it needs from the client's public
    names (`sinch_qualified_numbers`, `sinch_qualified_numbers.callbacks`), never a private
    module, so the client may change its insides without breaking the sandbox."""
    private: dict[str, set[str]] = {}
    for module, path in _modules(SANDBOX).items():
        for name in _direct_imports(module, path):
            parts = name.split(".")
            if parts[0] == "sinch_qualified_numbers" and any(p.startswith("_") for p in parts):
                private.setdefault(".".join(parts[:2]), set()).add(module)
    assert set(private) == PRIVATE_CLIENT_MODULES_READ, private


def test_the_http_helpers_know_no_resource() -> None:
    """Each resource writes its own documents (`resources/<tag>/render.py`): `http/` holds what
    every answer shares (proto3, errors, paging, input checks) and imports no resource."""
    modules = _modules(SANDBOX)
    http = {m: p for m, p in modules.items() if m.startswith(f"{SANDBOX}.http.")}
    assert f"{SANDBOX}.http.render" in http
    wrong = {
        m: sorted(i for i in _direct_imports(m, p) if _under(i, {f"{SANDBOX}.resources"}))
        for m, p in http.items()
    }
    assert not {m: i for m, i in wrong.items() if i}
    renders = {
        m for m in modules if m.startswith(f"{SANDBOX}.resources.") and m.endswith(".render")
    }
    assert len(renders) == 3, sorted(renders)


#: Handlers only parse and serialise: the service's refusals of a well-formed request
#: (duplicates, region, toll-free, VERIFIED and the other preconditions) are raised by the
#: resource's state, in the transaction that writes what they allow, and which state a
#: number moves to is the state's to ask of `process`.
PROCESS = f"{SANDBOX}.process"


def _rules_in(module: str, source: str) -> list[str]:
    """What in a handler module is a rule rather than parsing or rendering: an `ApiError`
    built there (a handler raises only through the parse helpers, `bad_request`, `existing`
    and `not_found`), a transaction opened there (a check and the write it allows belong
    together in the state), or a call of a function of `process` (its constants, the enums a
    filter is parsed against, may be read)."""
    tree = ast.parse(source)
    process_aliases: set[str] = set()  # names bound to the module `process`
    process_functions: set[str] = set()  # functions imported from it by name
    base = module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([target] if target else []))
            for alias in node.names:
                if f"{target}.{alias.name}" == PROCESS:
                    process_aliases.add(alias.asname or alias.name)
                elif target == PROCESS and not alias.name.isupper():
                    process_functions.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            process_aliases.update(a.asname or a.name for a in node.names if a.name == PROCESS)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "ApiError":
            found.append(f"line {node.lineno}: builds an ApiError")
        elif name == "transaction":
            found.append(f"line {node.lineno}: opens a transaction")
        elif (isinstance(func, ast.Name) and func.id in process_functions) or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in process_aliases
        ):
            found.append(f"line {node.lineno}: asks process for {name}")
    return found


def test_the_resources_handlers_only_parse_and_serialise() -> None:
    handlers = {
        m: p
        for m, p in _modules(SANDBOX).items()
        if m.startswith(f"{SANDBOX}.resources.") and m.endswith(".handlers")
    }
    assert len(handlers) == 4, sorted(handlers)
    rules = {m: _rules_in(m, p.read_text(encoding="utf-8")) for m, p in handlers.items()}
    assert not {m: r for m, r in rules.items() if r}


def test_the_rule_finder_finds_a_refusal_and_a_transition() -> None:
    module = f"{SANDBOX}.resources.x.handlers"
    source = (
        "from ... import process as pr\n"
        "from ...process import after_code, VERIFIED\n"
        "from ...http.errors import ApiError, bad_request\n"
        "raise ApiError(409, 'taken')\n"
        "pr.next_state('x', VERIFIED)\n"
        "after_code(VERIFIED, True, 0)\n"
        "raise bad_request('numbers', 'not a number')\n"
        "states = pr.STATES\n"
        "with sb.db.transaction():\n"
        "    sb.qualified_numbers.delete(project, phone)\n"
    )
    assert _rules_in(module, source) == [
        "line 4: builds an ApiError",
        "line 5: asks process for next_state",
        "line 6: asks process for after_code",
        "line 9: opens a transaction",
    ]


# -- one call through four modules ------------------------------------------------------------
#
# A newcomer follows one call of a resource through four modules: the resource
# (`_async/<resource>.py`), the resource context (`_async/_resource_context.py`: what a
# resource needs of its client, and how an answer becomes a model or a typed error), the
# generated operation (`sinch_qualified_numbers_api.api.<tag>.<operation>`) and the retrying
# transport (`_async/_transport.py`); the blocking client's are the `_sync` twins. The rule
# modules they consult (`_transport.py`, `_retry.py`, `_answers.py`, ...) are plain functions
# named where they are called, never on the way. The test below records the stack of each
# single-object call at two moments, when its request reaches httpx's network transport and
# when its answer's model is built, and fails on any other module of the two packages there.

API_PACKAGE = "sinch_qualified_numbers_api"
PATH_PACKAGES = (WRAPPER, API_PACKAGE)
MODELS = f"{API_PACKAGE}.models"


#: The frame `@extras.accepted` puts around a method (the extras of its call set for its
#: work): written on the line above the method's own definition, it is the method's entry,
#: not a module the call goes through. Any other frame of `_extras` counts.
ACCEPTED = (f"{WRAPPER}._extras", "accepted.<locals>.")


def _our_modules(frame: Any) -> set[str]:
    """The modules of `PATH_PACKAGES` with a frame on the stack from `frame` outwards."""
    found = set()
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        entry = name == ACCEPTED[0] and frame.f_code.co_qualname.startswith(ACCEPTED[1])
        if name.split(".")[0] in PATH_PACKAGES and not entry:
            found.add(name)
        frame = frame.f_back
    return found


class _PathRecorder:
    """Records, for the call named by `calling`, the modules on the stack when a request
    reaches httpx's network transport (`network`) and when an answer's model is built by a
    generated operation (`model`; a model built by another model is a part of the answer)."""

    def __init__(self) -> None:
        self.calling: str | None = None
        self.network: dict[str, list[set[str]]] = {}
        self.model: dict[str, list[set[str]]] = {}

    def at_network(self) -> None:
        if self.calling is not None:
            self.network.setdefault(self.calling, []).append(_our_modules(sys._getframe(2)))

    def at_model(self) -> None:
        caller = sys._getframe(2)
        if self.calling is not None and not caller.f_globals["__name__"].startswith(MODELS):
            modules = {m for m in _our_modules(caller) if not m.startswith(MODELS)}
            self.model.setdefault(self.calling, []).append(modules)

    def install(self, patch: pytest.MonkeyPatch) -> None:
        import httpx

        import sinch_qualified_numbers_api.models as models

        recorder = self
        # Whatever serves the request under them (the in-process sandbox's router) still does.
        serve_sync = httpx.HTTPTransport.handle_request
        serve_async = httpx.AsyncHTTPTransport.handle_async_request

        def handle_request(transport: Any, request: Any) -> Any:
            recorder.at_network()
            return serve_sync(transport, request)

        async def handle_async_request(transport: Any, request: Any) -> Any:
            recorder.at_network()
            return await serve_async(transport, request)

        patch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
        patch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request)
        for name in models.__all__:
            model = getattr(models, name)
            if not hasattr(model, "from_dict"):
                continue
            built = model.from_dict.__func__

            def from_dict(cls: Any, src: Any, built: Any = built) -> Any:
                recorder.at_model()
                return built(cls, src)

            patch.setattr(model, "from_dict", classmethod(from_dict))


def _first(pager: Any) -> Any:
    """The first item of a listing's first page (blocking, or awaitable for the async pager)."""
    if hasattr(pager, "__aiter__"):

        async def first() -> Any:
            async for item in pager:
                return item
            return None

        return first()
    return next(iter(pager), None)


#: Each single-object call: (resource module, the call, the generated operations it makes).
#: `ids` holds what the setup made (`order`) and what an earlier call answered (`code`).
SINGLE_OBJECT_CALLS: list[tuple[str, str, Any, set[str]]] = [
    ("qualified_numbers", "get", lambda c, ids: c.qualified_numbers.get(ids["get"]),
     {"qualified_numbers.get_qualified_number"}),
    ("qualified_numbers", "list", lambda c, ids: _first(c.qualified_numbers.list(page_size=1)),
     {"qualified_numbers.list_qualified_numbers"}),
    ("qualified_numbers", "delete", lambda c, ids: c.qualified_numbers.delete(ids["delete"]),
     {"qualified_numbers.delete_qualified_number"}),
    ("qualified_numbers", "send_voice_challenge",
     lambda c, ids: c.qualified_numbers.send_voice_challenge(ids["call"]),
     {"qualified_numbers.send_voice_challenge"}),
    ("qualified_numbers", "verify_voice_challenge",
     lambda c, ids: c.qualified_numbers.verify_voice_challenge(ids["call"], ids["code"]),
     {"qualified_numbers.verify_voice_challenge"}),
    ("imported_numbers", "create",
     lambda c, ids: c.imported_numbers.create(ids["import"], service_plan_id="p1"),
     {"imported_numbers.create_imported_number"}),
    ("imported_numbers", "get", lambda c, ids: c.imported_numbers.get(ids["import"]),
     {"imported_numbers.get_imported_number"}),
    ("imported_numbers", "list",
     lambda c, ids: _first(c.imported_numbers.list(service_plan_id="p1", campaign_id="")),
     {"imported_numbers.list_imported_numbers"}),
    ("imported_numbers", "update",
     lambda c, ids: c.imported_numbers.update(ids["import"], display_name="desk"),
     {"imported_numbers.update_imported_number"}),
    ("imported_numbers", "move",
     lambda c, ids: c.imported_numbers.move(ids["import"], service_plan_id="p2"),
     {"imported_numbers.get_imported_number", "imported_numbers.update_imported_number"}),
    ("imported_numbers", "unlink", lambda c, ids: c.imported_numbers.unlink(ids["import"]),
     {"imported_numbers.update_imported_number"}),
    ("imported_numbers", "delete", lambda c, ids: c.imported_numbers.delete(ids["import"]),
     {"imported_numbers.delete_imported_number"}),
    ("hosting_orders", "get", lambda c, ids: c.hosting_orders.get(ids["order"]),
     {"hosting_orders.get_hosting_order"}),
    ("hosting_orders", "report", lambda c, ids: c.hosting_orders.report(ids["order"]),
     {"hosting_orders.get_hosting_order_report"}),
    ("hosting_orders", "numbers", lambda c, ids: _first(c.hosting_orders.numbers(ids["order"])),
     {"hosting_orders.list_hosting_order_numbers"}),
    ("hosting_orders", "number",
     lambda c, ids: c.hosting_orders.number(ids["order"], ids["enabled"]),
     {"hosting_orders.get_hosting_order_number"}),
    ("hosting_orders", "list",
     lambda c, ids: _first(
         c.hosting_orders.list(
             states="COMPLETED", type="TYPE_TEXT_ENABLE", service_plan_id="p1", campaign_id=""
         )
     ),
     {"hosting_orders.list_hosting_orders"}),
    ("callback_configuration", "get", lambda c, ids: c.callback_configuration.get(),
     {"callback_configuration.get_callback_configuration"}),
    ("callback_configuration", "update",
     lambda c, ids: c.callback_configuration.update(hmac_secret="a-secret-long-enough-to-set"),
     {"callback_configuration.update_callback_configuration"}),
]  # fmt: skip

#: What a listing's first page passes through besides the four: the pager the caller iterates
#: (it asks the resource's `fetch` for each page).
LISTINGS = {"list", "numbers"}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_call_goes_through_four_modules(sandbox: Any, mode: str) -> None:
    from contract_tests.conftest import client_kwargs
    from contract_tests.wrapper import both
    from sinch_qualified_numbers import BlanketLoa

    twin = f"{WRAPPER}._{mode}"
    ids = {
        "get": "+12025550101",
        "delete": "+12025550102",
        "call": "+12025550103",
        "enabled": "+12025550104",
        "import": "+12025550105",
    }
    sandbox.seed([ids["get"], ids["delete"], ids["enabled"]], "VERIFIED")
    sandbox.seed([ids["call"]], "ELIGIBLE")
    recorder = _PathRecorder()

    def use(client: Any) -> Any:
        async def run_async() -> None:
            result = await client.qualified_numbers.text_enable(
                [ids["enabled"]], service_plan_id="p1", loa=BlanketLoa()
            )
            ids["order"] = result.orders[0].hosting_order_id
            for _, name, call, _ops in SINGLE_OBJECT_CALLS:
                if name == "verify_voice_challenge":
                    ids["code"] = sandbox.voice_code(ids["call"])
                recorder.calling = f"{_}.{name}"
                try:
                    await call(client, ids)
                finally:
                    recorder.calling = None

        if mode == "async":
            return run_async()
        result = client.qualified_numbers.text_enable(
            [ids["enabled"]], service_plan_id="p1", loa=BlanketLoa()
        )
        ids["order"] = result.orders[0].hosting_order_id
        for resource, name, call, _ops in SINGLE_OBJECT_CALLS:
            if name == "verify_voice_challenge":
                ids["code"] = sandbox.voice_code(ids["call"])
            recorder.calling = f"{resource}.{name}"
            try:
                call(client, ids)
            finally:
                recorder.calling = None
        return None

    with pytest.MonkeyPatch.context() as patch:
        recorder.install(patch)
        both.run(mode, client_kwargs(sandbox), use)

    wrong = {}
    for resource, name, _call, operations in SINGLE_OBJECT_CALLS:
        label = f"{resource}.{name}"
        four = {
            f"{twin}.{resource}",
            f"{twin}._resource_context",
            f"{twin}._transport",
            *(f"{API_PACKAGE}.api.{operation}" for operation in operations),
        }
        if name in LISTINGS:
            four.add(f"{twin}._pagination")
        network = recorder.network.get(label, [])
        models = recorder.model.get(label, [])
        # Each call reached the network, and each but a delete had its answer's model built.
        assert network, f"{label} made no request"
        assert models or name == "delete", f"{label} built no model"
        seen = set().union(*network, *models)
        if seen != four:
            wrong[label] = {"beyond the four": sorted(seen - four), "missing": sorted(four - seen)}
    assert not wrong, "\n".join(f"{label}: {found}" for label, found in wrong.items())


#: The methods that go further on purpose, through their workflow modules (`_order_engine`,
#: `_reads`, `_add_call`, `_waiting`): many numbers or orders, rounds, reconciliation.
BULK_METHODS = {
    "qualified_numbers": {
        "add",
        "send_voice_challenges",
        "verify_voice_challenges",
        "wait_for",
        "read_states",
        "text_enable",
        "not_verified_states",
    },
    "imported_numbers": {"read_imported", "move_many"},
    "hosting_orders": {"import_numbers", "wait_for", "text_enable", "not_verified_states"},
    "callback_configuration": set(),
}


def test_every_public_method_is_followed_or_named_bulk() -> None:
    """A new public method is either one of the calls followed above or named as a bulk one:
    none escapes the four-module rule by being left out of the table."""
    import inspect

    from sinch_qualified_numbers import QualifiedNumbersClient

    client = QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s", auth="basic")
    followed = {(resource, name) for resource, name, _call, _ops in SINGLE_OBJECT_CALLS}
    bulk = {(resource, name) for resource, names in BULK_METHODS.items() for name in names}
    public = {
        (resource, name)
        for resource in BULK_METHODS
        for name, _ in inspect.getmembers(getattr(client, resource), inspect.ismethod)
        if not name.startswith("_")
    }
    assert not followed & bulk
    assert public == followed | bulk, {
        "neither followed nor bulk": sorted(public - followed - bulk),
        "no such method": sorted((followed | bulk) - public),
    }
