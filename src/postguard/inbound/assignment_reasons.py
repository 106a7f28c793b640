"""Why triage itself gave a conversation to someone else: a stable code with its params.

An ``inbox.assign`` audit event says why a conversation changed hands. A person's reason (the
inbox page's reassign form, ``POST /inbox/conversations/{id}/assign``) is free text, logged as
``reason`` and shown as typed. When triage moves a conversation (harassment or a threat names
the employee it was assigned to, R14), the event logs ``structured_reason`` instead, a code
with params (``{"code": "taken_off_attacked_employee", "params": {"employee": "Maria Berg"}}``),
said in the reader's language where the audit log is shown. The sentences are labels
(``output/assignment_labels.py``, in ``_LABELS`` as ``assignment.<code>``). Events logged before
these reasons had codes carry the English text in ``reason`` and are shown as logged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..output.assignment_labels import ASSIGNMENT_LABELS
from .coded import Coded


@dataclass(frozen=True)
class AssignmentReason(Coded):
    kind: ClassVar[str] = "assignment"
    codes: ClassVar[frozenset[str]] = frozenset(ASSIGNMENT_LABELS)
