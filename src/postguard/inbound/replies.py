"""Texts the company sends back: the suggested reply (R5, R13), the redirect (R11), the acknowledgement (R12).

Each comes from the policy in the customer's language; when the policy lacks that
language the default language is used and the result says so (``fell_back``), because a
spokesperson must know before sending a Polish customer an English answer. Placeholders
are filled from the message and the policy; an unknown placeholder is an error, and
:func:`placeholder_problems` finds them in a whole policy so the loader can refuse it.
Every reply is checked like a post from the official account before it may be sent.
"""
from __future__ import annotations

import hashlib
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..context import CHANNELS, CheckContext
from ..engine import check
from ..errors import UsageError
from ..findings import Report, Verdict
from ..policy.schema import Localized, Policy
from .message import InboundMessage
from .notes import TriageNote

#: Placeholders a standard response or redirect may use.
REPLY_PLACEHOLDERS: frozenset[str] = frozenset({"customer_name", "support_url", "case_number", "company", "agent_name"})
#: The acknowledgement may also say when the company opens again.
ACK_PLACEHOLDERS: frozenset[str] = REPLY_PLACEHOLDERS | {"opens_at"}
#: The note for a text the policy lacks in the customer's language, per kind of text:
#: (the language is known, the language is not known).
_FALLBACK_NOTES: dict[str, tuple[str, str]] = {
    "response": ("response_in_default", "response_language_unknown"),
    "redirect": ("redirect_in_default", "redirect_language_unknown"),
    "acknowledgement": ("acknowledgement_in_default", "acknowledgement_language_unknown"),
}


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str
    requested_language: str | None
    #: True when the policy has no text in the customer's language and another was used.
    fell_back: bool
    #: Says which language was used instead, and why (None when nothing fell back).
    note: TriageNote | None = None


@dataclass(frozen=True)
class SuggestedReply:
    text: str
    language: str
    requested_language: str | None
    fell_back: bool
    note: TriageNote | None
    #: The post checker's report on the filled reply (account="official", kind="reply").
    report: Report | None = None
    kind: str = "reply"

    @property
    def may_send(self) -> bool:
        """Only a reply the checker passed (or only warned about) may be sent."""
        return self.report is not None and self.report.verdict is not Verdict.BLOCK

    def to_dict(self, notes_language: str) -> dict:
        """``note`` is said in ``notes_language``; ``structured_note`` keeps it to say again in another."""
        return {
            "kind": self.kind, "text": self.text, "language": self.language,
            "requested_language": self.requested_language, "fell_back": self.fell_back,
            "note": self.note.text(notes_language) if self.note else "",
            "structured_note": self.note.to_dict() if self.note else None, "may_send": self.may_send,
            "check": self.report.to_dict() if self.report else None,
        }


