"""The demo policy and the starter templates are complete, valid and fully translated."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.languages import LANGUAGES
from postguard.policy.loader import DEMO_POLICY, bundled_text, check_policy, check_policy_text
from postguard.policy.schema import SITUATIONS

TEMPLATES = ("strict", "open")


def test_demo_validates_without_a_single_warning():
    checked = check_policy_text(bundled_text(DEMO_POLICY), DEMO_POLICY)
    assert checked.warnings == [] and checked.changes == []


def test_demo_fills_in_every_section(demo_policy):
    policy = demo_policy
    assert len(policy.organisation.core_values) >= 3
    assert policy.speakers.official_accounts and policy.speakers.statement
    assert len(policy.guidelines) >= 10
    from postguard.engine import _guideline_match
    from postguard.rules.registry import all_rules

    without_a_do = [rule.code for rule in all_rules()
                    if not any(_guideline_match(rule, ref) for g in policy.guidelines for ref in g.rules)]
    assert without_a_do == []
    sensitive = policy.sensitive
    falcon = sensitive.confidential_projects[0]
    assert falcon.translations["pl"] == "Projekt Sokół" and falcon.translations["he"] == "פרויקט פלקון"
    assert any(p.embargo_until and p.embargo_until.year == 2027 for p in sensitive.unreleased_products)
    assert sensitive.internal_tools and sensitive.security_routines and sensitive.competitors
    assert sensitive.financial_results_embargo_until is not None
    assert {"legal", "communications", "customer_service", "security", "hr"} <= set(policy.responsibilities)
    assert all(r.owner.email for r in policy.responsibilities.values())
    assert policy.final_responsibility == "communications"
    assert set(policy.situations) == set(SITUATIONS)
    assert policy.availability.hours and policy.availability.acknowledgement
    assert policy.advocacy.campaign_hashtags and policy.advocacy.disclosure_patterns
    assert policy.redirect.reply and policy.working_time


def test_demo_situations_answer_in_six_languages_with_placeholders(demo_policy):
    for name, playbook in demo_policy.situations.items():
        assert set(playbook.response) == set(LANGUAGES), name
        assert set(playbook.guidance) == set(LANGUAGES), name
        for language, text in playbook.response.items():
            assert "{case_number}" in text or "{customer_name}" in text or name == "spam", (name, language)


def test_demo_hebrew_texts_are_in_hebrew_script(demo_policy):
    hebrew = [demo_policy.speakers.statement["he"], demo_policy.working_time["he"]]
    hebrew += [g.do["he"] for g in demo_policy.guidelines]
    for text in hebrew:
        letters = [c for c in text if c.isalpha()]
        assert sum("\u0590" <= c <= "\u05ff" for c in letters) / len(letters) > 0.6, text


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_validates_without_warnings(template):
    checked = check_policy_text(bundled_text("templates", f"{template}.yaml"), f"{template}.yaml")
    assert checked.warnings == []
    assert checked.policy.speakers.model == template
    assert set(checked.policy.situations) == set(SITUATIONS)


@pytest.mark.parametrize("template", TEMPLATES)
def test_init_writes_a_commented_policy_that_validates(tmp_path, template):
    target = tmp_path / "policy.yaml"
    result = CliRunner().invoke(app, ["policy", "init", "--template", template, "--output", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.count("#") > 20
    assert check_policy(target).policy.speakers.model == template


def test_init_refuses_to_overwrite_unless_forced(tmp_path):
    target = tmp_path / "policy.yaml"
    target.write_text("mine\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["policy", "init", "--template", "open", "--output", str(target)])
    assert refused.exit_code == 2 and "exists; use --force" in refused.output
    assert target.read_text(encoding="utf-8") == "mine\n"
    forced = CliRunner().invoke(app, ["policy", "init", "--template", "open", "--output", str(target), "--force"])
    assert forced.exit_code == 0 and "model: open" in target.read_text(encoding="utf-8")


def test_init_with_an_unknown_template_is_a_usage_error():
    result = CliRunner().invoke(app, ["policy", "init", "--template", "relaxed"])
    assert result.exit_code == 2 and "no template 'relaxed'; choose one of strict, open" in result.output


def test_open_and_strict_differ_in_who_speaks():
    strict = check_policy_text(bundled_text("templates", "strict.yaml")).policy
    opened = check_policy_text(bundled_text("templates", "open.yaml")).policy
    assert not strict.speakers.trained_employees_may_answer and opened.speakers.trained_employees_may_answer
    assert not strict.advocacy.enabled and opened.advocacy.enabled
