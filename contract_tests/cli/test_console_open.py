"""`sinch-qn sandbox serve --open` serves the sandbox and opens its console in the browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def test_serve_open_opens_the_console_once_serving(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    # webbrowser runs $BROWSER with the URL in place of %s: a stand-in for the user's browser.
    env.update(BROWSER=f"{sys.executable} {browser} %s", SINCH_QN_STATE_DIR=str(tmp_path))
    server = subprocess.Popen(
        [sys.executable, "-m", "sinch_qualified_numbers.cli", "sandbox", "serve",
         "--port", str(port), "--open"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not opened.exists() or not opened.read_text():
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "the console was never opened"
            time.sleep(0.1)
        url = opened.read_text().strip()
        assert url == f"http://127.0.0.1:{port}/_sandbox/console"
        page = httpx.get(url, auth=("sandbox-key-id", "sandbox-key-secret"), follow_redirects=True)
        assert page.status_code == 200 and "<h2>Numbers</h2>" in page.text
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"console: http://127.0.0.1:{port}/_sandbox/console" in output
