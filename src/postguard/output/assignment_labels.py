"""Why triage itself gave a conversation to someone else, one sentence per code, in each first-class language.

The keys are the stable codes of :class:`postguard.inbound.assignment_reasons.AssignmentReason`;
a code is never reused or renamed, because ``inbox.assign`` audit events name it. Every language
uses the same placeholders, filled from the reason's params; ``{employee}`` is a person's name as
the staff list spells it. A reason a person gives when reassigning is free text and has no code.
"""
from __future__ import annotations

ASSIGNMENT_LABELS: dict[str, dict[str, str]] = {
    # Harassment or a threat naming the employee the conversation was assigned to (R14).
    "taken_off_attacked_employee": {
        "en": "taken off {employee}, whom the message attacks (employee protection)",
        "pl": "sprawę odebrano osobie atakowanej w wiadomości ({employee}) w ramach ochrony pracowników",
        "no": "tatt fra {employee}, som meldingen angriper (vern av ansatte)",
        "sv": "har tagits från {employee}, som meddelandet angriper (skydd av anställda)",
        "he": "הפנייה הוסרה מהתור של {employee}, שההודעה תוקפת (הגנה על עובדים)",
        "nl": "weggehaald bij {employee}, die in het bericht wordt aangevallen (bescherming van medewerkers)",
    },
}
