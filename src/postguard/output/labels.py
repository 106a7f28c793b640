"""The fixed words of the text report, in each first-class language."""
from __future__ import annotations

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
    "skip_language": {"en": "{rule} does not support language {language}",
                      "pl": "{rule} nie obsługuje języka {language}",
                      "no": "{rule} støtter ikke språket {language}",
                      "sv": "{rule} stöder inte språket {language}",
                      "he": "{rule} אינו תומך בשפה {language}",
                      "nl": "{rule} ondersteunt de taal {language} niet"},
    "unknown_language": {"en": "unknown", "pl": "nieznany", "no": "ukjent", "sv": "okänt", "he": "לא ידועה",
                         "nl": "onbekend"},
}


def label(key: str, language: str) -> str:
    entry = _LABELS[key]
    return entry.get(language, entry["en"])


def missing_labels() -> list[str]:
    from ..languages import LANGUAGES

    return [f"{key}.{lang}" for key, entry in _LABELS.items() for lang in LANGUAGES if not entry.get(lang)]
