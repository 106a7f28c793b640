"""The finding contract: what every output (text, JSON, SARIF, API) carries.

A finding is a frozen value. Offsets are Python string indices into the original text,
never into a normalised copy.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Category(str, Enum):
    CONFIDENTIAL = "confidential"
    PERSONAL_DATA = "personal_data"
    SAFETY = "safety"
    CONDUCT = "conduct"
    VOICE = "voice"
    COMPETITORS = "competitors"
    SPAM = "spam"
    COPYRIGHT = "copyright"
    DISCLOSURE = "disclosure"
    CLAIMS = "claims"


class Severity(str, Enum):
    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return {"info": 0, "warn": 1, "block": 2}[self.value]


class Verdict(str, Enum):
    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True)
class Finding:
    code: str
    slug: str
    category: Category
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str
    rule_doc: str
    #: Which signal fired ("pattern", "wordlist", "checksum", "model:abuse", …) and how sure it is (0..1).
    signal: str = "pattern"
    confidence: float = 1.0
    #: Where in a composite input (an e-mail's "subject", "body", "attachment:1") the span lies.
    part: str = "text"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"] = self.category.value
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class SkippedCheck:
    """A check that could not run, and why (unsupported language, missing model, …)."""

    code: str
    reason: str


@dataclass(frozen=True)
class Report:
    language: str
    verdict: Verdict
    policy_name: str
    policy_version: str
    findings: tuple[Finding, ...] = ()
    skipped: tuple[SkippedCheck, ...] = ()
    #: The language was detected (True) or given by the caller (False).
    language_detected: bool = False
    #: The language of a draft the language-bound checks could not read: an ISO 639-1 code
    #: ("de"), a script tag ("und-Cyrl") for a text in another script, or "und" for a text
    #: whose language could not be told; None when they read it.
    unread_language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "language_detected": self.language_detected,
            "unread_language": self.unread_language,
            "verdict": self.verdict.value,
            "policy": {"name": self.policy_name, "version": self.policy_version},
            "findings": [f.to_dict() for f in self.findings],
            "skipped": [{"code": s.code, "reason": s.reason} for s in self.skipped],
            **({"meta": self.meta} if self.meta else {}),
        }
