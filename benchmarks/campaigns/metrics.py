"""Scoring the detector's incidents (and the peer's flagged accounts) against the injected truth."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from .generate import Stream


@dataclass
class Alert:
    incident_id: str
    at: datetime


@dataclass
class SeedResult:
    seed: int
    comments: int
    detector_seconds: float
    peak_memory_mb: float | None
    #: account-level, whole stream
    precision: float
    flagged: int
    false_incidents: int
    false_per_10k_threads_month: float
    #: group size -> figures
    per_group: dict[int, dict[str, float]] = field(default_factory=dict)
    #: language -> {"tp", "fp", "fn"}
    per_language: dict[str, dict[str, int]] = field(default_factory=dict)
    peers: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.comments / self.detector_seconds


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_detector(stream: Stream, incidents, alerts: list[Alert]) -> dict:
    """Account precision/recall (leader included), waves found, first alert, false incidents."""
    truth_of = {a: c for c in stream.campaigns for a in c.accounts}
    flagged = {h for inc in incidents for h in inc.accounts}
    opened = {a.incident_id: a.at for a in alerts}
    false_incidents = 0
    first_alert: dict[int, datetime] = {}
    targets: dict[int, set[str]] = {}
    for inc in incidents:
        owners = [id(truth_of[h]) for h in inc.accounts if h in truth_of]
        if len(owners) * 2 < len(inc.accounts):
            false_incidents += 1
            continue
        campaign = max(set(owners), key=owners.count)
        targets.setdefault(campaign, set()).update(inc.targets)
        at = opened.get(inc.id, inc.opened_at)
        if campaign not in first_alert or at < first_alert[campaign]:
            first_alert[campaign] = at
    per_group = {}
    for c in stream.campaigns:
        tp = len(c.accounts & flagged)
        alert = first_alert.get(id(c))
        per_group[c.group_size] = {
            "recall": tp / len(c.accounts),
            "accounts": len(c.accounts),
            "leader": float(c.leader in flagged),
            "waves": len(c.waves),
            "waves_found": sum(thread in targets.get(id(c), ()) for thread, _ in c.waves) / len(c.waves),
            # The wave during (or after) which the first alert came; inf when never.
            "first_alert_wave": (sum(start <= alert for _, start in c.waves) if alert else float("inf")),
            "language": c.language,
        }
    truth = set(truth_of)
    # Per month, at a volume of 10,000 threads a month: (false/months) / (threads/months/10,000),
    # which is false incidents per 10,000 threads whatever the stream's length.
    return {
        "flagged": flagged, "precision": len(flagged & truth) / len(flagged) if flagged else 1.0,
        "false_incidents": false_incidents,
        "false_per_10k_threads_month": false_incidents / (stream.ordinary_threads / 10_000),
        "per_group": per_group,
        "per_language": per_language(stream, flagged),
    }


def per_language(stream: Stream, flagged: set[str]) -> dict[str, dict[str, int]]:
    truth = {a for c in stream.campaigns for a in c.accounts}
    out: dict[str, dict[str, int]] = {}
    for account in flagged | truth:
        row = out.setdefault(stream.account_language.get(account, "?"), {"tp": 0, "fp": 0, "fn": 0})
        row["tp" if account in truth and account in flagged else "fp" if account in flagged else "fn"] += 1
    return out


def score_flags(stream: Stream, flagged: set[str]) -> dict[str, float]:
    truth = {a for c in stream.campaigns for a in c.accounts}
    tp = len(flagged & truth)
    p, r, f = prf(tp, len(flagged - truth), len(truth - flagged))
    leaders = sum(c.leader in flagged for c in stream.campaigns) / len(stream.campaigns)
    return {"precision": p, "recall": r, "f1": f, "leaders": leaders, "flagged": len(flagged)}


def median_worst(values: list[float], worst=min) -> str:
    if not values:
        return "n/a"
    return f"{statistics.median(values):.3f} / {worst(values):.3f}"
