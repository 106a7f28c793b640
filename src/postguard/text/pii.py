"""Personal data in free text: national IDs, phone numbers, e-mail addresses, IBANs, cards.

Candidates come from our own patterns; validity comes from python-stdnum (checksums,
birth dates) and phonenumbers (numbering plans). Context words per language
(``rules/data/personal_data/<lang>.yaml``: ``context``) raise or lower confidence, so an
order number that happens to pass a checksum is not reported as a PESEL. Overlaps are
resolved by strength: a checksum-valid national ID or card wins over a phone number.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from ..languages import LANGUAGES

_EMAIL = regex.compile(
    r"(?<![\p{Latin}\p{N}._%+])[\p{Latin}\p{N}_%+][\p{Latin}\p{N}._%+-]{0,63}"
    r"@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63})*\.\p{L}{2,24}(?![\p{L}\p{N}])"
)
_IBAN = regex.compile(r"(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![\p{L}\p{N}])", regex.IGNORECASE)
#: A run of digits with the separators people type in numbers (no newlines).
_DIGIT_RUN = regex.compile(r"(?<![\p{L}\p{N}+/.,:])(?<!\p{N}-)\+?\(?\d(?:[ \t.\-/()]{0,2}\d){5,22}(?![\p{N}]|[.,]\d)")
#: Dates are never phone numbers or IDs: 31.01.1989, 1982-07-16, 20/01/1980.
_DATE = regex.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2})$")
_PERSONNUMMER = regex.compile(r"^(?:\d{2})?\d{6}[-+]\d{4}$")
_FNR_SPACED = regex.compile(r"^\d{6} \d{5}$")
_BSN_DOTTED = regex.compile(r"^\d{4}\.\d{2}\.\d{3}$")
_IL_DASHED = regex.compile(r"^\d{8}-\d$")
_ONLY_DIGITS = regex.compile(r"\D")

#: Language of the post -> the phone region tried first for numbers without a country code.
_REGION = {"pl": "PL", "no": "NO", "sv": "SE", "he": "IL", "nl": "NL", "en": "GB"}
#: Neighbours whose plans are strict enough to try (Germany's variable lengths would make
#: every order number a phone number).
_FALLBACK_REGIONS = ("PL", "NO", "SE", "IL", "NL", "GB", "US", "DK")
#: National ID kind -> the language whose country issues it.
ID_LANGUAGE = {"pesel": "pl", "fodselsnummer": "no", "personnummer": "sv", "bsn": "nl", "il_id": "he"}

CONTEXT_WINDOW = 48
REPORT_THRESHOLD = 0.5


@dataclass(frozen=True)
class PiiMatch:
    kind: str  # national_id | phone | email | iban | card
    start: int
    end: int
    value: str
    #: national_id: pesel / fodselsnummer / personnummer / bsn / il_id; card: brand; phone: E.164.
    detail: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class ContextWords:
    positive: dict[str, regex.Pattern]
    negative: regex.Pattern


@lru_cache(maxsize=1)
def context_words() -> ContextWords:
    """Context words of every language (posts mix languages), compiled once."""
    from ..rules.messages import family_data

    lists: dict[str, set[str]] = {}
    for language in LANGUAGES:
        for key, words in (family_data("personal_data", language).get("context") or {}).items():
            lists.setdefault(key, set()).update(w.lower() for w in words)

    def compile_words(words: Iterable[str]) -> regex.Pattern:
        alternatives = "|".join(sorted((regex.escape(w) for w in words), key=len, reverse=True)) or "(?!)"
        return regex.compile(rf"(?<![\p{{L}}])(?:{alternatives})(?![\p{{L}}])", regex.IGNORECASE)

    negative = compile_words(lists.pop("negative", ()))
    return ContextWords({key: compile_words(words) for key, words in lists.items()}, negative)


def _before(text: str, start: int) -> str:
    return text[max(0, start - CONTEXT_WINDOW):start]


def _has(pattern: regex.Pattern | None, window: str) -> bool:
    return pattern is not None and pattern.search(window) is not None


def _last(pattern: regex.Pattern | None, window: str) -> int:
    """End of the last match of the pattern in the window, or -1."""
    if pattern is None:
        return -1
    last = -1
    for match in pattern.finditer(window):
        last = match.end()
    return last


def _negative(words: "ContextWords", window: str) -> bool:
    """An order/invoice word before the number, unless a closer word names a personal-data kind."""
    negative = _last(words.negative, window)
    if negative < 0:
        return False
    return all(_last(p, window) < negative for p in words.positive.values())


#: Addresses written to dodge scrapers: "anna [at] gmail [dot] com", "anna(at)gmail.com".
_AT = r"\s?[\[\(\{<]\s?(?:at|@|małpa|snabel-a|apenstaartje)\s?[\]\)\}>]\s?"
_DOT = r"(?:\s?[\[\(\{<]\s?(?:dot|punkt|kropka|punt|\.)\s?[\]\)\}>]\s?|\.)"
_AT_SIGN = regex.compile(_AT, regex.IGNORECASE)
_OBFUSCATED_EMAIL = regex.compile(
    rf"(?<![\p{{Latin}}\p{{N}}._%+])[\p{{Latin}}\p{{N}}_%+][\p{{Latin}}\p{{N}}._%+-]{{0,63}}{_AT}"
    rf"[\p{{L}}\p{{N}}-]{{1,63}}(?:{_DOT}[\p{{L}}\p{{N}}-]{{1,63}})*{_DOT}\p{{L}}{{2,24}}(?![\p{{L}}\p{{N}}])",
    regex.IGNORECASE,
)


def find_emails(text: str) -> list[PiiMatch]:
    found = [PiiMatch("email", m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)] if "@" in text else []
    if _AT_SIGN.search(text):  # cheap test first: the full pattern backtracks over every word
        found += [PiiMatch("email", m.start(), m.end(), m.group(), "obfuscated")
                  for m in _OBFUSCATED_EMAIL.finditer(text)]
    return found


def find_ibans(text: str) -> list[PiiMatch]:
    from stdnum import iban

    found = []
    for match in _IBAN.finditer(text):
        candidate = match.group()
        # The pattern is greedy: trim trailing groups until the checksum holds.
        while len(candidate.replace(" ", "")) >= 15:
            if iban.is_valid(candidate):
                found.append(PiiMatch("iban", match.start(), match.start() + len(candidate), candidate,
                                      candidate[:2].upper()))
                break
            candidate = candidate[:-1].rstrip()
    return found


#: Domestic account numbers people write without the IBAN country code: Polish NRB
#: (26 digits, "61 1090 1014 0000 0712 1981 2874") and Norwegian kontonummer ("8601.11.17947").
_NRB = regex.compile(r"(?<![\p{L}\p{N}])\d{2}(?: ?\d{4}){6}(?![\p{N}])")
_KONTONUMMER = regex.compile(r"(?<![\p{L}\p{N}.])\d{4}\.\d{2}\.\d{5}(?![\p{N}]|\.\d)")


def find_domestic_accounts(text: str) -> list[PiiMatch]:
    from stdnum import iban
    from stdnum.no import kontonr

    found = []
    for match in _NRB.finditer(text):
        if iban.is_valid("PL" + match.group().replace(" ", "")):
            found.append(PiiMatch("iban", match.start(), match.end(), match.group(), "PL"))
    for match in _KONTONUMMER.finditer(text):
        if kontonr.is_valid(match.group()):
            found.append(PiiMatch("iban", match.start(), match.end(), match.group(), "NO"))
    return found


def _card_brand(digits: str) -> str | None:
    """The card network for a number with a realistic prefix and length, else None."""
    n, p2, p4 = len(digits), int(digits[:2]), int(digits[:4])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or p2 == 65 or 644 <= int(digits[:3]) <= 649) and n in (16, 19):
        return "discover"
    if 3528 <= p4 <= 3589 and n in (16, 19):
        return "jcb"
    if (p2 in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and n in (14, 16):
        return "diners"
    if p2 in (50, 56, 57, 58, 63, 67) and 12 <= n <= 19:
        return "maestro"
    return None


def _national_id(candidate: str, digits: str) -> list[tuple[str, float]]:
    """(kind, base confidence) for each national ID scheme the candidate validates under."""
    from stdnum.il import idnr
    from stdnum.nl import bsn
    from stdnum.no import fodselsnummer
    from stdnum.pl import pesel
    from stdnum.se import personnummer

    kinds: list[tuple[str, float]] = []
    if _PERSONNUMMER.match(candidate) and _valid_personnummer(candidate):
        kinds.append(("personnummer", 0.8))  # the hyphen form is specific to Sweden
    if len(digits) == 11:
        spaced = _FNR_SPACED.match(candidate) is not None
        if (spaced or candidate == digits) and fodselsnummer.is_valid(digits):
            kinds.append(("fodselsnummer", 0.7 if spaced else 0.5))  # two check digits and a date
        if candidate == digits and pesel.is_valid(digits):
            kinds.append(("pesel", 0.4))
    if len(digits) in (10, 12) and candidate == digits and _valid_personnummer(digits):
        kinds.append(("personnummer", 0.4))
    if len(digits) == 9 and (candidate == digits or _BSN_DOTTED.match(candidate)) and bsn.is_valid(digits):
        kinds.append(("bsn", 0.4 if candidate == digits else 0.6))
    if len(digits) in (8, 9) and (candidate == digits or _IL_DASHED.match(candidate)) and idnr.is_valid(digits):
        kinds.append(("il_id", 0.4 if candidate == digits else 0.6))
    return kinds


def _valid_personnummer(candidate: str) -> bool:
    """Personnummer, or samordningsnummer (day of birth + 60), which stdnum does not know."""
    from stdnum import luhn
    from stdnum.se import personnummer

    if personnummer.is_valid(candidate):
        return True
    digits = _ONLY_DIGITS.sub("", candidate)
    day = int(digits[-6:-4])
    if not 61 <= day <= 91 or not luhn.is_valid(digits[-10:]):
        return False
    # Birth date check with the real day; the separator (+ for people over 100) is kept.
    separator = candidate[-5] if candidate[-5] in "-+" else "-"
    shifted = digits[:-6] + f"{day - 60:02d}" + separator + digits[-4:]
    try:
        personnummer.get_birth_date(shifted)
    except Exception:  # noqa: BLE001 - stdnum raises several validation errors for a bad date
        return False
    return True


#: Lengths (digits, trunk 0 included) of national numbers per region: a cheap filter before
#: asking phonenumbers, which is slow on numbers that are valid nowhere.
_NATIONAL_LENGTHS = {"PL": {9}, "NO": {8}, "SE": {8, 9, 10}, "IL": {9, 10}, "NL": {10}, "GB": {10, 11},
                     "US": {10, 11}, "DK": {8}}


@lru_cache(maxsize=4096)
def _phone(candidate: str, language: str) -> tuple[str, float] | None:
    """(E.164, base confidence) when the candidate is a valid number in a numbering plan."""
    import phonenumbers

    digits = _ONLY_DIGITS.sub("", candidate)
    if len(digits) < 7 or len(digits) > 15:
        return None
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]  # the international call prefix of our countries
    if candidate.startswith("+"):
        regions: tuple[str | None, ...] = (None,)
        base = 0.9
    else:
        first = _REGION.get(language)
        regions = ((first,) if first else ()) + tuple(r for r in _FALLBACK_REGIONS if r != first)
        regions = tuple(r for r in regions if len(digits) in _NATIONAL_LENGTHS[r])
        base = 0.6
    weak: tuple[str, float] | None = None
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if region is None or region == _REGION.get(language):
            return e164, base
        # A national number valid only in another country's plan is weaker evidence,
        # unless it is grouped exactly the way that country writes its numbers
        # ("054-609-1242", "07157 206869"); bare digits never are.
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if not candidate.isdigit() and _grouping(national) == _grouping(candidate):
            return e164, base
        weak = weak or (e164, 0.4)
    return weak


def _grouping(number: str) -> str:
    """Digits as ``d`` and every separator as one space: ``054-609-1242`` → ``ddd ddd dddd``."""
    return regex.sub(r"[\s\-./()]+", " ", regex.sub(r"\d", "d", number)).strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop an unbalanced bracket or a separator at either end of a digit run."""
    while end > start and text[end - 1] in " .-/(\t":
        end -= 1
    while start < end and text[start] in " .-/)":
        start += 1
    if start < end and text[start] == "(" and ")" not in text[start:end]:
        start += 1
    if start < end and text[end - 1] == ")" and text[start:end].count("(") < text[start:end].count(")"):
        end -= 1
    return start, end


