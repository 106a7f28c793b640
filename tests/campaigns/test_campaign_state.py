"""The detector's saved state: a trickle of scans finds exactly what full rescans find."""
from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources

import pytest
from sqlalchemy import update

from postguard.auth.permissions import CLI_ACTOR
from postguard.campaigns.model import comment_from_dict
from postguard.store import campaign_state, incidents, migrate
from postguard.store.db import Database
from postguard.store.incident_models import CampaignDetectorState, IncidentRecord
from postguard.store.policies import active_policy
from postguard.store.setup import prepare


def _demo() -> list:
    text = resources.files("postguard.demo").joinpath("campaign.jsonl").read_text(encoding="utf-8")
    comments = [comment_from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
    return sorted(comments, key=lambda c: c.at)


def _database(path) -> Database:
    db = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(db.engine)
    prepare(db)
    return db


def _scan(db: Database, batch: list, incremental: bool):
    with db.writer() as session:
        number, policy = active_policy(session)
        result = incidents.scan(session, actor=CLI_ACTOR, comments=batch, policy=policy, number=number,
                                incremental=incremental)
        session.commit()
    return result


def _incidents(db: Database) -> list[dict]:
    """The incidents, without the audit log's sequence numbers (saving a state first makes its
    signing key, one audit event more in that database)."""
    with db.reader() as session:
        documents = [row.document for row in session.query(IncidentRecord).order_by(IncidentRecord.id)]
    for document in documents:
        document.pop("audit_event_id")
        for step in document["history"]:
            step.pop("audit_event_id")
    return documents


@pytest.fixture(scope="module")
def batches() -> list[list]:
    """The demo stream in scans of 40 comments, one of them late (older than the state's watermark)."""
    comments = _demo()
    out = [comments[start:start + 40] for start in range(0, len(comments), 40)]
    late = out[20].pop(5)
    out[30].append(late)
    return out


def test_trickle_with_saved_state_equals_full_rescans(tmp_path, batches):
    kept, full = _database(tmp_path / "kept.db"), _database(tmp_path / "full.db")
    rebuilt = []
    for batch in batches:
        a, b = _scan(kept, batch, True), _scan(full, batch, False)
        assert (a.new, a.opened, a.grown) == (b.new, b.opened, b.grown)
        rebuilt.append(a.rebuilt)
    # The first scan builds the state and the late comment forces one rebuild; every other scan continues it.
    assert rebuilt[0] and rebuilt[30] and sum(rebuilt) == 2
    found = _incidents(kept)
    assert len(found) == 2 and found == _incidents(full)
    assert any(a["role"] == "leader" for d in found for a in d["accounts"])
    with kept.reader() as session:
        assert session.get(CampaignDetectorState, campaign_state.ROW_ID).processed > 0
    kept.dispose()
    full.dispose()


def test_a_state_with_a_wrong_signature_or_other_settings_is_rebuilt(tmp_path, batches):
    db = _database(tmp_path / "state.db")
    assert _scan(db, batches[0], True).rebuilt
    assert not _scan(db, batches[1], True).rebuilt
    with db.writer() as session:
        session.execute(update(CampaignDetectorState).values(mac="0" * 64))
        session.commit()
    assert _scan(db, batches[2], True).rebuilt  # never unpickled: rebuilt from the stored comments
    with db.writer() as session:
        session.execute(update(CampaignDetectorState).values(fingerprint="another policy"))
        session.commit()
    assert _scan(db, batches[3], True).rebuilt
    db.dispose()


def test_watermark_keeps_the_last_hour_out_of_the_state():
    latest = _demo()[-1].at
    assert campaign_state.next_watermark(latest, None) == latest - timedelta(hours=campaign_state.REORDER_HOURS)
    assert campaign_state.next_watermark(latest - timedelta(days=1), latest) == latest  # never backwards



def test_a_saved_detector_continues_the_stream_as_if_never_stopped():
    from postguard.campaigns.detector import CampaignDetector
    from postguard.campaigns.settings import DetectorSettings
    from postguard.policy.loader import default_policy

    comments = _demo()
    settings = DetectorSettings.from_policy(default_policy())
    whole, first = CampaignDetector(settings), CampaignDetector(settings)
    expected = [e for c in comments for e in whole.process(c)] + whole.flush()
    half = len(comments) // 2
    found = [e for c in comments[:half] for e in first.process(c)]
    second = campaign_state.undump(campaign_state.dump(first))
    found += [e for c in comments[half:] for e in second.process(c)] + second.flush()
    assert found == expected and len(expected) >= 2
    assert second.memory_items() == whole.memory_items()


def test_long_chains_of_paraphrase_links_are_saved_without_deep_recursion():
    """A plain pickle follows ``similar`` links recursively and fails past ~1,000 of them."""
    import pickle

    from postguard.campaigns.campaign import Item
    from postguard.campaigns.detector import CampaignDetector
    from postguard.campaigns.features import lexicon_negativity

    detector = CampaignDetector()
    template = _demo()[0]
    chain = [Item(template, float(n), lexicon_negativity) for n in range(20_000)]
    for before, after in zip(chain, chain[1:]):
        before.similar.append(after)
    detector._indexed[1] = chain[0]
    with pytest.raises(RecursionError):
        pickle.dumps(detector)
    loaded = campaign_state.undump(campaign_state.dump(detector))
    item, length = loaded._indexed[1], 1
    while item.similar:
        item, length = item.similar[0], length + 1
    assert length == 20_000 and item.at == 19_999.0 and item.comment == template


def test_a_state_written_by_classes_of_another_shape_is_refused():
    import pickle

    from postguard.campaigns.detector import CampaignDetector

    blob = campaign_state.dump(CampaignDetector())
    version, shapes, kinds, data = pickle.loads(blob)
    shapes["I"] = shapes["I"][:-1]  # an Item of an older release, one slot fewer
    with pytest.raises(ValueError):
        campaign_state.undump(pickle.dumps((version, shapes, kinds, data)))
