"""Confidential (PG1xx): what the policy says must never leave the company (R3).

Names come from ``policy.sensitive`` and are found in any inflected form by
:mod:`postguard.text.terms`; generic patterns (alarm codes, "our Q3 revenue", markers such
as "internal only") are per-language data in ``rules/data/confidential/<lang>.yaml``.

An e-mail with known recipients is judged by the e-mail rules (PG15x) instead: naming a
confidential project to a colleague is normal work, naming it to another company is not.
"""
from __future__ import annotations

from typing import Iterable

import re

import ahocorasick_rs
from ..findings import Category, Severity
from ..languages import LANGUAGES
from ..text.terms import per_policy, policy_terms
from .base import Hit, Rule
from .messages import family_data
from .policy_refs import compile_alternatives, compiled_patterns, format_moment, is_before, responsible, words

FAMILY = "confidential"


def judged_as_email(context, policy) -> bool:
    """An e-mail with recipients goes to the e-mail rules, which know who is external."""
    return context.kind == "email" and bool(context.recipients) and policy.email.enabled


def author_language(doc, context, policy) -> str:
    language = context.language or doc.language
    return language if language in LANGUAGES else policy.languages.default


class _PolicyTermRule(Rule):
    """A name from one section of ``policy.sensitive``."""

    abstract = True
    category = Category.CONFIDENTIAL
    family = FAMILY
    term_kind: str
    #: Responsibilities asked about this kind of term when the term names no owner.
    owner_keys: tuple[str, ...] = ("communications",)

    def find(self, doc, context, policy):
        if judged_as_email(context, policy):
            return
        language = author_language(doc, context, policy)
        for match in policy_terms(policy).find(doc.text, doc.language):
            if match.entry.kind != self.term_kind:
                continue
            hit = self.hit_for(match, context, policy, language)
            if hit is not None:
                yield hit

    def hit_for(self, match, context, policy, language) -> Hit | None:
        term = match.entry.ref
        owner = responsible(policy, language, term.owner, *self.owner_keys)
        return Hit(match.start, match.end, {"term": match.entry.name, "owner": owner}, signal="term")


class ConfidentialProject(_PolicyTermRule):
    """
    What it does:
        Finds the names of confidential projects from ``sensitive.confidential_projects``,
        with their aliases and translations, in any inflected form: ``Projekt Sokół`` is
        found in "projektu Sokoła" and "Sokołem", ``פרויקט פלקון`` in "בפרויקט פלקון".

    Why it matters:
        A project name in a public post tells competitors, journalists and customers
        what the company is working on before it decides to say so.

    Example:
        ``Late night again – the Falcon project deadline is Friday!``

    Do instead:
        Talk about your work without the project's name or details; ask the owner named
        in the policy what may be said.
    """

    code = "PG101"
    slug = "confidential-project"
    severity = Severity.BLOCK
    term_kind = "confidential_project"


class UnreleasedProduct(_PolicyTermRule):
    """
    What it does:
        Finds products from ``sensitive.unreleased_products`` before their
        ``embargo_until`` moment (compared with the draft's publication time, ``--at``,
        or now). From that moment on the name is allowed; the message says when the
        embargo lifts, in the organisation's time zone. A product without a date stays
        embargoed until the policy sets one.

    Why it matters:
        An early mention spoils the launch, can break stock-exchange rules and lets
        competitors react before the company is ready.

    Example:
        ``Can't wait for you all to see the Aurora heat pump next month!``

    Do instead:
        Wait for the launch and share the official announcement then.
    """

    code = "PG102"
    slug = "unreleased-product"
    severity = Severity.BLOCK
    term_kind = "unreleased_product"
    owner_keys = ("marketing", "communications")

    def hit_for(self, match, context, policy, language):
        product = match.entry.ref
        if product.embargo_until is not None and not is_before(context, product.embargo_until, policy):
            return None
        lifts = (format_moment(product.embargo_until, policy, language) if product.embargo_until
                 else words(FAMILY, language, "no_launch_date"))
        owner = responsible(policy, language, product.owner, *self.owner_keys)
        return Hit(match.start, match.end, {"term": match.entry.name, "owner": owner, "lifts": lifts}, signal="term")


class InternalTool(_PolicyTermRule):
    """
    What it does:
        Finds the names of internal software and tools from ``sensitive.internal_tools``
        in any inflected form.

    Why it matters:
        Names of internal systems help attackers: they make phishing credible and show
        what to probe.

    Example:
        ``Spent the day fixing reports in Kompass again…``

    Do instead:
        Describe the work without naming internal systems.
    """

    code = "PG103"
    slug = "internal-tool"
    severity = Severity.WARN
    term_kind = "internal_tool"
    owner_keys = ("it", "security", "communications")


class SecurityRoutine(_PolicyTermRule):
    """
    What it does:
        Finds security routines: the names in ``sensitive.security_routines`` and generic
        per-language patterns — opening and closing routines, alarm and door codes ("the
        code is 1234"), where the keys or the safe are, when the alarm is off.

    Why it matters:
        A routine posted online tells a burglar or a robber when and how to get in, and
        puts the staff who follow it in danger.

    Example:
        ``New on the team? The alarm code is 4711 and the key is under the mat.``

    Do instead:
        Never post routines; colleagues get them in person from the responsible person.
    """

    code = "PG104"
    slug = "security-routine"
    severity = Severity.BLOCK
    term_kind = "security_routine"
    owner_keys = ("security", "facilities", "communications")

    def find(self, doc, context, policy):
        if judged_as_email(context, policy):
            return
        spans = [(h.start, h.end) for h in super().find(doc, context, policy)]
        spans += pattern_spans(doc.text, "security", doc.language)
        if not spans:
            return
        owner = responsible(policy, author_language(doc, context, policy), *self.owner_keys)
        for start, end in merge_spans(spans):
            yield Hit(start, end, {"owner": owner, "term": doc.text[start:end]})


