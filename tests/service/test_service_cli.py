"""The service commands: db upgrade|current, users create|list|set-role|deactivate|token, serve."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from postguard.cli import app as cli_app
from service_helpers import PASSWORD

SRC = Path(__file__).resolve().parents[2] / "src"


def _run(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(cli_app, list(args), input=stdin)
    return result.exit_code, result.output


def test_db_upgrade_and_current_on_a_fresh_data_dir(tmp_path):
    data = str(tmp_path / "data")
    from postguard.store.migrate import head

    # The head is whatever the newest migration is (branches add theirs after 0001).
    assert _run("db", "current", "--data-dir", data) == (0, f"empty (head {head()}): needs `postguard db upgrade`\n")
    code, out = _run("db", "upgrade", "--data-dir", data)
    assert code == 0 and f"revision {head()}" in out and (tmp_path / "data" / "postguard.db").exists()
    assert _run("db", "current", "--data-dir", data)[1].endswith("up to date\n")


def test_users_commands(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTGUARD_DATA_DIR", str(tmp_path))
    assert _run("users", "create", "alice", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    assert _run("users", "create", "bob", "--role", "employee", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    code, out = _run("users", "create", "bob", "--role", "employee", "--password-stdin", stdin=PASSWORD + "\n")
    assert code != 0
    assert _run("users", "create", "carl", "--role", "emperor", "--password-stdin", stdin=PASSWORD + "\n")[0] != 0
    assert _run("users", "set-role", "bob", "reviewer") == (0, "bob is now reviewer\n")
    assert _run("users", "deactivate", "alice") == (0, "alice deactivated\n")
    code, out = _run("users", "list")
    assert out.splitlines() == ["alice\tadmin\tdeactivated\talice", "bob\treviewer\tactive\tbob"]
    code, token = _run("users", "token", "bob", "--name", "ci")
    assert code == 0 and token.startswith("pgt_")
    code, out = _run("audit", "verify")
    assert code == 0 and "intact" in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_creates_and_migrates_the_database_on_first_start(tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC), "POSTGUARD_DATA_DIR": str(tmp_path / "fresh")}
    env.pop("POSTGUARD_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "postguard", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/v1/policies", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start within 60 s"
                time.sleep(0.3)
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert (tmp_path / "fresh" / "postguard.db").exists()
    code, out = _run("db", "current", "--data-dir", str(tmp_path / "fresh"))
    assert out.endswith("up to date\n")
