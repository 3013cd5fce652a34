"""`serve_prism` (what `make contract-test-mock` serves the spec with) starts the executable on a
free loopback port, and always stops it. A stand-in script takes Prism's place: it is started
exactly as Prism is, so no npm is needed here (`make contract-test-mock` runs the real one)."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from .prism import PrismError, serve_prism

STAND_IN = """\
#!{python}
import argparse, http.server, os, sys
parser = argparse.ArgumentParser()
parser.add_argument("command")
parser.add_argument("spec")
parser.add_argument("--host")
parser.add_argument("--port", type=int)
args = parser.parse_args()
with open({pid_file!r}, "w") as fh:
    fh.write(f"{{os.getpid()}} {{args.command}} {{args.host}} {{os.path.basename(args.spec)}}")
{body}
"""

SERVE = """\
class Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"mock")
    def log_message(self, *args):
        pass
http.server.HTTPServer((args.host, args.port), Answer).serve_forever()
"""


def stand_in(tmp_path: Path, body: str) -> tuple[Path, Path]:
    pid_file = tmp_path / "pid"
    script = tmp_path / "prism"
    script.write_text(
        STAND_IN.format(python=sys.executable, pid_file=str(pid_file), body=textwrap.dedent(body))
    )
    script.chmod(0o755)
    return script, pid_file


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_mock_is_served_on_loopback_and_stopped_after(tmp_path: Path) -> None:
    script, pid_file = stand_in(tmp_path, SERVE)
    with serve_prism(script) as url:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{url}/anything").text == "mock"
        pid, command, host, spec = pid_file.read_text().split()
        assert (command, host, spec) == ("mock", "127.0.0.1", "qualified-numbers.yaml")
        assert alive(int(pid))
    assert not alive(int(pid))


def test_the_mock_is_stopped_when_the_run_fails(tmp_path: Path) -> None:
    script, pid_file = stand_in(tmp_path, SERVE)
    with pytest.raises(RuntimeError, match="the run failed"), serve_prism(script):
        pid = int(pid_file.read_text().split()[0])
        raise RuntimeError("the run failed")
    assert not alive(pid)


def test_a_mock_that_exits_at_once_says_why(tmp_path: Path) -> None:
    script, _ = stand_in(tmp_path, 'print("cannot read the spec"); sys.exit(3)')
    with pytest.raises(PrismError, match=r"Prism exited with 3:\ncannot read the spec"):
        with serve_prism(script):
            pytest.fail("a mock that exited was served")


def test_a_missing_prism_names_the_target_that_installs_it(tmp_path: Path) -> None:
    missing = tmp_path / "node_modules" / ".bin" / "prism"
    with pytest.raises(PrismError, match=r"prism is missing: run `make contract-test-mock`"):
        with serve_prism(missing):
            pytest.fail("a missing Prism was served")
