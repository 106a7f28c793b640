"""Conduct, word lists (PG401–PG449): profanity, insults aimed at people, slurs.

The lists are data, per language, in ``rules/data/conduct/<lang>.yaml`` (entry syntax in
:mod:`postguard.text.wordlist`). A post is checked against its own language's lists and
against the English list (English swearing turns up in every language), minus the
``innocent`` words of the post's language — ``slut`` is "end" in Swedish, ``hoe`` is "how"
in Dutch. ``rules.extra_profanity`` in the policy adds words per language.

The model-based tone checks (PG450–PG499) catch insults that use no listed word.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..findings import Category, Severity
from ..text.normalize import normalize
from ..text.wordlist import WordList
from .base import Hit, Rule
from .messages import family_data

_LANGUAGES = frozenset({"en", "pl", "no", "sv", "he", "nl"})
#: How close (in characters) a person must be named for a listed insult to count as aimed.
TARGET_WINDOW = 30


@lru_cache(maxsize=None)
def word_list(kind: str, language: str) -> WordList:
    """The ``kind`` list (profanity, insult, slur) for a post in ``language``."""
    own = family_data("conduct", language)
    entries = list(own.get(kind) or [])
    if language != "en":
        entries += family_data("conduct", "en").get(kind) or []
    return WordList(entries, exceptions=own.get("innocent") or [])


@lru_cache(maxsize=None)
def _targets(language: str) -> regex.Pattern:
    words = family_data("conduct", language).get("targets") or []
    if language != "en":
        words = words + (family_data("conduct", "en").get("targets") or [])
    alternatives = "|".join(sorted((regex.escape(w.lower()) for w in words), key=len, reverse=True))
    prefix = r"(?<=(?<![\p{L}])[ובלמהשכ]{0,2})" if language == "he" else r"(?<![\p{L}])"
    return regex.compile(rf"{prefix}(?:{alternatives})(?![\p{{L}}])")


@lru_cache(maxsize=64)
def _extra_list(words: tuple[str, ...]) -> WordList:
    return WordList(words)


def views(doc):  # noqa: ANN001, ANN201 - also read by nlp.wordfeatures
    """The normalised views of a document the word lists search (one, or two when they differ)."""
    main, double = doc.normalized_views
    return (main,) if main is double else (main, double)


class _WordListRule(Rule):
    abstract = True
    category = Category.CONDUCT
    family = "conduct"
    languages = _LANGUAGES
    kind: str

    def find(self, doc, context, policy):
        for match in word_list(self.kind, doc.language).find(views(doc)):
            if self.accept(doc, match):
                yield Hit(match.start, match.end, {"word": doc.text[match.start:match.end]}, signal="wordlist")

    def accept(self, doc, match) -> bool:
        return True


class Profanity(_WordListRule):
    """
    What it does:
        Finds swear words from the per-language lists (and the policy's
        ``rules.extra_profanity``), in inflected forms (``kurwa``, ``kurwy``, ``wkurwiony``)
        and disguised ones: leetspeak (``sh1t``), look-alike letters from other scripts,
        zero-width characters, stretched (``fuuuuck``) or spaced (``f u c k``,
        ``k.u.r.w.a``) and masked (``f*ck``) spellings.

    Why it matters:
        Posts live for ever and are read as the company's voice, even from a personal
        account that names the employer. Swearing in public reflects on colleagues too.

    Example:
        ``Ja pierdolę, znowu awaria``

    Do instead:
        Say what happened and how you feel about it without swearing.
    """

    code = "PG401"
    slug = "profanity"
    severity = Severity.WARN
    kind = "profanity"

    def find(self, doc, context, policy):
        hits = list(super().find(doc, context, policy))
        yield from hits
        extra = tuple(policy.rules.extra_profanity.get(doc.language, ()))
        if extra:
            seen = {(h.start, h.end) for h in hits}
            for match in _extra_list(extra).find(views(doc)):
                if (match.start, match.end) not in seen:
                    yield Hit(match.start, match.end, {"word": doc.text[match.start:match.end]}, signal="wordlist")


class Insult(_WordListRule):
    """
    What it does:
        Finds insults from the per-language lists (``idiot``, ``debil``, ``drittsekk``,
        ``מטומטם``) aimed at someone: a second-person word ("you", "ty", "du", "jij",
        "אתה") or a word for a customer or colleague is within a few words.

    Why it matters:
        Calling a customer or a colleague names in public is harassment, hurts the person,
        and is screenshotted and shared long after it is deleted.

    Example:
        ``Kunden er en idiot, ærlig talt``

    Do instead:
        Describe the problem, not the person; take a heated exchange to a private
        channel or hand it to customer service.
    """

    code = "PG402"
    slug = "insult"
    severity = Severity.BLOCK
    kind = "insult"

    def accept(self, doc, match) -> bool:
        lo, hi = max(0, match.start - TARGET_WINDOW), min(len(doc.text), match.end + TARGET_WINDOW)
        window = normalize(doc.text[lo:hi]).text  # Hebrew points and disguises undone
        return _targets(doc.language).search(window) is not None


class Slur(_WordListRule):
    """
    What it does:
        Finds slurs against groups of people (ethnicity, religion, sexuality,
        disability) from the per-language lists, including disguised spellings.

    Why it matters:
        A slur is hate speech: it hurts people, can be a crime in several of the
        company's countries, and no context makes it acceptable in a post.

    Example:
        ``Typowy czarnuch z magazynu``

    Do instead:
        Remove the word. If you are describing someone, use the words they use for
        themselves.
    """

    code = "PG403"
    slug = "slur"
    severity = Severity.BLOCK
    kind = "slur"
