"""Disclosure (PG901–PG949): employees promoting the company must say they work there (R17).

Company mentions are the organisation's name (and its first word, "Fjordline" for
"Fjordline Energi"), ``advocacy.products``, the official accounts' handles and
``advocacy.campaign_hashtags``; promotional words are per-language data in
``rules/data/disclosure/<lang>.yaml``. What counts as a disclosure is the policy's
``advocacy.disclosure_patterns`` and ``advocacy.disclosure`` texts, or the bundled ones
when the policy lists none.
"""
from __future__ import annotations

from bisect import bisect_left

import re

from ..findings import Category, Severity
from ..languages import LANGUAGES
from ..text.terms import TermEntry, TermMatcher, per_policy
from .base import Hit, Rule
from .confidential import author_language
from .messages import family_data
from .policy_refs import compiled_patterns, words

FAMILY = "disclosure"
#: A promotional word this far (characters) from a company mention belongs to it.
_WINDOW = 120


class _CompanyMentions:
    """Everything that names the company, compiled once per policy."""

    def __init__(self, policy):
        name = policy.organisation.name
        surfaces = [name]
        first = name.split()[0] if name.split() else ""
        if len(name.split()) > 1 and len(first) >= 5:
            surfaces.append(first)
        entries = [(TermEntry("company", name), surfaces)]
        entries += [(TermEntry("product", product), [product]) for product in policy.advocacy.products]
        self.terms = TermMatcher(entries)
        literals = [tag if tag.startswith("#") else f"#{tag}" for tag in policy.advocacy.campaign_hashtags]
        self.campaign = self._literal_regex(literals)
        handles = [a.handle if a.handle.startswith("@") else f"@{a.handle}" for a in policy.speakers.official_accounts]
        self.handles = self._literal_regex(handles + list(policy.advocacy.approved_mentions))
        accepted = [p for items in policy.advocacy.disclosure_patterns.values() for p in items]
        accepted += list(policy.advocacy.disclosure.values())
        if not accepted:
            accepted = [p for lang in LANGUAGES for p in family_data(FAMILY, lang).get("disclosures") or []]
        self.disclosures = tuple(dict.fromkeys(p.casefold().replace("{company}", name.casefold()) for p in accepted if p.strip()))

    @staticmethod
    def _literal_regex(items: list[str]) -> re.Pattern | None:
        items = [i for i in dict.fromkeys(items) if i.strip("#@ ")]
        if not items:
            return None
        body = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
        return re.compile(rf"(?:{body})(?!\w)", re.IGNORECASE)

    def disclosed(self, text: str) -> bool:
        folded = text.casefold()
        return any(d in folded for d in self.disclosures)


def _mentions(policy) -> _CompanyMentions:
    return per_policy(policy, "disclosure-mentions", lambda: _CompanyMentions(policy))


class MissingDisclosure(Rule):
    """
    What it does:
        On a personal account, finds a post that promotes the company — its name,
        products or official handles next to promotional words ("check out", "promocja",
        "tilbud", "erbjudande", "מבצע", "korting"), or a campaign hashtag — without the
        disclosure the policy asks for ("#employee", "I work at", "#pracownik",
        "pracuję w"; ``advocacy.disclosure_patterns``). Runs when
        ``rules.require_disclosure`` and ``advocacy.enabled`` are on.

    Why it matters:
        Consumer-protection law in the EU, Norway and Israel treats undisclosed
        promotion by employees as hidden advertising; readers trust a post less once
        they find out.

    Example:
        ``Check out the new Fjordline Energi solar deal – 20% off this week!``

    Do instead:
        Add the disclosure the policy gives, e.g. "#employee – I work at Fjordline Energi".
    """

    code = "PG901"
    slug = "missing-disclosure"
    category = Category.DISCLOSURE
    severity = Severity.WARN
    family = FAMILY
    kinds = frozenset({"post", "comment", "reply"})
    languages = frozenset(LANGUAGES)  # promotional words are per language

    def applies(self, context, policy):
        return context.account == "personal" and policy.rules.require_disclosure and policy.advocacy.enabled

    def find(self, doc, context, policy):
        mentions = _mentions(policy)
        text = doc.text
        campaign = [m.span() for m in mentions.campaign.finditer(text)] if mentions.campaign else []
        names = [(m.start, m.end) for m in mentions.terms.find(text, doc.language)]
        if mentions.handles:
            names += [m.span() for m in mentions.handles.finditer(text)]
        if not campaign and not names:
            return
        span = campaign[0] if campaign else self._promoted(text, doc.language, names)
        if span is None or mentions.disclosed(text):
            return
        language = author_language(doc, context, policy)
        company = policy.organisation.name
        disclosure = policy.text(policy.advocacy.disclosure, language) if policy.advocacy.disclosure else \
            words(FAMILY, language, "example_disclosure").replace("{company}", company)
        yield Hit(span[0], span[1], {"company": company, "disclosure": disclosure})

    @staticmethod
    def _promoted(text: str, language: str, names: list[tuple[int, int]]) -> tuple[int, int] | None:
        languages = (language,) if language in LANGUAGES else LANGUAGES
        promos = []
        for lang in languages:
            pattern = compiled_patterns(FAMILY, "promotional", lang)
            if pattern is not None:
                promos += [m.span() for m in pattern.finditer(text)]
        if not promos:
            return None
        promos.sort()
        starts = [s for s, _ in promos]
        best = None
        for n_start, n_end in sorted(names):
            # The nearest promotional words lie next to the name in start order: look at those only.
            at = bisect_left(starts, n_start)
            for p_start, p_end in promos[max(0, at - 2):at + 2]:
                distance = p_start - n_end if p_start >= n_end else n_start - p_end
                if distance <= _WINDOW and (best is None or distance < best[0]):
                    best = (distance, min(n_start, p_start), max(n_end, p_end))
        return (best[1], best[2]) if best else None
