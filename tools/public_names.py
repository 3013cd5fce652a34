"""Writes `wrapper/sinch_qualified_numbers/_public_names.py`, the table of where each public name
of the package lives, from the one list kept by hand: the imports under `if TYPE_CHECKING:` in
the package's `__init__.py` (what type checkers and editors read). `make generate` runs it;
`make check-generated` runs it with `--check` and fails on any difference."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wrapper" / "sinch_qualified_numbers"
TARGET = PACKAGE / "_public_names.py"

HEADER = '''"""Where each public name of the package lives (name -> module; a leading dot: this
package's own). Made by `make generate` (tools/public_names.py) from the imports under
`if TYPE_CHECKING:` in `__init__.py`, the one list kept by hand: never edit it."""

LAZY: dict[str, str] = {
'''


def table(init: Path) -> dict[str, str]:
    """name -> module of each `from M import N as N` under `if TYPE_CHECKING:` in `init`."""
    names: dict[str, str] = {}
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom):
                module = "." * statement.level + (statement.module or "")
                for alias in statement.names:
                    if alias.asname != alias.name:
                        raise SystemExit(
                            f"{init}: `{alias.name}` is imported without `as {alias.name}`: "
                            "a public name is re-exported explicitly"
                        )
                    names[alias.name] = module
    return names


def render(names: dict[str, str]) -> str:
    rows = "".join(f'    "{name}": "{module}",\n' for name, module in names.items())
    return HEADER + rows + "}\n"


def main(argv: list[str]) -> int:
    text = render(table(PACKAGE / "__init__.py"))
    if "--check" in argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(
                f"{TARGET} differs from what __init__.py gives: run 'make generate'",
                file=sys.stderr,
            )
            return 1
        print(f"{TARGET.name} is up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
