"""Competitors (PG601): running down a named competitor (R4, "no badmouthing competitors").

Competitors come from ``sensitive.competitors`` (name and aliases, found in inflected forms
by :mod:`postguard.text.terms`); negative words are per-language data in
``rules/data/competitors/<lang>.yaml``. A model-based check (PG650) lives elsewhere.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..findings import Category, Severity
from ..languages import LANGUAGES
from ..text.terms import policy_terms
from .base import Hit, Rule
from .policy_refs import compiled_patterns, sentence_bounds

FAMILY = "competitors"
#: A negative word this far (characters) from the name, in the same sentence, is about the competitor.
_WINDOW = 60


def _negative_spans(text: str, language: str) -> list[tuple[int, int]]:
    languages = (language,) if language in LANGUAGES else LANGUAGES
    spans = []
    for lang in languages:
        pattern = compiled_patterns(FAMILY, "negative", lang)
        if pattern is not None:
            spans += [m.span() for m in pattern.finditer(text)]
    return spans


class DisparagingCompetitor(Rule):
    """
    What it does:
        Finds a competitor named in ``sensitive.competitors`` (in any inflected form:
        "Vattenkraft AB", "Vattenkrafts", "Vattenkraftu") with a negative word or phrase
        ("scammers", "oszuści", "svindlere", "bedragare", "נוכלים", "oplichters",
        "stay away from") in the same sentence, close to the name.

    Why it matters:
        Badmouthing a competitor in public looks petty, can be unlawful comparative
        advertising or defamation, and invites a reply in kind.

    Example:
        ``Don't switch to Vattenkraft AB – they are scammers with terrible service.``

    Do instead:
        Say what your company does well without naming or judging the competitor.
    """

    code = "PG601"
    slug = "disparaging-competitor"
    category = Category.COMPETITORS
    severity = Severity.WARN
    family = FAMILY
    languages = frozenset(LANGUAGES)  # the negative words are per language

    def applies(self, context, policy):
        return bool(policy.sensitive.competitors)

    def find(self, doc, context, policy):
        mentions = [m for m in policy_terms(policy).find(doc.text, doc.language) if m.entry.kind == "competitor"]
        if not mentions:
            return
        negatives = sorted(_negative_spans(doc.text, doc.language))
        if not negatives:
            return
        starts = [s for s, _ in negatives]
        longest = max(e - s for s, e in negatives)
        for mention in mentions:
            left, right = sentence_bounds(doc.text, mention.start, mention.end)
            # Only negatives starting inside the window can count: bisect instead of a scan of all.
            low = bisect_left(starts, max(left, mention.start - _WINDOW - longest))
            high = bisect_right(starts, min(right, mention.end + _WINDOW))
            near = [(s, e) for s, e in negatives[low:high]
                    if left <= s and e <= right
                    and (mention.start - e <= _WINDOW if e <= mention.start else s - mention.end <= _WINDOW)]
            if near:
                start = min(mention.start, *(s for s, _ in near))
                end = max(mention.end, *(e for _, e in near))
                yield Hit(start, end, {"term": mention.entry.name}, signal="term+pattern")
