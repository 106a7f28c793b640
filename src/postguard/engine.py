"""``check(text, context, policy) -> Report``: a pure function, no I/O, no global state.

Heavy resources (language detector, lexicons, models) are loaded lazily by the rules that
need them and shared; a rule that fails to apply to the draft's language is reported in
``Report.skipped`` rather than silently dropped.
"""
from __future__ import annotations

from .context import CheckContext
from .errors import InputError
from .findings import Finding, Report, Severity, SkippedCheck, Verdict
from .policy.schema import Policy
from .rules.base import Hit, Rule
from .rules.messages import rule_text
from .rules.registry import all_rules
from .rules.selection import Selection
from .text.document import Document
from .text.langid import detect_language

#: Larger inputs are refused: no post or e-mail body is this long, and the check must stay bounded.
MAX_CHARS = 1_000_000


def check(text: str, policy: Policy | None = None, context: CheckContext | None = None,
          *, models: bool = True) -> Report:
    """Check one draft against the policy and explain what is wrong and what to do instead.

    ``models=False`` (or the policy's ``rules.models: false``) keeps the check rules-only: the
    model-based rules are reported as skipped and no model is loaded.
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputError(f"text is {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if policy is None:
        from .policy.loader import default_policy

        policy = default_policy()
    context = context or CheckContext()
    language, detected = _language(text, context, policy)
    doc = Document(text, language or "und")
    selection = Selection.for_context(policy.rules, context.channel, context.account)
    findings: list[Finding] = []
    skipped: list[SkippedCheck] = []
    use_models = models and policy.rules.models
    for rule in all_rules():
        if not selection.enabled(rule) or not rule.applies(context, policy):
            continue
        if getattr(rule, "needs_model", False) and not use_models:
            skipped.append(SkippedCheck(rule.code, f"{rule.slug} needs the language models, which are switched off"))
            continue
        if rule.kinds is not None and context.kind not in rule.kinds:
            continue
        if rule.languages is not None and language not in rule.languages:
            skipped.append(SkippedCheck(rule.code, f"{rule.slug} does not support language {language or 'unknown'}"))
            continue
        message_language = context.message_language or language or policy.languages.default
        for hit in rule.find(doc, context, policy):
            findings.append(_finding(rule, hit, text, message_language, policy))
    findings.sort(key=lambda f: (f.start, f.end, f.code))
    return Report(
        language=language or "und",
        verdict=verdict_for(findings),
        policy_name=policy.name,
        policy_version=policy.revision,
        findings=tuple(findings),
        skipped=tuple(skipped),
        language_detected=detected,
    )


def _language(text: str, context: CheckContext, policy: Policy) -> tuple[str | None, bool]:
    if context.language:
        return context.language, False
    language, _confidence = detect_language(text)
    return language, True


def _finding(rule: Rule, hit: Hit, text: str, language: str, policy: Policy) -> Finding:
    severity = hit.severity or Severity(policy.rules.severity.get(rule.code, rule.severity.value))
    suggestion = hit.suggestion or _policy_suggestion(rule, language, policy) or rule_text(
        rule.family, rule.code, "suggestion", language, hit.params)
    return Finding(
        code=rule.code,
        slug=rule.slug,
        category=rule.category,
        severity=severity,
        start=hit.start,
        end=hit.end,
        excerpt=text[hit.start:hit.end],
        message=rule_text(rule.family, rule.code, "message", language, hit.params),
        suggestion=suggestion,
        rule_doc=f"postguard rule {rule.code}",
        signal=hit.signal,
        confidence=round(hit.confidence, 3),
    )


def _policy_suggestion(rule: Rule, language: str, policy: Policy) -> str:
    """The policy's own "do" for a guideline tied to this rule, in the author's language."""
    for guideline in policy.guidelines:
        if any(rule.code.startswith(code) for code in guideline.rules):
            return policy.text(guideline.do, language)
    return ""


def verdict_for(findings: list[Finding]) -> Verdict:
    worst = max((f.severity.rank for f in findings), default=-1)
    if worst >= Severity.BLOCK.rank:
        return Verdict.BLOCK
    if worst >= Severity.WARN.rank:
        return Verdict.WARN
    return Verdict.PASS


def blocks(report: Report, policy: Policy) -> bool:
    """Whether any finding is at or above the policy's blocking severity (CLI exit code 1)."""
    threshold = Severity(policy.rules.blocking_severity).rank
    return any(f.severity.rank >= threshold for f in report.findings)
