"""A server process killed (SIGKILL) while it is answering loses nothing it acknowledged.

A real ``postguard serve`` takes draft submissions from several clients at once; it is killed
while requests are in flight. Every draft whose 201 reached a client must be in the database
with its audit event, the audit chain must verify, and after a restart the retries of the
unanswered requests (same Idempotency-Key) never create a second draft.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from postguard.auth.permissions import CLI_ACTOR
from postguard.auth.secrets import Passwords
from postguard.store import audit, people
from postguard.store.db import Database
from postguard.store.models import AuditEvent, Draft
from postguard.store.setup import prepare

SRC = Path(__file__).resolve().parents[2] / "src"
CLIENTS = 6
#: Kill once this many drafts were acknowledged (requests keep arriving until the kill).
ACKNOWLEDGED_BEFORE_KILL = 25


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    def __init__(self, url: str, data_dir: Path):
        self.port = _free_port()
        self.env = {**os.environ, "PYTHONPATH": str(SRC), "POSTGUARD_DATA_DIR": str(data_dir),
                    "POSTGUARD_DATABASE_URL": url, "POSTGUARD_WARM_UP": "0"}
        self.process = subprocess.Popen([sys.executable, "-m", "postguard", "serve", "--port", str(self.port),
                                         "--workers", "1"], env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=(data_dir / "server.log").open("ab"))
        self.log = data_dir / "server.log"
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.get(f"{self.base}/openapi.json", timeout=2)
                return
            except httpx.TransportError:
                assert self.process.poll() is None, self.log.read_text()
                assert time.monotonic() < deadline, "the server did not start within 90 s"
                time.sleep(0.2)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def _url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'killed.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    url = _url(request, tmp_path)
    db = Database.from_url(url)
    prepare(db)
    with db.writer() as session:  # a fresh author per run: the PostgreSQL schema is shared by the session
        user = people.create_user(session, actor=CLI_ACTOR, username=f"writer-{os.getpid()}-{time.time_ns() % 10**8}",
                                  role="employee", password=None, passwords=Passwords(time_cost=1, memory_kib=64))
        _token, secret = people.create_token(session, actor=CLI_ACTOR, name="kill test", for_user=user)
        session.commit()
        user_id = user.id
    db.dispose()
    return url, secret, user_id


def test_a_killed_server_loses_nothing_it_acknowledged(store_url, tmp_path):
    url, secret, user_id = store_url
    headers = {"Authorization": f"Bearer {secret}"}
    acknowledged: dict[str, int] = {}
    unanswered: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    server = _Server(url, tmp_path)

    def client(number: int) -> None:
        with httpx.Client(base_url=server.base, headers=headers, timeout=60) as http:
            sent = 0
            while not stop.is_set():
                sent += 1
                key = f"kill-{number}-{sent}"
                try:
                    response = http.post("/api/v1/drafts", headers={"Idempotency-Key": key},
                                         json={"text": f"Draft {sent} from client {number}: our new solar park is live!",
                                               "language": "en"})
                except httpx.TransportError:  # in flight when the server died
                    with lock:
                        unanswered.append(key)
                    return
                assert response.status_code == 201, f"{response.text}\n{server.log.read_text()[-3000:]}"
                with lock:
                    acknowledged[key] = response.json()["id"]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < ACKNOWLEDGED_BEFORE_KILL:
            assert time.monotonic() < deadline, f"only {len(acknowledged)} drafts acknowledged in 120 s"
            assert all(t.is_alive() for t in threads), "a client stopped before the kill"
            time.sleep(0.01)
        server.kill()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.stop()
    with lock:
        acknowledged_now = dict(acknowledged)
    assert unanswered, "no request was in flight when the server was killed"

    db = Database.from_url(url)
    try:
        with db.reader() as session:
            stored = dict(session.execute(select(Draft.idempotency_key, Draft.id)
                                          .where(Draft.author_id == user_id)).all())
            missing = {key: draft_id for key, draft_id in acknowledged_now.items() if stored.get(key) != draft_id}
            assert not missing, f"acknowledged drafts lost after the kill: {missing}"
            submitted = session.scalar(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "draft.submit", AuditEvent.resource.in_([f"draft:{i}" for i in stored.values()])))
            assert submitted == len(stored), "every stored draft has its audit event, and nothing more"
            assert audit.verify(session).ok
        before = len(stored)

        # Restarted, the server answers the retries of what was in flight, never twice.
        server = _Server(url, tmp_path)
        try:
            with httpx.Client(base_url=server.base, headers=headers, timeout=60) as http:
                for key in unanswered + list(acknowledged_now)[:3]:
                    number, sent = key.split("-")[1:]
                    response = http.post("/api/v1/drafts", headers={"Idempotency-Key": key},
                                         json={"text": f"Draft {sent} from client {number}: our new solar park is live!",
                                               "language": "en"})
                    assert response.status_code in (200, 201), response.text
                    if key in acknowledged_now:
                        assert response.status_code == 200 and response.json()["id"] == acknowledged_now[key]
        finally:
            server.stop()
        with db.reader() as session:
            keys = session.scalars(select(Draft.idempotency_key).where(Draft.author_id == user_id)).all()
            assert len(keys) == len(set(keys)) == before + len([k for k in unanswered if k not in stored])
            assert audit.verify(session).ok
    finally:
        db.dispose()
