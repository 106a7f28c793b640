from __future__ import annotations

import pytest

from postguard.text.langid import SHORT_TEXT, Identification, clean_for_detection, detect_language, identify


def test_links_mentions_hashtags_and_numbers_are_removed_before_detection():
    assert clean_for_detection("Hej @anna #fjordline https://x.example/a 2024 ok") == "Hej ok"


@pytest.mark.parametrize("text,language", [
    ("Takk for en fin dag på jobben, jeg gleder meg til i morgen #fjordline #proud #team", "no"),
    ("Nå er det helg, og jeg skal ikke gjøre noe som helst", "no"),
    ("Tack för en fin dag på jobbet, jag längtar till i morgon", "sv"),
    ("Dziękuję za wspaniały dzień w pracy @fjordline https://fjordline.example", "pl"),
    ("‏תודה על יום נהדר בעבודה #fjordline", "he"),
    ("Bedankt voor een mooie dag op het werk", "nl"),
])
def test_posts_are_detected_despite_noise(text, language):
    assert detect_language(text)[0] == language


def test_nothing_to_detect_is_undecided():
    assert detect_language("#a #b @c https://x.example 123 🎉")[0] is None
    assert detect_language("")[0] is None


@pytest.mark.parametrize("text", ["Kunden er en idiot, ærlig talt", "Det var fuckings kaldt på lageret",
                                  "Ordrenummer 15059010023 er sendt i dag"])
def test_bokmal_that_lingua_calls_danish_is_norwegian(text):
    assert detect_language(text)[0] == "no"


def test_clearly_danish_text_is_not_taken_for_norwegian():
    language, _ = detect_language("Hvad synes du om det? Jeg vil gerne købe noget sjovt til mig selv nu")
    assert language != "no"


@pytest.mark.parametrize("text,other", [
    ("Vielen Dank an das ganze Team für die tolle Arbeit heute!", "de"),
    ("Notre nouveau produit sort la semaine prochaine.", "fr"),
    ("¿Cuándo recibiré mi reembolso? Llevo tres semanas esperando.", "es"),
    ("Sei un idiota e il tuo prodotto fa schifo.", "it"),
    ("O nosso novo produto sai na próxima semana.", "pt"),
    ("Kiitos koko tiimille hienosta työstä tänään!", "fi"),
    ("Спасибо всей команде за отличную работу сегодня!", "und-Cyrl"),
    ("شكرا للفريق كله على العمل الرائع اليوم!", "und-Arab"),
    ("Ευχαριστούμε όλη την ομάδα για τη δουλειά!", "und-Grek"),
])
def test_a_post_in_another_language_is_named_not_forced_into_one_of_ours(text, other):
    found = identify(text)
    assert found.language is None and found.other == other and found.unread == other


def test_clearly_danish_text_is_named_danish():
    assert identify("Hvad synes du om det? Jeg vil gerne købe noget sjovt til mig selv nu").other == "da"


def test_only_a_text_long_enough_to_have_a_language_is_unread_when_undecided():
    assert Identification(None, 0.2, letters=SHORT_TEXT).unread == "und"
    assert Identification(None, 0.2, letters=SHORT_TEXT - 1).unread is None
    assert Identification("en", 0.9, letters=200).unread is None
    assert identify("Proud of the team and the new solar park.").other is None
    assert identify("xD xD xD").other is None  # six letters are too few to name any language


def test_a_weak_lead_both_detectors_agree_on_is_taken():
    # English that the first detector gives only 0.25 (below its 0.3): the wider one agrees.
    found = identify("You shut up , Dude , and listen to me .")
    assert found.language == "en" and found.confidence < 0.3
