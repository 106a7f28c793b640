"""Moderation (R16): permission from the policy, a reason, the author told, nothing deleted."""
from __future__ import annotations

from sqlalchemy import func, select

from postguard.store.models import Post, PostRevision
from service_helpers import assert_error, policy_source


def _post(client, person, text="Our new office opens Monday!", **extra):
    response = client.post("/api/v1/posts", json={"text": text, **extra}, headers=person.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _moderate(client, person, post_id, action, reason="Shares a customer's phone number"):
    return client.post(f"/api/v1/posts/{post_id}/moderation", json={"action": action, "reason": reason},
                       headers=person.headers)


def test_edits_keep_every_revision(client, staff):
    employee = staff["employee"]
    post = _post(client, employee)
    client.patch(f"/api/v1/posts/{post['id']}", json={"text": "Our new office opens Tuesday!"}, headers=employee.headers)
    shown = client.get(f"/api/v1/posts/{post['id']}", headers=staff["candidate"].headers).json()
    assert shown["text"] == "Our new office opens Tuesday!"
    assert [r["text"] for r in shown["revisions"]] == ["Our new office opens Monday!", "Our new office opens Tuesday!"]
    assert_error(client.patch(f"/api/v1/posts/{post['id']}", json={"text": "hacked"}, headers=staff["admin"].headers), 403)


def test_hide_delete_restore_follow_the_policy_roles(client, staff, db):
    author, spokesperson, lead = staff["employee"], staff["spokesperson"], staff["communications_lead"]
    post = _post(client, author)
    comment = _post(client, staff["reviewer"], "Congratulations!", kind="comment", parent_id=post["id"])
    for role in ("employee", "reviewer", "candidate", "admin"):
        assert_error(_moderate(client, staff[role], post["id"], "hide"), 403)
    assert_error(_moderate(client, spokesperson, post["id"], "hide", reason=""), 422)
    hidden = _moderate(client, spokesperson, post["id"], "hide").json()
    assert hidden["status"] == "hidden"
    assert_error(_moderate(client, spokesperson, comment["id"], "delete"), 403)  # default: only the lead deletes
    deleted = _moderate(client, lead, post["id"], "delete").json()
    assert deleted["status"] == "deleted"
    assert client.get(f"/api/v1/posts/{post['id']}", headers=staff["candidate"].headers).json()["text"] is None
    kept = client.get(f"/api/v1/posts/{post['id']}", headers=author.headers).json()
    assert kept["text"] == "Our new office opens Monday!"
    assert [(m["action"], m["reason"]) for m in kept["moderation"]] == [
        ("hide", "Shares a customer's phone number"), ("delete", "Shares a customer's phone number")]
    restored = _moderate(client, staff["admin"], post["id"], "restore").json()
    assert restored["status"] == "visible" and restored["text"] == "Our new office opens Monday!"
    assert_error(_moderate(client, staff["admin"], post["id"], "restore"), 409)
    notes = client.get("/api/v1/notifications", headers=author.headers).json()
    assert [n["kind"] for n in notes] == ["post.restore", "post.delete", "post.hide"]
    assert notes[-1]["payload"]["reason"] == "Shares a customer's phone number"
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 2
        assert session.scalar(select(func.count()).select_from(PostRevision)) == 2


def test_moderation_rights_come_from_the_active_policy(client, staff):
    admin = staff["admin"]
    source = policy_source(moderation={"hide": ["reviewer"], "delete": ["reviewer"], "restore": ["reviewer"]})
    client.post("/api/v1/policies", json={"source": source}, headers=admin.headers)
    client.post("/api/v1/policies/2/activate", headers=admin.headers)
    post = _post(client, staff["employee"])
    assert_error(_moderate(client, staff["spokesperson"], post["id"], "hide"), 403)
    moderated = _moderate(client, staff["reviewer"], post["id"], "delete").json()
    assert moderated["status"] == "deleted" and moderated["moderation"][0]["policy_version"] == 2


def test_posts_validate_input(client, staff):
    employee = staff["employee"]
    assert_error(client.post("/api/v1/posts", json={"text": "x", "kind": "comment"}, headers=employee.headers), 422)
    assert_error(client.post("/api/v1/posts", json={"text": "x", "kind": "comment", "parent_id": 404},
                             headers=employee.headers), 404)
    assert_error(client.post("/api/v1/posts", json={"text": "x", "channel": "fax"}, headers=employee.headers), 422)
    assert_error(client.post("/api/v1/posts", json={"text": "x"}, headers=staff["candidate"].headers), 403)
    assert_error(client.get("/api/v1/posts/12345", headers=employee.headers), 404)
