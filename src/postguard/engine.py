"""``check(text, context, policy) -> Report``: a pure function, no I/O, no global state.

Heavy resources (language detector, lexicons, models) are loaded lazily by the rules that
need them and shared; a rule that fails to apply to the draft's language is reported in
``Report.skipped`` rather than silently dropped.
"""
from __future__ import annotations

from .context import CheckContext
from .errors import InputError
from .findings import Finding, Report, Severity, SkippedCheck, Verdict
from .output.labels import label, uncovered_note
from .policy.schema import Policy, RuleSettings
from .rules.base import Hit, Rule
from .rules.messages import rule_text
from .rules.registry import all_rules
from .rules.selection import Selection
from .text.document import Document
from .text.langid import identify

#: Larger inputs are refused: no post or e-mail body is this long, and the check must stay bounded.
MAX_CHARS = 1_000_000

#: One innocent sentence per first-class language, checked by ``warm_up``.
WARM_UP_TEXTS = (
    "Proud of the team and the new solar park.", "Dumni z zespołu i nowej farmy słonecznej.",
    "Stolt av teamet og den nye solparken.", "Stolt över teamet och den nya solparken.",
    "גאה בצוות ובחוות השמש החדשה.", "Trots op het team en het nieuwe zonnepark.",
)


def warm_up(policy: Policy) -> None:
    """Load what a first check in each language loads (the detector, each language's word lists,
    the models), so that no one's first check pays for it; the service calls this at start."""
    for text in WARM_UP_TEXTS:
        check(text, policy)


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
    language, detected, unread = _language(text, context)
    doc = Document(text, language or "und")
    findings: list[Finding] = []
    skipped: list[SkippedCheck] = []
    unread_skips = 0
    use_models = models and policy.rules.models
    message_language = context.message_language or language or policy.languages.default
    for rule in selected_rules(policy.rules, context.channel, context.account):
        if not rule.applies(context, policy):
            continue
        if getattr(rule, "needs_model", False) and not use_models:
            skipped.append(SkippedCheck(rule.code, label("skip_models", message_language).format(rule=rule.slug)))
            continue
        if rule.kinds is not None and context.kind not in rule.kinds:
            continue
        outside = rule.languages is not None and language not in rule.languages
        if outside and not (unread is not None and rule.reads_other_languages):
            shown = language or (unread if unread not in (None, "und") else label("unknown_language", message_language))
            skipped.append(SkippedCheck(rule.code, label("skip_language", message_language).format(
                rule=rule.slug, language=shown)))
            unread_skips += 1
            continue
        uncovered = unread if outside else None
        for hit in rule.find(doc, context, policy):
            findings.append(_finding(rule, hit, text, message_language, policy, uncovered))
    findings.sort(key=lambda f: (f.start, f.end, f.code))
    unread = unread if unread_skips else None
    return Report(
        language=language or "und",
        verdict=verdict_for(findings, unread_language=unread),
        policy_name=policy.name,
        policy_version=policy.revision,
        findings=tuple(findings),
        skipped=tuple(skipped),
        language_detected=detected,
        unread_language=unread,
    )


#: (id of the rule settings, channel, account) -> (those settings, the rules they select).
#: The settings object is kept in the value so a reused id can never return another policy's rules.
_SELECTED: dict[tuple[int, str, str], tuple[RuleSettings, tuple[Rule, ...]]] = {}


def selected_rules(settings: RuleSettings, channel: str, account: str) -> tuple[Rule, ...]:
    """The rules a policy selects for a channel and account type, computed once per combination."""
    key = (id(settings), channel, account)
    cached = _SELECTED.get(key)
    if cached is not None and cached[0] is settings:
        return cached[1]
    selection = Selection.for_context(settings, channel, account)
    rules = tuple(rule for rule in all_rules() if selection.enabled(rule))
    if len(_SELECTED) > 1024:  # many short-lived policy objects (uploads, tests): start over
        _SELECTED.clear()
    _SELECTED[key] = (settings, rules)
    return rules


def _language(text: str, context: CheckContext) -> tuple[str | None, bool, str | None]:
    """(first-class language or None, whether it was detected, the language the checks cannot read)."""
    if context.language:
        return context.language, False, None
    found = identify(text)
    return found.language, True, found.unread


def _finding(rule: Rule, hit: Hit, text: str, language: str, policy: Policy,
             uncovered: str | None = None) -> Finding:
    """``uncovered``: the draft's language when the rule ran outside the languages it was built for."""
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
        message=rule_text(rule.family, rule.code, "message", language, hit.params) + (
            " " + uncovered_note(uncovered, language) if uncovered else ""),
        suggestion=suggestion,
        rule_doc=f"postguard rule {rule.code}",
        signal=hit.signal,
        confidence=round(hit.confidence, 3),
    )


def _policy_suggestion(rule: Rule, language: str, policy: Policy) -> str:
    """The policy's own "do" for the guideline tied most closely to this rule, in the author's
    language: a guideline naming the rule's code or slug beats a longer code prefix, which beats
    a shorter one (``PG104`` before ``PG1``), which beats the rule's category."""
    best, best_score = None, 0
    for guideline in policy.guidelines:
        score = max((_guideline_match(rule, ref) for ref in guideline.rules), default=0)
        if score > best_score:
            best, best_score = guideline, score
    return policy.text(best.do, language) if best is not None else ""


def _guideline_match(rule: Rule, reference: str) -> int:
    if reference in (rule.code, rule.slug):
        return 100
    if reference.startswith("PG") and rule.code.startswith(reference):
        return 10 + len(reference)
    return 1 if reference == rule.category else 0


def verdict_for(findings: list[Finding], *, unread_language: str | None = None) -> Verdict:
    """The worst finding's verdict; a draft whose language the checks cannot read is never "pass":
    the checks that did not run are exactly the ones that read words."""
    worst = max((f.severity.rank for f in findings), default=-1)
    if worst >= Severity.BLOCK.rank:
        return Verdict.BLOCK
    if worst >= Severity.WARN.rank or unread_language:
        return Verdict.WARN
    return Verdict.PASS


def blocks(report: Report, policy: Policy) -> bool:
    """Whether any finding is at or above the policy's blocking severity (CLI exit code 1)."""
    threshold = Severity(policy.rules.blocking_severity).rank
    return any(f.severity.rank >= threshold for f in report.findings)
