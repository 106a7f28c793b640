"""E-mail rules: internal recipients may read confidential names, external ones may not."""
from __future__ import annotations

import pytest

from postguard.connectors.eml import EmailDraft
from postguard.context import Attachment, CheckContext
from postguard.email_check import check_email
from postguard.rules.registry import all_rules
from policy_helpers import FIXTURE_POLICY, findings, variant

TEXT = "Hi, attached is the Project Falcon budget."


def email(text, code, recipients, policy=FIXTURE_POLICY, **context):
    return findings(text, code, policy, kind="email", channel="email", recipients=tuple(recipients), **context)


def test_internal_recipients_and_subdomains_are_not_external():
    assert email(TEXT, "PG150", ["lars@fjordline.example", "ops@oslo.fjordline.example"]) == []
    # A project name to colleagues is normal work: the post rule stays silent too.
    assert email(TEXT, "PG101", ["lars@fjordline.example"]) == []


def test_one_external_recipient_is_enough_and_is_named():
    (finding,) = email(TEXT, "PG150", ["lars@fjordline.example", "tom@partner.example"])
    assert finding.excerpt == "Project Falcon"
    assert "tom@partner.example" in finding.message and "lars@" not in finding.message
    assert finding.severity.value == "block"
    # A look-alike domain is external.
    assert email(TEXT, "PG150", ["tom@fjordline.example.evil.example"])
    assert email(TEXT, "PG150", ["tom@notfjordline.example"])


def test_the_policy_can_switch_the_check_off():
    policy = variant(email={"block_confidential_to_external": False})
    assert email(TEXT, "PG150", ["tom@partner.example"], policy) == []


def test_attachments_matching_the_policy_patterns_are_reported_on_their_part():
    draft = EmailDraft(subject="Plan", body="Cześć, w załączniku plan.", html_text="", sender="anna@fjordline.example",
                       recipients=("partner@othercompany.example",),
                       attachments=(Attachment("plan_wewnetrzny.pdf"), Attachment("cennik.pdf")))
    report = check_email(draft, FIXTURE_POLICY, CheckContext(language="pl"))
    attachment_findings = [(f.part, f.excerpt) for f in report.findings if f.code == "PG151"]
    assert attachment_findings == [("attachment:1", "plan_wewnetrzny.pdf")]
    internal = EmailDraft(subject="Plan", body="Plan.", html_text="", sender="anna@fjordline.example",
                          recipients=("lars@fjordline.example",), attachments=(Attachment("plan_wewnetrzny.pdf"),))
    assert not [f for f in check_email(internal, FIXTURE_POLICY, CheckContext(language="pl")).findings if f.code == "PG151"]


def test_an_attachment_named_after_a_confidential_project_is_internal():
    hits = email("Falk_status.docx", "PG151", ["kari@partner.example"], language="no",
                 attachments=(Attachment("Falk_status.docx"),))
    assert [f.excerpt for f in hits] == ["Falk_status.docx"]


@pytest.mark.skipif(not any(r.code.startswith("PG2") for r in all_rules()), reason="needs the personal-data rules (PG2xx)")
def test_personal_data_to_external_reuses_the_personal_data_rules_at_the_policys_severity():
    text = "The customer's e-mail is jane.doe@example.com."
    (finding,) = email(text, "PG152", ["tom@partner.example"])
    assert finding.excerpt == "jane.doe@example.com"
    assert email(text, "PG152", ["lars@fjordline.example"]) == []
    warn_only = variant(email={"personal_data_to_external": "warn"})
    assert email(text, "PG152", ["tom@partner.example"], warn_only)[0].severity.value == "warn"


def test_an_attachment_part_is_judged_once_as_an_attachment():
    draft = EmailDraft(subject="Status", body="Hei, se vedlegg.", html_text="", sender="anna@fjordline.example",
                       recipients=("kari@partner.example",), attachments=(Attachment("Falk_status.docx"),))
    report = check_email(draft, FIXTURE_POLICY, CheckContext(language="no"))
    assert [(f.code, f.part) for f in report.findings if f.code.startswith("PG15")] == [("PG151", "attachment:1")]
