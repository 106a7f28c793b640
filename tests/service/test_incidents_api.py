"""Incidents through the API on SQLite and PostgreSQL: scan, grow, notify, read, work, export, permissions."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from incident_helpers import INCIDENT_MATRIX, demo_comments, store_incident
from postguard.campaigns.bundle import verify_bundle
from service_helpers import ROLES, assert_error


@pytest.fixture
def notified():
    return []


@pytest.fixture
def api(settings, db, notified):
    from postguard.web.app import create_app

    with TestClient(create_app(settings, db=db, incident_notifier=notified.append),
                    raise_server_exceptions=False) as client:
        yield client


def _audit(api, lead, prefix="incident."):
    return api.get(f"/api/v1/audit?action={prefix}", headers=lead.headers).json()


def test_scan_opens_grows_notifies_and_never_adds_twice(api, staff, notified):
    lead = staff["communications_lead"]
    comments = list(demo_comments())
    cut = len(comments) * 2 // 3
    first = api.post("/api/v1/incidents/scan", json={"comments": comments[:cut]}, headers=lead.headers)
    assert first.status_code == 200, first.text
    assert first.json()["opened"] == ["INC-0001", "INC-0002"] and first.json()["new"] == cut
    assert [e["event"] for e in notified] == ["incident.opened", "incident.opened"]
    opened = notified[0]["incident"]
    assert opened["owner"] == "communications" and opened["accounts"] >= 4 and "text" not in json.dumps(opened)
    # The next days' comments arrive in another request: the waves join the same incidents.
    second = api.post("/api/v1/incidents/scan", json={"comments": comments[cut:]}, headers=lead.headers).json()
    assert second["opened"] == [] and second["grown"] and second["notified"] >= 1
    waves = [e for e in notified[2:] if e["event"] == "incident.wave"]
    assert waves and all(e["incident"]["id"] in second["grown"] for e in waves)
    grown = api.get(f"/api/v1/incidents/{second['grown'][0]}", headers=lead.headers).json()
    assert {w["index"] for w in grown["waves"]} >= {e["wave"]["index"] for e in waves}
    # The same export posted again: nothing new, no notification.
    again = api.post("/api/v1/incidents/scan", json={"comments": comments}, headers=lead.headers).json()
    assert again == {"received": len(comments), "new": 0, "opened": [], "grown": [], "notified": 0}
    actions = [row["action"] for row in _audit(api, lead)]
    assert actions.count("incident.open") == 2 and "incident.grow" in actions and actions.count("incident.scan") == 3
    assert api.get("/api/v1/audit/verify", headers=lead.headers).json()["ok"]


def test_show_has_accounts_comments_waves_targets_and_playbook(api, staff, db):
    lead = staff["communications_lead"]
    incident_id = store_incident(db)
    body = api.get(f"/api/v1/incidents/{incident_id}?lang=he", headers=lead.headers).json()
    assert body["state"] == "open" and body["owner"]["responsibility"] == "communications"
    leader, *members = body["accounts"]
    assert leader["role"] == "leader" and members and all(0 < a["score"] <= 1 for a in body["accounts"])
    reason = members[0]["reasons"][0]
    assert reason["code"] and any("\u0590" <= ch <= "\u05ff" for ch in reason["text"])  # said in Hebrew
    assert body["playbook"]["title"] == "מה עושים במתקפה מתואמת" and len(body["playbook"]["steps"]) == 5
    assert len(body["waves"]) >= 2 and body["targets"] and body["comments"]
    comment = body["comments"][0]["comment"]
    assert {"platform", "id", "permalink", "author", "at", "text"} <= set(comment)
    assert_error(api.get(f"/api/v1/incidents/{incident_id}?lang=de", headers=lead.headers), 422, "invalid_input")
    assert_error(api.get("/api/v1/incidents/INC-0999", headers=lead.headers), 404, "not_found")


def test_acknowledge_then_resolve_each_audited(api, staff, db):
    lead = staff["communications_lead"]
    incident_id = store_incident(db)
    acked = api.post(f"/api/v1/incidents/{incident_id}/acknowledge", json={"note": "lawyer called"},
                     headers=lead.headers).json()
    assert acked["state"] == "acknowledged"
    step = acked["history"][-1]
    assert step["actor"] == f"user:{lead.username}" and step["note"] == "lawyer called"
    event = next(r for r in _audit(api, lead) if r["seq"] == int(step["audit_event_id"]))
    assert event["action"] == "incident.transition" and event["resource"] == f"incident:{incident_id}"
    assert event["payload"] == {"incident_id": incident_id, "from_state": "open", "to_state": "acknowledged",
                                "note": "lawyer called"}
    assert_error(api.post(f"/api/v1/incidents/{incident_id}/acknowledge", json={}, headers=lead.headers),
                 409, "conflict")
    assert api.post(f"/api/v1/incidents/{incident_id}/resolve", json={}, headers=lead.headers).json()["state"] == "resolved"
    assert_error(api.post(f"/api/v1/incidents/{incident_id}/resolve", json={}, headers=lead.headers), 409)
    listed = api.get("/api/v1/incidents?state=resolved", headers=lead.headers).json()
    assert [i["id"] for i in listed] == [incident_id]
    assert api.get("/api/v1/incidents?state=open", headers=lead.headers).json() == []


def test_export_is_linked_to_the_audit_chain(api, staff, db):
    lead = staff["admin"]
    incident_id = store_incident(db)
    response = api.get(f"/api/v1/incidents/{incident_id}/evidence", headers=lead.headers)
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    bundle = response.json()
    assert verify_bundle(bundle) == []
    seq = bundle["audit"]["export_event"]
    assert response.headers["x-audit-event"] == str(seq) and response.headers["x-bundle-sha256"] == bundle["bundle_sha256"]
    event = next(r for r in _audit(api, lead) if r["seq"] == seq)
    assert event["action"] == "incident.export" and event["payload"]["bundle_sha256"] == bundle["bundle_sha256"]
    assert event["prev_hash"] == bundle["audit"]["chain_prev_hash"]
    html = api.get(f"/api/v1/incidents/{incident_id}/evidence?format=html&lang=he", headers=lead.headers)
    assert html.status_code == 200 and 'dir="rtl"' in html.text
    html_seq = int(html.headers["x-audit-event"])
    assert html_seq == seq + 1 and html.headers["x-bundle-sha256"] in html.text
    assert api.get("/api/v1/audit/verify", headers=lead.headers).json()["ok"]


def test_bad_comment_names_its_position_and_stores_nothing(api, staff):
    lead = staff["communications_lead"]
    comments = list(demo_comments()[:5])
    comments[3] = {k: v for k, v in comments[3].items() if k != "author"}
    error = assert_error(api.post("/api/v1/incidents/scan", json={"comments": comments}, headers=lead.headers),
                         422, "invalid_input")
    assert error["message"] == "comments[3]: missing field(s): author"
    good = api.post("/api/v1/incidents/scan", json={"comments": comments[:3]}, headers=lead.headers).json()
    assert good["new"] == 3  # the refused request stored none of its comments
    assert_error(api.post("/api/v1/incidents/scan", json={"comments": []}, headers=lead.headers), 422)


@pytest.mark.parametrize("method,path,body,roles", INCIDENT_MATRIX, ids=[f"{m} {p}" for m, p, _b, _r in INCIDENT_MATRIX])
def test_who_may_and_who_may_not(api, staff, db, method, path, body, roles):
    for role in ROLES:
        url = path.format(incident=store_incident(db))  # fresh, open: a transition by one role never blocks the next
        response = api.request(method, url, json=body, headers=staff[role].headers)
        if role in roles:
            assert response.status_code < 400, f"{role} should be allowed: {response.text}"
        else:
            assert_error(response, 403, "forbidden")
    assert_error(api.request(method, path.format(incident="INC-0001"), json=body), 401, "unauthenticated")


def test_without_a_notifier_given_incidents_go_to_the_durable_webhook_queue(settings, db, staff):
    # The running service (postguard serve) passes no notifier: with POSTGUARD_NOTIFY_URLS set, new
    # incidents are queued beside the inbox's escalations, signed and retried by the same sender.
    from sqlalchemy import select

    from postguard.store.inbox_models import NotifyQueueItem
    from postguard.web.app import create_app

    configured = settings.model_copy(update={"notify_urls": ("http://127.0.0.1:9/hook",), "notify_secret": "s3cret",
                                             "inbox_worker": False})
    with TestClient(create_app(configured, db=db), raise_server_exceptions=False) as client:
        answer = client.post("/api/v1/incidents/scan", json={"comments": list(demo_comments())},
                             headers=staff["communications_lead"].headers)
        assert answer.status_code == 200 and answer.json()["opened"], answer.text
    with db.reader() as session:
        queued = session.scalars(select(NotifyQueueItem).where(NotifyQueueItem.event == "incident.opened")).all()
    assert len(queued) == len(answer.json()["opened"])
    assert {row.payload["incident"]["id"] for row in queued} == set(answer.json()["opened"])
