"""`demo`: the whole process on a fresh in-memory sandbox."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._output import err, out


@click.command()
@click.option("--count", default=1200, show_default=True, help="How many sample numbers.")
@click.option(
    "--workdir", type=click.Path(path_type=Path, file_okay=False), help="Where to write files."
)
def demo(count: int, workdir: Path | None) -> None:
    """The whole process, end to end, on a fresh in-memory sandbox."""
    from .._demo import run_demo

    sys.exit(run_demo(count=count, workdir=workdir, console=err, out=out))
