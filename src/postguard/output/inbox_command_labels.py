"""What the ``postguard inbox`` commands say to people, in each first-class language.

In ``_LABELS`` as ``inbox.<key>``; the lines of ``inbox failed|retry-failed`` around the reasons
are ``failed.<key>`` (``failure_labels.py``). JSON output (``inbox triage``'s lines, ``inbox
notify``'s counts) and replies.jsonl are for machines and are not labels. Every language uses the
same placeholders; counts are filled in the reader's way (``output.table.integer``), file paths,
message keys (``facebook:123``) and language codes as they are. A count is said without choosing
a plural form (``message(s)``, or ``noun: {count}`` where a language's plural depends on the number).
"""
from __future__ import annotations

INBOX_COMMAND_LABELS: dict[str, dict[str, str]] = {
    # `inbox import`: what the file brought.
    "import.stored": {
        "en": "{file}: {stored} message(s) stored, {already} already there",
        "pl": "{file}: zapisane wiadomości: {stored}; zapisane już wcześniej: {already}",
        "no": "{file}: {stored} melding(er) lagret, {already} fantes fra før",
        "sv": "{file}: {stored} meddelande(n) sparade, {already} fanns redan",
        "he": "{file}: הודעות שנשמרו: {stored}; כבר היו שמורות: {already}",
        "nl": "{file}: {stored} bericht(en) opgeslagen, {already} waren er al",
    },
    # `inbox import` and `inbox retry-failed`: how many messages triage handled just now.
    "triaged": {
        "en": "triaged {count} message(s)",
        "pl": "posegregowane wiadomości: {count}",
        "no": "{count} melding(er) sortert",
        "sv": "{count} meddelande(n) sorterade",
        "he": "הודעות שמוינו: {count}",
        "nl": "{count} bericht(en) getrieerd",
    },
    # `inbox triage`, on stderr: a message that came twice in the file.
    "triage.again": {
        "en": "{key} delivered again; triaged once",
        "pl": "wiadomość {key} dostarczona ponownie; posegregowana tylko raz",
        "no": "melding {key} levert på nytt; sortert bare én gang",
        "sv": "meddelandet {key} levererades igen; sorterades bara en gång",
        "he": "ההודעה {key} נמסרה שוב; מוינה פעם אחת בלבד",
        "nl": "bericht {key} opnieuw afgeleverd; maar één keer getrieerd",
    },
    # `inbox export-outbox`: replies (and acknowledgements) appended to replies.jsonl, or none waiting.
    "export.done": {
        "en": "replies exported: {count} (appended to {path})",
        "pl": "wyeksportowane odpowiedzi: {count} (dopisane do {path})",
        "no": "svar eksportert: {count} (lagt til i {path})",
        "sv": "exporterade svar: {count} (tillagda i {path})",
        "he": "תשובות שיוצאו: {count} (נוספו לקובץ {path})",
        "nl": "geëxporteerde antwoorden: {count} (toegevoegd aan {path})",
    },
    "export.none": {
        "en": "no replies waiting to be exported",
        "pl": "brak odpowiedzi czekających na eksport",
        "no": "ingen svar venter på eksport",
        "sv": "inga svar väntar på export",
        "he": "אין תשובות שממתינות לייצוא",
        "nl": "geen antwoorden die wachten op export",
    },
    # `inbox forward`: what an employee reads after handing over a private message. {owner} is the
    # responsibility as the handbook names it ("Customer service (Marta Zielińska)"), in the same language.
    "forward.owner": {
        "en": "conversation {id} (case {case}) now belongs to {owner}",
        "pl": "rozmowa {id} (sprawa {case}) należy teraz do: {owner}",
        "no": "samtale {id} (sak {case}) tilhører nå {owner}",
        "sv": "konversation {id} (ärende {case}) tillhör nu {owner}",
        "he": "שיחה {id} (תיק {case}) שייכת כעת ל־{owner}",
        "nl": "gesprek {id} (zaak {case}) is nu van {owner}",
    },
    "forward.company": {
        "en": "the company", "pl": "firma", "no": "selskapet", "sv": "företaget", "he": "החברה", "nl": "het bedrijf",
    },
    "forward.send": {
        "en": "send this reply from your profile ({language}; check: {verdict}):",
        "pl": "wyślij tę odpowiedź ze swojego profilu ({language}; kontrola: {verdict}):",
        "no": "send dette svaret fra profilen din ({language}; kontroll: {verdict}):",
        "sv": "skicka det här svaret från din profil ({language}; kontroll: {verdict}):",
        "he": "שלחו את התשובה הזו מהפרופיל שלכם ({language}; בדיקה: {verdict}):",
        "nl": "stuur dit antwoord vanaf je profiel ({language}; controle: {verdict}):",
    },
    "forward.note": {"en": "note", "pl": "uwaga", "no": "merk", "sv": "obs", "he": "הערה", "nl": "let op"},
}
