"""Safety patterns and the spam limits the policy sets."""
from __future__ import annotations

import postguard
from postguard import CheckContext
from postguard.policy.loader import load_policy_text

POLICY = """
version: 1
policy: {name: Test, revision: "1"}
organisation: {name: Fjordline, support_url: https://fjordline.example}
speakers: {model: strict}
limits: {max_mentions: 1, max_links: 1, max_caps_ratio: 0.9, max_repeats: 1, max_repeated_emoji: 2}
"""


def found(text: str, language: str, code: str) -> list[str]:
    report = postguard.check(text, load_policy_text(POLICY), CheckContext(language=language))
    return [f.excerpt for f in report.findings if f.code == code]


def test_alone_place_and_time_are_one_span_mapped_through_rtl_marks():
    text = "\u200fאני \u200fלבד בחניון עד 23"
    assert found(text, "he", "PG301") == ["לבד בחניון עד 23"]


def test_limits_come_from_the_policy():
    assert found("@a @b", "en", "PG702") == ["@b"]
    assert found("https://a.example https://b.example", "en", "PG703") == ["https://b.example"]
    assert found("hello hello", "en", "PG704") == ["hello hello"]
    assert found("🎉🎉🎉", "en", "PG704") == ["🎉🎉🎉"]
    # 0.9 allows what the default 0.7 would flag
    assert found("THE BEST OFFER OF THE YEAR, buy", "en", "PG705") == []


def test_hebrew_letters_do_not_count_for_caps():
    assert found("מבצע ענק בכל הסניפים היום בלבד OK", "he", "PG705") == []
