"""The campaign detector's state between scans, so a trickle of comments is not a full rescan.

A scan used to replay every stored comment of the detector's memory window (45 days by
default) for each batch, however small. Now the detector is kept in ``campaign_detector_state``
as it stood after every comment older than a *watermark*; a scan loads it, replays only the
comments from the watermark on (the last :data:`REORDER_HOURS` of the stream plus the new
ones), and saves it again at the new watermark. Keeping that short tail out of the state lets
comments arrive a little out of order (webhooks of several platforms) without a rebuild.

The detector is deterministic and this is exactly the stream a full replay reads, so the
evidence is the same as a full rescan of the stored comments (``tests/campaigns`` proves it).
A rebuild (a full replay of the window, as before) happens when there is no state, when the
fingerprint (settings, state format, lexicons) changed, or when a new comment is older than
the watermark.

The state is a pickle. It only ever comes from this table and is signed with an HMAC key kept
in the store (``signing_keys``); a row whose MAC does not match is ignored and rebuilt, never
unpickled.
"""
from __future__ import annotations

import hashlib
import hmac
import pickle
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..campaigns.detector import CampaignDetector
from ..campaigns.settings import DetectorSettings
from .incident_models import CampaignDetectorState
from .signing import signing_secret

#: Bump when the detector's classes change shape: a state of another format is rebuilt.
STATE_FORMAT = 1
#: The tail of the stream that stays out of the saved state and is replayed by every scan.
REORDER_HOURS = 1.0
ROW_ID = 1
KEY_NAME = "campaign-detector-state"


@lru_cache(maxsize=1)
def _lexicon_digest() -> str:
    digest = hashlib.sha256()
    folder = resources.files("postguard.campaigns").joinpath("data", "sentiment")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes())
    return digest.hexdigest()


def fingerprint(settings: DetectorSettings) -> str:
    """What a saved state depends on: its format, the detector's settings, the tone lexicons."""
    fields = asdict(settings)
    fields["official_handles"] = sorted(fields["official_handles"])
    text = repr((STATE_FORMAT, sorted(fields.items()), _lexicon_digest()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _mac(key: str, blob: bytes) -> str:
    return hmac.new(key.encode("utf-8"), blob, hashlib.sha256).hexdigest()


def load(session: Session, settings: DetectorSettings) -> tuple[CampaignDetector, datetime] | None:
    """The saved detector and its watermark, or None when it must be rebuilt."""
    row = session.get(CampaignDetectorState, ROW_ID)
    if row is None or row.fingerprint != fingerprint(settings):
        return None
    if not hmac.compare_digest(row.mac, _mac(signing_secret(session, name=KEY_NAME), row.state)):
        return None
    detector = pickle.loads(row.state)
    if not isinstance(detector, CampaignDetector):
        return None
    return detector, row.watermark


def dump(detector: CampaignDetector) -> bytes:
    """The detector's state as it is now (taken before the tail is replayed and before the flush)."""
    return pickle.dumps(detector, protocol=pickle.HIGHEST_PROTOCOL)


def save(session: Session, settings: DetectorSettings, blob: bytes, watermark: datetime, processed: int) -> None:
    mac = _mac(signing_secret(session, name=KEY_NAME), blob)  # before the row exists: the key read flushes
    row = session.get(CampaignDetectorState, ROW_ID)
    if row is None:
        row = CampaignDetectorState(id=ROW_ID)
        session.add(row)
    row.fingerprint = fingerprint(settings)
    row.watermark = watermark
    row.state = blob
    row.mac = mac
    row.processed = processed


def forget(session: Session) -> None:
    """Drop the saved state: the next scan rebuilds it (after a restore, or to measure a full rescan)."""
    row = session.scalar(select(CampaignDetectorState).where(CampaignDetectorState.id == ROW_ID))
    if row is not None:
        session.delete(row)


def next_watermark(latest: datetime, previous: datetime | None) -> datetime:
    """Everything older than this goes into the saved state; never moves backwards."""
    candidate = latest - timedelta(hours=REORDER_HOURS)
    return max(candidate, previous) if previous is not None else candidate
