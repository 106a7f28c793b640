"""Which situation a message is (R5): the classifier interface and a transparent keyword baseline.

Any object with ``classify(text, language) -> (situation, scores)`` is a classifier; the
model-based one comes from ``postguard.nlp``. The baseline here reads its patterns from
``data/situations/<lang>.yaml``: every pattern that matches adds points (strong 2, weak 1)
to its situation; the most points win, ties go to the more serious situation (a threat
that also asks a question is a threat), and a question about a topic with a strong hit
is that topic ("Can I get a refund?" is a refund request). Nothing matched means ``other``. Scores are the
points normalised to sum to 1, so callers can show why a situation was chosen.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol, runtime_checkable

import regex
from ruamel.yaml import YAML

from ..errors import UsageError
from ..languages import LANGUAGES
from ..policy.schema import SITUATIONS

#: Ties are broken towards the first: what needs a person soonest.
SEVERITY_ORDER: tuple[str, ...] = (
    "threat", "libel", "copyright_claim", "harassment", "refund_request", "public_review_complaint",
    "incorrect_information", "complaint", "spam", "question", "praise", "other",
)
_WEIGHTS = {"strong": 2.0, "weak": 1.0}
#: Situations that say how something is written rather than what it is about.
_FORMS = frozenset({"question", "praise", "other"})

assert set(SEVERITY_ORDER) == set(SITUATIONS)


@runtime_checkable
class SituationClassifier(Protocol):
    """What triage needs from a situation classifier."""

    def classify(self, text: str, language: str | None) -> tuple[str, dict[str, float]]:
        """(situation, score per situation); ``language`` None means unknown."""
        ...


@dataclass(frozen=True)
class _Pattern:
    situation: str
    weight: float
    compiled: regex.Pattern


@dataclass(frozen=True)
class LanguagePatterns:
    language: str
    patterns: tuple[_Pattern, ...]
    urgent: tuple[regex.Pattern, ...]


def _compile(text: str, where: str) -> regex.Pattern:
    try:
        return regex.compile(text, regex.IGNORECASE | regex.UNICODE | regex.MULTILINE)
    except regex.error as exc:
        raise UsageError(f"{where}: bad pattern {text!r}: {exc}") from None


@lru_cache(maxsize=None)
def load_patterns(language: str) -> LanguagePatterns:
    """The bundled patterns of one language, compiled once."""
    if language not in LANGUAGES:
        raise UsageError(f"no situation patterns for language {language!r}; use one of {', '.join(LANGUAGES)}")
    name = f"{language}.yaml"
    text = resources.files("postguard.inbound").joinpath("data", "situations", name).read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(text) or {}
    patterns: list[_Pattern] = []
    for situation, groups in (data.get("situations") or {}).items():
        if situation not in SITUATIONS:
            raise UsageError(f"situations/{name}: unknown situation {situation!r}")
        for strength, items in (groups or {}).items():
            if strength not in _WEIGHTS:
                raise UsageError(f"situations/{name}: {situation}.{strength}: use strong or weak")
            for item in items or []:
                patterns.append(_Pattern(situation, _WEIGHTS[strength], _compile(item, f"situations/{name}")))
    urgent = tuple(_compile(item, f"situations/{name}") for item in data.get("urgent") or [])
    return LanguagePatterns(language, tuple(patterns), urgent)


class KeywordSituationClassifier:
    """The transparent baseline: per-language patterns, points, the most serious tie wins.

    For a language it has no patterns for (or an undetected one), it runs every language's
    patterns: most signals (a URL, "?" , a brand of review site) work across languages.
    """

    def __init__(self, languages: tuple[str, ...] = LANGUAGES):
        self.languages = languages

    def _sets(self, language: str | None) -> list[LanguagePatterns]:
        if language in self.languages:
            return [load_patterns(language)]  # type: ignore[arg-type]
        return [load_patterns(code) for code in self.languages]

    def points(self, text: str, language: str | None) -> dict[str, float]:
        points = dict.fromkeys(SITUATIONS, 0.0)
        for patterns in self._sets(language):
            for pattern in patterns.patterns:
                if pattern.compiled.search(text):
                    points[pattern.situation] += pattern.weight
        return points

    def classify(self, text: str, language: str | None) -> tuple[str, dict[str, float]]:
        points = self.points(text, language)
        total = sum(points.values())
        if total == 0:
            return "other", {s: (1.0 if s == "other" else 0.0) for s in SITUATIONS}
        best = max(SEVERITY_ORDER, key=lambda s: (points[s], -SEVERITY_ORDER.index(s)))
        if best == "question":
            # "Question" is a form, the others are topics: a question about a refund is a
            # refund request, so a topic with a strong hit wins over the question form.
            topics = [s for s in SEVERITY_ORDER if s not in _FORMS and points[s] >= _WEIGHTS["strong"]]
            if topics:
                best = max(topics, key=lambda s: (points[s], -SEVERITY_ORDER.index(s)))
        return best, {s: round(points[s] / total, 4) for s in SITUATIONS}

    def is_urgent(self, text: str, language: str | None) -> bool:
        return any(p.search(text) for patterns in self._sets(language) for p in patterns.urgent)
