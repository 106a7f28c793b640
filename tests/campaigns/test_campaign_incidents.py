import pytest

from postguard.campaigns.bundle import export_bundle, verify_bundle
from postguard.campaigns.detector import CampaignDetector
from postguard.campaigns.incidents import IncidentBook, MemoryIncidentStore
from postguard.campaigns.report import render_report
from postguard.errors import UsageError
from postguard.languages import LANGUAGES
from postguard.policy.loader import load_policy_text

from campaign_world import LEADER, MEMBERS

POLICY = """
version: 1
policy: {name: Test policy, revision: "7"}
organisation: {name: Nordlys, support_url: "https://nordlys.example/help"}
speakers: {model: strict}
responsibilities:
  communications:
    title: {en: Communications, pl: Komunikacja}
    owner: {name: Kari Nordmann, department: Communications, email: kari@nordlys.example}
limits:
  campaign_min_accounts: 4
  campaign_playbook:
    pl: "Nie odpowiadaj pojedynczo.\\nEskaluj do komunikacji.\\nZabezpiecz dowody."
"""


@pytest.fixture
def policy():
    return load_policy_text(POLICY)


def run(builder, policy, store=None):
    book = IncidentBook(policy, store)
    detector = CampaignDetector()
    opened = []
    for comment in builder.stream():
        for evidence in detector.process(comment):
            incident, is_new = book.apply(evidence)
            if is_new:
                opened.append((incident.id, comment.thread_id))
    for evidence in detector.flush():
        book.apply(evidence)
    return book, opened


def test_incident_opens_once_grows_and_has_owner_and_playbook(builder, policy):
    builder.ordinary()
    attacked = builder.campaign(waves=4)
    book, opened = run(builder, policy)
    (incident,) = book.store.all()
    assert len(opened) == 1 and opened[0][1] in attacked[:2]
    assert [w.thread_id for w in incident.waves] == attacked
    assert [w.index for w in incident.waves] == [1, 2, 3, 4]
    assert {a.handle for a in incident.accounts.values() if a.role == "member"} == set(MEMBERS)
    assert incident.owner["name"] == "Kari Nordmann"
    assert set(incident.playbook) == set(LANGUAGES)
    assert incident.playbook["pl"]["steps"][0] == "Nie odpowiadaj pojedynczo."
    assert "one by one" in incident.playbook["en"]["steps"][0]
    assert all(c.wave in (1, 2, 3, 4) for c in incident.comments.values())


def test_states_move_forward_only(builder, policy):
    builder.ordinary()
    builder.campaign()
    book, _ = run(builder, policy)
    incident = book.store.all()[0]
    incident.transition("acknowledged", actor="kari")
    with pytest.raises(UsageError, match="acknowledged"):
        incident.transition("acknowledged")
    incident.transition("resolved", note="platform removed the accounts")
    assert [t.state for t in incident.history] == ["open", "acknowledged", "resolved"]
    with pytest.raises(UsageError):
        incident.transition("open")


def test_rescan_adds_nothing_twice(builder, policy):
    builder.ordinary()
    builder.campaign()
    store = MemoryIncidentStore()
    run(builder, policy, store)
    (incident,) = store.all()
    before = export_bundle(incident, generated_at=incident.opened_at)["comments"]
    run(builder, policy, store)
    (incident,) = store.all()
    assert export_bundle(incident, generated_at=incident.opened_at)["comments"] == before


def test_bundled_playbook_steps_are_plain_sentences():
    from postguard.campaigns.incidents import bundled_playbook

    for language in LANGUAGES:
        steps = bundled_playbook(language)["steps"]
        assert len(steps) >= 4 and all(isinstance(step, str) and step.strip() for step in steps), language


def test_bundle_hashes_verify_and_change_with_a_comment(builder, policy):
    builder.ordinary()
    builder.campaign()
    book, _ = run(builder, policy)
    incident = book.store.all()[0]
    bundle = export_bundle(incident)
    assert verify_bundle(bundle) == []
    first = bundle["comments"][0]["item"]
    assert {"platform", "platform_id", "permalink", "author", "at_utc", "text", "reasons"} <= set(first)
    assert bundle["audit"] == {"audit_event_id": None}
    # Editing a comment after export is caught, item and bundle both.
    first["text"] += " (edited)"
    problems = verify_bundle(bundle)
    assert problems == ["comments[1]: content does not match its sha256", "bundle_sha256: the bundle does not match its sha256"]
    # A different comment in the incident gives a different item hash and bundle hash.
    key, evidence = next(iter(incident.comments.items()))
    original = export_bundle(incident, generated_at=incident.opened_at)
    from dataclasses import replace
    incident.comments[key] = replace(evidence, comment=replace(evidence.comment, text=evidence.comment.text + "!"))
    changed = export_bundle(incident, generated_at=incident.opened_at)
    assert changed["bundle_sha256"] != original["bundle_sha256"]
    assert {c["sha256"] for c in changed["comments"]} != {c["sha256"] for c in original["comments"]}


def test_report_is_escaped_localised_and_rtl_for_hebrew(builder, policy):
    builder.ordinary()
    builder.campaign()
    book, _ = run(builder, policy)
    incident = book.store.all()[0]
    key, evidence = next(iter(incident.comments.items()))
    from dataclasses import replace
    incident.comments[key] = replace(evidence, comment=replace(evidence.comment, text="<script>alert(1)</script>"))
    bundle = export_bundle(incident)
    hebrew = render_report(bundle, "he")
    assert 'dir="rtl"' in hebrew and "ציר הזמן של הגלים" in hebrew
    assert "<script>alert(1)</script>" not in hebrew and "&lt;script&gt;" in hebrew
    polish = render_report(bundle, "pl")
    assert 'dir="ltr"' in polish and "Przebieg fal" in polish and "Nie odpowiadaj pojedynczo." in polish
    assert LEADER in polish and bundle["bundle_sha256"] in polish
    with pytest.raises(UsageError):
        render_report(bundle, "de")


def test_memory_store_names_known_ids():
    with pytest.raises(UsageError, match="INC-0009"):
        MemoryIncidentStore().get("INC-0009")
