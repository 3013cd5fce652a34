"""The sandbox's public names: what serves a sandbox is named by how, the old names still work."""

from __future__ import annotations

import pytest

import sinch_qualified_numbers_sandbox as sandbox_package
from sinch_qualified_numbers_sandbox import InProcessServer, PortServer, SandboxRouting


@pytest.mark.parametrize(
    ("old", "new"), [("InProcessSandbox", InProcessServer), ("RunningSandbox", PortServer)]
)
def test_an_old_name_warns_and_gives_the_new_class(old: str, new: type) -> None:
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated: use {new.__name__}"):
        assert getattr(sandbox_package, old) is new
    with pytest.warns(DeprecationWarning):
        exec(f"from sinch_qualified_numbers_sandbox import {old}", {})


def test_the_old_names_are_not_listed_as_public() -> None:
    assert "InProcessSandbox" not in sandbox_package.__all__
    assert "RunningSandbox" not in sandbox_package.__all__
    assert {"InProcessServer", "PortServer", "SandboxRouting"} <= set(sandbox_package.__all__)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchSandbox"):
        sandbox_package.NoSuchSandbox  # noqa: B018


def test_sinch_sandbox_is_the_routing_class() -> None:
    """`with sinch_sandbox():` stays the documented spelling of `SandboxRouting`."""
    assert sandbox_package.sinch_sandbox is SandboxRouting
    with sandbox_package.sinch_sandbox(env=False) as server:
        assert isinstance(server, InProcessServer)
