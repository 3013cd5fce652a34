"""The sandbox's layout is a rule, not a habit: each operation's handler lives in the folder
of its spec tag's resource, and each table's SQL in the one module that owns it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from sinch_qualified_numbers_sandbox.app import HANDLERS, unhandled_operations
from sinch_qualified_numbers_sandbox.http.registry import handler_file, handler_module, tag_folder
from sinch_qualified_numbers_sandbox.spec import load_spec, operation_tags

from ..conftest import NEW_OPERATION, ROOT

PACKAGE = ROOT / "sandbox" / "sinch_qualified_numbers_sandbox"

#: table -> the module that owns its SQL (besides `db`, which holds every table's schema).
OWNERS = {
    "numbers": "resources/qualified_numbers/state.py",
    "voice_calls": "resources/qualified_numbers/state.py",
    "orders": "resources/hosting_orders/state.py",
    "submissions": "resources/hosting_orders/state.py",
    "imported": "resources/imported_numbers/state.py",
    "callback_config": "resources/callback_configuration/state.py",
    "outbox": "callbacks.py",
}


def unhandled_report() -> list[str]:
    """Each operation of the spec without a handler, and the file its handler goes in."""
    tags = operation_tags()
    return [
        f"{op} has no handler: write it in sandbox/sinch_qualified_numbers_sandbox/"
        f"{handler_file(tags[op])} as @HANDLERS.operation({op!r}) (until then the sandbox "
        "answers it 501 UNIMPLEMENTED)"
        for op in unhandled_operations()
    ]


def test_every_operation_of_the_spec_has_a_handler() -> None:
    """The strict rule, in one test: an operation Sinch adds fails here once, by name."""
    report = unhandled_report()
    assert not report, "\n".join(report)


def test_an_operation_added_to_the_spec_is_reported_once_with_its_handlers_file(
    request: pytest.FixtureRequest,
) -> None:
    before = unhandled_report()
    request.getfixturevalue("new_operation_spec")
    assert unhandled_report() == [
        *before,
        f"{NEW_OPERATION} has no handler: write it in sandbox/sinch_qualified_numbers_sandbox/"
        f"resources/hosting_orders/handlers.py as @HANDLERS.operation('{NEW_OPERATION}') "
        "(until then the sandbox answers it 501 UNIMPLEMENTED)",
    ]
    # ... and only there: the layout rule leaves an operation without a handler to it.
    assert misplaced(HANDLERS, load_spec()) == []


def misplaced(handlers: Mapping[str, Any], spec: dict[str, Any]) -> list[str]:
    """The operations whose handler is not in `resources/<its tag>/handlers.py` (one without
    a handler is `unhandled_report`'s)."""
    wrong = []
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op_id = operation["operationId"]
            if op_id not in handlers:
                continue
            (tag,) = operation["tags"]
            expected = handler_module(tag)
            found = getattr(handlers.get(op_id), "__module__", None)
            if found != expected:
                wrong.append(f"{op_id} ({tag}) is handled in {found}, not {expected}")
    return wrong


def test_every_handler_lives_in_the_folder_of_its_operations_tag() -> None:
    assert misplaced(HANDLERS, load_spec()) == []


def test_a_misplaced_handler_is_found() -> None:
    moved = dict(HANDLERS)
    moved["importNumbers"] = HANDLERS["listImportedNumbers"]  # an ImportedNumbers handler
    (wrong,) = misplaced(moved, load_spec())
    assert wrong.startswith("importNumbers (HostingOrders) is handled in ")
    assert "resources.imported_numbers.handlers" in wrong


def test_every_resource_folder_is_a_spec_tag() -> None:
    tags = {tag_folder(tag["name"]) for tag in load_spec()["tags"]}
    folders = {p.name for p in (PACKAGE / "resources").iterdir() if (p / "state.py").exists()}
    assert folders == tags


def _sql_tables(text: str) -> set[str]:
    found = re.findall(r"\b(?:FROM|INTO|UPDATE|JOIN)\s+([a-z_]+)\b", text)
    return {table for table in found if table in OWNERS}


def test_each_tables_sql_is_in_the_module_that_owns_it() -> None:
    strays = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == "db.py":  # the schema of every table, and its migration
            continue
        for table in _sql_tables(path.read_text(encoding="utf-8")):
            if OWNERS[table] != module:
                strays.append(f"{module} writes SQL on {table} (owned by {OWNERS[table]})")
    assert strays == []


def test_the_sql_finder_finds_a_stray() -> None:
    assert _sql_tables('db.execute("UPDATE numbers SET state = ?")') == {"numbers"}
    assert _sql_tables('"SELECT body FROM orders WHERE id = ?"') == {"orders"}
    assert _sql_tables("the numbers from the order") == set()


def test_every_package_folder_is_a_package() -> None:
    for folder in (PACKAGE / "resources", PACKAGE / "http", PACKAGE / "admin"):
        for path in [
            folder,
            *(p for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"),
        ]:
            assert (Path(path) / "__init__.py").exists(), path


def test_every_endpoint_is_written_in_the_resources_handler_style() -> None:
    """One handler style for the resources, the sandbox-only endpoints, the console and the
    token endpoint: a module-level coroutine `(sb, request)`, registered in its module's
    `Handlers` under the name the app routes by (an operationId, or a route's name)."""
    import inspect

    from sinch_qualified_numbers_sandbox import console
    from sinch_qualified_numbers_sandbox.admin import endpoints as admin
    from sinch_qualified_numbers_sandbox.auth import HANDLERS as TOKEN_ENDPOINT
    from sinch_qualified_numbers_sandbox.faults import TOKEN_OPERATION
    from sinch_qualified_numbers_sandbox.http.registry import Handlers

    assert {name for _, _, name in admin.ROUTES} == set(admin.HANDLERS)
    assert {name for _, _, name in console.ROUTES} == set(console.HANDLERS)
    assert list(TOKEN_ENDPOINT) == [TOKEN_OPERATION]
    registries = [HANDLERS, admin.HANDLERS, console.HANDLERS, TOKEN_ENDPOINT]
    assert all(isinstance(registry, Handlers) for registry in registries)
    for registry in registries:
        for name, handler in registry.items():
            assert inspect.iscoroutinefunction(handler), name
            assert list(inspect.signature(handler).parameters) == ["sb", "request"], name
            assert "." not in handler.__qualname__, f"{name}: {handler.__qualname__}"
