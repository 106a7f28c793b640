"""A broken policy is refused with every problem at its real file position.

One test per kind of problem; each asserts the exact ``file:line:column: key.path: …``
a person would see in their editor.
"""
from __future__ import annotations

import pytest

from postguard.rules.registry import known_codes

from postguard.errors import PolicyError, UsageError
from postguard.policy.crosscheck import family_hint
from postguard.policy.loader import MAX_BYTES, check_policy, check_policy_text, load_policy, load_policy_text

BASE = """\
version: 1
policy: {name: Test policy, revision: "1"}
organisation:
  name: Acme
  support_url: https://acme.example/help
speakers:
  model: strict
"""


def problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, "p.yaml")
    return [str(p) for p in caught.value.problems]


def test_the_base_policy_loads():
    assert load_policy_text(BASE, "p.yaml").organisation.name == "Acme"


def test_unknown_key_is_named_with_a_did_you_mean():
    text = BASE.replace("  support_url:", "  suport_url:")
    assert problems(text) == [
        "p.yaml:3:1: organisation.support_url: required key 'support_url' is missing",
        "p.yaml:5:3: organisation.suport_url: unknown key 'suport_url'; did you mean 'support_url'?",
    ]


def test_unknown_top_level_section_lists_the_known_ones():
    [problem] = problems(BASE + "colour: blue\n")
    assert problem.startswith("p.yaml:8:1: colour: unknown key 'colour'; expected one of: version, policy, organisation")


def test_wrong_type_says_what_was_expected_and_found():
    text = BASE.replace('revision: "1"', "revision: 2026.11")
    assert problems(text) == ["p.yaml:2:39: policy.revision: expected text, got a number; put it in quotes"]


def test_wrong_type_in_a_list_item():
    text = BASE + "training:\n  questions: many\n"
    assert problems(text) == ["p.yaml:9:14: training.questions: expected a whole number, got 'many'"]


def test_language_that_is_not_supported():
    text = BASE + "languages:\n  default: en\n  supported: [en, de]\n"
    assert problems(text) == [
        "p.yaml:10:19: languages.supported[1]: 'de' is not a supported language "
        "(expected 'en', 'pl', 'no', 'sv', 'he' or 'nl')"
    ]


def test_text_in_a_language_that_is_not_supported_points_at_the_key():
    text = BASE.replace("  name: Acme\n", "  name: Acme\n  about: {en: Hello, fr: Bonjour}\n")
    assert problems(text) == [
        "p.yaml:5:22: organisation.about.fr: 'fr' is not a supported language "
        "(expected 'en', 'pl', 'no', 'sv', 'he' or 'nl')"
    ]


def test_embargo_that_is_not_a_date():
    text = BASE + "sensitive:\n  unreleased_products:\n    - name: Aurora\n      embargo_until: next spring\n"
    assert problems(text) == [
        "p.yaml:11:22: sensitive.unreleased_products[0].embargo_until: 'next spring' is not a date; "
        "write it as 2027-03-01 or 2027-03-01T09:00:00+01:00"
    ]


def test_impossible_date():
    text = BASE + "sensitive:\n  financial_results_embargo_until: 2027-02-30\n"
    [problem] = problems(text)
    assert problem.startswith("p.yaml:9:36: sensitive.financial_results_embargo_until: '2027-02-30' is not a date")


def test_unknown_time_zone():
    text = BASE.replace("  name: Acme\n", "  name: Acme\n  timezone: Europe/Atlantis\n")
    assert problems(text) == [
        "p.yaml:5:13: organisation.timezone: unknown time zone 'Europe/Atlantis' "
        "(use an IANA name such as Europe/Warsaw)"
    ]


def test_rule_code_that_matches_no_rule():
    text = BASE + "rules:\n  select: [PG, PG799]\n  ignore: [PG9, conduct, PGX]\n"
    assert problems(text) == [
        f"p.yaml:9:16: rules.select[1]: 'PG799' matches no rule; {family_hint('PG7', known_codes())}",
        "p.yaml:10:26: rules.ignore[2]: 'PGX' is neither a rule code or prefix (PG, PG2, PG201) nor a category "
        "(confidential, personal_data, safety, conduct, voice, competitors, spam, copyright, disclosure, claims)",
    ]


