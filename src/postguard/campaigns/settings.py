"""The detector's thresholds, taken from the policy's ``limits`` (with the schema's defaults)."""
from __future__ import annotations

from dataclasses import dataclass

from ..policy.schema import Policy


@dataclass(frozen=True)
class DetectorSettings:
    #: An incident needs at least this many coordinated accounts (policy.limits.campaign_min_accounts).
    min_accounts: int = 4
    #: A wave is the comments under one thread within this span (policy.limits.campaign_window_hours).
    window_hours: float = 24.0
    #: A wave ends when its thread is quiet this long; also the burst window.
    quiet_hours: float = 6.0
    #: Accounts, waves and campaigns are remembered this long (bounded memory).
    memory_days: float = 45.0
    #: Estimated Jaccard similarity of character 4-grams from which two comments are paraphrases.
    similarity: float = 0.3
    #: Accounts younger than this are a (weak) reason.
    young_account_days: int = 90
    #: A wave counts as an attack when this share of its coordinated comments is negative.
    min_negative_share: float = 0.5
    #: Share of a wave's accounts that must be linked (similar texts or known members).
    min_linked_share: float = 0.25
    #: Co-reply similarity (waves shared / sqrt(threads commented x campaign waves)) that counts.
    min_co_reply: float = 0.3
    #: Handles that are the organisation's own accounts: attacked, never leaders.
    official_handles: frozenset[str] = frozenset()

    @classmethod
    def from_policy(cls, policy: Policy) -> "DetectorSettings":
        limits = policy.limits
        return cls(
            min_accounts=limits.campaign_min_accounts,
            window_hours=limits.campaign_window_hours,
            quiet_hours=min(limits.campaign_quiet_hours, limits.campaign_window_hours),
            memory_days=limits.campaign_memory_days,
            similarity=limits.campaign_similarity,
            young_account_days=limits.campaign_young_account_days,
            official_handles=frozenset(a.handle.casefold().lstrip("@") for a in policy.speakers.official_accounts),
        )
