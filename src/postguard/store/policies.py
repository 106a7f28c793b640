"""Policy versions: upload (validated like the CLI), list, show, diff, activate.

The active version is the most recently activated one. Parsed policies are cached by
version number: a stored version's source never changes, so the cache never goes stale.
"""
from __future__ import annotations

import difflib
import hashlib
from functools import lru_cache
from importlib import resources

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..errors import ConflictError, NotFoundError
from ..policy.loader import DEMO_POLICY, load_policy_text
from ..policy.schema import Policy
from . import audit_events as ev
from .audit import record
from .base import utcnow
from .models import PolicyVersion

#: Larger policy files are refused before parsing.
MAX_POLICY_BYTES = 2_000_000


def bundled_policy_source() -> str:
    return resources.files("postguard.policy").joinpath("data", DEMO_POLICY).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def _parse(number: int, sha256: str, source: str) -> Policy:
    return load_policy_text(source, f"policy-v{number}.yaml")


def parsed(version: PolicyVersion) -> Policy:
    return _parse(version.number, version.sha256, version.source)


def active(session: Session) -> PolicyVersion:
    version = session.scalar(select(PolicyVersion).where(PolicyVersion.activated_at.is_not(None))
                             .order_by(PolicyVersion.activated_at.desc(), PolicyVersion.number.desc()).limit(1))
    if version is None:
        raise NotFoundError("no policy is active; run `postguard db upgrade` or activate an uploaded version")
    return version


_BY_SHA: dict[str, Policy] = {}
#: Built once: this runs on every check.
_ACTIVE = (select(PolicyVersion.number, PolicyVersion.sha256).where(PolicyVersion.activated_at.is_not(None))
           .order_by(PolicyVersion.activated_at.desc(), PolicyVersion.number.desc()).limit(1))


def active_policy(session: Session | Connection) -> tuple[int, Policy]:
    """(number, parsed policy) of the active version; parsing is cached by content hash."""
    row = session.execute(_ACTIVE).first()
    if row is None:
        raise NotFoundError("no policy is active; run `postguard db upgrade` or activate an uploaded version")
    policy = _BY_SHA.get(row.sha256)
    if policy is None:
        source = session.execute(select(PolicyVersion.source).where(PolicyVersion.number == row.number)).scalar_one()
        policy = _BY_SHA[row.sha256] = _parse(row.number, row.sha256, source)
    return row.number, policy


def active_number(session: Session) -> int | None:
    return session.scalar(select(PolicyVersion.number).where(PolicyVersion.activated_at.is_not(None))
                          .order_by(PolicyVersion.activated_at.desc(), PolicyVersion.number.desc()).limit(1))


def get(session: Session, *, number: int) -> PolicyVersion:
    version = session.scalar(select(PolicyVersion).where(PolicyVersion.number == number))
    if version is None:
        raise NotFoundError(f"no policy version {number}")
    return version


def list_versions(session: Session) -> list[PolicyVersion]:
    return list(session.scalars(select(PolicyVersion).order_by(PolicyVersion.number)))


def upload(session: Session, *, actor: Actor, source: str, filename: str = "policy.yaml") -> PolicyVersion:
    """Validate and store a new version (not yet active). Raises PolicyError with positions."""
    if len(source.encode("utf-8")) > MAX_POLICY_BYTES:
        from ..errors import InputError

        raise InputError(f"the policy file is larger than {MAX_POLICY_BYTES:,} bytes")
    policy = load_policy_text(source, filename)
    number = (session.scalar(select(func.max(PolicyVersion.number))) or 0) + 1
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    version = PolicyVersion(number=number, name=policy.name, revision=policy.revision, source=source, sha256=digest,
                            created_by_id=actor.user_id or None)
    session.add(version)
    session.flush()
    record(session, ev.PolicyUploaded(number=number, name=policy.name, revision=policy.revision, sha256=digest),
           actor=actor.label, policy_version=active_number(session))
    return version


def activate(session: Session, *, actor: Actor, number: int) -> PolicyVersion:
    version = get(session, number=number)
    previous = active_number(session)
    if previous == number:
        raise ConflictError(f"policy version {number} is already active")
    version.activated_at = utcnow()
    session.flush()
    record(session, ev.PolicyActivated(number=number, previous=previous), actor=actor.label, policy_version=number)
    return version


def diff(session: Session, *, number: int, against: int | None = None) -> str:
    """Unified diff from the active version (or ``against``) to ``number``."""
    new = get(session, number=number)
    old = get(session, number=against) if against is not None else active(session)
    lines = difflib.unified_diff(old.source.splitlines(keepends=True), new.source.splitlines(keepends=True),
                                 fromfile=f"policy v{old.number}", tofile=f"policy v{new.number}")
    return "".join(lines)


def ensure_bundled(session: Session, *, actor: Actor) -> PolicyVersion | None:
    """On first start, the bundled demo policy becomes version 1 and is activated."""
    if session.scalar(select(func.count()).select_from(PolicyVersion)):
        return None
    version = upload(session, actor=actor, source=bundled_policy_source(), filename=DEMO_POLICY)
    return activate(session, actor=actor, number=version.number)
