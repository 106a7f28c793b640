"""Reports read from ``advocacy_daily`` give exactly what the shares, click counts and engagement
they sum give when read directly (the queries reports ran before, in advocacy_reference.py), for
every dimension, period and filter, after the changes that move numbers between rows: clicks
on several days, a team change after sharing, two shares naming one post, engagement imported
before its post is known, a post address changed, an export imported again. On SQLite and
PostgreSQL."""
from __future__ import annotations

import importlib.util
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from advocacy_reference import reference_report
from postguard.advocacy.content import ContentItem
from postguard.advocacy.engagement import EngagementRow
from postguard.auth.permissions import CLI_ACTOR
from postguard.store import advocacy, advocacy_daily, advocacy_metrics, migrations, people
from postguard.store.advocacy_models import DAILY_METRICS, AdvocacyDaily
from postguard.store.clicks import Click, write_clicks

START = datetime(2026, 9, 6, 22, 30, tzinfo=timezone.utc)  # a Sunday evening: the next click is in another ISO week


def _person(session, username: str, team: str | None):
    user = people.create_user(session, actor=CLI_ACTOR, username=username, role="employee", password=None, passwords=None)
    if team:
        advocacy.update_profile(session, actor=CLI_ACTOR, username=username, team=team, set_team=True)
    return people.actor_of(user)


def _item(session, key: str, campaign: str) -> int:
    row = advocacy.create_content(session, actor=CLI_ACTOR, item=ContentItem(
        id=key, campaign=campaign, texts={"en": f"Our solar park {key} is live! #GreenerNorth"},
        link=f"https://nordlys.example/{key}", hashtags=("#GreenerNorth",)))
    row.status = "approved"
    return row.id


def _import(db, rows: list[EngagementRow]) -> None:
    with db.writer() as session:
        advocacy_metrics.import_engagement(session, actor=CLI_ACTOR, rows=rows, source="test.csv")
        session.commit()


def _post_url(db, actor, share_id: int, url: str) -> None:
    with db.writer() as session:
        advocacy.set_post_url(session, actor=actor, share_id=share_id, post_url=url)
        session.commit()


@pytest.fixture
def activity(db):
    """Three people (one without a team), three items in two campaigns, five weeks of activity."""
    with db.writer() as session:
        ana, bo, cy = _person(session, "ana", "sales"), _person(session, "bo", "it"), _person(session, "cy", None)
        items = [_item(session, "a1", "Campaign A"), _item(session, "a2", "Campaign A"), _item(session, "b1", "Campaign B")]
        session.commit()
    shares = {}
    for n, (actor, item, channel, days) in enumerate([(ana, 0, "linkedin", 0), (ana, 1, "linkedin", 8), (bo, 0, "linkedin", 1),
                                                      (bo, 2, "facebook", 15), (cy, 2, "linkedin", 22), (cy, 0, "x", 29)]):
        at = START + timedelta(days=days, minutes=n)
        shares[n] = advocacy.share_item(db, actor=actor, item_id=items[item], channel=channel, base_url="http://x/", at=at).share.id
    with db.writer() as session:  # ana moves after sharing: her shares stay with sales
        advocacy.update_profile(session, actor=CLI_ACTOR, username="ana", team="it", set_team=True)
        session.commit()
    clicks = [Click(shares[n], START + timedelta(days=d, hours=h), bot, f"v{n}{d}{h}")
              for n, d, h, bot in [(0, 0, 1, False), (0, 0, 1, True), (0, 1, 3, False), (0, 9, 0, False), (1, 8, 2, False),
                                   (2, 1, 5, False), (2, 2, 0, True), (3, 15, 4, False), (3, 40, 0, False), (5, 29, 3, True)]]
    write_clicks(db, clicks[:4])
    write_clicks(db, clicks[4:])  # a second batch adds to days the first one wrote
    _post_url(db, ana, shares[0], "https://www.linkedin.com/posts/ana-1")
    _post_url(db, bo, shares[2], "https://www.linkedin.com/posts/ana-1")  # two shares naming one post
    _import(db, [EngagementRow("https://www.linkedin.com/posts/ana-1", 10, 2, 1, 500, START.date() + timedelta(days=1)),
                 EngagementRow("https://www.linkedin.com/posts/ana-1", 4, 0, 0, 90, START.date() + timedelta(days=5)),
                 EngagementRow("https://www.facebook.com/posts/bo-4", 7, 1, 3, 800, START.date() + timedelta(days=16)),
                 EngagementRow("https://x.com/cy/6", 0, 0, 0, 0, START.date() + timedelta(days=31))])
    _post_url(db, bo, shares[3], "https://www.facebook.com/posts/bo-4")  # imported before the post was known
    _post_url(db, cy, shares[5], "https://x.com/cy/6")
    _post_url(db, bo, shares[2], "https://www.linkedin.com/posts/bo-3")  # moved away: loses ana's engagement
    _import(db, [EngagementRow("https://www.linkedin.com/posts/ana-1", 12, 3, 1, 650, START.date() + timedelta(days=1))])
    return shares


