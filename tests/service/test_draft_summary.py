"""Per-draft finding counts: written with the report, replaced on revision, filled in by the
migration for drafts stored before it (and the conversations' first replies); the list rows of
the review queue and "my drafts"."""
from __future__ import annotations

import importlib
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy import select

from interface_helpers import signed_in
from postguard.store import migrate
from postguard.store.inbox_models import InboxConversation
from postguard.store.models import Draft, DraftFindingCount

MIGRATION = importlib.import_module("postguard.store.migrations.versions.0008_draft_finding_counts")
FLAGGED = "Call me on +47 912 34 567 tomorrow, you idiot. #a #b #c #d #e #f #g"


def _stored_counts(db, draft_id: int) -> Counter:
    with db.reader() as session:
        return Counter({(row.category, row.severity): row.findings for row in session.scalars(
            select(DraftFindingCount).where(DraftFindingCount.draft_id == draft_id))})


def _report_counts(report: dict) -> Counter:
    return Counter((f["category"], f["severity"]) for f in report["findings"])


def test_submitting_and_revising_keep_the_counts_of_the_report(client, staff, db):
    author = staff["employee"]
    draft = client.post("/api/v1/drafts", json={"text": FLAGGED, "language": "en", "request_review": True,
                                                "justification": "needed"}, headers=author.headers).json()
    counts = _stored_counts(db, draft["id"])
    assert sum(counts.values()) == len(draft["report"]["findings"]) >= 3
    assert counts == _report_counts(draft["report"]) and len({c for c, _s in counts}) >= 2
    with db.reader() as session:
        assert session.get(Draft, draft["id"]).finding_count == len(draft["report"]["findings"])
    reviewer = staff["reviewer"]
    assert client.post(f"/api/v1/drafts/{draft['id']}/decision", json={"decision": "request_changes", "comment": "calmer"},
                       headers=reviewer.headers).status_code == 200
    revised = client.put(f"/api/v1/drafts/{draft['id']}", json={"text": "Proud of the team today.", "language": "en"},
                         headers=author.headers).json()
    assert revised["report"]["findings"] == [] and _stored_counts(db, draft["id"]) == Counter()
    with db.reader() as session:
        assert session.get(Draft, draft["id"]).finding_count == 0


def test_the_list_rows_say_what_the_whole_drafts_say(client, staff):
    author, reviewer = staff["employee"], staff["reviewer"]
    for text in (FLAGGED, "Big news #a #b #c #d #e #f #g " + "long " * 40):
        client.post("/api/v1/drafts", json={"text": text, "language": "en", "request_review": True,
                                            "justification": "needed"}, headers=author.headers)
    whole = client.get("/api/v1/drafts/queue", headers=reviewer.headers).json()
    lines = client.get("/api/v1/drafts/queue/lines", headers=reviewer.headers).json()
    assert [line["id"] for line in lines] == [d["id"] for d in whole]
    for line, draft in zip(lines, whole):
        assert line["finding_count"] == len(draft["report"]["findings"])
        assert line["categories"] == sorted({f["category"] for f in draft["report"]["findings"]})
        assert draft["text"].startswith(line["excerpt"].rstrip("…")) and len(line["excerpt"]) <= 140
    mine = client.get("/api/v1/drafts/lines", headers=author.headers).json()
    assert [line["id"] for line in mine] == [d["id"] for d in reversed(whole)]  # newest first
    assert client.get("/api/v1/drafts/queue/lines", headers=author.headers).status_code == 403


def test_the_review_queue_pages_through_waiting_drafts(client, staff):
    author = staff["employee"]
    for number in range(53):
        client.post("/api/v1/drafts", json={"text": f"Draft number {number} #a #b #c #d #e #f #g", "language": "en"},
                    headers=author.headers)
    signed_in(client, staff["reviewer"].username)
    first = client.get("/ui/review").text
    assert len(re.findall(r'<li class="row card" data-draft=', first)) == 50
    assert 'rel="next" href="/ui/review?page=2"' in first and 'rel="prev"' not in first
    second = client.get("/ui/review", params={"page": 2}).text
    assert len(re.findall(r'<li class="row card" data-draft=', second)) == 3
    assert 'rel="prev" href="/ui/review?page=1"' in second and 'rel="next"' not in second


