"""Imports only point downward: no cycle between the modules of the wrapper or the sandbox,
and every module imports on its own in a fresh interpreter.

Type-only imports (`if TYPE_CHECKING:`) are left out: they never run, and they are how a
result type names the error that carries it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
import threading
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
# A newcomer follows one call of a resource through four path modules, read in this order: the
# resource (`_async/<resource>.py`), the resource context (`_async/_resource_context.py`), the
# generated operation (`sinch_qualified_numbers_api.api.<tag>.<operation>`) and the retrying
# transport (`_async/_transport.py`); the blocking client's are the `_sync` twins. A listing
# is iterated through its pager (`_async/_pagination.py`), which asks the resource's `fetch`
# for each page: a fifth path module, for listings only. Over a real socket the transport's
# own stream layer (`_async/_network.py`, the deadline-bounded streams httpcore reads and
# writes through) runs too: it is the transport's second file, not a stop of its own, and it
# runs only there (in-process, the router answers above it).
#
# Everything else that runs is consulted: a rule or a piece of plumbing, named in
# `CONSULTED` with what it decides. The test below records every module of the two packages
# whose code runs during each call (a profiler's "call" events, the caller's thread and any
# thread started meanwhile), on answers of every kind, and fails naming a module in neither
# list, or a path module that did not run.

API_PACKAGE = "sinch_qualified_numbers_api"
PATH_PACKAGES = (WRAPPER, API_PACKAGE)

#: The rule and plumbing modules a call consults, each with what it decides there. `{twin}`
#: is `_async` or `_sync`, the client's; a name ending in `.` is a package and the modules
#: under it.
CONSULTED: dict[str, str] = {
    WRAPPER: "the package's public names, loaded at first use (its `__getattr__`)",
    "{twin}._client": "`client.<resource>`: the client hands out its resource (made at first use)",
    f"{WRAPPER}._extras": "`@extras.accepted`: the call's extra headers, query and body",
    f"{WRAPPER}._arguments": "the arguments checked, a request body or a listing's query built",
    f"{WRAPPER}._phone": "a phone number checked and normalised to E.164",
    f"{WRAPPER}._challenges": "a voice challenge's code checked",
    f"{WRAPPER}._imported_numbers": "an imported number's update body, a move's arguments",
    f"{WRAPPER}._hosting_orders": "a hosting order's ID checked, its report read",
    f"{WRAPPER}._states": "a state filter sent, a number's state read",
    f"{WRAPPER}._callback_configuration": "the callback configuration's type (secret hidden)",
    f"{WRAPPER}._pagination": "paging rules: the limit, a listing's answer read as a page",
    f"{WRAPPER}._answers": "how an answer becomes a model or a typed error",
    f"{WRAPPER}._base_client": "the client's settings read (its secrets, to redact them)",
    f"{WRAPPER}._lifecycle": "the httpx client's `build_request`: the client still usable here",
    f"{WRAPPER}._auth": "httpx's `Auth` flow: the call's credentials (a token fetched if due)",
    f"{WRAPPER}._raw_response": "httpx's event hooks: the answers `with_raw_response` collects",
    f"{WRAPPER}._transport": "the transport's rules: limits, bounded decoding, retry or give up",
    f"{WRAPPER}._retry": "the retry policy: whether and how long to wait before the next try",
    f"{WRAPPER}._concurrency": "the pause before a retry (`sleep`, `asleep`)",
    f"{WRAPPER}._config": "a host's rules (loopback: plain HTTP allowed, nothing blocked)",
    f"{WRAPPER}._exceptions": "the typed error an error answer becomes",
    f"{WRAPPER}._redact": "secrets masked in the server's text an error quotes",
    f"{WRAPPER}._fork": "a client's first call: its new pool recorded, renewed in a forked child",
    f"{API_PACKAGE}.client": "the generated package's client: its httpx client handed out",
    f"{API_PACKAGE}.types": "the generated package's `Response`, `UNSET` and lazy models",
    f"{API_PACKAGE}.models.": "the generated models: the request body written, the answer read",
}


def _consulted(module: str, twin: str) -> bool:
    for entry in CONSULTED:
        name = entry.format(twin=twin)
        if module == name or (name.endswith(".") and f"{module}.".startswith(name)):
            return True
    return False


def _path_modules(
    twin: str, resource: str, operations: set[str], *, listing: bool, socket: bool
) -> set[str]:  # fmt: skip
    """The modules a newcomer reads for one call, in the order of the comment above."""
    path = {
        f"{twin}.{resource}",
        f"{twin}._resource_context",
        *(f"{API_PACKAGE}.api.{operation}" for operation in operations),
        f"{twin}._transport",
    }
    if listing:
        path.add(f"{twin}._pagination")
    if socket:
        # The transport's stream layer: over a socket its streams must run. In-process it is
        # still the transport's (a client's first call builds the transport with it), never
        # counted beyond the path.
        path.add(f"{twin}._network")
    return path


def _check(ran: set[str], path: set[str], twin: str) -> dict[str, list[str]]:
    """What is wrong with one call's modules: any beyond its path and `CONSULTED`, any path
    module that did not run (empty: nothing)."""
    streams = f"{twin}._network"  # the transport's own, see `_path_modules`
    wrong = {
        "neither path nor consulted": sorted(
            m for m in ran - path - {streams} if not _consulted(m, twin)
        ),
        "path module that did not run": sorted(path - ran),
    }
    return {k: v for k, v in wrong.items() if v}


_SANDBOX_PACKAGE = "sinch_qualified_numbers_sandbox"


class _Ran:
    """Every module of `PATH_PACKAGES` whose code runs (a profiler's "call" event: a function
    entered or a generator or coroutine resumed) while `calling` names a call. Left out, as
    not the call's own route: code run by the sandbox (the in-process sandbox answers in the
    caller's thread; it uses the client's public rules, such as the toll-free check) and an
    import's module body with what it runs (a module loaded at a call's first use)."""

    def __init__(self) -> None:
        self.calling: str | None = None
        self.modules: dict[str, set[str]] = {}

    def _the_calls_own(self, frame: Any) -> bool:
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if name.startswith(_SANDBOX_PACKAGE):
                return False
            if frame.f_code.co_name == "<module>" and name.split(".")[0] in PATH_PACKAGES:
                return False
            frame = frame.f_back
        return True

    def profile(self, frame: Any, event: str, arg: Any) -> None:
        calling = self.calling
        if event != "call" or calling is None:
            return
        name = frame.f_globals.get("__name__", "")
        if name.split(".")[0] in PATH_PACKAGES and self._the_calls_own(frame):
            self.modules.setdefault(calling, set()).add(name)

    def start(self, label: str) -> None:
        self.calling = label
        self.modules[label] = set()
        threading.setprofile(self.profile)
        sys.setprofile(self.profile)

    def stop(self) -> None:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]
        self.calling = None


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

#: The calls whose result is a pager: iterated through `_pagination`, a path module for them.
LISTINGS = {"list", "numbers"}

#: Calls answered with an error, each: (label, the call, its operation, the typed error's
#: status). A get and a write answered 404, writes answered 400 (a get the client lets
#: through is never answered 400 by the sandbox: that one is answered by a transport of the
#: test's, in its own test), and, in its own test too, a get answered 503 on every try
#: (retried, then given up).
ERROR_CALLS: list[tuple[str, str, str, Any, set[str], int]] = [
    ("qualified_numbers", "get", "404", lambda c, ids: c.qualified_numbers.get(ids["missing"]),
     {"qualified_numbers.get_qualified_number"}, 404),
    ("imported_numbers", "update", "404",
     lambda c, ids: c.imported_numbers.update(ids["missing"], display_name="desk"),
     {"imported_numbers.update_imported_number"}, 404),
    ("qualified_numbers", "send_voice_challenge", "400",
     lambda c, ids: c.qualified_numbers.send_voice_challenge(ids["get"]),
     {"qualified_numbers.send_voice_challenge"}, 400),
    ("qualified_numbers", "verify_voice_challenge", "400",
     lambda c, ids: c.qualified_numbers.verify_voice_challenge(ids["get"], "123456"),
     {"qualified_numbers.verify_voice_challenge"}, 400),
]  # fmt: skip

IDS = {
    "get": "+12025550101",
    "delete": "+12025550102",
    "call": "+12025550103",
    "enabled": "+12025550104",
    "import": "+12025550105",
    "missing": "+12025550199",
}


def _follow(
    mode: str,
    options: dict[str, Any],
    ran: _Ran,
    calls: list[tuple[str, Any]],
    before: Any = None,
) -> dict[str, Any]:  # fmt: skip
    """Each `(label, call)` made with a client of `options` (blocking or asyncio), its modules
    recorded by `ran`; `before(client, ids)` runs unrecorded first. Returns each call's result,
    or the exception it raised."""
    from contract_tests.wrapper import both

    results: dict[str, Any] = {}
    ids = dict(IDS)

    def use(client: Any) -> Any:
        async def run_async() -> None:
            if before is not None and inspect.isawaitable(ready := before(client, ids, mode)):
                await ready
            for label, call in calls:
                ran.start(label)
                try:
                    results[label] = await call(client, ids)
                except Exception as error:
                    results[label] = error
                finally:
                    ran.stop()

        if mode == "async":
            return run_async()
        if before is not None:
            before(client, ids, mode)
        for label, call in calls:
            ran.start(label)
            try:
                results[label] = call(client, ids)
            except Exception as error:
                results[label] = error
            finally:
                ran.stop()
        return None

    both.run(mode, options, use)
    return results


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_call_goes_through_four_modules(sandbox: Any, mode: str) -> None:
    from contract_tests.conftest import client_kwargs
    from sinch_qualified_numbers import BlanketLoa

    twin = f"{WRAPPER}._{mode}"
    sandbox.seed([IDS["get"], IDS["delete"], IDS["enabled"]], "VERIFIED")
    sandbox.seed([IDS["call"]], "ELIGIBLE")
    ran = _Ran()

    def text_enable(client: Any, ids: dict[str, str], mode: str) -> Any:
        def keep(result: Any) -> None:
            ids["order"] = result.orders[0].hosting_order_id

        answer = client.qualified_numbers.text_enable(
            [ids["enabled"]], service_plan_id="p1", loa=BlanketLoa()
        )
        if mode == "sync":
            return keep(answer)

        async def later() -> None:
            keep(await answer)

        return later()

    def with_code(call: Any) -> Any:
        def run(client: Any, ids: dict[str, str]) -> Any:
            ids["code"] = sandbox.voice_code(ids["call"])
            return call(client, ids)

        return run

    calls = [
        (f"{resource}.{name}", with_code(call) if name == "verify_voice_challenge" else call)
        for resource, name, call, _ops in SINGLE_OBJECT_CALLS
    ] + [
        (f"{resource}.{name} {status}", call)
        for resource, name, status, call, _o, _s in ERROR_CALLS
    ]
    results = _follow(mode, client_kwargs(sandbox), ran, calls, before=text_enable)

    expected = [
        (f"{resource}.{name}", resource, name, operations, None)
        for resource, name, _call, operations in SINGLE_OBJECT_CALLS
    ] + [
        (f"{resource}.{name} {label}", resource, name, operations, status)
        for resource, name, label, _call, operations, status in ERROR_CALLS
    ]
    wrong = {}
    for label, resource, name, operations, status in expected:
        result = results[label]
        # Each call ended as it should: a result, or the typed error of its answer's status.
        if status is None:
            assert not isinstance(result, Exception), f"{label}: {result!r}"
        else:
            assert getattr(result, "status_code", None) == status, f"{label}: {result!r}"
        path = _path_modules(twin, resource, operations, listing=name in LISTINGS, socket=False)
        if found := _check(ran.modules[label], path, twin):
            wrong[label] = found
    assert not wrong, "\n".join(f"{label}: {found}" for label, found in wrong.items())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_retried_call_goes_through_the_same_modules(sandbox: Any, mode: str) -> None:
    """A get answered 503 on every try: retried (a pause, the retry policy asked), then given
    up as a typed error, through the same path modules."""
    from contract_tests.conftest import client_kwargs

    twin = f"{WRAPPER}._{mode}"
    sandbox.seed([IDS["get"]], "VERIFIED")
    sandbox.faults(rate_503=1.0, operations=["getQualifiedNumber"])
    ran = _Ran()
    options = client_kwargs(sandbox, max_retries=2, retry_backoff=0.001)
    calls = [("get 503", lambda c, ids: c.qualified_numbers.get(ids["get"]))]
    results = _follow(mode, options, ran, calls)

    assert getattr(results["get 503"], "status_code", None) == 503, results
    assert sandbox.sandbox.faults.injected.get("503", 0) >= 3, sandbox.sandbox.faults.injected
    modules = ran.modules["get 503"]
    # The retry was decided and waited for, and neither left the two lists.
    assert {f"{WRAPPER}._retry", f"{WRAPPER}._concurrency"} <= modules, sorted(modules)
    path = _path_modules(
        twin,
        "qualified_numbers",
        {"qualified_numbers.get_qualified_number"},
        listing=False,
        socket=False,
    )
    assert not _check(modules, path, twin), _check(modules, path, twin)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_get_answered_400_goes_through_the_same_modules(mode: str) -> None:
    """A get answered 400, the service's error shape, by a transport the caller gives (the
    client hands it the requests its own transport would send)."""
    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        error = {"code": 400, "message": "Invalid phone number.", "status": "INVALID_ARGUMENT"}
        return httpx.Response(400, json={"error": error})

    twin = f"{WRAPPER}._{mode}"
    options = {
        "project_id": "p",
        "key_id": "k",
        "key_secret": "s",
        "auth": "basic",
        "http_transport": httpx.MockTransport(answer),
    }
    ran = _Ran()
    calls = [("get 400", lambda c, ids: c.qualified_numbers.get(ids["get"]))]
    results = _follow(mode, options, ran, calls)

    assert getattr(results["get 400"], "status_code", None) == 400, results
    modules = ran.modules["get 400"]
    assert f"{WRAPPER}._exceptions" in modules, sorted(modules)
    path = _path_modules(
        twin,
        "qualified_numbers",
        {"qualified_numbers.get_qualified_number"},
        listing=False,
        socket=False,
    )
    assert not _check(modules, path, twin), _check(modules, path, twin)


@pytest.mark.served
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_call_over_a_socket_adds_only_the_transports_streams(sandbox: Any, mode: str) -> None:
    """Over a real loopback port the transport's own stream layer (`_network`) runs too, and
    nothing else does, on a success and on a 404."""
    from contract_tests.conftest import client_kwargs, seed_numbers

    twin = f"{WRAPPER}._{mode}"
    seed_numbers(sandbox.url, [IDS["get"]])
    ran = _Ran()
    calls = [
        ("get", lambda c, ids: c.qualified_numbers.get(ids["get"])),
        ("get 404", lambda c, ids: c.qualified_numbers.get(ids["missing"])),
    ]
    results = _follow(mode, client_kwargs(sandbox), ran, calls)

    assert results["get"].phone_number == IDS["get"], results
    assert getattr(results["get 404"], "status_code", None) == 404, results
    path = _path_modules(
        twin,
        "qualified_numbers",
        {"qualified_numbers.get_qualified_number"},
        listing=False,
        socket=True,
    )
    wrong = {label: found for label in results if (found := _check(ran.modules[label], path, twin))}
    assert not wrong, wrong


def test_the_module_check_fails_on_a_module_beyond_both_lists_and_on_a_missing_one() -> None:
    twin = f"{WRAPPER}._sync"
    path = _path_modules(
        twin,
        "qualified_numbers",
        {"qualified_numbers.get_qualified_number"},
        listing=False,
        socket=False,
    )
    ran = {*path, f"{WRAPPER}._answers", f"{API_PACKAGE}.models.qualified_number"}
    assert _check(ran, path, twin) == {}
    assert _check({*ran, f"{WRAPPER}._order_engine"}, path, twin) == {
        "neither path nor consulted": [f"{WRAPPER}._order_engine"]
    }
    # A twin's module named for the other client's is not consulted.
    assert _check({*ran, f"{WRAPPER}._async._client"}, path, twin) == {
        "neither path nor consulted": [f"{WRAPPER}._async._client"]
    }
    assert _check(ran - {f"{twin}._transport"}, path, twin) == {
        "path module that did not run": [f"{twin}._transport"]
    }
    # Over a socket, the transport's streams must run.
    socket = _path_modules(
        twin,
        "qualified_numbers",
        {"qualified_numbers.get_qualified_number"},
        listing=False,
        socket=True,
    )
    assert _check(ran, socket, twin) == {"path module that did not run": [f"{twin}._network"]}
    assert _check({*ran, f"{twin}._network"}, socket, twin) == {}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_recorder_sees_a_module_a_call_runs_beyond_both_lists(
    sandbox: Any, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resource method made to call into a module in neither list (the order engine's rules)
    is caught by the recorder and the check: the test above would fail naming it."""
    from contract_tests.conftest import client_kwargs
    from sinch_qualified_numbers import _orders

    twin = f"{WRAPPER}._{mode}"
    resource = importlib.import_module(f"{twin}.qualified_numbers")
    cls = resource.AsyncQualifiedNumbers if mode == "async" else resource.QualifiedNumbers
    real_get = cls.get

    def get(self: Any, *args: Any, **kwargs: Any) -> Any:
        _orders.split_into_chunks(["+12025550101"], 1)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(cls, "get", get)
    sandbox.seed([IDS["get"]], "VERIFIED")
    ran = _Ran()
    _follow(
        mode,
        client_kwargs(sandbox),
        ran,
        [("get", lambda c, ids: c.qualified_numbers.get(ids["get"]))],
    )
    path = _path_modules(
        twin,
        "qualified_numbers",
        {"qualified_numbers.get_qualified_number"},
        listing=False,
        socket=False,
    )
    assert _check(ran.modules["get"], path, twin) == {
        "neither path nor consulted": [f"{WRAPPER}._orders"]
    }

    # And a path module that does not run is seen missing: a get that makes no call at all
    # (the resource made unrecorded before: making it runs the resource's and its context's
    # code).
    def nothing(self: Any, *args: Any, **kwargs: Any) -> Any:
        async def none() -> None:
            return None

        return none() if mode == "async" else None

    monkeypatch.setattr(cls, "get", nothing)
    ran = _Ran()
    _follow(
        mode,
        client_kwargs(sandbox),
        ran,
        [("get", lambda c, ids: c.qualified_numbers.get(ids["get"]))],
        before=lambda c, ids, mode: c.qualified_numbers,
    )
    assert _check(ran.modules["get"], path, twin) == {"path module that did not run": sorted(path)}


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
