"""Keeping ``advocacy_daily`` (what each share did each day) in step with what it sums.

Reports read this one table (``store.advocacy_metrics.report``); it is written in the same
transaction as the shares, click counts and engagement it adds up, so it always agrees with
them. ``rebuild`` computes it from those tables from scratch: the migration that adds it does
the same, and tests compare the two.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timezone
from typing import Any

from sqlalchemy import (Connection, Date, Integer, bindparam, cast, delete, exists, func, literal, select, text, union_all,
                        update)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .advocacy_models import DAILY_METRICS, AdvocacyDaily, Engagement, LinkClicksDaily, Share

ENGAGEMENT = ("likes", "comments", "reshares", "impressions")
#: Counters that events add to (a share, a click); engagement is replaced instead (exports are snapshots).
_ADDED = ("shares", "clicks", "bot_clicks")
#: Rows per statement when a list of ids is bound: SQLite allows at most 32,766 parameters.
_CHUNK = 500


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]


def _insert(dialect: str) -> Any:
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(AdvocacyDaily)


def _adding(dialect: str) -> Any:
    """INSERT … ON CONFLICT that adds shares and clicks to the day's row (creating it)."""
    statement = _insert(dialect)
    return statement.on_conflict_do_update(
        index_elements=["share_id", "day"],
        set_={name: getattr(AdvocacyDaily, name) + getattr(statement.excluded, name) for name in _ADDED})


def _row(share: Any, day: date, **counts: int) -> dict[str, Any]:
    return {"share_id": share.id, "day": day, "item_id": share.item_id, "team": share.team, "user_id": share.user_id,
            **dict.fromkeys(DAILY_METRICS, 0), **counts}


def add_share(session: Session, share: Share) -> None:
    """Count a new share on its (UTC) day."""
    day = share.created_at.astimezone(timezone.utc).date()
    session.execute(_adding(session.get_bind().dialect.name), [_row(share, day, shares=1)])


#: Adds a day's clicks of a share, copying the share's item, team and person from ``shares`` in
#: the same statement: the click writer runs it for every batch, so it is built once and needs
#: no lookup of its own. (``WHERE`` before ``ON CONFLICT`` also keeps SQLite's parser unambiguous.)
_ADD_CLICKS = text(
    "INSERT INTO advocacy_daily (share_id, day, item_id, team, user_id, shares, clicks, bot_clicks, likes, comments,"
    " reshares, impressions)"
    " SELECT id, :day, item_id, team, user_id, 0, :clicks, :bot_clicks, 0, 0, 0, 0 FROM shares WHERE id = :share_id"
    " ON CONFLICT (share_id, day) DO UPDATE SET clicks = advocacy_daily.clicks + excluded.clicks,"
    " bot_clicks = advocacy_daily.bot_clicks + excluded.bot_clicks"
).bindparams(bindparam("day", type_=Date), bindparam("clicks", type_=Integer), bindparam("bot_clicks", type_=Integer))


def add_clicks(connection: Connection, counts: dict[tuple[int, date], dict[str, int]]) -> None:
    """Add ``{(share id, day): {"clicks": n, "bot_clicks": m}}`` (the click writer's transaction)."""
    if counts:
        connection.execute(_ADD_CLICKS, [{"share_id": share_id, "day": day, **added}
                                         for (share_id, day), added in sorted(counts.items())])


def refresh_engagement(session: Session, share_ids: Iterable[int]) -> None:
    """Set these shares' engagement from the engagement rows their post addresses match now.

    Called after an import (the rows changed) and when a share's address is set (the match
    changed). A day left with no share, no click count and no matched engagement is removed,
    as it would not appear in a report read from those tables either.
    """
    dialect = session.get_bind().dialect.name
    for chunk in _chunks(share_ids):
        session.execute(update(AdvocacyDaily).where(AdvocacyDaily.share_id.in_(chunk))
                        .values(**dict.fromkeys(ENGAGEMENT, 0)))
        matched = session.execute(
            select(Share.id, Share.item_id, Share.team, Share.user_id, Engagement.day,
                   *(getattr(Engagement, name) for name in ENGAGEMENT))
            .join(Engagement, Engagement.post_url == Share.post_url).where(Share.id.in_(chunk))).all()
        if matched:
            statement = _insert(dialect)
            statement = statement.on_conflict_do_update(
                index_elements=["share_id", "day"], set_={name: getattr(statement.excluded, name) for name in ENGAGEMENT})
            session.execute(statement, [{"share_id": m.id, "day": m.day, "item_id": m.item_id, "team": m.team,
                                         "user_id": m.user_id, **dict.fromkeys(_ADDED, 0),
                                         **{name: getattr(m, name) for name in ENGAGEMENT}} for m in matched])
        clicked = exists().where(LinkClicksDaily.share_id == AdvocacyDaily.share_id, LinkClicksDaily.day == AdvocacyDaily.day)
        engaged = (exists().where(Share.id == AdvocacyDaily.share_id, Engagement.post_url == Share.post_url,
                                  Engagement.day == AdvocacyDaily.day))
        session.execute(delete(AdvocacyDaily).where(AdvocacyDaily.share_id.in_(chunk), AdvocacyDaily.shares == 0,
                                                    ~clicked, ~engaged).execution_options(synchronize_session=False))


def share_day(dialect: str, column: Any) -> Any:
    """The UTC calendar day of a timestamp column, on either backend."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def rebuild(connection: Connection) -> int:
    """Compute the whole table again from shares, click counts and engagement; returns its rows."""
    zero = {name: literal(0) for name in DAILY_METRICS}

    def part(share_id: Any, day: Any, **values: Any) -> Any:
        columns = {**zero, **values}
        return select(share_id.label("share_id"), day.label("day"), *(columns[n].label(n) for n in DAILY_METRICS))

    sources = union_all(
        part(Share.id, share_day(connection.dialect.name, Share.created_at), shares=literal(1)),
        part(LinkClicksDaily.share_id, LinkClicksDaily.day, clicks=LinkClicksDaily.clicks,
             bot_clicks=LinkClicksDaily.bot_clicks),
        part(Share.id, Engagement.day, **{n: getattr(Engagement, n) for n in ENGAGEMENT})
        .select_from(Engagement).join(Share, Share.post_url == Engagement.post_url),
    ).subquery()
    summed = (select(Share.id, sources.c.day, Share.item_id, Share.team, Share.user_id,
                     *(func.sum(sources.c[n]) for n in DAILY_METRICS))
              .join(Share, Share.id == sources.c.share_id)
              .group_by(Share.id, sources.c.day, Share.item_id, Share.team, Share.user_id))
    connection.execute(delete(AdvocacyDaily))
    connection.execute(AdvocacyDaily.__table__.insert().from_select(
        ["share_id", "day", "item_id", "team", "user_id", *DAILY_METRICS], summed))
    return connection.scalar(select(func.count()).select_from(AdvocacyDaily)) or 0
