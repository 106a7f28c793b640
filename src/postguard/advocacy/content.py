"""Items of the content library (R17) and whether one may be shared at a given moment."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from ..policy.schema import LanguageCode

Availability = Literal["ok", "not_approved", "embargoed", "expired", "not_for_team", "no_language"]


class Media(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    #: Where it comes from and under which licence: shares of media without them are refused (copyright).
    source: str = Field(min_length=1)
    licence: str = Field(min_length=1)


class ContentItem(BaseModel):
    """A piece of content marketing wrote and the communications lead approved."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=64)
    campaign: str = Field(min_length=1)
    texts: dict[LanguageCode, str]
    link: HttpUrl | None = None
    media: tuple[Media, ...] = ()
    hashtags: tuple[str, ...] = ()
    approved_by: str | None = None
    embargo_until: datetime | None = None
    expires_at: datetime | None = None
    #: Teams it is meant for; empty means everyone.
    teams: tuple[str, ...] = ()

    @field_validator("texts")
    @classmethod
    def _some_text(cls, value: dict[str, str]) -> dict[str, str]:
        if not value or not all(text.strip() for text in value.values()):
            raise ValueError("an item needs its text in at least one language, none of them empty")
        return value

    @field_validator("hashtags")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for tag in value:
            if not tag.startswith("#") or len(tag) < 2 or any(ch.isspace() for ch in tag):
                raise ValueError(f"{tag!r} is not a hashtag like #launch2027")
        return value

    @model_validator(mode="after")
    def _times(self) -> "ContentItem":
        for name in ("embargo_until", "expires_at"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{name} needs a time zone (e.g. 2027-03-01T09:00:00+01:00)")
        if self.embargo_until and self.expires_at and self.expires_at <= self.embargo_until:
            raise ValueError("expires_at must be after embargo_until")
        return self


@dataclass(frozen=True)
class Verdict:
    status: Availability
    #: For "embargoed" the moment it lifts, for "expired" the moment it expired.
    moment: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def availability(item: ContentItem, at: datetime, *, team: str | None = None, language: str | None = None) -> Verdict:
    """Whether ``item`` may be shared at ``at`` by someone in ``team`` writing in ``language``."""
    if not item.approved_by:
        return Verdict("not_approved")
    if item.embargo_until and at < item.embargo_until:
        return Verdict("embargoed", item.embargo_until)
    if item.expires_at and at >= item.expires_at:
        return Verdict("expired", item.expires_at)
    if item.teams and team not in item.teams:
        return Verdict("not_for_team")
    if language is not None and language not in item.texts:
        return Verdict("no_language")
    return Verdict("ok")


def shareable_now(items: list[ContentItem], at: datetime, *, team: str | None = None) -> list[ContentItem]:
    """What an employee may share now, newest campaigns first."""
    return [item for item in items if availability(item, at, team=team).ok]


def text_language(item: ContentItem, wanted: str, default: str) -> str:
    """The language an item is shown in: the wanted one, else the policy's default, else its first."""
    if wanted in item.texts:
        return wanted
    return default if default in item.texts else next(iter(item.texts))