def find_numbers(text: str, language: str) -> list[PiiMatch]:
    """National IDs, payment cards and phone numbers among the digit runs of the text."""
    if sum(map(str.isdigit, text)) < 7:
        return []
    from stdnum import luhn

    words = context_words()
    found: list[PiiMatch] = []
    for match in _DIGIT_RUN.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        candidate = text[start:end]
        if _DATE.match(candidate):
            continue
        digits = _ONLY_DIGITS.sub("", candidate)
        window = _before(text, start)
        negative = _negative(words, window)
        best: PiiMatch | None = None
        for kind, confidence in _national_id(candidate, digits):
            if _has(words.positive.get(kind), window) or _has(words.positive.get("national_id"), window):
                confidence += 0.45
            if ID_LANGUAGE[kind] == language:
                confidence += 0.1
            if negative:
                confidence -= 0.5
            if confidence >= REPORT_THRESHOLD and (best is None or confidence > best.confidence):
                best = PiiMatch("national_id", start, end, candidate, kind, min(confidence, 1.0))
        if best is None and 12 <= len(digits) <= 19 and not candidate.startswith("+"):
            brand = _card_brand(digits)
            if brand and luhn.is_valid(digits):
                confidence = 0.9 - (0.5 if negative and not _has(words.positive.get("card"), window) else 0)
                if confidence >= REPORT_THRESHOLD:
                    best = PiiMatch("card", start, end, candidate, brand, confidence)
        if best is None:
            phone = _phone(candidate, language)
            if phone is not None:
                confidence = phone[1] + (0.3 if _has(words.positive.get("phone"), window) else 0)
                if negative and not candidate.startswith("+"):
                    confidence -= 0.5
                if confidence >= REPORT_THRESHOLD:
                    best = PiiMatch("phone", start, end, candidate, phone[0], min(confidence, 1.0))
        if best is not None:
            found.append(best)
    return found


def find_pii(text: str, language: str) -> list[PiiMatch]:
    """Every piece of personal data in the text, sorted, without overlaps."""
    matches = _add_free(find_emails(text) + find_ibans(text), ())
    if sum(map(str.isdigit, text)) >= 11:
        matches = _add_free(matches, find_domestic_accounts(text))
    return _add_free(matches, find_numbers(text, language))


def _add_free(kept: list[PiiMatch], candidates: Iterable[PiiMatch]) -> list[PiiMatch]:
    """``kept`` (sorted, without overlaps) plus each candidate that overlaps none of it."""
    kept = sorted(kept, key=lambda m: (m.start, m.end))
    starts = [m.start for m in kept]
    added = []
    for candidate in candidates:
        i = bisect_right(starts, candidate.end - 1)  # kept spans starting before candidate ends
        if i and kept[i - 1].end > candidate.start:
            continue
        added.append(candidate)
    return sorted(kept + added, key=lambda m: (m.start, m.end))


def phone_key(value: str, language: str = "en") -> str | None:
    """E.164 form of a phone number written any way, to compare with the policy's contacts."""
    phone = _phone(value.strip(), language)
    return phone[0] if phone else None
