"""Write `sinch_qualified_numbers/_sync/` from the hand-written asyncio sources in `_async/`.

Run by `make generate`; `make check-generated` runs it into a temporary folder and fails on
any difference, so the blocking twin is never edited by hand (the approach of httpcore's
scripts/unasync.py). Word-level substitutions, then `ruff format`.

    python wrapper/unasync.py [OUTPUT_DIR]    # default: sinch_qualified_numbers/_sync
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SOURCE = Path(__file__).parent / "sinch_qualified_numbers" / "_async"
TARGET = SOURCE.parent / "_sync"

#: The one public name whose blocking twin is not its name without `Async`: published so.
SYNC_NAMED = {"AsyncPager": "SyncPager"}


def a_twins() -> dict[str, str]:
    """Every asyncio helper `a<name>` whose blocking twin is `<name>`, by rule: a namespace
    that defines both (`httpx.Response.aread`/`read`, this package's `_concurrency.asleep`/
    `sleep`), or an `Async<Name>` class of httpx, httpcore or the standard library beside its
    `<Name>` (`AsyncClient.aclose`/`Client.close`, `AsyncIterator.__aiter__`/
    `Iterator.__iter__`). No list to keep: a new pair is found where it is defined."""
    import ast
    import collections.abc
    import contextlib

    import httpcore
    import httpx

    def pairs(async_names: set[str], sync_names: set[str]) -> dict[str, str]:
        found = {}
        for name in async_names:
            bare = name.lstrip("_")
            twin = name[: len(name) - len(bare)] + bare[1:]
            if bare.startswith("a") and len(bare) > 1 and twin in sync_names:
                found[name] = twin
        return found

    found: dict[str, str] = {}
    for module in (httpx, httpcore, collections.abc, contextlib):
        for name in dir(module):
            kind = getattr(module, name, None)
            twin = getattr(module, name.replace("Async", "", 1), None)
            if isinstance(kind, type) and isinstance(twin, type):
                found |= pairs(set(dir(kind)), set(dir(twin)))
    for path in SOURCE.parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                defined |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        found |= pairs(defined, defined)
    return found


Replacement = str | Callable[[re.Match[str]], str]


def subs() -> list[tuple[str, Replacement]]:
    """(pattern, replacement), applied in order to every line; patterns match whole words."""
    twins = a_twins()
    names = "|".join(re.escape(name) for name in sorted(twins, key=len, reverse=True))
    return [
        (r"async def", "def"),
        (r"async with", "with"),
        (r"async for", "for"),
        (r"await ", ""),
        (r"Awaitable\[((?:[^\[\]]|\[[^\[\]]*\])*)\]", r"\1"),
        # Names, also when reached through a module (`httpx.AsyncClient`, `calls.asleep`):
        *((name, twin) for name, twin in SYNC_NAMED.items()),
        (r"(_?)Async([A-Z]\w*)", r"\1\2"),  # AsyncRetryTransport -> RetryTransport
        (r"(\w+?)_async_(\w+)", r"\1_\2"),  # handle_async_request -> handle_request
        (r"asyncio_(\w+)", r"sync_\1"),  # the generated asyncio_detailed -> sync_detailed
        (f"({names})", lambda match: twins[match.group(1)]),  # aread -> read, __aiter__
    ]


def _word(pattern: str, after_dot: bool) -> re.Pattern[str]:
    before = r"(?<=\.)" if after_dot else r"(?<![\w.])"
    after = "" if pattern.endswith(" ") else r"(?!\w)"
    return re.compile(before + pattern + after)


def compiled() -> list[tuple[re.Pattern[str], Replacement]]:
    rules = subs()
    found = [(_word(pattern, False), repl) for pattern, repl in rules]
    # Names reached through a module (`calls.asleep`, `httpx.AsyncClient`) are words too.
    found += [(_word(pattern, True), repl) for pattern, repl in rules[5:]]
    return found


def unasync_text(
    text: str, source_name: str, rules: list[tuple[re.Pattern[str], Replacement]] | None = None
) -> str:
    rules = compiled() if rules is None else rules
    lines = []
    for line in text.splitlines(keepends=True):
        for pattern, repl in rules:
            line = pattern.sub(repl, line)
        lines.append(line)
    header = (
        f"# Generated from _async/{source_name} by `make generate` (wrapper/unasync.py).\n"
        "# Do not edit: change the asyncio source and regenerate.\n"
    )
    return header + "".join(lines)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else TARGET
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rules = compiled()
    for source in sorted(SOURCE.glob("*.py")):
        (target / source.name).write_text(
            unasync_text(source.read_text(encoding="utf-8"), source.name, rules),
            encoding="utf-8",
        )
    ruff = Path(sys.executable).parent / "ruff"
    config = Path(__file__).parent.parent / "pyproject.toml"
    for args in (["check", "--fix-only", "--unsafe-fixes", "--quiet"], ["format", "--quiet"]):
        subprocess.run([str(ruff), *args, "--config", str(config), str(target)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
