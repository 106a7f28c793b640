"""Running the interface for browser tests and benchmarks: a uvicorn child process on a free
loopback port, and Debian's chromium driven by Playwright (never ``playwright install``).

Used by ``tests/webui`` and ``benchmarks/webui_live_check.py``; nothing here runs in production.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: Debian's chromium (``scripts/install-browser`` installs it).
CHROMIUM = "/usr/bin/chromium"
#: Headless in a container: no sandbox (no user namespaces), no GPU, and nothing that reaches
#: the network on its own (updates, sync, field trials).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SRC_DIR = Path(__file__).resolve().parents[2]


def browser_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing: run scripts/install-browser (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -r requirements.lock)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_interface(app: str = "postguard.webui.app:create_demo_app", timeout: float = 60.0,
                      policy: str | Path | None = None, submit_url: str | None = None,
                      env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``uvicorn --factory app`` on a free loopback port (on ``policy``, submitting to
    ``submit_url``, with ``env`` added to the environment, when given); yield its base URL; stop it."""
    env = {**os.environ, **({"POSTGUARD_UI_POLICY": str(policy)} if policy else {}),
           **({"POSTGUARD_UI_SUBMIT_URL": submit_url} if submit_url else {}),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC_DIR), os.environ.get("PYTHONPATH")])),
           "OMP_NUM_THREADS": "1", **(env or {})}
    # The port is free when chosen but another process may take it before uvicorn binds it.
    for attempt in range(3):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", app, "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", "--no-access-log"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(process, f"{base}/ui/compose", timeout)
        except _PortTaken:
            continue
        except BaseException:
            _stop(process)
            raise
        try:
            yield base
        finally:
            _stop(process)
        return
    raise RuntimeError("no free loopback port for the interface server after 3 attempts")


class _PortTaken(Exception):
    pass


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_up(process: subprocess.Popen, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            if "address already in use" in output.lower():
                raise _PortTaken(output)
            raise RuntimeError(f"the interface server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the interface server did not answer {url} within {timeout:.0f} s")
