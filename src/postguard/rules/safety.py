"""Safety (PG3xx): posts that tell strangers where an employee is, alone, and when.

Every pattern is data: ``rules/data/safety/<lang>.yaml`` holds regular expressions for
"alone", workplace places, times of day, home-address context and street addresses, and
"I am at … now". They run on the normalised text (zero-width characters, Hebrew points
and look-alike letters undone), and spans are mapped back to the original.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..findings import Category, Severity
from .base import Hit, Rule
from .messages import family_data

#: How far apart "alone", the place and the time may be to belong to one statement.
NEAR = 45
_LANGUAGES = frozenset({"en", "pl", "no", "sv", "he", "nl"})


@dataclass(frozen=True)
class SafetyPatterns:
    alone: regex.Pattern
    place: regex.Pattern
    time: regex.Pattern
    home_context: regex.Pattern
    address: regex.Pattern
    live_location: regex.Pattern
    negation: regex.Pattern


def _compile(patterns: list[str] | None, hebrew: bool) -> regex.Pattern:
    if not patterns:
        return regex.compile(r"(?!)")
    body = "|".join(f"(?:{p})" for p in patterns)
    # Hebrew attaches the prepositions and articles ו ה ב ל מ ש כ to the word itself; the
    # span starts after them.
    start = r"(?<=(?<![\p{L}\p{N}])[ובלמהשכ]{0,3})" if hebrew else r"(?<![\p{L}\p{N}])"
    return regex.compile(rf"{start}(?:{body})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


@lru_cache(maxsize=None)
def patterns(language: str) -> SafetyPatterns:
    data = family_data("safety", language)
    hebrew = language == "he"
    return SafetyPatterns(
        alone=_compile(data.get("alone"), hebrew),
        place=_compile(data.get("place"), hebrew),
        time=_compile(data.get("time"), hebrew),
        home_context=_compile(data.get("home_context"), hebrew),
        address=_compile(data.get("address"), hebrew),
        live_location=_compile(data.get("live_location"), False),
        negation=_compile(data.get("negation"), hebrew),
    )


def _nearest(pattern: regex.Pattern, text: str, lo: int, hi: int) -> regex.Match | None:
    """The match of ``pattern`` closest to the span ``[lo, hi)``, within NEAR characters."""
    window_start = max(0, lo - NEAR)
    best, best_distance = None, NEAR + 1
    for match in pattern.finditer(text, window_start, min(len(text), hi + NEAR)):
        if "\n" in text[min(match.end(), lo):max(match.start(), hi)]:
            continue  # another line is another statement
        distance = max(match.start() - hi, lo - match.end(), 0)
        if distance < best_distance:
            best, best_distance = match, distance
    return best


def _negated(negation: regex.Pattern, text: str, start: int) -> bool:
    """A negation earlier in the same sentence ("nobody closes the store alone")."""
    floor = max(0, start - 2 * NEAR)  # bounded, so a long text without full stops stays linear
    sentence_start = max(max(text.rfind(mark, floor, start) for mark in ".!?\n") + 1, floor)
    return negation.search(text, sentence_start, start) is not None


class _SafetyRule(Rule):
    abstract = True
    category = Category.SAFETY
    family = "safety"
    languages = _LANGUAGES


class AloneAtWorkplace(_SafetyRule):
    """
    What it does:
        Flags an employee saying they are alone at a workplace — the parking lot, the
        store, the warehouse, the office — together with the time when it is given
        ("jestem sama na parkingu o 4 rano", "alene på lageret til kl 23", "לבד בחניון").

    Why it matters:
        It tells anyone reading where a colleague can be found alone and unprotected, and
        for how long. Robberies and assaults have followed posts like this.

    Example:
        ``Nattskift igjen, alene på lageret til kl 23``

    Do instead:
        Post about the shift afterwards, without saying that you are alone or where. If you
        feel unsafe at work, call your manager or the security number now.
    """

    code = "PG301"
    slug = "alone-at-workplace"
    severity = Severity.BLOCK

    def find(self, doc, context, policy):
        view = doc.normalized
        text = view.text
        found = patterns(doc.language)
        for alone in found.alone.finditer(text):
            place = _nearest(found.place, text, alone.start(), alone.end())
            if place is None:
                continue
            lo, hi = min(alone.start(), place.start()), max(alone.end(), place.end())
            if _negated(found.negation, text, lo):
                continue
            time = _nearest(found.time, text, lo, hi)
            if time is not None:
                lo, hi = min(lo, time.start()), max(hi, time.end())
            start, end = view.to_original(lo, hi)
            yield Hit(start, end, {"place": doc.text[slice(*view.to_original(place.start(), place.end()))]})


class HomeAddress(_SafetyRule):
    """
    What it does:
        Flags a street address (street and house number, in each language's usual form)
        said to be where someone lives ("she lives at", "mieszka na ul.", "bor i …veien").

    Why it matters:
        A home address in a public post lets anyone who is angry at the company find the
        employee — or the customer — at home.

    Example:
        ``Kari fra butikken bor i Fjordveien 12, bare stikk innom``

    Do instead:
        Leave home addresses out. Customers reach staff through the company's channels.
    """

    code = "PG302"
    slug = "home-address"
    severity = Severity.BLOCK

    def find(self, doc, context, policy):
        view = doc.normalized
        text = view.text
        found = patterns(doc.language)
        if not any(map(str.isdigit, text)) or not found.home_context.search(text):
            return
        for address in found.address.finditer(text):
            if _nearest(found.home_context, text, address.start(), address.end()) is None:
                continue
            start, end = view.to_original(address.start(), address.end())
            yield Hit(start, end)


class LiveLocation(_SafetyRule):
    """
    What it does:
        Flags a post that says where a member of staff is right now ("I'm at the depot
        right now", "jesteśmy teraz w magazynie", "vi er på lageret nå").

    Why it matters:
        A live location tells strangers where to find a colleague at this very moment;
        combined with an angry customer thread it can put people in danger.

    Example:
        ``Jestem teraz w magazynie na Woli, wpadajcie``

    Do instead:
        Share the place after you have left it, or name the event without saying who is
        there now.
    """

    code = "PG303"
    slug = "live-location"
    severity = Severity.WARN

    def find(self, doc, context, policy):
        view = doc.normalized
        for match in patterns(doc.language).live_location.finditer(view.text):
            start, end = view.to_original(match.start(), match.end())
            yield Hit(start, end)