class FinancialResults(Rule):
    """
    What it does:
        Before ``sensitive.financial_results_embargo_until`` (the next publication of
        results), finds unpublished figures: "our Q3 revenue grew 12%", "wyniki
        kwartalne", "kvartalstallene våre", "onze omzet steeg" — per-language patterns.
        From that moment on, nothing is reported; without a date the rule does not run.

    Why it matters:
        Results shared before their publication are inside information: they can break
        securities law and they are the company's to announce.

    Example:
        ``Great news: our Q3 revenue grew 18% – best quarter ever!``

    Do instead:
        Wait for the official results and share the company's report.
    """

    code = "PG105"
    slug = "financial-results"
    category = Category.CONFIDENTIAL
    severity = Severity.BLOCK
    family = FAMILY
    languages = frozenset(LANGUAGES)  # patterns only: reported as not run for other languages

    def applies(self, context, policy):
        return is_before(context, policy.sensitive.financial_results_embargo_until, policy)

    def find(self, doc, context, policy):
        if judged_as_email(context, policy):
            return
        spans = merge_spans(pattern_spans(doc.text, "financial", doc.language))
        if not spans:
            return
        language = author_language(doc, context, policy)
        lifts = format_moment(policy.sensitive.financial_results_embargo_until, policy, language)
        owner = responsible(policy, language, "finance", "investor_relations")
        for start, end in spans:
            yield Hit(start, end, {"lifts": lifts, "owner": owner})


class ConfidentialMarker(Rule):
    """
    What it does:
        Finds markings of internal material: the policy's ``sensitive.confidential_markers``
        and bundled ones per language ("internal only", "tylko do użytku wewnętrznego",
        "kun til intern bruk", "לשימוש פנימי בלבד", "alleen voor intern gebruik"). Single
        words that are also everyday words ("confidential", "poufne", "konfidensielt",
        "intern", "סודי", "vertrouwelijk") count only as a label: in capitals, before a
        colon or in brackets.

    Why it matters:
        A marked document, screenshot or quote is internal by the company's own
        decision; sharing it breaks that decision whatever its content.

    Example:
        ``Sneak peek from today's deck [CONFIDENTIAL] – exciting times!``

    Do instead:
        Share only material without such markings, or ask whether a public version exists.
    """

    code = "PG110"
    slug = "confidential-marker"
    category = Category.CONFIDENTIAL
    severity = Severity.BLOCK
    family = FAMILY

    def find(self, doc, context, policy):
        if judged_as_email(context, policy):
            return
        spans = marker_spans(doc.text, doc.language, policy)
        if not spans:
            return
        owner = responsible(policy, author_language(doc, context, policy), "communications")
        for start, end in spans:
            yield Hit(start, end, {"term": doc.text[start:end], "owner": owner})


# --- shared with the e-mail rules -----------------------------------------------------


def pattern_spans(text: str, key: str, language: str) -> list[tuple[int, int]]:
    """Spans of the family's ``patterns.<key>`` in the post's language (all languages if unknown)."""
    languages = (language,) if language in LANGUAGES else LANGUAGES
    spans = []
    for lang in languages:
        pattern = compiled_patterns(FAMILY, key, lang)
        if pattern is not None:
            spans += [m.span() for m in pattern.finditer(text)]
    return spans


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


class _Markers:
    """The marker pattern, and a quick gate: every match contains the longest word of its marker."""

    def __init__(self, policy, language: str):
        self.pattern = _marker_regex(policy, language)
        self.gate = ahocorasick_rs.AhoCorasick(sorted(_marker_words(policy, language))) if self.pattern else None

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None or not self.gate.find_matches_as_indexes(text.lower()):
            return []
        return merge_spans(m.span() for m in self.pattern.finditer(text))


def _marker_lists(policy, language: str) -> tuple[list[str], list[str]]:
    languages = (language,) if language in LANGUAGES else LANGUAGES
    phrases: list[str] = []
    labels: list[str] = []
    for lang in languages:
        data = family_data(FAMILY, lang)
        phrases += data.get("markers") or []
        labels += data.get("label_markers") or []
    for items in policy.sensitive.confidential_markers.values():
        phrases += items  # the company's own markers count in any form and language
    return [p for p in dict.fromkeys(phrases) if p.strip()], list(dict.fromkeys(labels))


def _marker_words(policy, language: str) -> set[str]:
    phrases, labels = _marker_lists(policy, language)
    return {max(p.lower().split(), key=len) for p in phrases} | {label.lower() for label in labels}


def _marker_regex(policy, language: str) -> re.Pattern | None:
    phrases, labels = _marker_lists(policy, language)
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases]
    for label in labels:
        word = re.escape(label)
        if label.upper() != label.lower():  # a script without capitals (Hebrew) has no capitalised label
            alternatives.append(f"(?-i:{re.escape(label.upper())})")
        alternatives.append(rf"[\[(]\s*{word}\s*[\])]")
        alternatives.append(rf"{word}(?=\s*:)")
    return compile_alternatives(sorted(alternatives, key=len, reverse=True))


def marker_spans(text: str, language: str, policy) -> list[tuple[int, int]]:
    return per_policy(policy, f"confidential-markers:{language}", lambda: _Markers(policy, language)).spans(text)
