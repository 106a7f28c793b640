"""Triage notes: what triage could not do, as a stable code and its params, said in any language.

A note is data (``{"code": "no_playbook", "params": {"situation": "praise", "hours": 24}}``),
so a stored triage result can be read later in each reader's language. Its sentences are
labels like the check report's (``output/note_labels.py``, in ``_LABELS`` as ``note.<code>``),
in every first-class language. A param holding a responsibility's key stays the key in the
data; given the policy, the sentence names the responsibility as the handbook does (its title in
the reader's language and who holds it). A stored result also keeps its notes as text (``notes``,
in ``notes_language``); results stored before notes had codes have only that text, and are
shown as they were stored.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from ..output.labels import label
from ..output.note_labels import NOTE_LABELS, RESPONSIBILITY_PARAMS
from ..policy.names import responsibility_name
from ..policy.schema import Policy
from .coded import Coded
from .escalation_reasons import stored_escalations_in

#: Every code a note may have; stable, because stored results name them.
NOTE_CODES: frozenset[str] = frozenset(NOTE_LABELS)
#: The parts of a stored triage result that are suggested texts, each with its own ``note``.
_TEXT_PARTS = ("acknowledgement", "reply", "redirect")


@dataclass(frozen=True)
class TriageNote(Coded):
    kind: ClassVar[str] = "note"
    codes: ClassVar[frozenset[str]] = NOTE_CODES

    def text(self, language: str, policy: Policy | None = None) -> str:
        """The note as a sentence in ``language`` (English for a language without labels). With ``policy``,
        a responsibility's key reads as the handbook names it: "Customer service (Marta Zielińska)"."""
        params = dict(self.params)
        if policy is not None:
            for name in RESPONSIBILITY_PARAMS.get(self.code, ()):
                if isinstance(params.get(name), str):
                    params[name] = str(responsibility_name(policy, params[name], language))
        return label(f"{self.kind}.{self.code}", language).format_map(params)


def _said_again(coded: Any, stored: str, language: str, policy: Policy | None) -> str:
    """A stored note in ``language``; its stored text when this version cannot say it (an unknown code)."""
    if not isinstance(coded, Mapping):
        return stored
    try:
        return TriageNote.from_dict(coded).text(language, policy)
    except (KeyError, ValueError):  # a code or param this version does not know
        return stored


def stored_note_texts(result: Mapping[str, Any], language: str, policy: Policy | None = None) -> list[str]:
    """The notes of a stored triage result (``TriageResult.to_dict``) in ``language``; with ``policy``,
    responsibilities by their title and holder (:meth:`TriageNote.text`).

    Results stored before notes had codes have text only: that text is returned unchanged.
    """
    texts = [str(text) for text in result.get("notes") or []]
    coded = result.get("structured_notes")
    if not isinstance(coded, list):
        return texts
    texts += [""] * (len(coded) - len(texts))
    return [_said_again(item, text, language, policy) for item, text in zip(coded, texts)]


def stored_triage_in(result: Mapping[str, Any], language: str, policy: Policy | None = None) -> dict[str, Any]:
    """A stored triage result with its notes (and its suggested texts' notes) and its escalations'
    reasons said in ``language``; with ``policy``, the notes name responsibilities by their title and
    holder. The codes with params are returned as stored."""
    shown = {**result, "notes": stored_note_texts(result, language, policy)}
    if "escalations" in result:
        shown["escalations"] = stored_escalations_in(result["escalations"], language)
    if isinstance(result.get("structured_notes"), list):
        shown["notes_language"] = language
    for part in _TEXT_PARTS:
        text = result.get(part)
        if isinstance(text, Mapping) and text.get("structured_note"):
            shown[part] = {**text, "note": _said_again(text["structured_note"], text.get("note", ""),
                                                       language, policy)}
    return shown
