"""Spam (PG7xx): posts that read as advertising noise rather than a person speaking."""
from __future__ import annotations

import regex

from ..findings import Category, Severity
from .base import Hit, Rule

_HASHTAG = regex.compile(r"(?<![\w#])#[\p{L}\p{N}_]+")


class TooManyHashtags(Rule):
    """
    What it does:
        Flags a post with more hashtags than the policy's ``limits.max_hashtags``.

    Why it matters:
        A wall of hashtags reads as spam to readers and to the platforms' filters,
        and it buries the company's own campaign hashtag.

    Example:
        ``New job! #work #career #hiring #jobs #energy #oslo #norway #happy``

    Do instead:
        Keep one to three hashtags that matter, including the campaign hashtag.
    """

    code = "PG701"
    slug = "too-many-hashtags"
    category = Category.SPAM
    severity = Severity.WARN
    family = "spam"

    def find(self, doc, context, policy):
        tags = list(_HASHTAG.finditer(doc.text))
        limit = policy.limits.max_hashtags
        if len(tags) > limit:
            first_extra = tags[limit]
            yield Hit(first_extra.start(), tags[-1].end(), {"count": len(tags), "limit": limit})
