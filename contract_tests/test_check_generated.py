"""`make check-generated` keeps generated/ and the blocking client (`_sync/`) untouched by hand:
prove it bites."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

VENV = ROOT / ".venv"


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    if not (VENV / "bin" / "openapi-python-client").exists():
        pytest.fail("run through `make test`: the project's .venv is missing")
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in (
        "Makefile", "pyproject.toml", "requirements", "openapi", "generated", "wrapper", "tools",
    ):  # fmt: skip
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, copy / name)
    # Reuse the installed venv; its install stamp is newer than the copied files.
    (copy / ".venv").symlink_to(VENV)
    return copy


def _check(copy: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(
        ["make", "--no-print-directory", "check-generated"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_generated_passes_on_a_clean_copy(repo_copy: Path) -> None:
    result = _check(repo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_check_generated_fails_after_a_hand_edit(repo_copy: Path) -> None:
    target = (
        repo_copy / "generated" / "sinch_qualified_numbers_api" / "models" / "qualified_number.py"
    )
    target.write_text(target.read_text() + "\n# hand edit\n")
    result = _check(repo_copy)
    assert result.returncode != 0
    assert "make generate" in result.stderr
    assert "hand edit" in result.stdout


def test_check_generated_fails_when_the_spec_changes(repo_copy: Path) -> None:
    spec = repo_copy / "openapi" / "qualified-numbers.yaml"
    spec.write_text(spec.read_text().replace("summary: Get qualified number", "summary: Fetch it"))
    result = _check(repo_copy)
    assert result.returncode != 0


SYNC = Path("wrapper/sinch_qualified_numbers/_sync/qualified_numbers.py")
ASYNC = Path("wrapper/sinch_qualified_numbers/_async/qualified_numbers.py")


def test_check_generated_fails_after_a_hand_edit_of_the_blocking_client(repo_copy: Path) -> None:
    target = repo_copy / SYNC
    target.write_text(target.read_text().replace("def get(", "def get_it(", 1))
    result = _check(repo_copy)
    assert result.returncode != 0
    assert "make generate" in result.stderr and "get_it" in result.stdout


def test_check_generated_fails_when_the_async_source_changes(repo_copy: Path) -> None:
    source = repo_copy / ASYNC
    source.write_text(source.read_text().replace("async def get(", "async def fetch_one(", 1))
    result = _check(repo_copy)
    assert result.returncode != 0
    assert "fetch_one" in result.stdout


def test_the_blocking_client_is_the_async_source_unasynced() -> None:
    text = (ROOT / SYNC).read_text()
    assert text.startswith("# Generated from _async/qualified_numbers.py")
    assert "await " not in text and "async def" not in text
    assert "def add(" in text and "sync_detailed" in text
    # The order engine, shared by both resources' text_enable, is unasynced too.
    engine = (ROOT / SYNC).with_name("_order_engine.py").read_text()
    assert engine.startswith("# Generated from _async/_order_engine.py")
    assert "def text_enable(" in engine and "await " not in engine and "async def" not in engine


def _unasync() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("unasync", ROOT / "wrapper" / "unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unasync_rules_are_general() -> None:
    unasync: object = _unasync()
    source = (
        "class _AsyncDeadlineStream(httpcore.AsyncNetworkStream):\n"
        "    async def aclose(self) -> None:\n"
        "        await self._inner.aclose()\n"
        "async def handle_async_request(self, r: AsyncIterator[bytes]) -> None:\n"
        "    await asleep(1)\n"
        "    body = await response.aread()\n"
        "    async for chunk in response.aiter_raw():\n"
        "        pass\n"
        "    x = get_it.asyncio_detailed(client=api.set_async_httpx_client(c))\n"
        "pager: AsyncPager[int]\n"
        "__all__ = ['AsyncThing', 'append', 'any', 'already']\n"
        "def __aiter__(self) -> None: ...\n"
    )
    text = unasync.unasync_text(source, "x.py")  # type: ignore[attr-defined]
    body = text.split("\n", 2)[2]
    assert body == (
        "class _DeadlineStream(httpcore.NetworkStream):\n"
        "    def close(self) -> None:\n"
        "        self._inner.close()\n"
        "def handle_request(self, r: Iterator[bytes]) -> None:\n"
        "    sleep(1)\n"
        "    body = response.read()\n"
        "    for chunk in response.iter_raw():\n"
        "        pass\n"
        "    x = get_it.sync_detailed(client=api.set_httpx_client(c))\n"
        "pager: SyncPager[int]\n"
        "__all__ = ['Thing', 'append', 'any', 'already']\n"
        "def __iter__(self) -> None: ...\n"
    )