def placeholders_in(text: str) -> set[str]:
    """The ``{names}`` a text uses; ``{{`` and ``}}`` are literal braces."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise UsageError(f"broken placeholder in {text!r}: {exc}") from None


def placeholder_problems(policy: Policy) -> list[str]:
    """``key.path: unknown placeholder {x}`` for every text that uses one nobody can fill.

    Meant for the policy loader, so a typo like ``{customer}`` is refused at load time
    rather than when the first customer is waiting.
    """
    problems: list[str] = []

    def scan(localized: Localized, path: str, allowed: frozenset[str]) -> None:
        for language, text in localized.items():
            try:
                names = placeholders_in(text)
            except UsageError as exc:
                problems.append(f"{path}.{language}: {exc}")
                continue
            for name in sorted(names - allowed):
                known = ", ".join("{" + n + "}" for n in sorted(allowed))
                problems.append(f"{path}.{language}: unknown placeholder {{{name}}} (known: {known})")

    for situation, playbook in policy.situations.items():
        scan(playbook.response, f"situations.{situation}.response", REPLY_PLACEHOLDERS)
    scan(policy.redirect.reply, "redirect.reply", REPLY_PLACEHOLDERS)
    scan(policy.availability.acknowledgement, "availability.acknowledgement", ACK_PLACEHOLDERS)
    return problems


def pick_language(policy: Policy, localized: Localized, language: str | None, kind: str,
                  situation: str | None = None) -> LocalizedText | None:
    """The text in ``language``, else in the policy's default language (saying so), else None.

    ``kind`` is what the text is (``response``, ``redirect``, ``acknowledgement``), for the
    note; ``situation`` names the standard response's situation. ``language`` None means the
    customer's language is not known, and the note says that rather than naming a language.
    """
    if not localized:
        return None
    if language in localized:
        return LocalizedText(localized[language], language, language, False)  # type: ignore[index]
    fallback = policy.languages.default if policy.languages.default in localized else next(iter(localized))
    in_default, language_unknown = _FALLBACK_NOTES[kind]
    params = {"fallback": fallback} if situation is None else {"situation": situation, "fallback": fallback}
    if language is None:
        note = TriageNote(language_unknown, params)
    else:
        note = TriageNote(in_default, {**params, "language": language})
    return LocalizedText(localized[fallback], fallback, language, True, note)


def case_number(message: InboundMessage) -> str:
    """A stable case reference from the dedupe key, until the store numbers cases itself."""
    digest = hashlib.sha256(message.dedupe_key.encode("utf-8")).hexdigest()[:8].upper()
    return f"PG-{digest}"


def fill(text: str, values: Mapping[str, str], allowed: frozenset[str] = REPLY_PLACEHOLDERS) -> str:
    names = placeholders_in(text)
    unknown = names - allowed
    if unknown:
        raise UsageError(f"unknown placeholder(s) {', '.join(sorted('{' + n + '}' for n in unknown))} in {text!r}")
    missing = names - set(values)
    if missing:
        raise UsageError(f"no value for placeholder(s) {', '.join(sorted('{' + n + '}' for n in missing))}")
    return text.format_map(dict(values))


def reply_values(policy: Policy, message: InboundMessage, agent_name: str, case: str | None = None) -> dict[str, str]:
    return {
        "customer_name": message.author_name or message.author_handle,
        "support_url": policy.organisation.support_url,
        "case_number": case or case_number(message),
        "company": policy.organisation.name,
        "agent_name": agent_name,
    }


def _checked(text: str, language: str, policy: Policy, message: InboundMessage) -> Report:
    channel = message.platform if message.platform in CHANNELS else "other"
    context = CheckContext(account="official", kind="reply", channel=channel, language=language)
    return check(text, policy, context)


def suggest_reply(policy: Policy, message: InboundMessage, situation: str, language: str | None,
                  agent_name: str, case: str | None = None, run_check: bool = True) -> SuggestedReply | None:
    """The standard response for the situation, filled and checked; None if the policy has none."""
    playbook = policy.situations.get(situation)  # type: ignore[call-overload]
    if playbook is None:
        return None
    picked = pick_language(policy, playbook.response, language, "response", situation)
    if picked is None:
        return None
    return _finish(picked, policy, message, agent_name, case, run_check, "reply")


def redirect_reply(policy: Policy, message: InboundMessage, language: str | None, agent_name: str,
                   case: str | None = None, run_check: bool = True) -> SuggestedReply | None:
    """What the employee sends from the personal profile: "please write to us at …" (R11)."""
    picked = pick_language(policy, policy.redirect.reply, language, "redirect")
    if picked is None:
        return None
    # The employee sends it from a personal profile, but in the company's words: check it as official.
    return _finish(picked, policy, message, agent_name, case, run_check, "redirect")


def acknowledgement(policy: Policy, message: InboundMessage, language: str | None, opens_at: datetime,
                    agent_name: str, case: str | None = None) -> SuggestedReply | None:
    """The automatic answer outside opening hours (R12); ``opens_at`` is shown in the policy's time zone."""
    picked = pick_language(policy, policy.availability.acknowledgement, language, "acknowledgement")
    if picked is None:
        return None
    values = reply_values(policy, message, agent_name, case)
    values["opens_at"] = opens_at.strftime("%Y-%m-%d %H:%M")
    text = fill(picked.text, values, ACK_PLACEHOLDERS)
    return SuggestedReply(text, picked.language, picked.requested_language, picked.fell_back, picked.note,
                          _checked(text, picked.language, policy, message), kind="acknowledgement")


def _finish(picked: LocalizedText, policy: Policy, message: InboundMessage, agent_name: str,
            case: str | None, run_check: bool, kind: str) -> SuggestedReply:
    text = fill(picked.text, reply_values(policy, message, agent_name, case))
    report = _checked(text, picked.language, policy, message) if run_check else None
    return SuggestedReply(text, picked.language, picked.requested_language, picked.fell_back, picked.note, report, kind)


def recheck(reply: SuggestedReply, edited_text: str, policy: Policy, message: InboundMessage) -> SuggestedReply:
    """An edited reply is checked again before it may be sent."""
    report = _checked(edited_text, reply.language, policy, message)
    return SuggestedReply(edited_text, reply.language, reply.requested_language, reply.fell_back,
                          reply.note, report, reply.kind)
