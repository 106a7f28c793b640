"""The policy wizard (R9): answers become a starter policy that validates and reflects them."""
from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from postguard.cli import app
from postguard.errors import PolicyError
from postguard.languages import LANGUAGES
from postguard.policy.loader import check_policy, load_policy_text
from postguard.policy.wizard import QUESTIONS, WizardAnswers, read_answers, wizard_texts, write_policy

ANSWERS = """\
company: Fjord Bank
website: https://www.fjordbank.no
size: large
speakers: trained_employees
channels: [linkedin, x]
regulated: finance
languages: ["no", en]
competitors: [Nordea, DNB]
timezone: Europe/Oslo
hours: "09:00-15:30"
days: weekdays
responsible_name: Kari Nordmann
responsible_email: kari@fjordbank.no
advocacy: false
working_time: false
confidential_projects: [Project Lynx]
unreleased_products: [Fjord Card Zero]
internal_tools: [BankDesk]
"""


def test_answers_shape_the_policy():
    policy = load_policy_text(write_policy(read_answers(ANSWERS), today=date(2027, 1, 1)))
    assert policy.organisation.name == "Fjord Bank" and policy.organisation.internal_domains == ["fjordbank.no"]
    assert policy.name == "Retningslinjer for sosiale medier i Fjord Bank"  # named in the main language
    assert policy.speakers.model == "open"
    assert [a.platform for a in policy.speakers.official_accounts] == ["linkedin", "x"]
    assert policy.languages.default == "no" and policy.languages.supported == ["no", "en"]
    assert [c.name for c in policy.sensitive.competitors] == ["Nordea", "DNB"]
    assert [t.name for t in policy.sensitive.confidential_projects] == ["Project Lynx"]
    assert [t.name for t in policy.sensitive.internal_tools] == ["BankDesk"]
    assert policy.availability.hours["mon"] == ["09:00-15:30"] and "sat" not in policy.availability.hours
    assert policy.responsibilities["communications"].owner.name == "Kari Nordmann"
    assert policy.training.pass_mark == 0.9 and policy.training.questions == 15  # regulated, large
    assert policy.review.auto_approve == ["personal"]
    assert policy.advocacy.enabled is False and policy.working_time == {}


def test_a_small_strict_company_gets_the_strict_template_with_defaults():
    policy = load_policy_text(write_policy(WizardAnswers(company="Kafé Lund", days="every_day", size="small")))
    assert policy.speakers.model == "strict" and policy.training.questions == 8 and policy.training.pass_mark == 0.8
    assert set(policy.availability.hours) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    assert policy.working_time  # kept by default, with the template's six languages
    assert "Example" not in write_policy(WizardAnswers(company="Kafé Lund"))


def test_sunday_to_thursday_week():
    policy = load_policy_text(write_policy(WizardAnswers(company="Shalom Ltd", days="sun_thu", languages=["he", "en"])))
    assert sorted(policy.availability.hours) == ["mon", "sun", "thu", "tue", "wed"]


def test_bad_answers_are_reported_with_line_and_column():
    with pytest.raises(PolicyError) as caught:
        read_answers("company: X\nsize: huge\nhours: 8-16\nlanguages: [xx]\ncolour: blue\n", "a.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert lines[0].startswith("a.yaml:2:7: size:")
    assert any(line.startswith("a.yaml:3:8: hours:") and "HH:MM-HH:MM" in line for line in lines)
    assert any("a.yaml:4" in line and "'xx'" in line for line in lines)
    assert any(line.startswith("a.yaml:5:1: colour: unknown question") for line in lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_and_choice_in_six_languages(language):
    words = wizard_texts(language)
    assert set(words["questions"]) == set(QUESTIONS) == set(WizardAnswers.model_fields)
    for key, (kind, _default) in QUESTIONS.items():
        assert words["questions"][key]["label"] and words["questions"][key]["help"]
        if kind == "choice":
            allowed = WizardAnswers.model_fields[key].annotation.__args__
            assert set(words["choices"][key]) == set(allowed), (language, key)
    assert "{file}" in words["written"] and "{company}" in words["policy_name"]


def test_cli_with_answers_file_writes_a_valid_policy(tmp_path):
    answers, output = tmp_path / "answers.yaml", tmp_path / "policy.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "wizard", "--answers", str(answers), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert check_policy(output).policy.organisation.name == "Fjord Bank"
    again = CliRunner().invoke(app, ["policy", "wizard", "--answers", str(answers), "--output", str(output)])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_bad_answers_exit_2_and_write_nothing(tmp_path):
    answers, output = tmp_path / "answers.yaml", tmp_path / "policy.yaml"
    answers.write_text("company: X\nsize: huge\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "wizard", "--answers", str(answers), "--output", str(output)])
    assert result.exit_code == 2 and "answers.yaml:2:7: size:" in result.output and not output.exists()


def test_cli_interactive_in_polish(tmp_path):
    output = tmp_path / "policy.yaml"
    typed = "\n".join(["Sklep Kowalski", "", "", "1", "2", "linkedin, facebook", "1", "pl, en", "pl", "Allegro",
                       "Europe/Warsaw", "", "", "Jan Kowalski", "jan@kowalski.pl", "y", "y", "n", "", "", ""]) + "\n"
    result = CliRunner().invoke(app, ["policy", "wizard", "--lang", "pl", "--output", str(output)], input=typed)
    assert result.exit_code == 0, result.output
    assert "Wielkość firmy" in result.output and "Zapisano" in result.output
    policy = check_policy(output).policy
    assert policy.speakers.model == "open" and policy.languages.default == "pl"
    assert policy.organisation.timezone == "Europe/Warsaw" and policy.working_time == {}
    assert [c.name for c in policy.sensitive.competitors] == ["Allegro"]
