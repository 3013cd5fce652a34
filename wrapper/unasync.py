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
from pathlib import Path

SOURCE = Path(__file__).parent / "sinch_qualified_numbers" / "_async"
TARGET = SOURCE.parent / "_sync"

# (pattern, replacement), applied in order to every line; patterns match whole words.
SUBS = [
    (r"async def", "def"),
    (r"async with", "with"),
    (r"async for", "for"),
    (r"await ", ""),
    (r"Awaitable\[((?:[^\[\]]|\[[^\[\]]*\])*)\]", r"\1"),
    (r"AsyncQualifiedNumbersClient", "QualifiedNumbersClient"),
    (r"AsyncQualifiedNumbers", "QualifiedNumbers"),
    (r"AsyncCallbackConfigurationResource", "CallbackConfigurationResource"),
    (r"AsyncHostingOrders", "HostingOrders"),
    (r"AsyncImportedNumbers", "ImportedNumbers"),
    (r"AsyncTextEnabling", "TextEnabling"),
    (r"AsyncPager", "SyncPager"),
    (r"AsyncSession", "SyncSession"),
    (r"AsyncRetryTransport", "RetryTransport"),
    (r"AsyncHTTPTransport", "HTTPTransport"),
    (r"AsyncBaseTransport", "BaseTransport"),
    (r"AsyncClient", "Client"),
    (r"AsyncIterator", "Iterator"),
    (r"set_async_httpx_client", "set_httpx_client"),
    (r"asyncio_detailed", "sync_detailed"),
    (r"amap_bounded", "map_bounded"),
    (r"asleep", "sleep"),
    (r"aslots", "slots"),
    (r"aread", "read"),
    (r"aclose", "close"),
    (r"__aenter__", "__enter__"),
    (r"__aexit__", "__exit__"),
    (r"__aiter__", "__iter__"),
]


def _word(pattern: str, after_dot: bool) -> re.Pattern[str]:
    before = r"(?<=\.)" if after_dot else r"(?<![\w.])"
    after = "" if pattern.endswith(" ") else r"(?!\w)"
    return re.compile(before + pattern + after)


COMPILED = [(_word(pattern, False), repl) for pattern, repl in SUBS]
# Names reached through a module (`calls.aread`, `httpx.AsyncClient`) are words too.
COMPILED += [(_word(pattern, True), repl) for pattern, repl in SUBS[5:]]


def unasync_text(text: str, source_name: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        for pattern, repl in COMPILED:
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
    for source in sorted(SOURCE.glob("*.py")):
        (target / source.name).write_text(
            unasync_text(source.read_text(encoding="utf-8"), source.name), encoding="utf-8"
        )
    ruff = Path(sys.executable).parent / "ruff"
    config = Path(__file__).parent.parent / "pyproject.toml"
    for args in (["check", "--fix-only", "--unsafe-fixes", "--quiet"], ["format", "--quiet"]):
        subprocess.run([str(ruff), *args, "--config", str(config), str(target)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
