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

The state is a pickle, written flat (:func:`dump`): the detector's comments, waves and campaigns
reference each other in long chains (paraphrase links), which a plain pickle follows
recursively until Python's recursion limit. It only ever comes from this table and is signed
with an HMAC key kept in the store (``signing_keys``); a row whose MAC does not match is
ignored and rebuilt, never unpickled.
"""
from __future__ import annotations

import copyreg
import hashlib
import hmac
import io
import logging
import pickle
import threading
from dataclasses import asdict, fields
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..campaigns.campaign import Campaign, Item, Wave
from ..campaigns.detector import CampaignDetector
from ..campaigns.model import Comment
from ..campaigns.settings import DetectorSettings
from .incident_models import CampaignDetectorState
from .signing import signing_secret

log = logging.getLogger("postguard.campaigns")

#: Bump when the detector's classes change shape: a state of another format is rebuilt.
STATE_FORMAT = 4
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


def load(session: Session, settings: DetectorSettings, earliest: datetime) -> tuple[CampaignDetector, datetime] | None:
    """The saved detector and its watermark, or None when it must be rebuilt: no state, another
    fingerprint, or a comment to scan (``earliest``) older than the watermark."""
    row = session.get(CampaignDetectorState, ROW_ID)
    if row is None or row.fingerprint != fingerprint(settings) or earliest < row.watermark:
        return None
    if not hmac.compare_digest(row.mac, _mac(signing_secret(session, name=KEY_NAME), row.state)):
        log.warning("campaign detector state: signature does not match; rebuilding from the stored comments")
        return None
    try:
        detector = undump(row.state)
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError) as exc:
        # Signed by us, so a change of code the format number missed: rebuilding is always correct.
        log.warning("campaign detector state unreadable (%s: %s); rebuilding", type(exc).__name__, exc)
        return None
    return detector, row.watermark


#: The detector's objects that reference each other; each is written on its own, referenced by number.
_LINKED: dict[str, type] = {"I": Item, "W": Wave, "C": Campaign}
_KIND = {cls: kind for kind, cls in _LINKED.items()}


class _FlatPickler(pickle.Pickler):
    """Writes every item, wave and campaign as a number; collects them to be written on their own.

    Through the pickler's dispatch table, so only these three classes cost a Python call (a
    ``persistent_id`` would be called for every object written, ints and strings included)."""

    def __init__(self, file: io.BytesIO, numbers: dict[int, int], queue: list[object]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.numbers, self.queue = numbers, queue
        self.dispatch_table = {**copyreg.dispatch_table, **{cls: self._reference for cls in _KIND},
                               Comment: _comment}

    def _reference(self, obj: object) -> tuple[object, tuple[str, int]]:
        number = self.numbers.get(id(obj))
        if number is None:
            number = self.numbers[id(obj)] = len(self.queue)
            self.queue.append(obj)
        return _linked, (_KIND[type(obj)], number)


_COMMENT_FIELDS = tuple(f.name for f in fields(Comment))


def _comment(comment: Comment) -> tuple[type, tuple[object, ...]]:
    """A comment as its constructor's arguments: a frozen dataclass's own pickling asks
    ``dataclasses.fields`` for every instance, most of the time of a dump."""
    return Comment, tuple(getattr(comment, name) for name in _COMMENT_FIELDS)


_LOADING = threading.local()


def _linked(kind: str, number: int) -> object:
    """The object numbered ``number`` of the state being read (its slots are filled afterwards)."""
    return _LOADING.unpickler.linked(kind, number)


class _FlatUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, kinds: list[str]):
        super().__init__(file)
        self.kinds = kinds
        self.objects: dict[int, object] = {}

    def linked(self, kind: str, number: int) -> object:
        found = self.objects.get(number)
        if found is None:
            if self.kinds[number] != kind:
                raise pickle.UnpicklingError(f"object {number} is a {self.kinds[number]}, referenced as a {kind}")
            cls = _LINKED[kind]
            found = self.objects[number] = cls.__new__(cls)
        return found


def dump(detector: CampaignDetector) -> bytes:
    """The detector's state as it is now (taken before the tail is replayed and before the flush).

    The detector is pickled with every item, wave and campaign written as a number; then, round
    by round, the slots of the objects numbered so far (which number the ones they reach). The
    depth of each pickle stays small whatever the length of the chains of paraphrase links."""
    buffer = io.BytesIO()
    numbers: dict[int, int] = {}
    queue: list[object] = []
    pickler = _FlatPickler(buffer, numbers, queue)
    pickler.dump(detector)
    done = 0
    while done < len(queue):  # each round numbers the objects the next round writes
        end = len(queue)
        pickler.dump([tuple(getattr(obj, slot, _UNSET) for slot in type(obj).__slots__) for obj in queue[done:end]])
        done = end
    pickler.dump(None)
    kinds = [_KIND[type(obj)] for obj in queue]
    return pickle.dumps((STATE_FORMAT, _shapes(), kinds, buffer.getvalue()), protocol=pickle.HIGHEST_PROTOCOL)


def _shapes() -> dict[str, tuple[str, ...]]:
    """The slots of each linked class: a state written by classes of another shape is rebuilt."""
    return {kind: tuple(cls.__slots__) for kind, cls in _LINKED.items()}


def undump(blob: bytes) -> CampaignDetector:
    version, shapes, kinds, data = pickle.loads(blob)
    if version != STATE_FORMAT or shapes != _shapes():
        raise ValueError(f"state format {version} {shapes}, expected {STATE_FORMAT} {_shapes()}")
    unpickler = _FlatUnpickler(io.BytesIO(data), kinds)
    _LOADING.unpickler = unpickler
    try:
        detector = unpickler.load()
        number = 0
        while (states := unpickler.load()) is not None:
            for values in states:
                obj = unpickler.linked(kinds[number], number)
                for slot, value in zip(type(obj).__slots__, values):
                    if value is not _UNSET:
                        setattr(obj, slot, value)
                number += 1
    finally:
        _LOADING.unpickler = None
    if number != len(kinds):
        raise pickle.UnpicklingError(f"{number} objects written, {len(kinds)} numbered")
    if not isinstance(detector, CampaignDetector):
        raise TypeError(f"the state holds a {type(detector).__name__}, not a detector")
    return detector


class _Unset:
    """A slot that was never set (pickled by reference, so it is the same object after loading)."""

    def __reduce__(self) -> str:
        return "_UNSET"


_UNSET = _Unset()


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
