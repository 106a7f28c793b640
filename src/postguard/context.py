"""What the check knows about a draft besides its text: who writes, where, when."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Literal

from .errors import UsageError
from .languages import normalise_language

Account = Literal["personal", "official"]
Kind = Literal["post", "reply", "email", "comment"]

#: Channels the policy and the CLI know; a policy may select rules per channel.
CHANNELS: tuple[str, ...] = (
    "linkedin", "facebook", "x", "instagram", "tiktok", "youtube", "threads", "mastodon",
    "blog", "forum", "review_site", "email", "chat", "other",
)


@dataclass(frozen=True)
class Attachment:
    """A file attached to a post or an e-mail; source and licence matter for copyright."""

    name: str
    content_type: str = ""
    source: str = ""
    licence: str = ""


@dataclass(frozen=True)
class CheckContext:
    account: Account = "personal"
    role: str = "employee"
    channel: str = "linkedin"
    #: The author's language, or None to detect it from the text.
    language: str | None = None
    #: Planned publication time (timezone-aware); None means now.
    at: datetime | None = None
    kind: Kind = "post"
    #: E-mail recipients (addresses); used by the e-mail rules.
    recipients: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    #: Names of colleagues, for harassment of a named colleague.
    colleagues: tuple[str, ...] = ()
    #: The language the author reads findings in (the web interface's language); None means
    #: the draft's own language. Analysis still uses ``language`` / detection.
    message_language: str | None = None

    def __post_init__(self) -> None:
        if self.account not in ("personal", "official"):
            raise UsageError(f"account must be 'personal' or 'official', not {self.account!r}")
        if self.channel not in CHANNELS:
            raise UsageError(f"unknown channel {self.channel!r}; known: {', '.join(CHANNELS)}")
        if self.language is not None:
            lang = normalise_language(self.language)
            if lang is None:
                raise UsageError(f"unsupported language {self.language!r}; use one of pl, no, sv, he, nl, en")
            object.__setattr__(self, "language", lang)
        if self.message_language is not None:
            lang = normalise_language(self.message_language)
            if lang is None:
                raise UsageError(f"unsupported message language {self.message_language!r}; use one of pl, no, sv, he, nl, en")
            object.__setattr__(self, "message_language", lang)
        if self.at is not None and self.at.tzinfo is None:
            object.__setattr__(self, "at", self.at.replace(tzinfo=timezone.utc))

    def publication_time(self) -> datetime:
        return self.at or datetime.now(timezone.utc)

    def with_language(self, language: str) -> "CheckContext":
        return replace(self, language=language)
