"""Measurement (R19): campaign hashtags and keywords counted in the incoming message stream."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Iterable

import regex


def _pattern(hashtags: Iterable[str], keywords: Iterable[str]) -> regex.Pattern[str] | None:
    alternatives = [regex.escape(tag) + r"(?![\p{L}\p{N}_])" for tag in hashtags]
    alternatives += [r"(?<![\p{L}\p{N}_])" + regex.escape(word) + r"(?![\p{L}\p{N}_])" for word in keywords]
    return regex.compile("|".join(alternatives), regex.IGNORECASE) if alternatives else None


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def count_mentions(messages: Iterable[tuple[str, datetime]], hashtags: Iterable[str],
                   keywords: Iterable[str] = ()) -> dict[str, Counter]:
    """ISO week -> Counter of each hashtag/keyword (as written in the policy) seen that week."""
    hashtags, keywords = list(hashtags), list(keywords)
    pattern = _pattern(hashtags, keywords)
    canonical = {term.casefold(): term for term in hashtags + keywords}
    weeks: dict[str, Counter] = {}
    if pattern is None:
        return weeks
    for text, moment in messages:
        found = {canonical[m.group(0).casefold()] for m in pattern.finditer(text)}
        if found:
            weeks.setdefault(iso_week(moment), Counter()).update(found)
    return weeks
