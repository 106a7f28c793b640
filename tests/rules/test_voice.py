"""Voice rules: only spokespeople commit the company; strict and open policies differ."""
from __future__ import annotations

from policy_helpers import findings, variant

REFUND = "So sorry! We will refund the whole amount."


def test_an_employee_may_not_promise_a_refund_but_a_spokesperson_may():
    (finding,) = findings(REFUND, "PG501", role="employee")
    assert finding.excerpt == "We will refund"
    assert finding.severity.value == "block"  # the fixture policy is strict
    assert findings(REFUND, "PG501", role="spokesperson") == []
    assert findings(REFUND, "PG501", role="communications_lead") == []


def test_the_suggestion_names_the_channel_and_the_owner_in_the_authors_language():
    (finding,) = findings("Przepraszamy! Zwrócimy Panu całą kwotę.", "PG501", language="pl")
    assert "https://fjordline.example/kontakt" in finding.suggestion
    assert "Obsługa klienta" in finding.suggestion and finding.suggestion.startswith("Nie obiecuj")


def test_open_policies_warn_and_only_on_real_commitments():
    open_policy = variant(speakers={"model": "open"})
    assert findings(REFUND, "PG501", open_policy)[0].severity.value == "warn"
    assert findings("Sorry, we will fix it today.", "PG501")  # strict: "we will fix" is a commitment
    assert findings("Sorry, we will fix it today.", "PG501", open_policy) == []


def test_on_behalf_of_the_company_uses_the_name_from_the_policy():
    assert [f.excerpt for f in findings("Speaking on behalf of Fjordline Energi: sorry.", "PG501")] == [
        "on behalf of Fjordline Energi"]


def test_customer_replies_from_personal_accounts_only_under_the_strict_model():
    reply = "Hi! I'll look into your invoice tomorrow."
    assert findings(reply, "PG502", kind="reply", account="personal")
    assert findings(reply, "PG502", kind="reply", account="official") == []
    assert findings(reply, "PG502", kind="post", account="personal") == []
    assert findings(reply, "PG502", variant(speakers={"model": "open"}), kind="reply") == []
