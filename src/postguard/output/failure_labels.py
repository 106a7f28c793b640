"""Why triage could not handle a message, when postguard itself says why: one sentence per code and language.

The keys are the stable codes of :class:`postguard.inbound.failures.TriageFailure`; a code is
never reused or renamed, because stored messages (``inbox_messages.triage_failure``) and
``inbox.retry`` audit events name it. Every language uses the same placeholders (format spec
included), filled from the failure's params; ``{after}`` is a moment as ISO 8601 (UTC).
"""
from __future__ import annotations

FAILURE_LABELS: dict[str, dict[str, str]] = {
    # The opening hours never add up to the time the situation's playbook allows for an answer.
    "no_time_to_answer": {
        "en": "the policy's opening hours do not give {hours:g} business hours within {days} days",
        "pl": "godziny pracy podane w polityce nie dają {hours:g} godzin roboczych w ciągu {days} dni",
        "no": "åpningstidene i retningslinjene gir ikke {hours:g} arbeidstimer innen {days} dager",
        "sv": "öppettiderna i policyn ger inte {hours:g} arbetstimmar inom {days} dagar",
        "he": "שעות הפעילות שבמדיניות אינן מספקות {hours:g} שעות עבודה בתוך {days} ימים",
        "nl": "de openingstijden in het beleid geven geen {hours:g} werkuren binnen {days} dagen",
    },
    # No opening at all after the message arrived, to say when the company answers.
    "never_open": {
        "en": "no opening hours in the {days} days after {after}",
        "pl": "brak godzin pracy w ciągu {days} dni po {after}",
        "no": "ingen åpningstid i løpet av {days} dager etter {after}",
        "sv": "inga öppettider under de {days} dagarna efter {after}",
        "he": "אין שעות פעילות ב־{days} הימים שאחרי {after}",
        "nl": "geen openingstijden in de {days} dagen na {after}",
    },
}

#: What `postguard inbox failed` and `postguard inbox retry-failed` print around the reasons (how many
#: were triaged is ``inbox.triaged``, shared with `inbox import`).
FAILED_COMMAND_LABELS: dict[str, dict[str, str]] = {
    "line": {
        "en": "message {id} ({platform} {external_id}, from {author}, {received}): failed: {reason}",
        "pl": "wiadomość {id} ({platform} {external_id}, od: {author}, {received}): niepowodzenie: {reason}",
        "no": "melding {id} ({platform} {external_id}, fra {author}, {received}): feilet: {reason}",
        "sv": "meddelande {id} ({platform} {external_id}, från {author}, {received}): misslyckades: {reason}",
        "he": "הודעה {id} ({platform} {external_id}, מאת {author}, {received}): נכשלה: {reason}",
        "nl": "bericht {id} ({platform} {external_id}, van {author}, {received}): mislukt: {reason}",
    },
    "no_reason": {
        "en": "no reason stored (it failed before reasons were kept; see the log)",
        "pl": "nie zapisano przyczyny (błąd wystąpił, zanim zaczęto je zapisywać; zajrzyj do logu)",
        "no": "ingen årsak lagret (feilen skjedde før årsaker ble tatt vare på; se loggen)",
        "sv": "ingen orsak sparad (felet inträffade innan orsaker sparades; se loggen)",
        "he": "לא נשמרה סיבה (הכשל אירע לפני ששמירת הסיבות התחילה; ראו את היומן)",
        "nl": "geen reden bewaard (het mislukte voordat redenen werden bewaard; zie het logboek)",
    },
    "count": {
        "en": "{count} failed message(s)",
        "pl": "wiadomości, których segregacja się nie powiodła: {count}",
        "no": "{count} melding(er) feilet",
        "sv": "{count} meddelande(n) misslyckades",
        "he": "הודעות שנכשלו: {count}",
        "nl": "{count} mislukt(e) bericht(en)",
    },
    "hint": {
        "en": "once the cause is fixed, `postguard inbox retry-failed` sends them back to triage",
        "pl": "po usunięciu przyczyny `postguard inbox retry-failed` odsyła je z powrotem do segregacji",
        "no": "når årsaken er rettet, sender `postguard inbox retry-failed` dem tilbake til sortering",
        "sv": "när orsaken är åtgärdad skickar `postguard inbox retry-failed` tillbaka dem till sortering",
        "he": "לאחר תיקון הסיבה, `postguard inbox retry-failed` מחזיר אותן למיון",
        "nl": "zodra de oorzaak verholpen is, stuurt `postguard inbox retry-failed` ze terug naar de triage",
    },
    "back": {
        "en": "{count} message(s) back to triage",
        "pl": "wiadomości odesłane do segregacji: {count}",
        "no": "{count} melding(er) sendt tilbake til sortering",
        "sv": "{count} meddelande(n) tillbaka till sortering",
        "he": "הודעות שהוחזרו למיון: {count}",
        "nl": "{count} bericht(en) terug naar de triage",
    },
    "back_ids": {
        "en": "{count} message(s) back to triage: {ids}",
        "pl": "wiadomości odesłane do segregacji ({count}): {ids}",
        "no": "{count} melding(er) sendt tilbake til sortering: {ids}",
        "sv": "{count} meddelande(n) tillbaka till sortering: {ids}",
        "he": "הודעות שהוחזרו למיון ({count}): {ids}",
        "nl": "{count} bericht(en) terug naar de triage: {ids}",
    },
    "again": {
        "en": "message {id} failed again: {reason}",
        "pl": "segregacja wiadomości {id} znów się nie powiodła: {reason}",
        "no": "melding {id} feilet igjen: {reason}",
        "sv": "meddelande {id} misslyckades igen: {reason}",
        "he": "הודעה {id} נכשלה שוב: {reason}",
        "nl": "bericht {id} is opnieuw mislukt: {reason}",
    },
}
