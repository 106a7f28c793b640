"""Documentation is complete: a rule without docs or texts in all six languages, an escalation
reason, a reassignment reason or a triage failure without its row in docs/inbox.md, or an audit
event without its row in docs/audit.md, fails here."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from postguard.inbound.assignment_reasons import AssignmentReason
from postguard.inbound.escalation_reasons import REASON_CODES
from postguard.inbound.failures import TriageFailure
from postguard.rules.base import DOC_HEADINGS
from postguard.rules.messages import missing_texts
from postguard.rules.registry import all_rules
from postguard.store.audit_events import event_types

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_docstring_has_every_heading(rule):
    doc = rule.documentation()
    for heading in DOC_HEADINGS:
        assert f"{heading}:" in doc, f"{rule.code} docstring lacks '{heading}:'"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_message_and_suggestion_in_all_languages(rule):
    assert missing_texts(rule.family, rule.code) == []


def test_codes_and_slugs_are_unique_and_well_formed():
    codes = [r.code for r in RULES]
    slugs = [r.slug for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(slugs)) == len(slugs)
    for rule in RULES:
        assert rule.code.startswith("PG") and rule.code[2:].isdigit() and len(rule.code) == 5
        assert rule.slug == rule.slug.lower() and " " not in rule.slug


@pytest.mark.parametrize("code", sorted(REASON_CODES))
def test_escalation_reason_is_documented(code):
    inbox = (Path(__file__).parent.parent / "docs" / "inbox.md").read_text(encoding="utf-8")
    assert f"| `{code}` |" in inbox, f"docs/inbox.md lacks a row for escalation reason {code}"


@pytest.mark.parametrize("family,code", [("reassignment reason", c) for c in sorted(AssignmentReason.codes)]
                         + [("triage failure", c) for c in sorted(TriageFailure.codes)])
def test_reassignment_reasons_and_triage_failures_are_documented(family, code):
    inbox = (Path(__file__).parent.parent / "docs" / "inbox.md").read_text(encoding="utf-8")
    assert f"| `{code}` |" in inbox, f"docs/inbox.md lacks a row for {family} {code}"


@pytest.mark.parametrize("event", event_types(), ids=lambda cls: cls.action)
def test_audit_event_is_documented_with_its_fields(event):
    audit = (Path(__file__).parent.parent / "docs" / "audit.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| `{re.escape(event.action)}` \|.*$", audit, re.M)
    assert row, f"docs/audit.md lacks a row for audit event {event.action}"
    missing = [f.name for f in fields(event) if f"`{f.name}`" not in row.group(0)]
    assert missing == [], f"docs/audit.md: the row of {event.action} misses {missing}"
