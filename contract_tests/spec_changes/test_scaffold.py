"""`make scaffold OP=...` (tools/scaffold.py) on a copy of the project whose spec has one more
operation: the stubs land where the project keeps them, compile, the sandbox serves the new
operation with a 501, and the scaffolded test fails until someone writes the operation."""

from __future__ import annotations

import ast
import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools import scaffold
from tools.api_map import LOADER

from ..conftest import API_VERSION, ROOT
from .conftest import copy_tree

NEW_PATH = "/projects/{projectId}/hostingOrders/{hostingOrderId}/history"
NEW_OPERATION = {
    "operationId": "getHostingOrderHistory",
    "summary": "The events of one hosting order",
    "tags": ["HostingOrders"],
    "responses": {
        "200": {
            "description": "OK",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "events": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {"eventKind": {"type": "string"}},
                                },
                            }
                        },
                    }
                }
            },
        }
    },
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project, its spec with `getHostingOrderHistory`, scaffolded once."""
    root = tmp_path_factory.mktemp("project")
    copy_tree(root, "openapi", "wrapper", "sandbox", "contract_tests", "pyproject.toml")
    path = root / "openapi" / "qualified-numbers.yaml"
    spec = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    spec["paths"][NEW_PATH] = {
        "parameters": [
            {"$ref": "#/components/parameters/ProjectId"},
            {
                "name": "hostingOrderId",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
            },
        ],
        "get": NEW_OPERATION,
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def said(project: Path) -> list[str]:
    return scaffold.scaffold(project, "getHostingOrderHistory")


def _functions(path: Path, class_name: str | None = None) -> dict[str, ast.AST]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = tree.body
    if class_name is not None:
        (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name]
        body = cls.body
    return {n.name: n for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_the_wrapper_method_is_in_the_resource_of_the_tag_and_its_twin(
    project: Path, said: list[str]
) -> None:
    wrapper = project / "wrapper" / "sinch_qualified_numbers"
    stub = _functions(wrapper / "_async" / "hosting_orders.py", "AsyncHostingOrders")[
        "get_hosting_order_history"
    ]
    # Like every method: the day-zero escape hatches from the start.
    assert [a.arg for a in stub.args.kwonlyargs] == ["extra_headers", "extra_query", "extra_body"]
    assert "get_hosting_order_history" in _functions(
        wrapper / "_sync" / "hosting_orders.py", "HostingOrders"
    )
    assert (
        "wrote: wrapper/sinch_qualified_numbers/_async/hosting_orders.py: "
        "AsyncHostingOrders.get_hosting_order_history"
    ) in said


def test_the_handler_is_registered_in_the_tag_folder(project: Path, said: list[str]) -> None:
    handlers = (
        project / "sandbox/sinch_qualified_numbers_sandbox/resources/hosting_orders/handlers.py"
    )
    function = _functions(handlers)["get_hosting_order_history"]
    assert isinstance(function, ast.AsyncFunctionDef)
    (decorator,) = function.decorator_list
    assert ast.unparse(decorator) == "HANDLERS.operation('getHostingOrderHistory')"


def test_the_operation_tables_get_an_entry_or_a_to_do(project: Path, said: list[str]) -> None:
    text = (project / "contract_tests" / "test_spec_and_models.py").read_text(encoding="utf-8")
    # The operations are read from the spec (no table of them to extend); the tables that
    # still list operations by hand get a to-do.
    assert "getHostingOrderHistory" not in text
    assert any(
        line.startswith(
            "to do: contract_tests/test_response_tolerance.py: add 'getHostingOrderHistory'"
        )
        for line in said
    ), said


def test_what_is_left_to_fill_in_is_said(said: list[str]) -> None:
    assert "to do: a response field the sandbox never renders: eventKind" in said
    assert any(line.startswith("to do: docs/guide/") for line in said)


def test_everything_written_compiles(project: Path, said: list[str]) -> None:
    written = [project / line.split(": ")[1] for line in said if line.startswith("wrote: ")]
    assert len(written) >= 3  # the wrapper method, the handler, the test
    for path in written:
        py_compile.compile(str(path), doraise=True)
    py_compile.compile(
        str(project / "wrapper/sinch_qualified_numbers/_sync/hosting_orders.py"), doraise=True
    )


def test_the_scaffolded_test_fails_until_the_operation_is_written(
    project: Path, said: list[str]
) -> None:
    test = project / "contract_tests" / "wrapper" / "test_get_hosting_order_history.py"
    assert f"wrote: {test.relative_to(project)}" in said
    env = {
        **os.environ,
        # the copy's packages before the installed (editable) ones
        "PYTHONPATH": os.pathsep.join(
            [str(project / "wrapper"), str(project / "sandbox"), str(ROOT / "generated")]
        ),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed" in done.stdout
    # the sandbox started with the new operation; the client stub is what fails
    assert "NotImplementedError: client.hosting_orders.get_hosting_order_history" in done.stdout


def test_the_sandbox_answers_501_for_the_stub(project: Path, said: list[str]) -> None:
    script = """
import httpx
from sinch_qualified_numbers_sandbox import InProcessServer
with InProcessServer() as sb, httpx.Client(
    transport=sb.transport(), base_url="https://imported.numbers.api.sinch.com",
    auth=(sb.key_id, sb.key_secret),
) as http:
    answer = http.get(f"/VERSION/projects/{sb.project_id}/hostingOrders/o1/history")
    print(answer.status_code, answer.json()["status"])
""".replace("VERSION", API_VERSION)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(project / "sandbox"), str(ROOT / "generated")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split() == ["501", "UNIMPLEMENTED"], done.stdout + done.stderr


def test_a_second_run_changes_nothing(project: Path, said: list[str]) -> None:
    again = scaffold.scaffold(project, "getHostingOrderHistory")
    assert not [line for line in again if line.startswith("wrote: ")], again
    assert sum(line.startswith("exists: ") for line in again) >= 3


def test_an_unknown_operation_is_refused_with_the_known_ones(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert scaffold.main(["getNothing", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "'getNothing' is not an operationId of the spec" in err
    assert "getHostingOrderHistory" in err
