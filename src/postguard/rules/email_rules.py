"""E-mail (PG150–PG159): confidential material and customers' data leaving for another domain (R7).

An e-mail is checked part by part (subject, body, each attachment's name) with the same
context: ``recipients`` and ``attachments``. A recipient is external when its domain is
neither one of ``organisation.internal_domains`` nor a subdomain of one. Internal mail may
name confidential projects; these rules speak only when someone outside will read it.
"""
from __future__ import annotations

from fnmatch import fnmatchcase

from ..findings import Category, Severity
from ..text.terms import policy_terms
from .base import Hit, Rule
from .confidential import author_language, marker_spans, merge_spans, pattern_spans
from .policy_refs import external_recipients, is_before, responsible

FAMILY = "email"
_CONFIDENTIAL_KINDS = ("confidential_project", "unreleased_product", "internal_tool", "security_routine")
_MAX_NAMED = 3


def _external(context, policy) -> list[str]:
    return external_recipients(context.recipients, policy.organisation.internal_domains)


def _named(addresses: list[str]) -> str:
    shown = ", ".join(addresses[:_MAX_NAMED])
    return shown + (f" (+{len(addresses) - _MAX_NAMED})" if len(addresses) > _MAX_NAMED else "")


def confidential_spans(text: str, language: str, context, policy) -> list[tuple[int, int]]:
    """Everything the PG1xx rules would report in ``text``: names, routines, results, markers."""
    spans = []
    for match in policy_terms(policy).find(text, language):
        if match.entry.kind not in _CONFIDENTIAL_KINDS:
            continue
        product = match.entry.ref
        if match.entry.kind == "unreleased_product" and product.embargo_until is not None \
                and not is_before(context, product.embargo_until, policy):
            continue
        spans.append((match.start, match.end))
    spans += pattern_spans(text, "security", language)
    if is_before(context, policy.sensitive.financial_results_embargo_until, policy):
        spans += pattern_spans(text, "financial", language)
    spans += marker_spans(text, language, policy)
    return merge_spans(spans)


class _EmailRule(Rule):
    abstract = True
    category = Category.CONFIDENTIAL
    family = FAMILY
    kinds = frozenset({"email"})

    def applies(self, context, policy):
        return policy.email.enabled and bool(context.recipients)


class ConfidentialToExternal(_EmailRule):
    """
    What it does:
        In an e-mail with at least one external recipient, finds what the confidential
        rules look for — confidential projects, embargoed products, internal tools,
        security routines, unpublished results, "internal only" markings — and names the
        external recipients. Runs when ``email.block_confidential_to_external`` is on.

    Why it matters:
        One forwarded e-mail is enough to put a secret in another company's hands, and
        e-mail cannot be recalled.

    Example:
        To ``partner@othercompany.example``: ``Attached is the Falcon budget – internal only.``

    Do instead:
        Remove the confidential part, or send it only to internal recipients; ask the
        responsible person before sharing anything under NDA.
    """

    code = "PG150"
    slug = "confidential-to-external"
    severity = Severity.BLOCK

    def applies(self, context, policy):
        return super().applies(context, policy) and policy.email.block_confidential_to_external

    def find(self, doc, context, policy):
        external = _external(context, policy)
        if not external:
            return
        if any(a.name == doc.text for a in context.attachments):
            return  # an attachment's name, checked as its own part: PG151 judges attachments
        language = author_language(doc, context, policy)
        owner = responsible(policy, language, "legal", "communications")
        for start, end in confidential_spans(doc.text, doc.language, context, policy):
            yield Hit(start, end, {"recipients": _named(external), "owner": owner, "term": doc.text[start:end]})


class ConfidentialAttachmentToExternal(_EmailRule):
    """
    What it does:
        Finds attachments that look internal — their name matches one of
        ``email.confidential_attachment_patterns`` (glob, case-insensitive, e.g.
        ``*_internal.*``, ``budget*.xlsx``) or contains a confidential name or marker — in an
        e-mail with external recipients. The finding lies where the attachment's name
        appears: ``postguard check --eml`` checks each attachment name as a part of its own.

    Why it matters:
        Attachments are where whole budgets, plans and customer lists leave the company.

    Example:
        ``plan_wewnetrzny.pdf`` attached to an e-mail to ``partner@othercompany.example``.

    Do instead:
        Send a version made for the recipient, or share it through the approved
        channel after the responsible person agrees.
    """

    code = "PG151"
    slug = "confidential-attachment-to-external"
    severity = Severity.BLOCK

    def applies(self, context, policy):
        return super().applies(context, policy) and bool(context.attachments) \
            and policy.email.block_confidential_to_external

    def find(self, doc, context, policy):
        external = _external(context, policy)
        if not external:
            return
        language = author_language(doc, context, policy)
        owner = responsible(policy, language, "legal", "communications")
        patterns = [p.lower() for p in policy.email.confidential_attachment_patterns]
        folded = doc.text.lower()
        for attachment in context.attachments:
            name = attachment.name
            if not name or not self._confidential(name, patterns, language, context, policy):
                continue
            at = folded.find(name.lower())
            while at != -1:
                yield Hit(at, at + len(name), {"attachment": name, "recipients": _named(external), "owner": owner})
                at = folded.find(name.lower(), at + len(name))

    @staticmethod
    def _confidential(name, patterns, language, context, policy) -> bool:
        if any(fnmatchcase(name.lower(), p) for p in patterns):
            return True
        readable = name.replace("_", " ").replace(".", " ")
        return bool(confidential_spans(readable, language, context, policy))


class PersonalDataToExternal(_EmailRule):
    """
    What it does:
        In an e-mail with external recipients, reports the personal data the PG2xx rules
        find (national ID numbers, phone numbers, e-mail addresses, IBANs, card numbers)
        with the external recipients named, at the severity of
        ``email.personal_data_to_external``. It reuses the personal-data rules
        themselves, so both always agree on what personal data is.

    Why it matters:
        Sending customers' data to another company without an agreement is a data
        breach the company must report.

    Example:
        To ``partner@othercompany.example``: ``The customer's PESEL is 44051401458.``

    Do instead:
        Leave the personal data out, or share it only through the approved, agreed
        channel with the data protection officer's consent.
    """

    code = "PG152"
    slug = "personal-data-to-external"
    category = Category.PERSONAL_DATA
    severity = Severity.BLOCK

    def find(self, doc, context, policy):
        external = _external(context, policy)
        if not external:
            return
        from .registry import all_rules  # the registry imports this module: look it up late

        language = author_language(doc, context, policy)
        owner = responsible(policy, language, "data_protection", "privacy", "legal")
        severity = Severity(policy.email.personal_data_to_external)
        spans = set()
        for rule in all_rules():
            if rule.category is Category.PERSONAL_DATA and rule.code[:3] == "PG2" and rule.applies(context, policy):
                spans |= {(h.start, h.end) for h in rule.find(doc, context, policy)}
        for start, end in merge_spans(spans):
            yield Hit(start, end, {"recipients": _named(external), "owner": owner}, severity=severity)
