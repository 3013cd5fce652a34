"""What reaches each operation of the spec, as reports: an operation Sinch adds fails each report
once, by name, saying what to write where (the sandbox's handler: `sandbox/test_layout.py`; the
wrapper's answers: `test_response_tolerance.py`), never hundreds of parametrised cases.

The wrapper's coverage is read from the code (the generated modules `_async/` imports); the
CLI's is a table here, checked against the commands `sinch-qn` has.
"""

from __future__ import annotations

import ast
from typing import Any

import click
import pytest
from openapi_python_client.strings import snake_case
from openapi_spec_validator import validate

from sinch_qualified_numbers.cli import main
from sinch_qualified_numbers_sandbox.http.registry import tag_folder

from .conftest import NEW_OPERATION, ROOT, load_spec, spec_with_new_operation

ASYNC = ROOT / "wrapper" / "sinch_qualified_numbers" / "_async"
GENERATED_API = ROOT / "generated" / "sinch_qualified_numbers_api" / "api"
API_PACKAGE = "sinch_qualified_numbers_api.api."


def spec_operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(operationId, tag) of every operation of `spec`, in its order."""
    return [
        (str(op["operationId"]), str(op["tags"][0]))
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]


def generated_module(operation_id: str, tag: str) -> str:
    """The generated module of an operation, as openapi-python-client names it."""
    return f"{tag_folder(tag)}.{snake_case(operation_id)}"


def _called_by_the_wrapper() -> set[str]:
    """`<tag>.<module>` of every generated operation module the wrapper's `_async/` imports."""
    called = set()
    for path in ASYNC.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(API_PACKAGE):
                tag = (node.module or "").removeprefix(API_PACKAGE)
                called.update(f"{tag}.{alias.name}" for alias in node.names)
    return called


def wrapper_report(spec: dict[str, Any]) -> list[str]:
    called = _called_by_the_wrapper()
    return [
        f"{op} has no wrapper method: none calls {API_PACKAGE}{generated_module(op, tag)}; "
        f"write one in wrapper/sinch_qualified_numbers/_async/{tag_folder(tag)}.py "
        "(`make generate` writes its blocking twin)"
        for op, tag in spec_operations(spec)
        if generated_module(op, tag) not in called
    ]


def test_the_spec_with_the_added_operation_is_valid_openapi() -> None:
    """What the "Sinch adds an operation" tests serve is a spec Sinch could publish."""
    validate(spec_with_new_operation())


def test_every_operation_has_a_wrapper_method() -> None:
    report = wrapper_report(load_spec())
    assert not report, "\n".join(report)


def test_an_operation_added_to_the_spec_is_reported_without_a_wrapper_method() -> None:
    (line,) = set(wrapper_report(spec_with_new_operation())) - set(wrapper_report(load_spec()))
    assert line.startswith(f"{NEW_OPERATION} has no wrapper method: ")
    assert "wrapper/sinch_qualified_numbers/_async/hosting_orders.py" in line


def test_the_generated_module_names_are_the_generators() -> None:
    """The report's naming rule finds each operation's generated module (else it would
    report nothing or everything)."""
    for op, tag in spec_operations(load_spec()):
        folder, module = generated_module(op, tag).split(".")
        assert (GENERATED_API / folder / f"{module}.py").is_file(), op


#: operationId -> the `sinch-qn` command that reaches it.
CLI_COMMANDS = {
    "listQualifiedNumbers": "list",
    "getQualifiedNumber": "get",
    "deleteQualifiedNumber": "delete",
    "addQualifiedNumbers": "add",
    "textEnableNumbers": "text-enable",
    "textEnableTollFreeNumbers": "text-enable",
    "sendVoiceChallenge": "challenge send",
    "verifyVoiceChallenge": "challenge verify",
    "getCallbackConfiguration": "callbacks secret show",
    "updateCallbackConfiguration": "callbacks secret set",
    "listHostingOrders": "orders list",
    "getHostingOrder": "orders get",
    "getHostingOrderReport": "orders report",
    "listHostingOrderNumbers": "orders numbers",
    "importNumbers": "imported import",
    "listImportedNumbers": "imported list",
    "getImportedNumber": "imported get",
    "updateImportedNumber": "imported unlink",
    "deleteImportedNumber": "imported delete",
}
#: operationId -> why no command reaches it (a decision, not an oversight).
WITHOUT_COMMAND = {
    "getHostingOrderNumber": "`orders numbers` shows each number of an order with its steps",
    "createTextEnableHostingOrder": "`text-enable` creates the same order through the "
    "qualifiedNumbers route",
    "createTollFreeTextEnableHostingOrder": "`text-enable` creates the same order through the "
    "qualifiedNumbers route",
    "createImportedNumber": "`imported import` puts numbers on the SMS platform in orders; "
    "one number at a time is the wrapper's `imported_numbers.create`",
}


def cli_report(spec: dict[str, Any]) -> list[str]:
    operations = {op for op, _ in spec_operations(spec)}
    listed = CLI_COMMANDS.keys() | WITHOUT_COMMAND.keys()
    return [
        f"{op} has no sinch-qn command: write one under wrapper/sinch_qualified_numbers/cli/"
        "commands/ (listed in COMMANDS of cli/__init__.py), then name it in CLI_COMMANDS of "
        "contract_tests/test_operation_coverage.py (or say why not in WITHOUT_COMMAND)"
        for op, _ in spec_operations(spec)
        if op not in listed
    ] + [f"{op} is listed here but not in the spec" for op in sorted(listed - operations)]


def test_every_operation_has_a_cli_command() -> None:
    report = cli_report(load_spec())
    assert not report, "\n".join(report)


def test_an_operation_added_to_the_spec_is_reported_without_a_cli_command() -> None:
    (line,) = set(cli_report(spec_with_new_operation())) - set(cli_report(load_spec()))
    assert line.startswith(f"{NEW_OPERATION} has no sinch-qn command: ")


@pytest.mark.parametrize("words", sorted(set(CLI_COMMANDS.values())))
def test_each_listed_command_exists(words: str) -> None:
    command: click.Command | None = main
    ctx = click.Context(main)
    for word in words.split():
        assert isinstance(command, click.Group), words
        command = command.get_command(ctx, word)
    assert isinstance(command, click.Command), words
    assert not isinstance(command, click.Group), f"{words} is a group, not a command"