def test_rule_code_in_a_guideline_and_per_context_and_severity():
    text = BASE + (
        "guidelines:\n"
        "  - id: spam\n"
        "    dont: {en: Spam}\n"
        "    do: {en: Do not}\n"
        "    rules: [PG7, PG70, PG7999]\n"
        "rules:\n"
        "  per_context:\n"
        "    - channels: [email]\n"
        "      ignore: [PG799]\n"
        "  severity: {PG7: info}\n"
    )
    assert problems(text) == [
        "p.yaml:12:24: guidelines[0].rules[2]: 'PG7999' is neither a rule code or prefix (PG, PG2, PG201) nor a "
        "category (confidential, personal_data, safety, conduct, voice, competitors, spam, copyright, disclosure, claims)",
        f"p.yaml:16:16: rules.per_context[0].ignore[0]: 'PG799' matches no rule; {family_hint('PG7', known_codes())}",
        "p.yaml:17:14: rules.severity.PG7: 'PG7' is a prefix; a severity override names one rule (PG201)",
    ]


def test_owner_that_is_not_a_responsibility():
    text = BASE + (
        "responsibilities:\n"
        "  legal: {title: {en: Legal}, owner: {name: Kari Nordmann}}\n"
        "final_responsibility: comms\n"
        "situations:\n"
        "  libel: {owner: legl}\n"
        "redirect: {owner: support}\n"
    )
    assert problems(text) == [
        "p.yaml:10:23: final_responsibility: 'comms' is not a key of responsibilities; defined are: legal",
        "p.yaml:12:18: situations.libel.owner: 'legl' is not a key of responsibilities; did you mean 'legal'?",
        "p.yaml:13:19: redirect.owner: 'support' is not a key of responsibilities; defined are: legal",
    ]


def test_owner_of_an_official_account():
    text = BASE + "  official_accounts:\n    - {platform: x, handle: '@acme', owner: marketing}\n" \
        "responsibilities:\n  legal: {title: {en: Legal}, owner: {name: Kari}}\n"
    assert problems(text) == [
        "p.yaml:9:45: speakers.official_accounts[0].owner: 'marketing' is not a key of responsibilities; "
        "defined are: legal"
    ]


def test_unknown_placeholder_in_a_standard_response():
    text = BASE + "situations:\n  praise:\n    owner: communications\n    response: {en: 'Thanks {customer}!'}\n"
    [problem] = problems(text)
    assert problem.startswith("p.yaml:11:20: situations.praise.response.en: unknown placeholder {customer}; available:")


def test_situation_that_does_not_exist():
    text = BASE + "situations:\n  birthday: {owner: hr}\n"
    [problem] = problems(text)
    assert problem.startswith("p.yaml:9:3: situations.birthday: 'birthday' is not a supported value")


def test_every_problem_is_reported_at_once_in_file_order():
    text = BASE.replace('revision: "1"', "revision: 1").replace("model: strict", "model: loose") \
        + "rules:\n  select: [PG777]\n"
    found = problems(text)
    assert [p.split(": ")[1] for p in found] == ["policy.revision", "speakers.model", "rules.select[0]"]


def test_missing_translation_is_a_warning_not_an_error():
    text = BASE.replace("  name: Acme\n", "  name: Acme\n  about: {en: Hello, pl: Cześć}\n")
    checked = check_policy_text(text + "languages: {default: en, supported: [en, pl, sv]}\n", "p.yaml")
    assert [str(w) for w in checked.warnings] == [
        "p.yaml:5:10: organisation.about: no text in sv (languages.supported lists it); readers get the 'en' text instead"
    ]


def test_hashtag_read_as_a_comment_is_a_warning():
    text = BASE.replace("  name: Acme\n", "  name: Acme\n  about: {en: Hi}\n") + \
        "advocacy:\n  disclosure:\n    en: I work at Acme. #employee\nlanguages: {supported: [en]}\n"
    checked = check_policy_text(text, "p.yaml")
    assert checked.policy.advocacy.disclosure["en"] == "I work at Acme."
    assert [str(w) for w in checked.warnings] == [
        "p.yaml:11:25: advocacy.disclosure.en: '#employee' is read as a YAML comment and is not part of the text; "
        "put the whole text in quotes to keep the hashtag"
    ]


