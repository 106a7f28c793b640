"""Model-based conduct and competitor rules (PG450–PG452, PG650): tone, threats, harassment.

Word lists catch the obvious; these rules catch what is said without a listed word, in all
six languages, from one embedding of each chunk of the draft (``nlp/document.py``) and the
classifier heads the project trains itself (``postguard model train``). Every finding says
``signal="model:<task>"`` and the calibrated probability as its confidence.

How sure is sure enough comes from ``rules.strictness`` in the policy, per category: a
named level (relaxed 0.75, balanced 0.5, strict 0.3) or a probability threshold. The heads
are calibrated per language, so one threshold means the same in Polish and in Hebrew.
"""
from __future__ import annotations

from typing import ClassVar, Iterator

import regex

from ..findings import Category, Severity
from ..languages import LANGUAGES
from .base import Hit, Rule

STRICTNESS_THRESHOLDS = {"relaxed": 0.75, "balanced": 0.5, "strict": 0.3}


def threshold(policy, category: Category) -> float:
    level = policy.rules.strictness.get(category.value, "balanced")
    return float(level) if isinstance(level, float) else STRICTNESS_THRESHOLDS[level]


def _name_pattern(names: list[str]) -> regex.Pattern | None:
    """Names as whole words, allowing a short inflected ending (Polish ``Anny``, ``EnergiaPlusa``)."""
    names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(regex.escape(n) for n in names)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:[@#]?)(?:{alternatives})\p{{L}}{{0,3}}(?![\p{{L}}\p{{N}}])",
                         regex.IGNORECASE)


def _mentioned(pattern: regex.Pattern | None, text: str, names: list[str]) -> str | None:
    if pattern is None:
        return None
    match = pattern.search(text)
    if not match:
        return None
    found = match.group(0).lstrip("@#").casefold()
    return next((n for n in sorted(names, key=len, reverse=True) if found.startswith(n.casefold())), match.group(0))


def _scored(doc, policy):
    from ..nlp.document import scored_chunks  # imported here: a rules-only check never loads numpy heads

    return scored_chunks(doc, policy.rules.model_heads)


class _ModelRule(Rule):
    abstract = True
    #: The engine skips these (and says so) when models are switched off.
    needs_model: ClassVar[bool] = True
    languages = frozenset(LANGUAGES)
    #: The encoder is multilingual: on German, French and Spanish the heads kept most of their
    #: quality (benchmarks/nlp_quality.py --sets unseen, docs/models.md), so a draft in another
    #: language gets their reading, marked as less certain, rather than none.
    reads_other_languages: ClassVar[bool] = True
    family = "tone"


class HostileTone(_ModelRule):
    """
    What it does:
        Flags a sentence whose tone is insulting, demeaning or hateful — towards a customer,
        a colleague, a group of people or anyone — also when no listed swear word is used
        ("maybe learn to read before you complain, genius"). Decided by the abuse model.
        A sentence that names a colleague is reported by PG452 instead.

    Why it matters:
        One contemptuous reply is screenshotted and outlives every apology; the policy asks
        everyone to respect others, on personal accounts too.

    Example:
        ``If you're too dumb to use a simple app, that's not our problem.``

    Do instead:
        Say what you can do, calmly and without judging the person; if you are angry,
        hand the conversation to a colleague or the spokesperson.
    """

    code = "PG450"
    slug = "hostile-tone"
    category = Category.CONDUCT
    severity = Severity.WARN

    def find(self, doc, context, policy) -> Iterator[Hit]:
        limit = threshold(policy, self.category)
        colleagues = _name_pattern(list(context.colleagues))
        for item in _scored(doc, policy):
            p = item.score("abuse", "abusive")
            if p >= limit and _mentioned(colleagues, item.chunk.text, list(context.colleagues)) is None:
                yield Hit(item.chunk.start, item.chunk.end, {"score": round(p * 100)},
                          signal="model:abuse", confidence=p)