def _table(db) -> set[tuple]:
    with db.reader() as session:
        return {tuple(row) for row in session.execute(select(AdvocacyDaily.share_id, AdvocacyDaily.day, AdvocacyDaily.item_id,
                                                             AdvocacyDaily.team, AdvocacyDaily.user_id,
                                                             *(getattr(AdvocacyDaily, m) for m in DAILY_METRICS)))}


PERIODS = [(None, None), (START.date() + timedelta(days=1), START.date() + timedelta(days=16)), (None, date(2026, 9, 7)),
           (date(2026, 9, 11), date(2026, 9, 11))]  # a day only engagement made: share 2's left with its address
FILTERS = [{}, {"campaign": "Campaign A"}, {"team": "sales"}, {"campaign": "Campaign B", "team": "it"}, {"campaign": "None"}]


def test_reports_equal_the_sums_of_shares_clicks_and_engagement(db, activity):
    with db.reader() as session:
        for by in advocacy_metrics.DIMENSIONS:
            for since, until in PERIODS:
                for filters in FILTERS:
                    expected = reference_report(session, by=by, since=since, until=until, **filters)
                    found = advocacy_metrics.report(session, actor=CLI_ACTOR, by=by, since=since, until=until, **filters)
                    assert found == expected, (by, since, until, filters)


def test_report_numbers(db, activity):
    with db.reader() as session:
        by_team = advocacy_metrics.report(session, actor=CLI_ACTOR, by="team")
        by_week = advocacy_metrics.report(session, actor=CLI_ACTOR, by="week", campaign="Campaign A")
    assert [(r["team"], r["shares"], r["clicks"], r["bot_clicks"], r["likes"], r["impressions"], r["engagement"])
            for r in by_team] == [("sales", 2, 4, 1, 16, 740, 20), ("it", 2, 3, 1, 7, 800, 11), ("", 2, 0, 1, 0, 0, 0)]
    # Campaign A: shares 0, 1, 2 and 5. Sunday 6 September 22:30 is in week 36 (share 0, its first
    # two clicks); Monday 7 to Sunday 13 is week 37 (share 2, three clicks, the post's likes of
    # days 1 and 5); share 1 on day 8 and share 0's click on day 9 are in week 38; share 5 on
    # Monday 5 October, its bot click and its all-zero engagement row are in week 41.
    assert [(r["week"], r["shares"], r["clicks"], r["bot_clicks"], r["likes"]) for r in by_week] == [
        ("2026-W36", 1, 1, 1, 0), ("2026-W37", 1, 2, 1, 16), ("2026-W38", 1, 2, 0, 0), ("2026-W41", 1, 0, 1, 0)]


def test_the_kept_table_equals_one_rebuilt_from_scratch(db, activity):
    kept = _table(db)
    with db.engine.begin() as connection:
        assert advocacy_daily.rebuild(connection) == len(kept)
    assert _table(db) == kept


def test_the_migrations_backfill_gives_the_kept_table(db, activity):
    path = Path(migrations.__file__).parent / "versions" / "0006_advocacy_daily.py"
    spec = importlib.util.spec_from_file_location("advocacy_daily_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    kept = _table(db)
    with db.engine.begin() as connection:
        connection.execute(delete(AdvocacyDaily))
        connection.exec_driver_sql(migration.backfill_sql(not db.is_sqlite))
    assert _table(db) == kept