# -- the migration fills in the counts of drafts stored before it --------------------------------

def test_the_migration_counts_the_findings_of_drafts_stored_before_it(empty_database):
    db = empty_database
    migrate.upgrade(db.engine, MIGRATION.down_revision)
    now = datetime.now(timezone.utc)
    users = sa.table("users", *(sa.column(c) for c in ("id", "username", "display_name", "role", "language",
                                                       "is_active", "created_at", "updated_at")))
    versions = sa.table("policy_versions", *(sa.column(c) for c in ("number", "name", "revision", "source", "sha256",
                                                                    "created_at")))
    drafts = sa.table("drafts", *(sa.column(c) for c in ("id", "author_id", "text", "account", "channel", "status",
                                                         "verdict", "policy_version", "created_at", "updated_at")),
                      sa.column("report", sa.JSON()))
    finding = {"code": "PG101", "category": "spam", "severity": "warn"}
    reports = {1: {"findings": [finding, finding, {**finding, "category": "conduct", "severity": "block"}]},
               2: {"findings": []}, 3: {"findings": [{**finding, "category": "personal_data"}]}}
    with db.engine.begin() as connection:
        connection.execute(users.insert(), [dict(id=1, username="old", display_name="", role="employee", language="en",
                                                 is_active=True, created_at=now, updated_at=now)])
        connection.execute(versions.insert(), [dict(number=1, name="p", revision="1", source="", sha256="0" * 64,
                                                    created_at=now)])
        connection.execute(drafts.insert(), [dict(id=i, author_id=1, text="t", account="personal", channel="linkedin",
                                                  status="pending_review", verdict="warn", policy_version=1, report=r,
                                                  created_at=now, updated_at=now) for i, r in reports.items()])
        conversations = sa.table("inbox_conversations", *(sa.column(c) for c in (
            "id", "platform", "thread_key", "case_number", "status", "customer_handle", "situation", "urgency",
            "escalated", "arrived_via", "received_at", "created_at", "updated_at")))
        connection.execute(conversations.insert(), [dict(
            id=i, platform="facebook", thread_key=f"t{i}", case_number=f"C-{i}", status="open", customer_handle=f"c{i}",
            situation="question", urgency="normal", escalated=False, arrived_via="official", received_at=now,
            created_at=now, updated_at=now) for i in (1, 2)])
        replies = sa.table("inbox_replies", *(sa.column(c) for c in (
            "conversation_id", "kind", "status", "text", "language", "created_at", "sent_at")))
        connection.execute(replies.insert(), [
            dict(conversation_id=1, kind="acknowledgement", status="sent", text="a", language="en", created_at=now,
                 sent_at=now + timedelta(minutes=1)),
            dict(conversation_id=1, kind="reply", status="sent", text="b", language="en", created_at=now,
                 sent_at=now + timedelta(hours=2)),
            dict(conversation_id=1, kind="reply", status="sent", text="c", language="en", created_at=now,
                 sent_at=now + timedelta(hours=5)),
            dict(conversation_id=2, kind="reply", status="suggested", text="d", language="en", created_at=now,
                 sent_at=None)])
    migrate.upgrade(db.engine)
    assert migrate.current(db.engine) == migrate.head()
    with db.reader() as session:  # the first reply a person sent; the acknowledgement is none
        first = dict(session.execute(select(InboxConversation.id, InboxConversation.first_reply_at)).all())
        assert first == {1: now + timedelta(hours=2), 2: None}
    for draft_id, report in reports.items():
        assert _stored_counts(db, draft_id) == _report_counts(report)
    with db.reader() as session:
        assert dict(session.execute(select(Draft.id, Draft.finding_count)).all()) == {1: 3, 2: 0, 3: 1}
