"""Competitors, copyright, disclosure and claims follow the policy's settings."""
from __future__ import annotations

from postguard.context import Attachment
from policy_helpers import findings, variant


def test_disparaging_needs_the_competitor_and_the_negative_word_in_one_sentence():
    assert findings("PowerNord are scammers.", "PG601")
    assert findings("PowerNord had a great year. Scammers are everywhere though.", "PG601") == []
    assert findings("Scammers everywhere, but not at Acme.", "PG601") == []
    assert findings("Vattenkraftu unikajcie!", "PG601", language="pl")


def test_quote_limit_comes_from_the_policy():
    quote = '"' + " ".join(["word"] * 30) + '"'
    assert findings(quote, "PG803")
    assert findings(quote, "PG803", variant(limits={"max_quote_words": 40})) == []


def test_media_needs_a_source_or_a_licence():
    photo = Attachment("sunset.jpg", "image/jpeg")
    assert findings("Sunset!", "PG801", attachments=(photo,))
    assert findings("Sunset!", "PG801", attachments=(Attachment("sunset.jpg", "image/jpeg", licence="CC BY 4.0"),)) == []
    assert findings("Sunset!", "PG801", attachments=(Attachment("notes.pdf"),)) == []


def test_disclosure_is_what_the_policy_accepts():
    text = "Check out the new SolarFjord deal!"
    assert findings(text, "PG901")
    assert findings(text + " #employee", "PG901") == []
    assert findings(text, "PG901", account="official") == []
    custom = variant(advocacy={"disclosure_patterns": {"en": ["#FjordlineCrew"]}})
    assert findings(text + " #employee", "PG901", custom)
    assert findings(text + " #fjordlinecrew", "PG901", custom) == []
    assert findings(text, "PG901", variant(rules={"require_disclosure": False})) == []


def test_claims_only_when_the_policy_checks_them():
    text = "Our heat pumps are 100% safe."
    assert [f.excerpt for f in findings(text, "PG951")] == ["100% safe"]
    assert findings(text, "PG951", variant(rules={"check_claims": False})) == []


def test_an_unsupported_language_keeps_the_name_checks_and_reports_the_pattern_checks_as_not_run():
    import postguard
    from postguard.context import CheckContext
    from policy_helpers import FIXTURE_POLICY

    # German: the detector gives no first-class language; names from the policy still count.
    report = postguard.check("Unser Projekt Falcon ist garantiert das beste der Welt, versprochen!",
                             FIXTURE_POLICY, CheckContext())
    assert report.language == "und"
    assert [f.code for f in report.findings if f.code == "PG101"] == ["PG101"]
    skipped = {s.code for s in report.skipped}
    assert {"PG951", "PG501", "PG901"} <= skipped
