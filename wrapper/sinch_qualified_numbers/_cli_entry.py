"""The `sinch-qn` entry point: the CLI lives in the `[cli]` extra, so say so when it is missing."""

from __future__ import annotations

import sys

#: Top-level modules of the `[cli]` and `[sandbox]` extras.
EXTRA_MODULES = frozenset(
    {
        "click",
        "rich",
        "starlette",
        "uvicorn",
        "jsonschema_rs",
        "yaml",
        "jinja2",
        "multipart",
        "python_multipart",
    }
)


def main() -> None:
    try:
        from .cli import main as cli
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in EXTRA_MODULES:
            raise
        sys.stderr.write(
            f"sinch-qn needs the command-line extra ({missing} is missing): "
            "pip install 'sinch-qualified-numbers[cli]'\n"
        )
        sys.exit(2)
    cli()
