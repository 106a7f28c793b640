"""Sharing an approved item (R17): the employee's text, tracked link, hashtag and disclosure, checked.

A share is refused with a reason in the employee's language when the item is not
approved, embargoed, expired or not meant for the employee's team, and when the post
checker finds something that blocks it for the employee's account and channel.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources

import regex
from babel.dates import format_datetime
from ruamel.yaml import YAML

from ..context import Attachment, CheckContext
from ..engine import blocks, check
from ..errors import ConflictError
from ..findings import Report
from ..languages import NATIVE_NAMES
from ..policy.schema import Policy
from .content import ContentItem, availability, text_language

_BABEL_LOCALE = {"en": "en", "pl": "pl", "no": "nb", "sv": "sv", "he": "he", "nl": "nl"}


@lru_cache(maxsize=None)
def _reasons(language: str) -> dict[str, str]:
    path = resources.files("postguard.advocacy").joinpath("data", f"{language}.yaml")
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


class ShareRefused(ConflictError):
    """A share that may not happen; ``status`` says why, ``str()`` says it in the employee's language."""

    def __init__(self, status: str, message: str, report: Report | None = None):
        self.status = status
        self.report = report
        super().__init__(message)

    @property
    def details(self) -> list[dict]:
        """For the API's error shape: the reason, then the blocking check's findings."""
        findings = [f.to_dict() for f in self.report.findings] if self.report is not None else []
        return [{"status": self.status}, *findings]


@dataclass(frozen=True)
class Share:
    item_id: str
    language: str
    text: str
    link: str | None
    report: Report
    #: The item had no text in the employee's language; ``language`` is the one used.
    language_fallback: bool = False


def _has_disclosure(text: str, policy: Policy, language: str) -> bool:
    patterns = policy.advocacy.disclosure_patterns.get(language, [])  # type: ignore[call-overload]
    disclosure = policy.advocacy.disclosure.get(language)  # type: ignore[call-overload]
    candidates = list(patterns) + ([disclosure] if disclosure else [])
    folded = text.casefold()
    return any(candidate.casefold() in folded for candidate in candidates)


def compose_share(item: ContentItem, policy: Policy, *, language: str, at: datetime, tracked_link: str | None,
                  channel: str = "linkedin", team: str | None = None) -> Share:
    """The post an employee shares on a personal profile, or :class:`ShareRefused`."""
    reasons = _reasons(language)
    verdict = availability(item, at, team=team)
    if not verdict.ok:
        moment = format_datetime(verdict.moment, "long", locale=_BABEL_LOCALE[language]) if verdict.moment else ""
        raise ShareRefused(verdict.status, reasons[verdict.status].format(moment=moment))
    used = text_language(item, language, policy.languages.default)
    parts = [item.texts[used].strip()]  # type: ignore[index]
    link = tracked_link
    if link:
        parts.append(link)
    missing_tags = [tag for tag in item.hashtags if not regex.search(regex.escape(tag) + r"(?!\w)", parts[0], regex.I)]
    if missing_tags:
        parts.append(" ".join(missing_tags))
    text = "\n\n".join(parts)
    if policy.rules.require_disclosure and not _has_disclosure(text, policy, used):
        disclosure = policy.text(policy.advocacy.disclosure, used)
        if disclosure:
            text = f"{text} {disclosure}"
    attachments = tuple(Attachment(name=m.name, source=m.source, licence=m.licence) for m in item.media)
    context = CheckContext(account="personal", channel=channel, language=used, at=at, attachments=attachments)
    report = check(text, policy, context)
    if blocks(report, policy):
        raise ShareRefused("blocked", reasons["blocked"], report)
    return Share(item.id, used, text, link, report, language_fallback=used != language)


def fallback_note(share: Share, language: str) -> str:
    """The sentence telling the employee their language was not available."""
    return _reasons(language)["fallback"].format(language=NATIVE_NAMES[share.language]) if share.language_fallback else ""