class Threat(_ModelRule):
    """
    What it does:
        Flags a sentence that threatens violence or harm to a person, their family or
        property ("I know where you live", "watch your back"), decided by the threat model.

    Why it matters:
        A threat is never a figure of speech once it is published: it can be a crime, it
        frightens its target, and it puts the company's name next to it.

    Example:
        ``Keep ignoring me and I'll make sure that manager never walks home safe again.``

    Do instead:
        Do not publish it. Describe the problem and what you expect; if you are being
        threatened, report it to the person responsible named in the policy.
    """

    code = "PG451"
    slug = "threat"
    category = Category.CONDUCT
    severity = Severity.BLOCK

    def find(self, doc, context, policy) -> Iterator[Hit]:
        limit = threshold(policy, self.category)
        for item in _scored(doc, policy):
            p = item.score("threat", "threat")
            if p >= limit:
                yield Hit(item.chunk.start, item.chunk.end, {"score": round(p * 100)},
                          signal="model:threat", confidence=p)


class ColleagueHarassment(_ModelRule):
    """
    What it does:
        Flags an insulting or demeaning sentence that names a colleague (the names the check
        is given in ``colleagues``, also inflected or as an @mention), decided by the abuse model.

    Why it matters:
        Abuse aimed at a named employee follows that person home; the company has a duty to
        protect its staff, and colleagues attacking colleagues in public harms everyone.

    Example:
        ``Anna in billing is a lying cow and everyone should tell her so.``

    Do instead:
        Raise the problem with the person or your manager in private; never name and shame
        a colleague in public.
    """

    code = "PG452"
    slug = "colleague-harassment"
    category = Category.CONDUCT
    severity = Severity.BLOCK

    def applies(self, context, policy) -> bool:
        return bool(context.colleagues)

    def find(self, doc, context, policy) -> Iterator[Hit]:
        limit = threshold(policy, self.category)
        names = list(context.colleagues)
        pattern = _name_pattern(names)
        for item in _scored(doc, policy):
            p = item.score("abuse", "abusive")
            if p < limit:
                continue
            name = _mentioned(pattern, item.chunk.text, names)
            if name is not None:
                yield Hit(item.chunk.start, item.chunk.end, {"name": name, "score": round(p * 100)},
                          signal="model:abuse", confidence=p)


class CompetitorDisparagement(_ModelRule):
    """
    What it does:
        Flags a sentence that names a competitor from the policy (``sensitive.competitors``,
        names and aliases, also inflected) and speaks of it negatively, decided by the
        sentiment model (or the abuse model, whichever is surer).

    Why it matters:
        Badmouthing a competitor makes the company look petty, can be unfair competition or
        defamation, and invites a public fight the company cannot win.

    Example:
        ``BrightPower's customer service is the worst I've ever seen, total chaos.``

    Do instead:
        Talk about what your own company does well; compare only with verifiable facts, or
        leave competitors out of it.
    """

    code = "PG650"
    slug = "competitor-disparagement"
    category = Category.COMPETITORS
    severity = Severity.WARN

    def applies(self, context, policy) -> bool:
        return bool(policy.sensitive.competitors)

    def find(self, doc, context, policy) -> Iterator[Hit]:
        names = [n for c in policy.sensitive.competitors for n in (c.name, *c.aliases)]
        canonical = {n.casefold(): c.name for c in policy.sensitive.competitors for n in (c.name, *c.aliases)}
        pattern = _name_pattern(names)
        if pattern is None or pattern.search(doc.text) is None:
            return  # no competitor named: nothing to embed for this rule
        limit = threshold(policy, self.category)
        for item in _scored(doc, policy):
            name = _mentioned(pattern, item.chunk.text, names)
            if name is None:
                continue
            negative, abusive = item.score("sentiment", "negative"), item.score("abuse", "abusive")
            p, signal = (negative, "model:sentiment") if negative >= abusive else (abusive, "model:abuse")
            if p >= limit:
                yield Hit(item.chunk.start, item.chunk.end,
                          {"competitor": canonical.get(name.casefold(), name), "score": round(p * 100)},
                          signal=signal, confidence=p)
