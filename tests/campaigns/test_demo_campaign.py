"""The demo's campaign in progress: scanned into open incidents once, recent, multilingual."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from postguard.demo.campaign import NEWEST_AGE, demo_campaign_comments, seed_campaign
from postguard.settings import Settings


def test_stream_is_recent_and_multilingual():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    comments = demo_campaign_comments(now)
    assert max(c.at for c in comments) == now - NEWEST_AGE
    assert min(c.at for c in comments) > now - timedelta(days=40)
    hebrew = sum(any("\u0590" <= ch <= "\u05ff" for ch in c.text) for c in comments)
    polish = sum(any(ch in "ąęłńśźż" for ch in c.text) for c in comments)
    assert hebrew > 50 and polish > 50


def test_demo_seeds_open_incidents_once(tmp_path):
    from postguard.cli._service import open_database
    from postguard.store.incident_models import IncidentRecord

    from postguard.demo.company import load_demo_inbox

    settings = Settings(data_dir=tmp_path, warm_up=False)
    # As `postguard demo` does: the inbox first, whose public comments reach the comment store too.
    assert load_demo_inbox(settings, classifier="keywords").triaged > 0
    assert seed_campaign(settings) == ["INC-0001", "INC-0002"]
    assert seed_campaign(settings) == []  # already seeded: nothing added
    db = open_database(settings, prepare=False)
    with db.reader() as session:
        rows = session.query(IncidentRecord).order_by(IncidentRecord.id).all()
        assert [r.state for r in rows] == ["open", "open"]
        assert all(r.waves >= 3 and r.accounts >= 5 for r in rows)
        # Both campaigns name their leader; the Hebrew one did not before the lexicon knew complaints
        # ("הולכת ומחמירה", "תימנעו מהם": the leader's posts read as neutral).
        for row in rows:
            leaders = [a["handle"] for a in row.document["accounts"] if a["role"] == "leader"]
            assert len(leaders) == 1, row.id
        hebrew = [r for r in rows if any("\u0590" <= ch <= "\u05ff" for c in r.document["comments"]
                                         for ch in c["comment"]["text"])]
        assert len(hebrew) == 1
        leader = next(a for a in hebrew[0].document["accounts"] if a["role"] == "leader")
        assert leader["reasons"][0]["code"] == "leader_post" and leader["reasons"][0]["params"]["negative_posts"] >= 2
        # In progress: the last wave is days old, not months.
        assert max(r.last_seen for r in rows) > datetime.now(timezone.utc) - timedelta(days=7)
    db.dispose()
