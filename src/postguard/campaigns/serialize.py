"""Evidence to and from plain JSON values (the incident file, the bundle, later the store)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .evidence import AccountEvidence, CommentEvidence, Reason, WaveEvidence
from .model import comment_from_dict


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def reason_from(data: dict[str, Any]) -> Reason:
    return Reason(data["code"], dict(data.get("params", {})))


def account_to(account: AccountEvidence) -> dict[str, Any]:
    return {
        "platform": account.platform, "handle": account.handle, "role": account.role, "score": account.score,
        "reasons": [r.to_dict() for r in account.reasons], "waves": account.waves, "comments": account.comments,
    }


def account_from(data: dict[str, Any]) -> AccountEvidence:
    return AccountEvidence(data["platform"], data["handle"], data["role"], float(data["score"]),
                           tuple(reason_from(r) for r in data["reasons"]), int(data["waves"]), int(data["comments"]))


def wave_to(wave: WaveEvidence) -> dict[str, Any]:
    return {
        "index": wave.index, "platform": wave.platform, "thread_id": wave.thread_id, "post_author": wave.post_author,
        "start": iso(wave.start), "end": iso(wave.end), "accounts": list(wave.accounts), "comments": wave.comments,
        "negative_share": wave.negative_share, "duplicate_share": wave.duplicate_share, "burst_ratio": wave.burst_ratio,
    }


def wave_from(data: dict[str, Any]) -> WaveEvidence:
    return WaveEvidence(
        index=int(data["index"]), platform=data["platform"], thread_id=data["thread_id"], post_author=data["post_author"],
        start=parse_iso(data["start"]), end=parse_iso(data["end"]), accounts=tuple(data["accounts"]),
        comments=int(data["comments"]), negative_share=float(data["negative_share"]),
        duplicate_share=float(data["duplicate_share"]), burst_ratio=float(data["burst_ratio"]),
    )


def comment_to(evidence: CommentEvidence) -> dict[str, Any]:
    return {
        "comment": evidence.comment.to_dict(), "wave": evidence.wave, "negativity": evidence.negativity,
        "similar_to": list(evidence.similar_to), "reasons": [r.to_dict() for r in evidence.reasons],
    }


def comment_from(data: dict[str, Any]) -> CommentEvidence:
    return CommentEvidence(comment_from_dict(data["comment"]), int(data["wave"]), float(data["negativity"]),
                           tuple(data["similar_to"]), tuple(reason_from(r) for r in data["reasons"]))
