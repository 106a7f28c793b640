"""Why triage escalated a conversation: a stable code with its params, said in any first-class language.

A reason is data (``{"code": "escalated_to_owner", "params": {"situation": "threat"}}``), like a
triage note (``notes.py``), so a stored triage result, an audit event and a notification can be
read later in each reader's language. An escalation may have several reasons (harassment of a
named employee goes to the communications lead both because its playbook escalates it and to
take it off that employee); said as one text, they are joined by ``SEPARATOR``. The sentences
are labels (``output/escalation_labels.py``, in ``_LABELS`` as ``escalation.<code>``); a
``situation`` param is a situation key, said with the handbook's name for it in the reader's
language.

A stored escalation keeps its reasons as text too (``reason``, in the result's ``notes_language``)
beside the codes (``structured_reasons``). Escalations stored before reasons had codes have only
their English text, and are shown as stored.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..languages import LANGUAGES
from ..output.escalation_labels import ESCALATION_LABELS
from ..output.labels import label
from .coded import Coded

#: Every code a reason may have; stable, because stored results and audit events name them.
REASON_CODES: frozenset[str] = frozenset(ESCALATION_LABELS)
#: Between the reasons of one escalation when they are said as one text.
SEPARATOR = "; "


@dataclass(frozen=True)
class EscalationReason(Coded):
    kind: ClassVar[str] = "escalation"
    codes: ClassVar[frozenset[str]] = REASON_CODES

    def text(self, language: str) -> str:
        """The reason as a sentence in ``language`` (English for a language that is not first-class),
        its situation said by the handbook's name for it."""
        language = language if language in LANGUAGES else "en"
        values = dict(self.params)
        if "situation" in values:
            values["situation"] = situation_name(str(values["situation"]), language)
        return label(f"{self.kind}.{self.code}", language).format_map(values)


def situation_name(situation: str, language: str) -> str:
    """The handbook's name of ``situation`` in a first-class ``language`` ("A threat", "Groźba");
    the key itself for a situation the handbook does not name."""
    from ..policy.handbook import phrases  # here, not at import: the handbook's module loads Babel

    return phrases(language)["situations"]["names"].get(situation, situation)


def reasons_text(reasons: Sequence[EscalationReason], language: str) -> str:
    """Every reason of one escalation as one text in ``language``."""
    return SEPARATOR.join(reason.text(language) for reason in reasons)


def said_again(coded: Any, stored: str, language: str) -> str:
    """Stored ``structured_reasons`` said in ``language``; ``stored`` (the text kept beside them) when
    there are none (an escalation from before reasons had codes) or this version cannot say one."""
    if not isinstance(coded, list) or not coded:
        return stored
    try:
        return reasons_text([EscalationReason.from_dict(item) for item in coded], language)
    except (KeyError, TypeError, ValueError):  # a code, a param or a shape this version does not know
        return stored


def stored_escalations_in(escalations: Any, language: str) -> Any:
    """The ``escalations`` of a stored triage result (``TriageResult.to_dict``) with each ``reason``
    said in ``language``; anything else (an old text-only reason, a missing list) as stored."""
    if not isinstance(escalations, list):
        return escalations
    return [{**item, "reason": said_again(item.get("structured_reasons"), str(item.get("reason", "")), language)}
            if isinstance(item, Mapping) else item for item in escalations]
