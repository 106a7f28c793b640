"""Claims (PG950–PG999): absolute or unverifiable promises (R4, "check facts and sources").

Patterns per language in ``rules/data/claims/<lang>.yaml``; the rule runs only when the
policy's ``rules.check_claims`` is on.
"""
from __future__ import annotations

from ..findings import Category, Severity
from ..languages import LANGUAGES
from .base import Hit, Rule
from .confidential import merge_spans
from .policy_refs import compiled_patterns

FAMILY = "claims"


class AbsoluteClaim(Rule):
    """
    What it does:
        Finds absolute or unverifiable promises: "guaranteed", "100% safe", "best in the
        world", "risk-free", "gwarantujemy", "100% sikker", "bäst i världen",
        "הכי טוב בעולם", "de beste ter wereld". Runs when ``rules.check_claims`` is on.

    Why it matters:
        A claim the company cannot prove is misleading advertising under consumer law,
        and a customer will quote it back when something goes wrong.

    Example:
        ``Our heat pumps are 100% safe and the best in the world!``

    Do instead:
        Say what can be shown — a test result or a rating with its source — or leave the
        claim out.
    """

    code = "PG951"
    slug = "absolute-claim"
    category = Category.CLAIMS
    severity = Severity.WARN
    family = FAMILY
    languages = frozenset(LANGUAGES)

    def applies(self, context, policy):
        return policy.rules.check_claims

    def find(self, doc, context, policy):
        languages = (doc.language,) if doc.language in LANGUAGES else LANGUAGES
        spans = []
        for lang in languages:
            pattern = compiled_patterns(FAMILY, "absolute", lang)
            if pattern is not None:
                spans += [m.span() for m in pattern.finditer(doc.text)]
        for start, end in merge_spans(spans):
            yield Hit(start, end, {"excerpt": doc.text[start:end]})
