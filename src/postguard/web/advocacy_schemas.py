"""API models of employee advocacy (separate from the table models in store/advocacy_models.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Optional

from pydantic import Field, HttpUrl

from ..advocacy.content import Media
from ..context import CHANNELS
from ..policy.schema import LanguageCode
from .schemas import Model

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
Kind = Literal["share", "click", "like", "comment", "reshare", "impression"]


class ContentCreate(Model):
    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                     description="A readable identifier, e.g. sun-launch-1")
    campaign: str = Field(min_length=1, max_length=200)
    texts: dict[LanguageCode, str] = Field(description="The text per language (pl, no, sv, he, nl, en)")
    link: Optional[HttpUrl] = Field(default=None, description="Where the tracked link leads")
    media: list[Media] = []
    hashtags: list[str] = Field(default=[], description="Campaign hashtags, e.g. #GreenerNorth")
    teams: list[str] = Field(default=[], description="Teams it is meant for; empty means everyone")
    embargo_until: Optional[datetime] = Field(default=None, description="Not shareable before (with a time zone)")
    expires_at: Optional[datetime] = Field(default=None, description="Not shareable from (with a time zone)")


class ContentPublic(Model):
    id: int
    key: str
    campaign: str
    texts: dict[str, str]
    link: Optional[str]
    media: list[dict[str, str]]
    hashtags: list[str]
    teams: list[str]
    embargo_until: Optional[datetime]
    expires_at: Optional[datetime]
    status: str
    created_at: datetime
    approved_at: Optional[datetime]


class Withdrawal(Model):
    reason: str = Field(min_length=1, max_length=2000)


class LibraryItem(Model):
    """An item one may share now, shown in one's language."""

    id: int
    key: str
    campaign: str
    language: str
    text: str
    link: Optional[str]
    hashtags: list[str]
    media: list[dict[str, str]]
    expires_at: Optional[datetime]
    #: The share already made on each channel: channel -> share id.
    shared_on: dict[str, int] = {}


class ShareRequest(Model):
    channel: Channel = "linkedin"  # type: ignore[valid-type]


class SharePublic(Model):
    id: int
    item_id: int
    campaign: str
    username: str
    team: Optional[str]
    channel: str
    language: str
    text: str
    tracked_link: Optional[str]
    verdict: str
    report: dict[str, Any]
    policy_version: int
    post_url: Optional[str]
    created_at: datetime
    language_fallback: bool = False


class PostUrl(Model):
    post_url: str = Field(min_length=8, max_length=2000)


class ImportAnswer(Model):
    rows: int
    matched: int
    unmatched_urls: list[str]


class CompetitionIn(Model):
    name: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    ends_at: datetime
    points: dict[Kind, float] = Field(description="Points per share, click, like, comment, reshare, impression")  # type: ignore[valid-type]
    prizes: list[str] = Field(default=[], description="Prizes by rank: the first for rank 1")
    teams: list[str] = Field(default=[], description="Only these teams take part; empty means everyone")


class CompetitionPublic(Model):
    id: int
    name: str
    starts_at: datetime
    ends_at: datetime
    points: dict[str, float]
    prizes: list[str]
    teams: list[str]
    cancelled_at: Optional[datetime]


class Standing(Model):
    rank: int = Field(description="0 for one's own line when opted out of the public board")
    username: str
    name: str
    points: float
    prize: Optional[str]
    breakdown: dict[str, float]
    is_viewer: bool


class Leaderboard(Model):
    competition: CompetitionPublic
    viewer_opted_out: bool
    standings: list[Standing]


class ProfilePublic(Model):
    username: str
    team: Optional[str]
    leaderboard_opt_out: bool


class OptOut(Model):
    leaderboard_opt_out: bool


class TeamChange(Model):
    team: Optional[str] = Field(default=None, max_length=64)


class ReportRow(Model):
    model_config = Model.model_config | {"extra": "allow"}

    shares: int
    clicks: int
    bot_clicks: int
    likes: int
    comments: int
    reshares: int
    impressions: int
    engagement: int


ReportBy = Literal["campaign", "team", "employee", "week"]
ReportFormat = Literal["json", "csv"]