@pytest.mark.parametrize("text,expected", [
    ("", "p.yaml:1:1: the file is empty"),
    ("# only a comment\n", "p.yaml:1:1: the file is empty"),
    ("- a\n- b\n", "p.yaml:1:1: a policy is a mapping of sections (policy:, organisation:, speakers: …), not a list"),
    ("just words\n", "p.yaml:1:1: a policy is a mapping of sections (policy:, organisation:, speakers: …), not a single value"),
    ("policy:\n  name: [unclosed\n", "p.yaml:3:1: not valid YAML"),
    ("policy: {name: a}\npolicy: {name: b}\n", "p.yaml:2:1: not valid YAML: duplicate key 'policy' in the mapping that starts at line 1"),
    ("policy:\n\tname: x\n", "p.yaml:2:1: not valid YAML: while scanning for the next token found character '\\t' that cannot start any token (indent with spaces, not tabs)"),
    ("version: 9\n", "p.yaml:1:10: version: version 9 is newer than this postguard understands (1)"),
    ("version: one\n", "p.yaml:1:10: version: expected a schema version number"),
])
def test_unusable_documents(text, expected):
    [problem] = problems(text)
    assert problem.startswith(expected)


def test_invalid_utf8_is_positioned(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(BASE.encode() + "  about: {en: Gr\xfc\xdfe}\n".encode("latin-1"))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == f"{path}:8:17: not UTF-8 text (byte 0xfc); save the file as UTF-8"


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PolicyError, match=r"image.yaml:3:1: a binary file \(NUL byte\), not YAML text"):
        load_policy(path)


def test_oversized_file_is_refused_without_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(PolicyError, match="a policy file is at most 2 MB"):
        load_policy(path)


def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    [problem] = problems("\n".join(lines) + "\n")
    assert "once aliases are expanded" in problem


def test_missing_file_and_directory_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="no such policy file"):
        load_policy(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match="is a directory"):
        load_policy(tmp_path)


def test_a_bare_embargo_date_means_midnight_in_the_organisation_zone():
    text = BASE.replace("  name: Acme\n", "  name: Acme\n  timezone: Asia/Jerusalem\n") + \
        "sensitive:\n  unreleased_products: [{name: Aurora, embargo_until: 2027-03-01}]\n"
    embargo = load_policy_text(text).sensitive.unreleased_products[0].embargo_until
    assert embargo.isoformat() == "2027-03-01T00:00:00+02:00"


def test_check_policy_reads_a_file(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert check_policy(path).warnings == []


def test_per_language_patterns_missing_a_supported_language_is_a_warning():
    text = BASE + "languages: {supported: [en, pl]}\nadvocacy:\n  disclosure_patterns: {en: ['#employee']}\n"
    checked = check_policy_text(text, "p.yaml")
    assert [str(w) for w in checked.warnings] == [
        "p.yaml:10:24: advocacy.disclosure_patterns: no disclosure patterns in pl; "
        "posts in that language are checked without them"
    ]


def test_wrong_api_calls_are_clear_errors():
    with pytest.raises(UsageError, match="not bytes"):
        load_policy_text(BASE.encode())  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="a policy file is at most 2 MB"):
        load_policy_text("#" * (MAX_BYTES + 1))


def test_the_acknowledgement_may_say_when_the_team_opens():
    ok = BASE + "languages: {supported: [en]}\navailability:\n  acknowledgement: {en: 'Back at {opens_at}.'}\n"
    assert load_policy_text(ok).availability.acknowledgement["en"] == "Back at {opens_at}."
    assert problems(ok.replace("{opens_at}", "{closes_at}"))[0].startswith(
        "p.yaml:10:25: availability.acknowledgement.en: unknown placeholder {closes_at}")


def test_opening_hours_are_checked_item_by_item():
    text = BASE + "availability:\n  hours:\n    mon: ['08:00-16:00', '8-16']\n"
    assert problems(text) == ["p.yaml:10:26: availability.hours.mon[1]: '8-16' is not a range like 08:00-16:00"]


def test_a_mistyped_code_is_answered_with_the_codes_of_its_family():
    assert family_hint("PG7", frozenset({"PG701", "PG702", "PG201"})) == "the PG7 rules are PG701, PG702"
    assert family_hint("PG3", frozenset({"PG701"})) == "`postguard rules` lists them"
