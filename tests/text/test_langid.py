from __future__ import annotations

import pytest

from postguard.text.langid import clean_for_detection, detect_language


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
