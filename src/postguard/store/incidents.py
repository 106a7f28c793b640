"""Incidents in the service store: scan comments, list, read, acknowledge, resolve, export evidence.

A scan stores the posted comments verbatim (a repeat of the same platform id is skipped),
then feeds every comment waiting for a scan to the streaming detector. The detector continues
from its saved state (``campaign_state``) when it can, else replays the stored comments of its
memory window before the earliest new one; either way a wave posted today is linked to the
waves of last week even though each arrived in its own request. The detector is
deterministic and merging evidence into an incident is idempotent, so re-reading old
comments adds nothing twice.

Every opening, growth, state change and export is an audit event; an export records the
bundle's SHA-256, and the bundle names that event (its sequence number and the hash of the
link before it), so the file and the hash chain vouch for each other.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..campaigns.bundle import export_bundle
from ..campaigns.detector import CampaignDetector
from ..campaigns.incidents import Incident, IncidentBook, State, Transition
from ..campaigns.model import Comment, comment_from_dict
from ..campaigns.notify import incident_events
from ..campaigns.settings import DetectorSettings
from ..errors import ConflictError, NotFoundError, UsageError
from ..policy.schema import Policy
from . import campaign_state
from . import incident_events as ev
from .audit import GENESIS, HEAD_ID, record
from .base import utcnow
from .incident_models import CampaignComment, IncidentRecord
from .models import AuditHead
from .people import require

#: What an export writes: the JSON bundle, its HTML report, or both from the same bundle (the CLI).
EXPORT_FORMATS = ("json", "html", "json+html")
#: Largest number of comments one scan accepts (a request or one CLI batch).
MAX_SCAN_COMMENTS = 50_000
_TRANSITIONS: dict[str, tuple[str, ...]] = {"open": ("acknowledged", "resolved"), "acknowledged": ("resolved",),
                                            "resolved": ()}


class SqlIncidentStore:
    """The :class:`~postguard.campaigns.incidents.IncidentStore` protocol over the ``incidents`` table.

    Incidents read once are kept for the unit of work, so the book's merges land on the same
    objects; :meth:`save` writes the row (inside the caller's transaction).
    """

    def __init__(self, session: Session, policy_version: int | None):
        self.session = session
        self.policy_version = policy_version
        self._loaded: dict[str, Incident] = {}
        #: incident id -> (state, wave keys) when first read; None for one opened in this unit.
        self.before: dict[str, tuple[str, frozenset[tuple[str, str]]] | None] = {}
        self.saved: list[str] = []

    def _from_row(self, row: IncidentRecord) -> Incident:
        if row.id not in self._loaded:
            incident = Incident.from_dict(row.document)
            self._loaded[row.id] = incident
            self.before[row.id] = (incident.state, _wave_keys(incident))
        return self._loaded[row.id]

    def get(self, incident_id: str) -> Incident:
        if incident_id in self._loaded:
            return self._loaded[incident_id]
        row = self.session.get(IncidentRecord, incident_id)
        if row is None:
            raise NotFoundError(f"no incident {incident_id!r}")
        return self._from_row(row)

    def all(self) -> list[Incident]:
        rows = self.session.scalars(select(IncidentRecord).order_by(IncidentRecord.id)).all()
        seen = [self._from_row(row) for row in rows]
        fresh = [i for key, i in self._loaded.items() if key not in {r.id for r in rows}]
        return seen + fresh

    def unresolved(self) -> list[Incident]:
        rows = self.session.scalars(select(IncidentRecord).where(IncidentRecord.state != "resolved")
                                    .order_by(IncidentRecord.id)).all()
        return [self._from_row(row) for row in rows]

    def save(self, incident: Incident) -> None:
        row = self.session.get(IncidentRecord, incident.id)
        if row is None:
            row = IncidentRecord(id=incident.id, policy_version=self.policy_version)
            self.session.add(row)
            self.before.setdefault(incident.id, None)
        self._loaded[incident.id] = incident
        row.state = incident.state
        row.opened_at = incident.opened_at
        row.first_seen, row.last_seen = incident.first_seen, incident.last_seen
        row.owner = (incident.owner or {}).get("responsibility")
        row.accounts = sum(a.role == "member" for a in incident.accounts.values())
        row.waves, row.comments = len(incident.waves), len(incident.comments)
        row.opened_event = int(incident.audit_event_id) if incident.audit_event_id else None
        row.document = incident.to_dict()
        if incident.id not in self.saved:
            self.saved.append(incident.id)
        self.session.flush()

    def next_id(self) -> str:
        stored = self.session.scalar(select(func.count()).select_from(IncidentRecord)) or 0
        pending = sum(1 for key in self._loaded if self.session.get(IncidentRecord, key) is None)
        return f"INC-{stored + pending + 1:04d}"


def _wave_keys(incident: Incident) -> frozenset[tuple[str, str]]:
    return frozenset((w.platform, w.thread_id) for w in incident.waves)


@dataclass
class ScanResult:
    received: int
    new: int
    opened: list[str] = field(default_factory=list)
    grown: list[str] = field(default_factory=list)
    #: Notification events (``incident.opened``, ``incident.wave``) to send once the unit commits.
    events: list[dict[str, Any]] = field(default_factory=list)
    #: Comments fed to the detector as new (this request's and any that were waiting).
    scanned: int = 0
    #: True when the detector's saved state could not be used and the memory window was replayed.
    rebuilt: bool = False


def _lock_chain(session: Session) -> AuditHead | None:
    """Serialise incident writers on the audit head (FOR UPDATE on PostgreSQL; SQLite writers are already serial)."""
    return session.execute(select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update()).scalar_one_or_none()


def store_comments(session: Session, comments: list[Comment]) -> list[Comment]:
    """Insert the comments not stored yet, waiting for a scan; returns those (a repeat within the batch counts once)."""
    unique: dict[tuple[str, str], Comment] = {}
    for comment in comments:
        unique.setdefault((comment.platform, comment.external_id), comment)
    keys = list(unique)
    known: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        rows = session.execute(select(CampaignComment.platform, CampaignComment.external_id)
                               .where(tuple_(CampaignComment.platform, CampaignComment.external_id).in_(chunk)))
        known.update((platform, external_id) for platform, external_id in rows)
    new = [c for key, c in unique.items() if key not in known]
    session.add_all(CampaignComment(platform=c.platform, external_id=c.external_id, thread_id=c.thread_id,
                                    author=c.author, at=c.at, data=c.to_dict()) for c in new)
    session.flush()
    return new


def _stream(session: Session, since: datetime) -> Iterable[Comment]:
    """Stored comments from ``since`` on, in the detector's order (time, then arrival)."""
    query = (select(CampaignComment.data).where(CampaignComment.at >= since)
             .order_by(CampaignComment.at, CampaignComment.id).execution_options(yield_per=2000))
    for (data,) in session.execute(query):
        yield comment_from_dict(data)


def scan(session: Session, *, actor: Actor, comments: list[Comment], policy: Policy, number: int | None,
         incremental: bool = True) -> ScanResult:
    """Store ``comments``, run the detector, open or grow incidents; audited. The caller commits.

    Comments stored earlier without a scan (the inbox worker's, when its scan failed) are
    scanned with them. ``incremental=False`` replays the whole memory window (a full rescan).
    """
    require(actor, "incident.scan")
    if not comments:
        raise UsageError("no comments to scan")
    if len(comments) > MAX_SCAN_COMMENTS:
        raise UsageError(f"{len(comments):,} comments in one scan; send at most {MAX_SCAN_COMMENTS:,} at a time")
    _lock_chain(session)
    new = store_comments(session, comments)
    result = ScanResult(received=len(comments), new=len(new))
    _scan_waiting(session, actor, policy, number, result, incremental)
    _record_scan(session, actor, number, result)
    return result


def scan_waiting(session: Session, *, actor: Actor, policy: Policy, number: int | None,
                 incremental: bool = True) -> ScanResult:
    """Scan the comments stored but not scanned yet (the inbox's); audited when there were any."""
    require(actor, "incident.scan")
    _lock_chain(session)
    result = ScanResult(received=0, new=0)
    if _scan_waiting(session, actor, policy, number, result, incremental):
        _record_scan(session, actor, number, result)
    return result


def _record_scan(session: Session, actor: Actor, number: int | None, result: ScanResult) -> None:
    record(session, ev.CommentsScanned(received=result.received, new=result.new, opened=result.opened,
                                       grown=result.grown), actor=actor.label, policy_version=number)


def _scan_waiting(session: Session, actor: Actor, policy: Policy, number: int | None, result: ScanResult,
                  incremental: bool) -> int:
    """Feed every waiting comment to the detector (from its saved state when it can), mark them scanned."""
    waiting = session.execute(select(CampaignComment.id, CampaignComment.at)
                              .where(CampaignComment.scanned_at.is_(None))).all()
    if not waiting:
        return 0
    result.scanned = len(waiting)
    if not result.received:
        result.received = result.new = len(waiting)
    earliest = min(at for _, at in waiting)
    settings = DetectorSettings.from_policy(policy)
    saved = campaign_state.load(session, settings, earliest) if incremental else None
    if saved is not None:
        detector, previous = saved
        since = previous
    else:  # no usable state, or a comment older than it: replay the memory window
        detector, previous = CampaignDetector(settings), None
        since = earliest - timedelta(days=settings.memory_days)
        result.rebuilt = True
    latest = session.scalar(select(func.max(CampaignComment.at)))
    watermark = campaign_state.next_watermark(latest, previous)
    store = SqlIncidentStore(session, number)
    book = IncidentBook(policy, store)
    blob, processed = None, 0
    for comment in _stream(session, since):
        if incremental and blob is None and comment.at >= watermark:
            blob, processed = campaign_state.dump(detector), detector.processed
        for evidence in detector.process(comment):
            book.apply(evidence)
    if incremental and blob is None:
        blob, processed = campaign_state.dump(detector), detector.processed
    # The state is saved before the flush: flushing judges campaigns again, and the next scan
    # must continue the stream exactly as one uninterrupted replay would.
    for evidence in detector.flush():
        book.apply(evidence)
    if blob is not None:
        campaign_state.save(session, settings, blob, watermark, processed)
    ids = [id_ for id_, _ in waiting]
    now = utcnow()
    for start in range(0, len(ids), 500):
        session.execute(update(CampaignComment).where(CampaignComment.id.in_(ids[start:start + 500]))
                        .values(scanned_at=now))
    _record_changes(session, store, actor, number, result)
    return len(waiting)


def _record_changes(session: Session, store: SqlIncidentStore, actor: Actor, number: int | None,
                    result: ScanResult) -> None:
    for incident_id in store.saved:
        incident = store.get(incident_id)
        members = sum(a.role == "member" for a in incident.accounts.values())
        before = store.before.get(incident_id)
        if before is None:
            row = record(session, ev.IncidentOpened(
                incident_id=incident.id, leaders=[a.handle for a in incident.leaders], accounts=members,
                waves=len(incident.waves), comments=len(incident.comments),
                owner=(incident.owner or {}).get("responsibility")), actor=actor.label, policy_version=number)
            incident.audit_event_id = str(row.id)
            for step in incident.history:
                if step.state == "open" and step.audit_event_id is None:
                    step.audit_event_id = str(row.id)
            result.opened.append(incident.id)
            new_waves = [w.index for w in incident.waves]
        else:
            added = _wave_keys(incident) - before[1]
            new_waves = [w.index for w in incident.waves if (w.platform, w.thread_id) in added]
            record(session, ev.IncidentGrown(incident_id=incident.id, accounts=members, waves=len(incident.waves),
                                             comments=len(incident.comments), new_waves=new_waves),
                   actor=actor.label, policy_version=number)
            result.grown.append(incident.id)
        store.save(incident)
        result.events.extend(incident_events(incident, opened=before is None, new_waves=new_waves))


def list_incidents(session: Session, *, actor: Actor, state: str | None = None) -> list[IncidentRecord]:
    require(actor, "incident.read")
    query = select(IncidentRecord).order_by(IncidentRecord.opened_at.desc(), IncidentRecord.id.desc())
    if state:
        if state not in _TRANSITIONS:
            raise UsageError(f"unknown state {state!r}; use one of {', '.join(_TRANSITIONS)}")
        query = query.where(IncidentRecord.state == state)
    return list(session.scalars(query))


def get(session: Session, *, actor: Actor, incident_id: str) -> Incident:
    require(actor, "incident.read")
    return SqlIncidentStore(session, None).get(incident_id)


def transition(session: Session, *, actor: Actor, incident_id: str, state: State, note: str | None,
               number: int | None) -> Incident:
    """Acknowledge or resolve; the audit event's number is kept in the incident's history."""
    require(actor, "incident.transition")
    row = session.scalar(select(IncidentRecord).where(IncidentRecord.id == incident_id)
                         .with_for_update(of=IncidentRecord))
    if row is None:
        raise NotFoundError(f"no incident {incident_id!r}")
    store = SqlIncidentStore(session, number)
    incident = store.get(incident_id)
    if state not in _TRANSITIONS[incident.state]:
        allowed = ", ".join(_TRANSITIONS[incident.state]) or "nothing (it is resolved)"
        raise ConflictError(f"incident {incident_id} is {incident.state}; it can move to {allowed}, not {state}")
    before = incident.state
    event = record(session, ev.IncidentStateChanged(incident_id=incident_id, from_state=before, to_state=state,
                                                    note=note), actor=actor.label, policy_version=number)
    incident.state = state
    incident.history.append(Transition(state, _event_time(event.at), actor.label, note, str(event.id)))
    store.save(incident)
    return incident


def _event_time(stamp: str):  # noqa: ANN202
    from ..campaigns.serialize import parse_iso

    return parse_iso(stamp)


def export(session: Session, *, actor: Actor, incident_id: str, fmt: str, language: str | None,
           number: int | None) -> dict[str, Any]:
    """The evidence bundle, linked to the audit event that records its SHA-256. The caller commits."""
    require(actor, "incident.export")
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}")
    incident = SqlIncidentStore(session, number).get(incident_id)
    head = _lock_chain(session)
    seq, prev = (head.last_seq + 1, head.last_hash) if head else (1, GENESIS)
    bundle = export_bundle(incident, audit={"export_event": seq, "chain_prev_hash": prev})
    row = record(session, ev.EvidenceExported(incident_id=incident_id, format=fmt, language=language,
                                              bundle_sha256=bundle["bundle_sha256"], comments=len(bundle["comments"])),
                 actor=actor.label, policy_version=number)
    if row.id != seq:  # the head is locked above, so this would be a bug, never a race
        raise RuntimeError(f"audit sequence moved during export ({row.id} != {seq})")
    return bundle
