"""Checking an e-mail: every part under one language and one context, in one report."""
from __future__ import annotations

from dataclasses import replace

from .connectors.eml import EmailDraft
from .context import CheckContext
from .engine import check, verdict_for
from .findings import Report
from .policy.schema import Policy
from .text.langid import detect_language


def check_email(draft: EmailDraft, policy: Policy, context: CheckContext) -> Report:
    parts = draft.parts()
    language = context.language
    detected = False
    if language is None:
        language, _ = detect_language(f"{draft.subject}\n{draft.body or draft.html_text}")
        detected = True
    part_context = replace(context, kind="email", channel="email", recipients=draft.recipients,
                           attachments=draft.attachments, language=language)
    findings, skipped, first, unread = [], {}, None, None
    for name, text in parts.items():
        report = check(text, policy, part_context)
        first = first or report
        unread = unread or report.unread_language
        findings += [replace(f, part=name) for f in report.findings]
        for item in report.skipped:
            skipped.setdefault(item.code, item)
    if first is None:
        first = check("", policy, part_context)
    # E-mail-level rules see the whole message in every part; keep one finding per code and span.
    unique = {(f.code, f.part, f.start, f.end): f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (list(parts).index(f.part) if f.part in parts else 99, f.start, f.code))
    return replace(first, findings=tuple(ordered), skipped=tuple(skipped.values()),
                   verdict=verdict_for(ordered, unread_language=unread), language=language or "und",
                   language_detected=detected, unread_language=unread,
                   meta={"parts": list(parts), "recipients": list(draft.recipients)})
