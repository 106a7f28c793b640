"""What the detector hands over: frozen evidence about one campaign, ready for an incident.

Reasons are codes with parameters; their readable text is per language in
``data/report/<lang>.yaml`` so the CLI and the HTML report say them in six languages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from .model import Comment

ReasonCode = Literal[
    "near_duplicate", "co_reply", "negative", "young_account", "shared_link", "shared_hashtag",
    "burst", "leader_post", "leader_replies", "wave",
]
Role = Literal["member", "leader"]


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class AccountEvidence:
    platform: str
    handle: str
    role: Role
    #: 0..1, how strongly the evidence ties the account to the campaign.
    score: float
    reasons: tuple[Reason, ...]
    waves: int
    comments: int


@dataclass(frozen=True)
class CommentEvidence:
    comment: Comment
    #: Index (1-based) of the wave in the campaign's timeline; 0 for the leader's post outside a wave.
    wave: int
    negativity: float
    #: Keys (``platform:id``) of comments by other accounts that say nearly the same.
    similar_to: tuple[str, ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class WaveEvidence:
    index: int
    platform: str
    thread_id: str
    #: Author of the post the wave is under (None when the stream did not say).
    post_author: str | None
    start: datetime
    end: datetime
    accounts: tuple[str, ...]
    comments: int
    negative_share: float
    duplicate_share: float
    #: Comments in the wave window against the thread's usual rate over that window.
    burst_ratio: float


@dataclass(frozen=True)
class CampaignEvidence:
    campaign_id: str
    accounts: tuple[AccountEvidence, ...]
    waves: tuple[WaveEvidence, ...]
    comments: tuple[CommentEvidence, ...]
    #: Threads (``platform:thread``) the waves hit.
    targets: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime

    @property
    def leaders(self) -> tuple[AccountEvidence, ...]:
        return tuple(a for a in self.accounts if a.role == "leader")
