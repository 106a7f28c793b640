"""Voice (PG5xx): who may speak for the company (R1).

Commitments (refunds, compensation, official statements, "on behalf of <company>") are
per-language patterns in ``rules/data/voice/<lang>.yaml``; ``{company}`` in a pattern
stands for the organisation's name. Under ``speakers.model: strict`` more counts as a
commitment ("we will fix it") and findings block; under ``open`` they warn.
"""
from __future__ import annotations

import re

from ..findings import Category, Severity
from ..languages import LANGUAGES
from ..text.terms import per_policy
from .base import Hit, Rule
from .confidential import author_language, merge_spans
from .messages import family_data
from .policy_refs import compile_alternatives, responsible, words

FAMILY = "voice"


def _company_pattern(name: str) -> str:
    # "Fjordline Energi" also as "Fjordline Energis", "Fjordline Energii": words may take endings.
    return r"\s+".join(re.escape(part) + r"\w{0,3}" for part in name.split())


def _commitment_regex(policy, language: str, strict: bool) -> re.Pattern | None:
    keys = ["customer_commitments", "statements"] + (["strict_statements"] if strict else [])
    languages = (language,) if language in LANGUAGES else LANGUAGES
    company = _company_pattern(policy.organisation.name)
    items = []
    for lang in languages:
        patterns = family_data(FAMILY, lang).get("patterns") or {}
        for key in keys:
            items += [p.replace("{company}", company) for p in patterns.get(key) or []]
    return compile_alternatives(items)


def _is_spokesperson(context, policy) -> bool:
    return context.role in policy.speakers.spokesperson_roles


def _customer_owner(policy, language: str) -> str:
    playbook = policy.situations.get("refund_request") or policy.situations.get("complaint")
    return responsible(policy, language, playbook.owner if playbook else None, "customer_service", "communications")


class CommitmentWithoutRole(Rule):
    """
    What it does:
        When the author's role (``--role``) is not one of ``speakers.spokesperson_roles``,
        finds commitments made for the company: refunds, compensation, replacements,
        official statements, "on behalf of <company>". Under the strict model "we will
        fix it", "we will contact you" count too, and the finding blocks; under the open
        model it warns. The suggestion names the support address and the responsible
        person from the policy, in the author's language.

    Why it matters:
        A promise in public binds the company, and a customer holds it to the person's
        word; statements from the wrong person contradict the official line.

    Example:
        ``So sorry! We will refund the whole amount, I promise.``

    Do instead:
        Thank the customer and send them to the official channel, or pass the case to
        the responsible person.
    """

    code = "PG501"
    slug = "commitment-without-role"
    category = Category.VOICE
    severity = Severity.WARN
    family = FAMILY
    languages = frozenset(LANGUAGES)

    def applies(self, context, policy):
        return not _is_spokesperson(context, policy)

    def find(self, doc, context, policy):
        strict = policy.speakers.model == "strict"
        pattern = per_policy(policy, f"voice-commitments:{doc.language}:{strict}",
                             lambda: _commitment_regex(policy, doc.language, strict))
        if pattern is None:
            return
        spans = merge_spans(m.span() for m in pattern.finditer(doc.text))
        if not spans:
            return
        language = author_language(doc, context, policy)
        params = {
            "roles": words(FAMILY, language, "spokespeople"),
            "support_url": policy.organisation.support_url,
            "owner": _customer_owner(policy, language),
        }
        for start, end in spans:
            yield Hit(start, end, {**params, "excerpt": doc.text[start:end]},
                      severity=Severity.BLOCK if strict else Severity.WARN)


class PersonalAccountCustomerReply(Rule):
    """
    What it does:
        Under ``speakers.model: strict``, flags a reply (``--kind reply``) to a customer
        written from a personal account (``--account personal``) by someone who is not a
        spokesperson. The whole reply is the span: the problem is who answers, not a word.

    Why it matters:
        Customer conversations belong on company channels: they are tracked, answered
        in time, and do not leave with an employee who leaves (R11).

    Example:
        A customer writes to a technician's private profile; the technician answers
        ``Hi! I'll look into your invoice tomorrow.`` from that profile.

    Do instead:
        Thank the customer and point them to the support address, or hand the
        conversation to customer service.
    """

    code = "PG502"
    slug = "personal-account-customer-reply"
    category = Category.VOICE
    severity = Severity.WARN
    family = FAMILY
    kinds = frozenset({"reply"})

    def applies(self, context, policy):
        return (policy.speakers.model == "strict" and context.account == "personal"
                and not _is_spokesperson(context, policy))

    def find(self, doc, context, policy):
        text = doc.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if end <= start:
            return
        language = author_language(doc, context, policy)
        yield Hit(start, end, {"support_url": policy.organisation.support_url,
                               "owner": _customer_owner(policy, language)})
