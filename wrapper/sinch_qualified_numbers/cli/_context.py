"""The command line's context: settings, and the client (the embedded sandbox by default)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import click

from .. import QualifiedNumbersClient
from ._output import err, escape


class StateFileError(Exception):
    """The embedded sandbox's state file cannot be used (exit 2; the message says why)."""


def state_dir() -> Path:
    override = os.environ.get("SINCH_QN_STATE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "sinch-qn"


@dataclass
class Context:
    project_id: str | None
    key_id: str | None
    key_secret: str | None = field(repr=False)
    base_url: str | None
    auth: str
    debug: bool
    _stack: contextlib.ExitStack
    token_url: str | None = None
    #: `--encoding`: the text encoding of input files without a byte order mark.
    encoding: str | None = None
    _client: QualifiedNumbersClient | None = None
    sandbox_url: str | None = None

    @property
    def embedded(self) -> bool:
        return not any(
            (
                self.key_id or os.environ.get("SINCH_KEY_ID"),
                self.key_secret or os.environ.get("SINCH_KEY_SECRET"),
                self.base_url or os.environ.get("SINCH_QN_BASE_URL"),
            )
        )

    def client(self) -> QualifiedNumbersClient:
        if self._client is not None:
            return self._client
        if self.embedded:
            from sinch_qualified_numbers_sandbox import (
                DEFAULT_KEY_ID,
                DEFAULT_KEY_SECRET,
                DEFAULT_PROJECT_ID,
                SandboxConfig,
                serve_in_thread,
            )
            from sinch_qualified_numbers_sandbox import StateFileError as SandboxStateError

            folder = state_dir()
            db = folder / "sandbox.sqlite"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                running = self._stack.enter_context(
                    serve_in_thread(
                        SandboxConfig(db_path=str(db), eligibility_delay=2, hosting_delay=5)
                    )
                )
            except SandboxStateError as error:
                raise StateFileError(
                    f"{escape(str(error))} (set SINCH_QN_STATE_DIR to use another folder)"
                ) from None
            except OSError as error:
                raise StateFileError(
                    f"the sandbox state folder {escape(str(folder))} cannot be used "
                    f"({error.strerror or error}): set SINCH_QN_STATE_DIR to another folder"
                ) from None
            self.sandbox_url = running.url
            err.print(
                f"[dim]Using the embedded sandbox (state in {db}); set SINCH_KEY_ID, "
                "SINCH_KEY_SECRET and SINCH_PROJECT_ID to use Sinch.[/dim]",
                soft_wrap=True,
            )
            self._client = QualifiedNumbersClient(
                project_id=DEFAULT_PROJECT_ID,
                key_id=DEFAULT_KEY_ID,
                key_secret=DEFAULT_KEY_SECRET,
                base_url=running.url,
                token_url=f"{running.url}/oauth2/token",
                auth="oauth2",
            )
        else:
            self._client = QualifiedNumbersClient(
                project_id=self.project_id,
                key_id=self.key_id,
                key_secret=self.key_secret,
                base_url=self.base_url,
                token_url=self.token_url,
                auth=self.auth,  # type: ignore[arg-type]
            )
        self._stack.callback(self._client.close)
        return self._client


pass_context = click.make_pass_decorator(Context)
