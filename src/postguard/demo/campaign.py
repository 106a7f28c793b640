"""The demo company under attack: a hater campaign in progress, detected into open incidents.

``campaign.jsonl`` is a slice of the benchmark's world (``benchmarks/campaigns/demo_stream.py``
wrote it): multilingual ordinary comments from real texts, and two coordinated campaigns
(Hebrew and English) whose waves run until the end of the stream. Seeding moves the stream
in time so its last comment is a few hours old, then scans it like any comment feed, so the
incidents, their audit events and the web page are exactly what a real scan produces.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from importlib import resources

from ..campaigns.model import Comment, comment_from_dict
from ..settings import Settings

#: How old the newest demo comment is when the demo starts.
NEWEST_AGE = timedelta(hours=3)


def demo_campaign_comments(now: datetime | None = None) -> list[Comment]:
    """The demo stream, moved so the newest comment is :data:`NEWEST_AGE` before ``now``."""
    text = resources.files("postguard.demo").joinpath("campaign.jsonl").read_text(encoding="utf-8")
    comments = [comment_from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
    shift = (now or datetime.now(timezone.utc)) - NEWEST_AGE - max(c.at for c in comments)
    return [replace(c, at=c.at + shift, author_created=c.author_created + shift if c.author_created else None)
            for c in comments]


def seed_campaign(settings: Settings) -> list[str]:
    """Scan the demo stream into an empty comment store; returns the incidents it opened."""
    from sqlalchemy import select

    from ..cli._service import open_database
    from ..cli.incidents_cmd import scan_file
    from ..store.incident_models import CampaignComment

    comments = demo_campaign_comments()
    first = comments[0]
    db = open_database(settings)
    try:
        # Seeded before when the stream's first comment is stored. Not "any comment": the demo
        # inbox's public comments reach the comment store through triage before this runs.
        with db.reader() as session:
            if session.scalar(select(CampaignComment.id).where(CampaignComment.platform == first.platform,
                                                               CampaignComment.external_id == first.external_id)):
                return []
        _new, opened, _grown = scan_file(db, comments)
        return opened
    finally:
        db.dispose()
