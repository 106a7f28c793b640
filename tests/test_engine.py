from __future__ import annotations

import pytest

import postguard
from postguard import CheckContext, InputError, UsageError
from postguard.engine import MAX_CHARS


def test_report_carries_the_contract(demo_policy):
    report = postguard.check("Hi #a #b #c #d #e #f #g", demo_policy, CheckContext(language="en"))
    data = report.to_dict()
    assert data["verdict"] == "warn"
    assert data["policy"]["name"] == demo_policy.name
    finding = data["findings"][0]
    for key in ("code", "slug", "category", "severity", "start", "end", "excerpt", "message", "suggestion", "rule_doc"):
        assert key in finding
    assert "Hi #a #b #c #d #e #f #g"[finding["start"]:finding["end"]] == finding["excerpt"]


def test_messages_follow_the_author_language(demo_policy):
    report = postguard.check("Hej #a #b #c #d #e #f #g", demo_policy, CheckContext(language="sv"))
    assert "hashtaggar" in next(f for f in report.findings if f.code == "PG701").message


def test_checks_that_did_not_run_say_why_in_the_authors_language(demo_policy):
    report = postguard.check("Dzień dobry, miłego dnia", demo_policy, CheckContext(language="pl"), models=False)
    reasons = {s.code: s.reason for s in report.skipped}
    assert reasons["PG450"] == "hostile-tone wymaga modeli językowych, które są wyłączone"
    hebrew = postguard.check("שלום לכולם", demo_policy, CheckContext(language="he"), models=False)
    assert all("מודלי השפה" in s.reason for s in hebrew.skipped)


def test_oversized_input_is_refused_with_a_clear_error(demo_policy):
    with pytest.raises(InputError, match="limit"):
        postguard.check("a" * (MAX_CHARS + 1), demo_policy)


def test_wrong_types_and_values_are_usage_errors(demo_policy):
    with pytest.raises(InputError):
        postguard.check(b"bytes", demo_policy)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unsupported language"):
        CheckContext(language="xx")
    with pytest.raises(UsageError, match="account"):
        CheckContext(account="company")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text,language",
    [
        ("Dette er en helt vanlig setning på norsk om været i dag", "no"),
        ("Det här är en helt vanlig mening på svenska om vädret", "sv"),
        ("Dit is een heel gewone zin in het Nederlands over het weer", "nl"),
        ("To jest całkiem zwykłe zdanie po polsku o pogodzie", "pl"),
        ("This is a perfectly ordinary sentence about the weather", "en"),
        ("זה משפט רגיל לגמרי בעברית על מזג האוויר", "he"),
    ],
)
def test_language_is_detected(demo_policy, text, language):
    report = postguard.check(text, demo_policy)
    assert report.language == language and report.language_detected


def test_the_most_specific_guideline_gives_the_do_whatever_its_order(demo_policy):
    text = "Tonight the alarm code is 4711, the keys are under the mat."
    reordered = demo_policy.model_copy(update={"guidelines": list(reversed(demo_policy.guidelines))})
    for policy in (demo_policy, reordered):
        finding = next(f for f in postguard.check(text, policy, CheckContext(language="en")).findings
                       if f.code == "PG104")
        routines = next(g for g in policy.guidelines if g.rules == ["PG104"])
        assert finding.suggestion == routines.do["en"]


def test_a_guideline_named_by_category_gives_its_do(demo_policy):
    finding = next(f for f in postguard.check("Guaranteed savings for everyone!", demo_policy,
                                               CheckContext(language="en")).findings if f.code == "PG951")
    claims = next(g for g in demo_policy.guidelines if g.rules == ["claims"])
    assert finding.suggestion == claims.do["en"]


def test_warm_up_checks_one_sentence_in_every_first_class_language():
    from postguard.engine import WARM_UP_TEXTS
    from postguard.languages import LANGUAGES
    from postguard.text.langid import detect_language

    # The service's start loads each language's word lists through these; a language left out
    # would make its first real check pay for the loading.
    assert sorted(detect_language(text)[0] for text in WARM_UP_TEXTS) == sorted(LANGUAGES)
