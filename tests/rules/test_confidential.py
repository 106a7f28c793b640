"""Confidential rules: embargoes that lift at their moment, owners in suggestions, markers."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from policy_helpers import FIXTURE_POLICY, findings, variant

EMBARGO = datetime(2027, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
POST = "Can't wait for you all to see the Aurora heat pump!"


def test_unreleased_product_blocks_until_the_embargo_moment_and_is_allowed_from_it():
    before = findings(POST, "PG102", at=EMBARGO - timedelta(minutes=1))
    assert [f.excerpt for f in before] == ["Aurora heat pump"]
    assert before[0].severity.value == "block"
    assert "1 March 2027, 09:00" in before[0].message  # when it lifts, in Oslo time
    assert findings(POST, "PG102", at=EMBARGO) == []
    assert findings(POST, "PG102", at=EMBARGO + timedelta(days=30)) == []


def test_the_lift_date_is_written_in_the_authors_language_and_the_organisations_time_zone():
    (finding,) = findings("Premiera Aurory już wkrótce!", "PG102", language="pl", at=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert "1 marca 2027, 09:00" in finding.message
    (hebrew,) = findings("מחכה לאורורה", "PG102", language="he", at=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert "2027" in hebrew.message and "אמברגו" in hebrew.message


def test_a_product_without_a_launch_date_stays_embargoed():
    (finding,) = findings("GridBox is coming!", "PG102", at=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert "no date set yet" in finding.message


def test_a_naive_embargo_is_read_in_the_organisations_time_zone():
    product = FIXTURE_POLICY.sensitive.unreleased_products[0].model_copy(update={"embargo_until": datetime(2027, 3, 1, 9, 0)})
    policy = variant(sensitive={"unreleased_products": [product]})
    # 07:59 UTC is 08:59 in Oslo: still embargoed; 08:00 UTC is the moment.
    assert findings(POST, "PG102", policy, at=datetime(2027, 3, 1, 7, 59, tzinfo=timezone.utc))
    assert not findings(POST, "PG102", policy, at=datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc))


def test_confidential_project_names_the_owner_from_the_policy():
    (finding,) = findings("Late night on Project Falcon again", "PG101")
    assert "Maria Nilsen" in finding.suggestion and "maria.nilsen@fjordline.example" in finding.suggestion
    (polish,) = findings("Siedzę nad projektem Sokół", "PG101", language="pl")
    assert "Kierowniczka komunikacji" in polish.suggestion


def test_financial_results_only_before_the_publication_and_not_without_a_date():
    text = "Our Q3 revenue grew 18%!"
    assert findings(text, "PG105", at=datetime(2027, 2, 1, tzinfo=timezone.utc))
    assert not findings(text, "PG105", at=datetime(2027, 2, 11, tzinfo=timezone.utc))
    undated = variant(sensitive={"financial_results_embargo_until": None})
    assert not findings(text, "PG105", undated, at=datetime(2027, 2, 1, tzinfo=timezone.utc))


def test_security_routine_patterns_and_policy_names():
    hits = findings("The alarm code is 4711 and we do the Night Lock at 22.", "PG104")
    assert [f.excerpt for f in hits] == ["alarm code is 4711", "Night Lock"]
    assert "Ole Hansen" in hits[0].suggestion
    assert not findings("Use the promo code SUMMER24 at checkout.", "PG104")


def test_single_word_markers_count_only_as_labels():
    assert [f.excerpt for f in findings("Deck attached (Confidential)", "PG110")] == ["(Confidential)"]
    assert [f.excerpt for f in findings("Confidential: roadmap", "PG110")] == ["Confidential"]
    assert not findings("Your data stays confidential with us.", "PG110")
    assert not findings("זה לא סודי שאנחנו אוהבים את העבודה", "PG110", language="he")


def test_policy_markers_are_added_to_the_bundled_ones():
    policy = variant(sensitive={"confidential_markers": {"pl": ["tajemnica Fjordline"]}})
    assert [f.excerpt for f in findings("To jest tajemnica Fjordline!", "PG110", policy, language="pl")] == ["tajemnica Fjordline"]
