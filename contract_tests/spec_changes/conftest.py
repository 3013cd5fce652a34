"""Copies of the spec with one change each, as Sinch could publish them."""

from __future__ import annotations

import copy
import functools
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.api_map import LOADER

from ..conftest import ROOT

SPEC = ROOT / "openapi" / "qualified-numbers.yaml"
Spec = dict[str, Any]


@functools.cache
def _original() -> Spec:
    loaded: Spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=LOADER)
    return loaded


def original() -> Spec:
    return copy.deepcopy(_original())


@pytest.fixture
def write_spec(tmp_path: Path) -> Callable[[Callable[[Spec], None]], Path]:
    """A copy of the spec changed by `change`, written to a temporary file."""

    def write(change: Callable[[Spec], None]) -> Path:
        spec = original()
        change(spec)
        path = tmp_path / "changed.yaml"
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        path.write_text(yaml.dump(spec, Dumper=dumper, sort_keys=False), encoding="utf-8")
        return path

    return write


def schemas(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def copy_tree(target: Path, *parts: str) -> None:
    """The parts of the project a tool reads, without caches."""
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout
