"""Start-up: `import sinch_qualified_numbers` and `sinch-qn --help` load only what they use,
while every public name stays importable and visible to type checkers."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import sinch_qualified_numbers
import sinch_qualified_numbers_api
import sinch_qualified_numbers_api.models
from sinch_qualified_numbers.cli import COMMANDS, main

from .conftest import load_spec
from .test_operation_coverage import generated_module, spec_operations

#: What printing help must never pay for.
HEAVY = (
    "httpx",
    "sinch_qualified_numbers_api",
    "phonenumbers",
    "rich",
    "sinch_qualified_numbers_sandbox",
)


def _modules_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    probe = (
        "import sys, json\n"
        + code
        + "\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def _loaded_after(code: str) -> dict[str, Any]:
    """What a fresh interpreter prints as JSON (`report`) after running `code`, with every
    module it has imported under "modules"."""
    probe = (
        "import sys, json\n"
        "report = {}\n"
        + code
        + "\nreport['modules'] = sorted(sys.modules)"
        + "\nprint(json.dumps(report), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stderr.strip().splitlines()[-1])
    return report


def _public_modules() -> list[str]:
    """Every module of the wrapper and the generated package that has no `_` in its path."""
    found = []
    for package in (sinch_qualified_numbers, sinch_qualified_numbers_api):
        prefix = package.__name__ + "."
        found.append(package.__name__)
        found += [
            info.name
            for info in pkgutil.walk_packages(package.__path__, prefix)
            if not any(part.startswith("_") for part in info.name.split("."))
        ]
    return found


def _cli(*args: str) -> str:
    return (
        "from sinch_qualified_numbers.cli import main\n"
        "try:\n"
        f"    main({list(args)!r}, prog_name='sinch-qn')\n"
        "except SystemExit:\n"
        "    pass"
    )


@pytest.mark.parametrize(
    "args", [("--help",), ("-h",), ("--version",), ("no-such-command",)], ids=" ".join
)
def test_cli_help_and_version_import_no_http_stack(args: tuple[str, ...]) -> None:
    loaded = _modules_after(_cli(*args))
    assert "click" in loaded  # the probe did run the CLI
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_importing_the_package_imports_nothing_heavy() -> None:
    loaded = _modules_after("import sinch_qualified_numbers")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    # ...and the first use of a name brings in what it needs.
    loaded = _modules_after("from sinch_qualified_numbers import QualifiedNumbersClient")
    assert "httpx" in loaded


def test_every_public_name_is_importable() -> None:
    names = set(sinch_qualified_numbers.__all__)
    for name in names:
        assert getattr(sinch_qualified_numbers, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from sinch_qualified_numbers import *", namespace)
    assert names <= namespace.keys()
    assert set(dir(sinch_qualified_numbers)) >= names
    with pytest.raises(AttributeError):
        _ = sinch_qualified_numbers.NoSuchName  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        exec("from sinch_qualified_numbers import NoSuchName", {})


def _guarded_imports(module: Any) -> dict[str, str]:
    """name -> module of each import under `if TYPE_CHECKING:` (what mypy and editors read)."""
    source = Path(module.__file__).read_text(encoding="utf-8")
    guarded: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    module_name = "." * statement.level + (statement.module or "")
                    guarded.update({alias.name: module_name for alias in statement.names})
    return guarded


def test_type_checkers_see_every_lazy_name() -> None:
    # The TYPE_CHECKING imports (what mypy and editors read), the lazy table and __all__ name
    # the same things, from the same modules; each import re-exports its name explicitly.
    lazy = sinch_qualified_numbers._LAZY
    assert _guarded_imports(sinch_qualified_numbers) == lazy
    assert set(lazy) | {"__version__"} == set(sinch_qualified_numbers.__all__)
    source = Path(sinch_qualified_numbers.__file__).read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    names = statement.names
                    assert all(a.asname == a.name for a in names), ast.unparse(statement)


def test_type_checkers_see_every_lazy_model() -> None:
    models = sinch_qualified_numbers_api.models
    assert _guarded_imports(models) == models._MODULES
    assert set(models._MODULES) == set(models.__all__)
    files = {path.stem for path in Path(models.__file__).parent.glob("*.py")} - {"__init__"}
    assert {module.lstrip(".") for module in models._MODULES.values()} == files


@pytest.mark.parametrize("module", _public_modules())
def test_every_public_name_of_every_public_module_resolves(module: str) -> None:
    # In a fresh interpreter, so that nothing another test imported hides a name that loads
    # nothing, or the wrong thing.
    report = _loaded_after(
        "import importlib\n"
        f"module = importlib.import_module({module!r})\n"
        "names = list(getattr(module, '__all__', ()))\n"
        "report['missing'] = [n for n in names if getattr(module, n, None) is None]\n"
        "report['not_in_dir'] = sorted(set(names) - set(dir(module)))\n"
        "report['count'] = len(names)"
    )
    assert report["missing"] == [], module
    assert report["not_in_dir"] == [], module
    if module in ("sinch_qualified_numbers", "sinch_qualified_numbers_api.models"):
        assert report["count"] > 50  # the lazy tables were exercised


def test_a_new_client_loads_no_operation_no_model_and_no_resource() -> None:
    # What the first call of each resource loads (below) stays out of a client that is only
    # made: its cost is the start-up of every script.
    report = _loaded_after(
        "from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient\n"
        "QualifiedNumbersClient(project_id='p', key_id='k', key_secret='s')\n"
        "AsyncQualifiedNumbersClient(project_id='p', key_id='k', key_secret='s')"
    )
    loaded = [
        name
        for name in report["modules"]
        if name.startswith(
            ("sinch_qualified_numbers_api.api.", "sinch_qualified_numbers_api.models.")
        )
        or name.rpartition(".")[2]
        in ("qualified_numbers", "hosting_orders", "imported_numbers", "callback_configuration")
        or name == "sinch_qualified_numbers_api.client"  # made at the first call
    ]
    assert "sinch_qualified_numbers._sync._client" in report["modules"]  # the probe did run
    assert loaded == []


def test_a_new_client_builds_no_transport_until_its_first_request() -> None:
    # httpx's transport (httpcore, anyio, the CA bundle) costs more than `import httpx`: a
    # client only made never builds it; its first request does, and every setting it is
    # built from is still checked when the client is made.
    report = _loaded_after(
        "import os\n"
        "from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient\n"
        "from sinch_qualified_numbers import ConfigurationError\n"
        "made = [c(project_id='p', key_id='k', key_secret='s', proxy='http://proxy:3128')\n"
        "        for c in (QualifiedNumbersClient, AsyncQualifiedNumbersClient)]\n"
        "report['before'] = sorted(m for m in sys.modules if m.split('.')[0] == 'httpcore')\n"
        "report['refused'] = []\n"
        "for proxy in ('nonsense://proxy:1', 'socks5://proxy:1080'):\n"
        "    try:\n"
        "        QualifiedNumbersClient(project_id='p', key_id='k', key_secret='s', proxy=proxy)\n"
        "    except ConfigurationError as error:\n"
        "        report['refused'].append(str(error))\n"
        "client = made[0]\n"
        "report['mounts'] = sorted(client._proxies)\n"
        "report['built'] = type(client._inner).__name__\n"
        "report['after'] = 'httpcore' in sys.modules\n"
        "report['once'] = client._http is client._http and client._inner is client._inner"
    )
    assert report["before"] == []
    assert report["after"]  # the probe did build it, at its first use
    assert report["built"] == "HTTPTransport" and report["mounts"] == ["all://"]
    assert report["once"]
    assert len(report["refused"]) == (2 if "socksio" not in report["modules"] else 1)
    assert "nonsense://proxy:1" in report["refused"][0]


def test_racing_first_requests_share_one_transport() -> None:
    # Threads making a client's first requests at once all use the one transport and httpx
    # client stored first (no lock: nothing to be left held in a forked child).
    import threading

    from sinch_qualified_numbers import QualifiedNumbersClient

    client = QualifiedNumbersClient(project_id="p", key_id="k", key_secret="s")
    copy = client.with_options(max_retries=0)
    start = threading.Barrier(8)
    seen: list[tuple[int, int, int]] = []

    def first_use() -> None:
        start.wait()
        seen.append((id(client._http), id(client._inner), id(copy._inner)))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and len(set(seen)) == 1
    assert seen[0][1] == seen[0][2]  # the copy shares its parent's connections
    client.close()


RESOURCES = {
    "qualified_numbers": ("QualifiedNumbers", "AsyncQualifiedNumbers"),
    "hosting_orders": ("HostingOrders", "AsyncHostingOrders"),
    "imported_numbers": ("ImportedNumbers", "AsyncImportedNumbers"),
    "callback_configuration": (
        "CallbackConfigurationResource",
        "AsyncCallbackConfigurationResource",
    ),
}


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_each_resource_loads_at_its_first_use(resource: str) -> None:
    report = _loaded_after(
        "from sinch_qualified_numbers import AsyncQualifiedNumbersClient, QualifiedNumbersClient\n"
        "clients = [c(project_id='p', key_id='k', key_secret='s')\n"
        "           for c in (QualifiedNumbersClient, AsyncQualifiedNumbersClient)]\n"
        f"resources = [getattr(c, {resource!r}) for c in clients]\n"
        "report['types'] = [type(r).__name__ for r in resources]\n"
        f"report['same'] = all(getattr(c, {resource!r}) is r for c, r in zip(clients, resources))"
    )
    assert report["types"] == list(RESOURCES[resource])
    assert report["same"]  # built once per client
    assert f"sinch_qualified_numbers._sync.{resource}" in report["modules"]


def test_a_first_get_loads_its_operation_but_no_bulk_code() -> None:
    # A script's first call pays for what it imports: `get()` needs its operation and the
    # number's models, not the order engine, its rules, the LOAs or the other operations.
    report = _loaded_after(
        "import httpx\n"
        "from sinch_qualified_numbers import QualifiedNumbersClient\n"
        "answer = {'phoneNumber': '+12025550100', 'state': 'GLOBAL_PROCESS_STATE_VERIFIED'}\n"
        "client = QualifiedNumbersClient(project_id='p', key_id='k', key_secret='s',\n"
        "    auth='basic', http_transport=httpx.MockTransport(\n"
        "        lambda request: httpx.Response(200, json=answer)))\n"
        "report['got'] = client.qualified_numbers.get('+12025550100').phone_number"
    )
    modules = set(report["modules"])
    assert report["got"] == "+12025550100"
    assert "sinch_qualified_numbers_api.api.qualified_numbers.get_qualified_number" in modules
    loaded_too_soon = {
        "sinch_qualified_numbers._sync._order_engine",
        "sinch_qualified_numbers._orders",
        "sinch_qualified_numbers._loa",
        "sinch_qualified_numbers._imported_numbers",
        "sinch_qualified_numbers._sync._add_call",
        "sinch_qualified_numbers_api.api.qualified_numbers.text_enable_numbers",
        "sinch_qualified_numbers_api.api.qualified_numbers.add_qualified_numbers",
        "sinch_qualified_numbers_api.api.qualified_numbers.verify_voice_challenge",
        "sinch_qualified_numbers_api.models.hosting_order",
    } & modules
    assert loaded_too_soon == set()


@pytest.mark.parametrize("operation", sorted(dict(spec_operations(load_spec()))))
def test_every_operation_module_loads(operation: str) -> None:
    import importlib

    tag = dict(spec_operations(load_spec()))[operation]
    module = importlib.import_module(
        f"sinch_qualified_numbers_api.api.{generated_module(operation, tag)}"
    )
    assert callable(module.sync_detailed) and callable(module.asyncio_detailed)


def test_the_command_table_matches_the_commands() -> None:
    ctx = click.Context(main)
    for name, (_, _, text) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.help is not None
        assert " ".join(command.help.split("\n\n")[0].split()) == text, name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_still_has_its_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"], prog_name="sinch-qn")
    assert result.exit_code == 0, result.output
    assert f"Usage: sinch-qn {name}" in result.output


def test_mypy_strict_sees_the_real_types_of_the_lazy_names(tmp_path: Path) -> None:
    # Not Any: mypy resolves each name to its class or function, and still refuses a name the
    # package does not have (no catch-all module __getattr__ is visible to it).
    program = tmp_path / "uses_the_package.py"
    program.write_text(
        "from sinch_qualified_numbers import QualifiedNumbersClient, __version__\n"
        "from sinch_qualified_numbers import parse_phone_numbers\n"
        "from sinch_qualified_numbers import NoSuchName\n"
        "reveal_type(QualifiedNumbersClient)\n"
        "reveal_type(parse_phone_numbers(['x']).valid)\n"
        "reveal_type(__version__)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    output = result.stdout
    assert "-> sinch_qualified_numbers._sync._client.QualifiedNumbersClient" in output, output
    assert 'Revealed type is "list[str]"' in output, output
    assert 'Revealed type is "str"' in output, output
    assert 'has no attribute "NoSuchName"' in output, output
    assert output.count("error:") == 1, output  # only NoSuchName


def test_the_public_names_table_is_derived_from_the_type_checking_imports(tmp_path: Path) -> None:
    from tools import public_names

    init = public_names.PACKAGE / "__init__.py"
    assert public_names.render(public_names.table(init)) == public_names.TARGET.read_text()
    assert public_names.main(["--check"]) == 0
    # A name added where type checkers read it is in the table once `make generate` ran.
    one_more = "    from ._waiting import WaitProgress as WaitProgress\n"
    changed = tmp_path / "__init__.py"
    changed.write_text(
        init.read_text().replace(
            one_more, one_more + "    from ._waiting import Waiter as Waiter\n"
        )
    )
    assert public_names.table(changed)["Waiter"] == "._waiting"
    assert public_names.render(public_names.table(changed)) != public_names.TARGET.read_text()
    changed.write_text(init.read_text().replace(one_more, "    from ._waiting import Waiter\n"))
    with pytest.raises(SystemExit, match="without `as Waiter`"):
        public_names.table(changed)
