"""Start-up: `import sinch_qualified_numbers` and `sinch-qn --help` load only what they use,
while every public name stays importable and visible to type checkers."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import sinch_qualified_numbers
from sinch_qualified_numbers.cli import COMMANDS, main

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


def test_type_checkers_see_every_lazy_name() -> None:
    # The TYPE_CHECKING imports (what mypy and editors read), the lazy table and __all__ name
    # the same things, from the same modules.
    source = Path(sinch_qualified_numbers.__file__).read_text(encoding="utf-8")
    guarded: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    module = "." * statement.level + (statement.module or "")
                    guarded.update({alias.name: module for alias in statement.names})
    lazy = sinch_qualified_numbers._LAZY
    assert guarded == lazy
    assert set(lazy) | {"__version__"} == set(sinch_qualified_numbers.__all__)


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
