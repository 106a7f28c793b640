"""What the rules of confidential, voice, e-mail and the other policy families share.

Who is responsible for what (named in suggestions), when an embargo lifts (in the
author's language and the organisation's time zone), which e-mail recipients are
external, and the per-language patterns of a family compiled once.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import re
from re import _constants as _c, _parser

import ahocorasick_rs

from ..languages import BABEL_LOCALES
from .messages import family_data

#: A pattern never starts or ends inside a word. The stdlib ``re`` runs these alternations
#: three to six times faster than ``regex``, and its ``\w`` is Unicode-aware (Hebrew, ł, ø).
EDGE_BEFORE = r"(?<!\w)"
EDGE_AFTER = r"(?!\w)"


class GatedPattern:
    """A compiled pattern that is only run when the text contains a word every match needs.

    Most posts contain none of a family's key words ("code", "refund", "gwarantujemy"); a
    substring search for them (Aho-Corasick over the lower-cased text) is far cheaper than
    trying every alternative at every position. The gate is derived from the patterns
    themselves, and when one alternative has no such word the pattern always runs.
    """

    def __init__(self, pattern: re.Pattern, gate: frozenset[str] | None):
        self.pattern = pattern
        self._gate = ahocorasick_rs.AhoCorasick(sorted(gate)) if gate else None

    def finditer(self, text: str):
        if self._gate is not None and not self._gate.find_matches_as_indexes(text.lower()):
            return iter(())
        return self.pattern.finditer(text)


def compile_alternatives(items: list[str]) -> GatedPattern | None:
    """One case-insensitive pattern matching any of ``items`` as whole words, or None."""
    items = [item for item in items if item]
    if not items:
        return None
    body = "|".join(f"(?:{item})" for item in items)
    pattern = re.compile(f"{EDGE_BEFORE}(?:{body}){EDGE_AFTER}", re.IGNORECASE)
    gate: set[str] | None = set()
    for item in items:
        needed = required_words(item)
        if needed is None:
            gate = None
            break
        gate |= needed
    return GatedPattern(pattern, frozenset(gate) if gate else None)


_MIN_GATE = 3


def required_words(expression: str) -> set[str] | None:
    """Lower-case literals of which every match of ``expression`` contains at least one, or None."""
    try:
        parsed = _parser.parse(expression, re.IGNORECASE)
    except re.error:
        return None
    return _sequence_words(list(parsed))


def _sequence_words(items: list) -> set[str] | None:
    best: set[str] | None = None
    run = ""
    for op, av in items + [(None, None)]:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if len(run) >= _MIN_GATE and (best is None or min(map(len, best)) < len(run)):
            best = {run.lower()}
        run = ""
        inner = None
        if op is _c.SUBPATTERN:
            inner = _sequence_words(list(av[-1]))
        elif op is _c.BRANCH:
            inner = _branch_words(av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            inner = _sequence_words(list(av[2]))
        if inner and best is None:
            best = inner
    return best


def _branch_words(branches) -> set[str] | None:
    words: set[str] = set()
    for branch in branches:
        needed = _sequence_words(list(branch))
        if needed is None:
            return None
        words |= needed
    return words


@lru_cache(maxsize=None)
def compiled_patterns(family: str, key: str, language: str) -> GatedPattern | None:
    """``patterns.<key>`` of a family's language file as one case-insensitive pattern, or None."""
    return compile_alternatives((family_data(family, language).get("patterns") or {}).get(key) or [])


def words(family: str, language: str, key: str) -> str:
    """A short text from ``words.<key>`` of the family's language file (English if missing)."""
    for lang in (language, "en"):
        value = (family_data(family, lang).get("words") or {}).get(key)
        if value:
            return value
    return key


def responsible(policy: Any, language: str, *keys: str | None) -> str:
    """The first responsibility found among ``keys``, then the final one, as "Name (title, e-mail)"."""
    from ..text.terms import per_policy

    memo = per_policy(policy, "responsible", dict)
    found = memo.get((language, keys))
    if found is None:
        found = memo[(language, keys)] = _responsible(policy, language, keys)
    return found


def _responsible(policy: Any, language: str, keys: tuple[str | None, ...]) -> str:
    candidates = [*keys, policy.final_responsibility, "communications"]
    for key in candidates:
        if key and key in policy.responsibilities:
            item = policy.responsibilities[key]
            owner = item.owner
            details = [policy.text(item.title, language)] if item.title else []
            if owner.email:
                details.append(owner.email)
            elif owner.phone:
                details.append(owner.phone)
            return f"{owner.name} ({', '.join(d for d in details if d)})" if details else owner.name
    if policy.organisation.support_email:
        return policy.organisation.support_email
    return policy.organisation.support_url


def aware(moment: datetime, zone_name: str) -> datetime:
    """A datetime without a zone is meant in the organisation's time zone."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(zone_name))


def format_moment(moment: datetime, policy: Any, language: str) -> str:
    """``moment`` in the organisation's time zone, written the way the author's language writes dates."""
    return _format_moment(moment, policy.organisation.timezone, language)


@lru_cache(maxsize=256)
def _format_moment(moment: datetime, zone_name: str, language: str) -> str:
    from babel.dates import format_datetime  # only needed when a finding names a date

    zone = ZoneInfo(zone_name)
    local = aware(moment, zone_name).astimezone(zone)
    return format_datetime(local, "d MMMM y, HH:mm", tzinfo=zone, locale=BABEL_LOCALES.get(language, language))


def is_before(context: Any, moment: datetime | None, policy: Any) -> bool:
    """Whether the draft's publication time lies before ``moment`` (False when there is no moment)."""
    if moment is None:
        return False
    published = context.publication_time()
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return published < aware(moment, policy.organisation.timezone)


def domain_of(address: str) -> str:
    return address.strip().strip("<>").rsplit("@", 1)[-1].lower().rstrip(".")


def external_recipients(recipients: Iterable[str], internal_domains: Iterable[str]) -> list[str]:
    """Recipients whose domain is neither an internal domain nor one of its subdomains."""
    internal = [d.lower().lstrip("@").rstrip(".") for d in internal_domains]
    out = []
    for address in recipients:
        domain = domain_of(address)
        if not any(domain == d or domain.endswith("." + d) for d in internal):
            out.append(address)
    return out


def sentence_bounds(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from after the previous . ! ? or newline to the next.

    Looks at most ``reach`` characters each way, so a long text costs no more per call.
    """
    floor, ceiling = max(0, start - reach), min(len(text), end + reach)
    left = max(max(text.rfind(ch, floor, start) for ch in ".!?\n"), floor - 1)
    right_candidates = [i for i in (text.find(ch, end, ceiling) for ch in ".!?\n") if i != -1]
    right = min(right_candidates) if right_candidates else ceiling
    return left + 1, right
