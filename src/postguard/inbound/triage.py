"""Triage of one incoming message (R5, R6, R11–R14): what it is, who owns it, by when, what to answer.

A pure function of (message, policy, employees, classifier): no I/O, so the service can
run it in the background and a benchmark can run it a million times. What could not be
done (an unsupported language, a situation the policy has no playbook for, an owner
missing from the responsibility matrix) is said in ``notes``, never silently skipped: each
note a code with its params (``notes.py``), said in the reader's language when shown. Why a
conversation is escalated is said the same way (``escalation_reasons.py``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ..errors import UsageError
from ..policy.schema import SITUATIONS, Policy, Responsibility
from ..text.langid import identify
from .escalation_reasons import EscalationReason, reasons_text
from .message import InboundMessage
from .notes import TriageNote
from .replies import SuggestedReply, acknowledgement, case_number, redirect_reply, suggest_reply
from .situations import KeywordSituationClassifier, SituationClassifier
from .sla import BusinessHours, SlaStatus, sla_status
from .targets import Employee, NamedTarget, find_targets

Urgency = Literal["low", "normal", "high", "critical"]
_URGENCY_LEVELS: tuple[Urgency, ...] = ("low", "normal", "high", "critical")
_BASE_URGENCY: dict[str, Urgency] = {
    "threat": "critical", "libel": "high", "copyright_claim": "high", "harassment": "high",
    "complaint": "normal", "refund_request": "normal", "public_review_complaint": "normal",
    "incorrect_information": "normal", "question": "normal", "praise": "low", "other": "low", "spam": "low",
}
#: Conflicts that are never argued online: straight to the owner the policy names (R5).
ALWAYS_ESCALATE = frozenset({"threat", "libel", "copyright_claim"})
#: Abuse that, aimed at a named employee, is taken off that employee (R14).
ABUSE = frozenset({"harassment", "threat"})
#: Business hours allowed when the policy has no playbook for the situation.
DEFAULT_RESPOND_WITHIN_HOURS = 24.0


@dataclass(frozen=True)
class Owner:
    responsibility: str
    name: str | None = None
    role: str | None = None
    department: str | None = None
    email: str | None = None

    @classmethod
    def from_policy(cls, key: str, item: Responsibility | None) -> "Owner":
        if item is None:
            return cls(key)
        c = item.owner
        return cls(key, c.name, c.role, c.department, c.email)


@dataclass(frozen=True)
class Escalation:
    to: Owner
    #: Why, as codes with params; more than one when one owner is escalated to for several reasons.
    reasons: tuple[EscalationReason, ...]

    def reason_text(self, language: str) -> str:
        """Every reason in ``language``, as one text."""
        return reasons_text(self.reasons, language)


@dataclass(frozen=True)
class TriageResult:
    dedupe_key: str
    case_number: str
    language: str | None
    language_detected: bool
    situation: str
    situation_scores: dict[str, float]
    urgency: Urgency
    owner: Owner | None
    escalations: tuple[Escalation, ...]
    target: NamedTarget | None
    #: Employees who must not be assigned this conversation (the one under attack).
    not_assignable: tuple[str, ...]
    received_at: datetime
    respond_within_hours: float
    deadline: datetime | None
    open_at_arrival: bool
    acknowledgement: SuggestedReply | None
    reply: SuggestedReply | None
    redirect: SuggestedReply | None
    #: The language ``to_dict`` says the notes and the escalations' reasons in unless asked for
    #: another: the policy's default.
    notes_language: str
    notes: tuple[TriageNote, ...] = field(default_factory=tuple)

    def sla(self, hours: BusinessHours, now: datetime, warn_fraction: float = 0.25) -> SlaStatus:
        """Whether the deadline is fine, about to be missed, or missed at ``now``."""
        if self.deadline is None:
            return SlaStatus.OK
        return sla_status(hours, self.received_at, self.deadline, now, warn_fraction)

    def note_texts(self, language: str | None = None, policy: Policy | None = None) -> list[str]:
        """The notes as sentences in ``language`` (default: :attr:`notes_language`); with ``policy``,
        responsibilities by their title and holder (:meth:`TriageNote.text`)."""
        return [note.text(language or self.notes_language, policy) for note in self.notes]

    def to_dict(self, language: str | None = None, policy: Policy | None = None) -> dict[str, Any]:
        """Plain JSON data; ``notes`` and each escalation's ``reason`` are said in ``language`` (default:
        :attr:`notes_language`) and kept as codes with params in ``structured_notes`` and
        ``structured_reasons``, so they can be said again in another language. With ``policy`` (for
        people; the store keeps the keys), ``notes`` name responsibilities by their title and holder."""
        language = language or self.notes_language

        def owner(o: Owner | None) -> dict | None:
            return None if o is None else {k: v for k, v in o.__dict__.items() if v is not None}

        return {
            "dedupe_key": self.dedupe_key,
            "case_number": self.case_number,
            "language": self.language,
            "language_detected": self.language_detected,
            "situation": self.situation,
            "situation_scores": {k: v for k, v in self.situation_scores.items() if v},
            "urgency": self.urgency,
            "owner": owner(self.owner),
            "escalations": [{"to": owner(e.to), "reason": e.reason_text(language),
                             "structured_reasons": [reason.to_dict() for reason in e.reasons]}
                            for e in self.escalations],
            "target": None if self.target is None else {
                "employee": self.target.employee.name, "id": self.target.employee.id,
                "matched": self.target.matched, "how": self.target.how},
            "not_assignable": list(self.not_assignable),
            "received_at": self.received_at.isoformat(),
            "respond_within_hours": self.respond_within_hours,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "open_at_arrival": self.open_at_arrival,
            "acknowledgement": self.acknowledgement.to_dict(language) if self.acknowledgement else None,
            "reply": self.reply.to_dict(language) if self.reply else None,
            "redirect": self.redirect.to_dict(language) if self.redirect else None,
            "notes": self.note_texts(language, policy),
            "notes_language": language,
            "structured_notes": [note.to_dict() for note in self.notes],
        }


class Triage:
    """Triage bound to one policy, one classifier and one staff list; call it per message."""

    def __init__(self, policy: Policy, classifier: SituationClassifier | None = None,
                 employees: Sequence[Employee] = (), run_check: bool = True):
        self.policy = policy
        self.classifier = classifier or KeywordSituationClassifier()
        self.employees = tuple(employees)
        self.hours = BusinessHours(policy.availability)
        self.run_check = run_check
        # Urgency words come from the keyword data whatever classifier picks the situation.
        self._keywords = self.classifier if isinstance(self.classifier, KeywordSituationClassifier) \
            else KeywordSituationClassifier()

    def __call__(self, message: InboundMessage, agent_name: str | None = None,
                 detected_language: tuple[str | None, float] | None = None) -> TriageResult:
        """``detected_language``: (language, confidence) when the caller already ran detection on the text."""
        policy = self.policy
        notes: list[TriageNote] = []
        language, detected = message.language, False
        if language is None:
            found = None if detected_language else identify(message.text)
            language, confidence = detected_language or (found.language, found.confidence)
            detected = True
            if language is None:
                other = (found or identify(message.text)).other
                default = policy.languages.default
                notes.append(
                    TriageNote("language_not_first_class", {"language": other, "default": default}) if other
                    else TriageNote("language_not_recognised", {"confidence": float(confidence), "default": default}))
        situation, scores = self.classifier.classify(message.text, language)
        if situation not in SITUATIONS:
            raise UsageError(f"{type(self.classifier).__name__} returned {situation!r}, not one of {', '.join(SITUATIONS)}")
        target = self._target(message, situation)
        owner = self._owner(situation, message, target, notes)
        escalations = self._escalations(situation, target, owner, notes)
        not_assignable = (target.employee.name,) if target is not None and situation in ABUSE else ()
        if message.on_personal_profile:
            # R11: the conversation now belongs to the company, not the profile's owner.
            employee = message.arrived_at.employee
            notes.append(
                TriageNote("personal_profile_company_case", {"employee": employee, "owner": owner.responsibility})
                if owner else TriageNote("personal_profile_no_owner", {"employee": employee}))
        playbook = policy.situations.get(situation)  # type: ignore[call-overload]
        within = playbook.respond_within_hours if playbook else DEFAULT_RESPOND_WITHIN_HOURS
        if playbook is None:
            notes.append(TriageNote("no_playbook", {"situation": situation, "hours": within}))
        deadline = self.hours.deadline(message.received_at, within)
        is_open = self.hours.is_open(message.received_at)
        case = case_number(message)
        agent = agent_name or (owner.name if owner and owner.name else policy.organisation.name)
        ack = None
        if not is_open and situation != "spam":
            opens = self.hours.local(self.hours.next_open(message.received_at))
            ack = acknowledgement(policy, message, language, opens, agent, case)
            if ack is None:
                notes.append(TriageNote("no_acknowledgement"))
        reply = suggest_reply(policy, message, situation, language, agent, case, self.run_check)
        redirect = None
        if message.on_personal_profile:
            redirect = redirect_reply(policy, message, language, agent, case, self.run_check)
            if redirect is None:
                notes.append(TriageNote("no_redirect_reply"))
        for text in (ack, reply, redirect):
            if text is not None and text.note is not None:
                notes.append(text.note)
        urgency = self._urgency(situation, message.text, language)
        return TriageResult(
            dedupe_key=message.dedupe_key, case_number=case, language=language, language_detected=detected,
            situation=situation, situation_scores=scores, urgency=urgency, owner=owner,
            escalations=tuple(escalations), target=target, not_assignable=not_assignable,
            received_at=message.received_at, respond_within_hours=within, deadline=deadline,
            open_at_arrival=is_open, acknowledgement=ack, reply=reply, redirect=redirect,
            notes_language=policy.languages.default, notes=tuple(notes),
        )

    # -- parts ----------------------------------------------------------------------------
    def _target(self, message: InboundMessage, situation: str) -> NamedTarget | None:
        if not self.employees:
            return None
        found = find_targets(message.text, self.employees)
        if found:
            return found[0]
        if situation in ABUSE and message.on_personal_profile:
            # Abuse sent to an employee's own profile is aimed at that employee.
            for employee in self.employees:
                if message.arrived_at.employee in (employee.name, *employee.handles, employee.id):
                    return NamedTarget(employee, f"personal:{message.arrived_at.employee}", 0, 0, "profile")
        return None

    def communications_lead(self) -> str | None:
        """The responsibility that takes abuse off employees: the final responsibility, else 'communications'."""
        if self.policy.final_responsibility:
            return self.policy.final_responsibility
        if "communications" in self.policy.responsibilities:
            return "communications"
        harassment = self.policy.situations.get("harassment")
        return harassment.owner if harassment else None

    def _resolve(self, key: str | None, notes: list[TriageNote]) -> Owner | None:
        if key is None:
            return None
        item = self.policy.responsibilities.get(key)
        if item is None:
            notes.append(TriageNote("owner_not_in_policy", {"owner": key}))
        return Owner.from_policy(key, item)

    def _owner(self, situation: str, message: InboundMessage, target: NamedTarget | None,
               notes: list[TriageNote]) -> Owner | None:
        playbook = self.policy.situations.get(situation)  # type: ignore[call-overload]
        if situation == "harassment" and target is not None:
            key = self.communications_lead()
        elif playbook is not None:
            key = playbook.owner
        elif message.on_personal_profile:
            key = self.policy.redirect.owner
        else:
            key = self.policy.final_responsibility
        owner = self._resolve(key, notes)
        if owner is None:
            notes.append(TriageNote("no_owner", {"situation": situation}))
        elif target is not None and situation in ABUSE and owner.name and _same_person(owner.name, target.employee.name):
            # The owner is the person under attack: hand it to the final responsibility instead.
            fallback = self.policy.final_responsibility
            if fallback and fallback != owner.responsibility:
                notes.append(TriageNote("owner_is_target_rerouted",
                                        {"owner": owner.name, "situation": situation, "to": fallback}))
                owner = self._resolve(fallback, notes)
            else:
                notes.append(TriageNote("owner_is_target_no_other", {"owner": owner.name, "situation": situation}))
        return owner

    def _escalations(self, situation: str, target: NamedTarget | None, owner: Owner | None,
                     notes: list[TriageNote]) -> list[Escalation]:
        escalations: list[Escalation] = []
        playbook = self.policy.situations.get(situation)  # type: ignore[call-overload]
        if owner is not None and (situation in ALWAYS_ESCALATE or (playbook is not None and playbook.escalate)):
            escalations.append(Escalation(owner, (EscalationReason("escalated_to_owner", {"situation": situation}),)))
        if target is not None and situation in ABUSE:
            lead = self._resolve(self.communications_lead(), notes)
            protect = EscalationReason("taken_off_target_queue",
                                       {"situation": situation, "employee": target.employee.name})
            if lead is None:
                notes.append(TriageNote("no_communications_lead"))
            elif not any(e.to.responsibility == lead.responsibility for e in escalations):
                escalations.append(Escalation(lead, (protect,)))
            else:  # the lead is already escalated to: one escalation, both reasons
                escalations = [Escalation(e.to, (*e.reasons, protect)) if e.to.responsibility == lead.responsibility
                               else e for e in escalations]
        return escalations

    def _urgency(self, situation: str, text: str, language: str | None) -> Urgency:
        level = _URGENCY_LEVELS.index(_BASE_URGENCY.get(situation, "normal"))
        if situation != "spam" and self._keywords.is_urgent(text, language):
            level = min(level + 1, len(_URGENCY_LEVELS) - 1)
        return _URGENCY_LEVELS[level]


def _same_person(a: str, b: str) -> bool:
    return a.casefold().split() == b.casefold().split()


def triage(message: InboundMessage, policy: Policy, *, classifier: SituationClassifier | None = None,
           employees: Sequence[Employee] = (), agent_name: str | None = None, run_check: bool = True) -> TriageResult:
    """Triage one message; for many, build one :class:`Triage` and call it per message."""
    return Triage(policy, classifier, employees, run_check)(message, agent_name)
