from postguard.campaigns.detector import CampaignDetector, detect
from postguard.campaigns.settings import DetectorSettings

from campaign_world import HEAVY, LEADER, MEMBERS


def test_small_campaign_is_found_with_its_leader(builder):
    builder.ordinary()
    attacked = builder.campaign(waves=3)
    found = detect(builder.stream())
    assert len(found) == 1
    evidence = found[0]
    members = {a.handle for a in evidence.accounts if a.role == "member"}
    assert members == set(MEMBERS)
    assert [a.handle for a in evidence.leaders] == [LEADER]
    assert [w.thread_id for w in evidence.waves] == attacked
    # Every member comes with reasons a person can check.
    for account in evidence.accounts:
        assert account.reasons and 0 < account.score <= 1


def test_ordinary_heavy_commenters_are_not_flagged(builder):
    # The regulars comment on every thread within the hour, often negatively, and also under
    # the attacked posts: co-reply alone would tie them together.
    builder.ordinary(threads=60, heavy_burst=True)
    builder.campaign(waves=3)
    flagged = {a.handle for e in detect(builder.stream()) for a in e.accounts}
    assert flagged and not flagged & set(HEAVY)


def test_heavy_commenters_alone_open_no_incident(builder):
    builder.ordinary(threads=80, heavy_burst=True)
    assert detect(builder.stream()) == []


def test_alert_comes_by_the_second_wave(builder):
    builder.ordinary()
    attacked = builder.campaign(waves=4)
    detector = CampaignDetector()
    first = None
    for comment in builder.stream():
        if detector.process(comment) and first is None:
            first = comment
    assert first is not None and first.thread_id in attacked[:2]


def test_official_account_is_a_target_not_a_leader(builder):
    builder.ordinary()
    builder.campaign(waves=3)
    settings = DetectorSettings(official_handles=frozenset({LEADER}))
    (evidence,) = detect(builder.stream(), settings)
    assert evidence.leaders == ()


def test_memory_is_bounded_by_the_windows(builder):
    builder.ordinary(threads=60, days=60)
    detector = CampaignDetector(DetectorSettings(memory_days=5))
    for comment in builder.stream():
        detector.process(comment)
    sizes = detector.memory_items()
    # Only the last days' threads and accounts are held, not the whole history.
    assert sizes["threads"] < 15
    assert sizes["indexed_comments"] < 100
