"""The fixed words of the text report, the triage notes, the escalation and reassignment reasons, why triage
failed, the inbox commands and the model commands, in each first-class language."""
from __future__ import annotations

from .assignment_labels import ASSIGNMENT_LABELS
from .escalation_labels import ESCALATION_LABELS
from .failure_labels import FAILED_COMMAND_LABELS, FAILURE_LABELS
from .inbox_command_labels import INBOX_COMMAND_LABELS
from .model_labels import MODEL_LABELS
from .note_labels import NOTE_LABELS

_LABELS: dict[str, dict[str, str]] = {
    "do_instead": {"en": "do instead", "pl": "zamiast tego", "no": "gjør heller", "sv": "gör i stället",
                   "he": "במקום זאת", "nl": "doe in plaats daarvan"},
    "signal": {"en": "signal", "pl": "sygnał", "no": "signal", "sv": "signal", "he": "אות", "nl": "signaal"},
    "not_checked": {"en": "not checked", "pl": "nie sprawdzono", "no": "ikke kontrollert", "sv": "inte kontrollerat",
                    "he": "לא נבדק", "nl": "niet gecontroleerd"},
    "findings": {"en": "findings", "pl": "uwag", "no": "funn", "sv": "anmärkningar", "he": "ממצאים", "nl": "bevindingen"},
    "language": {"en": "language", "pl": "język", "no": "språk", "sv": "språk", "he": "שפה", "nl": "taal"},
    "detected": {"en": "detected", "pl": "wykryty", "no": "oppdaget", "sv": "identifierat", "he": "זוהתה", "nl": "herkend"},
    "verdict_pass": {"en": "OK to publish", "pl": "można publikować", "no": "OK å publisere", "sv": "OK att publicera",
                     "he": "אפשר לפרסם", "nl": "mag gepubliceerd worden"},
    "verdict_warn": {"en": "check before publishing", "pl": "sprawdź przed publikacją", "no": "sjekk før publisering",
                     "sv": "kontrollera före publicering", "he": "בדקו לפני פרסום", "nl": "controleer voor publicatie"},
    "verdict_block": {"en": "do not publish", "pl": "nie publikuj", "no": "ikke publiser", "sv": "publicera inte",
                      "he": "אין לפרסם", "nl": "niet publiceren"},
    "skip_models": {"en": "{rule} needs the language models, which are switched off",
                    "pl": "{rule} wymaga modeli językowych, które są wyłączone",
                    "no": "{rule} trenger språkmodellene, som er slått av",
                    "sv": "{rule} behöver språkmodellerna, som är avstängda",
                    "he": "{rule} דורש את מודלי השפה, שכבויים כעת",
                    "nl": "{rule} heeft de taalmodellen nodig, die uitgeschakeld zijn"},
    "model_uncovered": {"en": "(the model was not trained on {language}: less certain)",
                        "pl": "(model nie był uczony na języku {language}: wynik mniej pewny)",
                        "no": "(modellen er ikke trent på {language}: mindre sikkert)",
                        "sv": "(modellen är inte tränad på {language}: mindre säkert)",
                        "he": "(המודל לא אומן על {language}: פחות ודאי)",
                        "nl": "(het model is niet getraind op {language}: minder zeker)"},
    "model_uncovered_und": {"en": "(language not recognised: the model's reading is less certain)",
                            "pl": "(nie rozpoznano języka: odczyt modelu jest mniej pewny)",
                            "no": "(språket ble ikke gjenkjent: modellens vurdering er mindre sikker)",
                            "sv": "(språket kändes inte igen: modellens bedömning är mindre säker)",
                            "he": "(השפה לא זוהתה: קריאת המודל פחות ודאית)",
                            "nl": "(taal niet herkend: de inschatting van het model is minder zeker)"},
    "skip_language": {"en": "{rule} does not support language {language}",
                      "pl": "{rule} nie obsługuje języka {language}",
                      "no": "{rule} støtter ikke språket {language}",
                      "sv": "{rule} stöder inte språket {language}",
                      "he": "{rule} אינו תומך בשפה {language}",
                      "nl": "{rule} ondersteunt de taal {language} niet"},
    "unread_other": {"en": "written in a language the checks do not read ({language}): {count} checks did not run; "
                             "have someone who reads it check it before publishing",
                     "pl": "napisano w języku, którego kontrole nie czytają ({language}): {count} kontroli nie "
                           "wykonano; przed publikacją niech sprawdzi to ktoś, kto zna ten język",
                     "no": "skrevet på et språk kontrollene ikke leser ({language}): {count} kontroller ble ikke "
                           "kjørt; la noen som kan språket sjekke det før publisering",
                     "sv": "skrivet på ett språk som kontrollerna inte läser ({language}): {count} kontroller "
                           "kördes inte; låt någon som kan språket granska det före publicering",
                     "he": "נכתב בשפה שהבדיקות אינן קוראות ({language}): {count} בדיקות לא הורצו; "
                           "לפני פרסום, בקשו ממי שקורא את השפה לבדוק",
                     "nl": "geschreven in een taal die de controles niet lezen ({language}): {count} controles "
                           "zijn niet uitgevoerd; laat iemand die de taal leest het vóór publicatie nakijken"},
    "unread_und": {"en": "could not tell which language this is: {count} checks did not run; "
                         "choose the language, or have someone check it before publishing",
                   "pl": "nie rozpoznano języka tekstu: {count} kontroli nie wykonano; wybierz język "
                         "albo przed publikacją poproś kogoś o sprawdzenie",
                   "no": "klarte ikke å avgjøre språket: {count} kontroller ble ikke kjørt; velg språket, "
                         "eller la noen sjekke teksten før publisering",
                   "sv": "kunde inte avgöra språket: {count} kontroller kördes inte; välj språket "
                         "eller låt någon granska texten före publicering",
                   "he": "לא ניתן היה לזהות את שפת הטקסט: {count} בדיקות לא הורצו; בחרו את השפה "
                         "או בקשו ממישהו לבדוק לפני פרסום",
                   "nl": "de taal van deze tekst is niet vast te stellen: {count} controles zijn niet "
                         "uitgevoerd; kies de taal of laat iemand het vóór publicatie nakijken"},
    "unknown_language": {"en": "unknown", "pl": "nieznany", "no": "ukjent", "sv": "okänt", "he": "לא ידועה",
                         "nl": "onbekend"},
    # The triage notes (postguard.inbound.notes), one per note code.
    **{f"note.{code}": texts for code, texts in NOTE_LABELS.items()},
    # Why triage escalated (postguard.inbound.escalation_reasons), one per reason code.
    **{f"escalation.{code}": texts for code, texts in ESCALATION_LABELS.items()},
    # Why triage itself reassigned a conversation (postguard.inbound.assignment_reasons), one per code.
    **{f"assignment.{code}": texts for code, texts in ASSIGNMENT_LABELS.items()},
    # Why triage could not handle a message (postguard.inbound.failures), one per code.
    **{f"failure.{code}": texts for code, texts in FAILURE_LABELS.items()},
    # `postguard inbox failed|retry-failed`: the lines around the reasons.
    **{f"failed.{key}": texts for key, texts in FAILED_COMMAND_LABELS.items()},
    # What the other `postguard inbox` commands say (import, triage, export-outbox, forward).
    **{f"inbox.{key}": texts for key, texts in INBOX_COMMAND_LABELS.items()},
    # What `postguard model train|eval|show` say (nlp/progress.py, nlp/describe.py, nlp/evaluate.py).
    **{f"model.{key}": texts for key, texts in MODEL_LABELS.items()},
}


def uncovered_note(unread_language: str, language: str) -> str:
    """Added to a model finding on a draft in a language the models were not trained on."""
    if unread_language == "und":
        return label("model_uncovered_und", language)
    return label("model_uncovered", language).format(language=unread_language)


def unread_note(unread_language: str, count: int, language: str) -> str:
    """Why a draft in a language the checks cannot read is not "OK to publish"."""
    if unread_language == "und":
        return label("unread_und", language).format(count=count)
    return label("unread_other", language).format(language=unread_language, count=count)


def label(key: str, language: str) -> str:
    entry = _LABELS[key]
    return entry.get(language, entry["en"])


def missing_labels() -> list[str]:
    from ..languages import LANGUAGES

    return [f"{key}.{lang}" for key, entry in _LABELS.items() for lang in LANGUAGES if not entry.get(lang)]
