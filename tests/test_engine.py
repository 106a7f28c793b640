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


@pytest.mark.parametrize("text,other", [
    ("Vielen Dank an das ganze Team für die tolle Arbeit heute, wir freuen uns!", "de"),
    ("Merci à toute l'équipe pour l'excellent travail d'aujourd'hui, bravo !", "fr"),
    ("¡Gracias a todo el equipo por el gran trabajo de hoy, estamos felices!", "es"),
])
def test_a_draft_in_a_language_the_checks_cannot_read_is_not_ok_to_publish(demo_policy, text, other):
    report = postguard.check(text, demo_policy)
    assert report.language == "und" and report.unread_language == other
    assert report.verdict.value == "warn" and not report.findings
    language_skips = [s for s in report.skipped if "does not support language" in s.reason]
    assert language_skips and all(s.reason.endswith(f"language {other}") for s in language_skips)
    assert report.to_dict()["unread_language"] == other


@pytest.mark.parametrize("text,other,code,verdict", [
    ("Du bist ein dummer Idiot und dein Produkt ist Müll.", "de", "PG450", "warn"),
    ("Tu es un idiot et ton produit est nul.", "fr", "PG450", "warn"),
    ("Eres un idiota y tu producto es basura.", "es", "PG450", "warn"),
    ("Ich weiß, wo du wohnst, pass bloß auf, wenn du heute nach Hause gehst.", "de", "PG451", "block"),
])
def test_the_multilingual_model_rules_still_read_such_a_draft_and_say_they_are_less_sure(
        demo_policy, text, other, code, verdict):
    report = postguard.check(text, demo_policy)
    assert report.unread_language == other and report.verdict.value == verdict
    assert [f.code for f in report.findings] == [code]
    assert report.findings[0].message.endswith(f"(the model was not trained on {other}: less certain)")
    # the word-list rules still say they did not run; the model rules are not among them
    skipped = {s.code for s in report.skipped}
    assert "PG105" in skipped and not skipped & {"PG450", "PG451", "PG452", "PG650"}


def test_the_less_certain_mark_is_in_the_readers_language(demo_policy):
    report = postguard.check("Du bist ein dummer Idiot und dein Produkt ist Müll.", demo_policy,
                             CheckContext(message_language="sv"))
    assert report.findings[0].message.endswith("(modellen är inte tränad på de: mindre säkert)")


def test_a_draft_in_a_first_class_language_or_too_short_to_tell_keeps_its_verdict(demo_policy):
    english = postguard.check("Proud of the team and the new solar park.", demo_policy)
    assert english.unread_language is None and english.verdict.value == "pass"
    emoji = postguard.check("🎉🎉 ok", demo_policy)
    assert emoji.language == "und" and emoji.unread_language is None and emoji.verdict.value == "pass"


def test_a_language_given_by_the_author_is_trusted(demo_policy):
    report = postguard.check("Du bist ein dummer Idiot und dein Produkt ist Müll.", demo_policy,
                             CheckContext(language="nl"))
    assert report.language == "nl" and report.unread_language is None


def test_findings_outrank_the_unread_language(demo_policy):
    report = postguard.check("Die PESEL-Nummer meines Kollegen ist 44051401359, bitte speichern.", demo_policy)
    assert report.unread_language == "de"
    assert report.verdict.value == "block" and [f.code for f in report.findings] == ["PG201"]
