"""What makes a stateless check cheap without making it wrong: the short per-process memory of
token holders and of the active policy, rules-only checks, and the worker count."""
from __future__ import annotations

import time

from fastapi.testclient import TestClient

from postguard.auth.permissions import CLI_ACTOR
from postguard.cli.serve_cmd import processes
from postguard.store import people, policies
from postguard.web.app import create_app
from postguard.web.recent import Recent
from service_helpers import assert_error, policy_source


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_recent_entries_expire_and_can_be_cut_short():
    clock = Clock()
    recent: Recent[str, int] = Recent(2.0, clock=clock)
    recent.put("a", 1)
    recent.put("b", 2, seconds=0.5)  # e.g. a token that expires sooner
    recent.put("c", 3, seconds=30)  # never longer than configured
    clock.now += 1
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)
    clock.now += 1.5
    assert (recent.get("a"), recent.get("c")) == (None, None)
    off: Recent[str, int] = Recent(0)
    assert off.put("a", 1) == 1 and off.get("a") is None and len(off) == 0


def test_recent_starts_over_when_full():
    recent: Recent[int, int] = Recent(10, capacity=3)
    for key in range(3):
        recent.put(key, key)
    recent.put(99, 99)
    assert len(recent) == 1 and recent.get(99) == 99 and recent.get(0) is None


def test_revocation_through_the_api_takes_effect_at_once(client, staff):
    mine = client.post("/api/v1/tokens", json={"name": "short"}, headers=staff["employee"].headers).json()
    headers = {"Authorization": f"Bearer {mine['secret']}"}
    assert client.post("/api/v1/checks", json={"text": "Hi"}, headers=headers).status_code == 200  # remembered now
    assert client.delete(f"/api/v1/tokens/{mine['id']}", headers=staff["admin"].headers).status_code == 200
    assert_error(client.post("/api/v1/checks", json={"text": "Hi"}, headers=headers), 401, "unauthenticated")


def test_role_change_through_the_api_takes_effect_at_once(client, staff, make_person):
    someone = make_person("employee")
    assert client.get("/api/v1/drafts/queue", headers=someone.headers).status_code == 403
    client.put(f"/api/v1/users/{someone.username}/role", json={"role": "reviewer"}, headers=staff["admin"].headers)
    assert client.get("/api/v1/drafts/queue", headers=someone.headers).status_code == 200


def test_changes_made_by_another_process_are_seen_within_cache_seconds(settings, db, make_person):
    person = make_person("employee")
    app = create_app(settings.model_copy(update={"cache_seconds": 0.5}), db=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/api/v1/checks", json={"text": "Hi"}, headers=person.headers).status_code == 200
        with db.writer() as session:  # as `postguard users deactivate` would, from another process
            people.deactivate(session, actor=CLI_ACTOR, username=person.username)
            session.commit()
        assert client.post("/api/v1/checks", json={"text": "Hi"}, headers=person.headers).status_code == 200
        time.sleep(0.6)
        assert_error(client.post("/api/v1/checks", json={"text": "Hi"}, headers=person.headers), 401)


def test_without_the_memory_every_call_looks_up(settings, db, make_person):
    person = make_person("employee")
    app = create_app(settings.model_copy(update={"cache_seconds": 0}), db=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/api/v1/checks", json={"text": "Hi"}, headers=person.headers).status_code == 200
        with db.writer() as session:
            people.deactivate(session, actor=CLI_ACTOR, username=person.username)
            session.commit()
        assert_error(client.post("/api/v1/checks", json={"text": "Hi"}, headers=person.headers), 401)


def test_activation_is_seen_by_the_next_check(client, staff, db):
    employee = staff["employee"].headers
    assert client.post("/api/v1/checks", json={"text": "Hi"}, headers=employee).headers["X-Policy-Version"] == "1"
    number = client.post("/api/v1/policies", json={"source": policy_source()},
                         headers=staff["admin"].headers).json()["number"]
    client.post(f"/api/v1/policies/{number}/activate", headers=staff["admin"].headers)
    assert client.post("/api/v1/checks", json={"text": "Hi"}, headers=employee).headers["X-Policy-Version"] == str(number)
    with db.reader() as session:
        assert policies.active_number(session) == number


def test_rules_only_checks_skip_the_model_rules(client, staff):
    headers = staff["employee"].headers
    full = client.post("/api/v1/checks", json={"text": "You are all idiots", "language": "en"}, headers=headers).json()
    rules_only = client.post("/api/v1/checks", json={"text": "You are all idiots", "language": "en", "models": False},
                             headers=headers).json()
    skipped = {s["code"] for s in rules_only["skipped"]} - {s["code"] for s in full["skipped"]}
    assert skipped, "the model-based rules are reported as skipped"
    assert not {f["code"] for f in rules_only["findings"]} & skipped


def test_workers_default_to_one_per_core():
    import os

    assert processes(3) == 3
    assert processes(0) == len(os.sched_getaffinity(0))
