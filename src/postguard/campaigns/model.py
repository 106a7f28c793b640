"""The comment a detector sees, and how one is read from a JSON object.

A comment is a frozen value with everything the evidence bundle must keep verbatim
(platform id, permalink, author, UTC time, text). Posts that start a thread may be fed
through the same stream with ``kind="post"``: the detector then knows the thread's author
and the post's tone, which helps it name the leader.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from ..errors import InputError

Kind = Literal["comment", "post"]

_REQUIRED = ("platform", "id", "thread", "author", "text", "at")
_KNOWN = set(_REQUIRED) | {"permalink", "reply_to", "author_created", "language", "kind"}


@dataclass(frozen=True, slots=True)
class Comment:
    platform: str
    #: The platform's own id of the comment.
    external_id: str
    #: The target: the post, thread or page the comment is made under.
    thread_id: str
    #: Handle of the author (as the platform shows it).
    author: str
    text: str
    #: When it was published, timezone-aware UTC.
    at: datetime
    permalink: str | None = None
    #: Handle of the author this comment answers: the post's author for a top-level comment.
    reply_to: str | None = None
    #: When the author's account was created, if the platform says.
    author_created: datetime | None = None
    language: str | None = None
    kind: Kind = "comment"

    @property
    def key(self) -> str:
        """Unique across platforms."""
        return f"{self.platform}:{self.external_id}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = data.pop("external_id")
        data["thread"] = data.pop("thread_id")
        data["at"] = _iso(self.at)
        data["author_created"] = _iso(self.author_created) if self.author_created else None
        return data


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_time(value: Any, field: str) -> datetime:
    """An ISO 8601 string (``Z`` or an offset; naive means UTC) or epoch seconds, to aware UTC."""
    if isinstance(value, bool):
        raise InputError(f"{field}: expected an ISO 8601 time or epoch seconds, got {value!r}")
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise InputError(f"{field}: {value!r} is not a usable epoch time") from None
    if not isinstance(value, str):
        raise InputError(f"{field}: expected an ISO 8601 time or epoch seconds, got {type(value).__name__}")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{field}: {value!r} is not an ISO 8601 time such as 2026-03-01T12:00:00Z") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def comment_from_dict(data: Any) -> Comment:
    """Validate one JSON object; :class:`InputError` names the field that is wrong."""
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object with {', '.join(_REQUIRED)}, got {type(data).__name__}")
    missing = [name for name in _REQUIRED if data.get(name) in (None, "")]
    if missing:
        raise InputError(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise InputError(f"unknown field(s): {', '.join(unknown)} (known: {', '.join(sorted(_KNOWN))})")
    for name in ("platform", "id", "thread", "author", "text"):
        if not isinstance(data[name], (str, int)) or isinstance(data[name], bool):
            raise InputError(f"{name}: expected a string, got {type(data[name]).__name__}")
    for name in ("permalink", "reply_to", "language"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise InputError(f"{name}: expected a string, got {type(data[name]).__name__}")
    kind = data.get("kind", "comment")
    if kind not in ("comment", "post"):
        raise InputError(f"kind: expected 'comment' or 'post', got {kind!r}")
    created = data.get("author_created")
    return Comment(
        platform=str(data["platform"]),
        external_id=str(data["id"]),
        thread_id=str(data["thread"]),
        author=str(data["author"]),
        text=str(data["text"]),
        at=parse_time(data["at"], "at"),
        permalink=data.get("permalink"),
        reply_to=data.get("reply_to"),
        author_created=parse_time(created, "author_created") if created not in (None, "") else None,
        language=data.get("language"),
        kind=kind,
    )
