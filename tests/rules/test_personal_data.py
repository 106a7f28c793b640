"""Personal data rules as a user meets them: what is reported, how severely, in which language."""
from __future__ import annotations

import postguard
from postguard import CheckContext
from postguard.policy.loader import load_policy_text

POLICY = """
version: 1
policy: {name: Test, revision: "1"}
organisation:
  name: Fjordline
  support_url: https://fjordline.example/kontakt
  support_email: kundeservice@fjordline.example
  support_phone: "+47 22 12 34 56"
speakers: {model: strict}
responsibilities:
  press:
    title: {en: Press}
    owner: {name: Press desk, email: presse@fjordline.example, phone: "+47 412 34 567"}
"""


def codes(text: str, language: str) -> list[tuple[str, str]]:
    report = postguard.check(text, load_policy_text(POLICY), CheckContext(language=language))
    return [(f.code, f.excerpt) for f in report.findings if f.code.startswith("PG2")]


def test_official_contacts_from_the_policy_are_not_flagged():
    text = "Press: presse@fjordline.example or 412 34 567; customers: kundeservice@fjordline.example, 22 12 34 56"
    assert codes(text, "no") == []


def test_a_colleagues_private_contacts_are_flagged():
    assert codes("Ring Ola privat på 913 45 678 eller ola@gmail.example", "no") == [
        ("PG202", "913 45 678"), ("PG203", "ola@gmail.example")]


def test_id_number_blocks_and_the_message_is_in_the_authors_language():
    report = postguard.check("Klientka: PESEL 85031212343", load_policy_text(POLICY), CheckContext(language="pl"))
    finding = report.findings[0]
    assert (finding.code, finding.severity.value, report.verdict.value) == ("PG201", "block", "block")
    assert "PESEL" in finding.message and "Usuń" in finding.suggestion


def test_hebrew_message_names_the_israeli_id():
    report = postguard.check("ת.ז. 039337423", load_policy_text(POLICY), CheckContext(language="he"))
    assert report.findings[0].message.startswith("זה נראה כמו מספר תעודת זהות")
