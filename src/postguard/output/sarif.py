"""SARIF 2.1.0 for code-scanning tools: one run, the rules that fired, one result per finding."""
from __future__ import annotations

from typing import Any

from ..findings import Report
from ..rules.registry import get_rule
from .positions import LineIndex

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"block": "error", "warn": "warning", "info": "note"}


def to_sarif(items: list[tuple[str, dict[str, str], Report]], version: str) -> dict[str, Any]:
    """``items`` holds (source uri, {part: text}, report) for each checked input."""
    rule_ids: list[str] = []
    results: list[dict[str, Any]] = []
    for uri, texts, report in items:
        indexes = {part: LineIndex(body) for part, body in texts.items()}
        for finding in report.findings:
            if finding.code not in rule_ids:
                rule_ids.append(finding.code)
            index = indexes.get(finding.part) or indexes[next(iter(indexes))]
            start_line, start_column = index.position(finding.start)
            end_line, end_column = index.position(finding.end)
            results.append({
                "ruleId": finding.code,
                "ruleIndex": rule_ids.index(finding.code),
                "level": _LEVEL[finding.severity.value],
                "message": {"text": f"{finding.message} {finding.suggestion}".strip()},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": start_line, "startColumn": start_column,
                            "endLine": end_line, "endColumn": end_column,
                            "charOffset": finding.start, "charLength": finding.end - finding.start,
                            "snippet": {"text": finding.excerpt},
                        },
                    },
                    **({"logicalLocations": [{"name": finding.part}]} if finding.part != "text" else {}),
                }],
                "properties": {"category": finding.category.value, "slug": finding.slug,
                               "signal": finding.signal, "confidence": finding.confidence,
                               "language": report.language, "policyVersion": report.policy_version},
            })
    rules = []
    for code in rule_ids:
        rule = get_rule(code)
        rules.append({
            "id": rule.code, "name": rule.slug,
            "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": rule.documentation()},
            "help": {"text": rule.documentation()},
            "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
            "properties": {"category": rule.category.value},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "postguard", "version": version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
