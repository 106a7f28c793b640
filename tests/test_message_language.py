"""Findings explained in the reader's language while the draft is analysed in its own."""
from __future__ import annotations

import pytest

from postguard.context import CheckContext
from postguard.engine import check
from postguard.errors import UsageError

POST = "Great day at the plant #energy #oslo #norway #work #team #happy #solar"


def test_messages_follow_message_language_not_the_draft(demo_policy):
    english = check(POST, demo_policy, CheckContext(language="en")).findings[0]
    swedish = check(POST, demo_policy, CheckContext(language="en", message_language="sv")).findings[0]
    assert (swedish.code, swedish.start, swedish.end) == (english.code, english.start, english.end)
    assert swedish.message != english.message and swedish.suggestion != english.suggestion


def test_message_language_accepts_tags_and_refuses_unknown_languages():
    assert CheckContext(message_language="nb-NO").message_language == "no"
    with pytest.raises(UsageError, match="message language"):
        CheckContext(message_language="fr")
