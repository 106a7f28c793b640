"""Why triage escalated a conversation, one sentence per reason code, in each first-class language.

The keys are the stable reason codes of :class:`postguard.inbound.escalation_reasons.EscalationReason`;
a code is never reused or renamed, because stored triage results and audit events name it.
Every language uses the same placeholders, filled from the reason's params. ``{situation}`` is
filled with the handbook's name of the situation in the same language (``policy/data/handbook``,
``situations.names``: "A threat", "Groźba", "איום"), which is why each sentence starts with it;
``{employee}`` is a person's name, as the staff list spells it. The reasons of one escalation are
joined by "; " when said as one text, so a sentence has no semicolon of its own.
"""
from __future__ import annotations

ESCALATION_LABELS: dict[str, dict[str, str]] = {
    # Threat, libel, copyright claim, and every playbook with ``escalate: true`` (R5).
    "escalated_to_owner": {
        "en": "{situation}: escalated to the owner, never argued online",
        "pl": "{situation}: przekazano właścicielowi sprawy (takich spraw nie omawia się w sieci)",
        "no": "{situation}: sendt videre til eieren av saken (slike saker diskuteres aldri på nett)",
        "sv": "{situation}: ärendet har lämnats över till ägaren (sådant diskuteras aldrig på nätet)",
        "he": "{situation}: הפנייה הועברה לאחראי (בעניינים כאלה לא מתווכחים ברשת)",
        "nl": "{situation}: doorgezet naar de eigenaar (hierover wordt nooit online gediscussieerd)",
    },
    # Harassment or a threat aimed at a named employee (R14): never in that employee's queue.
    "taken_off_target_queue": {
        "en": "{situation} aimed at {employee}: taken off their queue (employee protection)",
        "pl": "{situation} (cel: {employee}): sprawę zdjęto z kolejki tej osoby (ochrona pracowników)",
        "no": "{situation} (rettet mot {employee}): saken er tatt ut av køen til vedkommende (vern av ansatte)",
        "sv": "{situation} (måltavla: {employee}): ärendet har tagits bort från personens kö (skydd av anställda)",
        "he": "{situation} (נגד {employee}): הפנייה הוסרה מהתור של {employee} (הגנה על עובדים)",
        "nl": "{situation} (gericht op {employee}): uit de wachtrij van deze persoon gehaald "
              "(bescherming van medewerkers)",
    },
}
