"""A generated, labelled multilingual set of posts with personal data (and without).

Every value is made the way the real thing is made: national IDs with their checksums and
birth dates (PESEL, fødselsnummer and D-nummer, personnummer and samordningsnummer, BSN,
Israeli ID), phone numbers that are valid in their country's numbering plan, IBANs with
correct check digits, card numbers with real network prefixes and the Luhn digit. Polish and Norwegian account
numbers are also written in their domestic form (NRB, kontonummer), as people there do. They
are written the ways people write them and embedded in natural sentences per language,
half of them without any helpful context word. Negatives carry order numbers, invoice
numbers, dates, amounts, tracking codes and numbers with a wrong check digit.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from stdnum import iban as iban_mod
from stdnum import luhn
from stdnum.nl import bsn as bsn_mod
from stdnum.no import fodselsnummer
from stdnum.pl import pesel as pesel_mod

LANGUAGES = ("en", "pl", "no", "sv", "he", "nl")
REGION = {"en": "GB", "pl": "PL", "no": "NO", "sv": "SE", "he": "IL", "nl": "NL"}
ID_OF = {"pl": "pesel", "no": "fnr", "sv": "pnr", "nl": "bsn", "he": "il", "en": None}
ENTITY_TYPES = ("national_id", "phone", "email", "iban", "card")


@dataclass(frozen=True)
class Post:
    language: str
    text: str
    #: (start, end, entity type)
    labels: tuple[tuple[int, int, str], ...]


def _birth(rng: random.Random) -> date:
    return date(1950, 1, 1) + timedelta(days=rng.randrange(0, 55 * 365))


def make_pesel(rng: random.Random) -> str:
    born = _birth(rng)
    month = born.month + (20 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randrange(10000):04d}"
    return body + pesel_mod.calc_check_digit(body)


def make_fnr(rng: random.Random, d_number: bool = False) -> str:
    while True:
        born = _birth(rng)
        day = born.day + (40 if d_number else 0)
        individual = rng.randrange(0, 500) if born.year < 2000 else rng.randrange(500, 1000)
        body = f"{day:02d}{born.month:02d}{born.year % 100:02d}{individual:03d}"
        try:
            first = fodselsnummer.calc_check_digit1(body)
            second = fodselsnummer.calc_check_digit2(body + first)
        except Exception:  # noqa: BLE001 - a check digit of 10 has no valid number
            continue
        if len(first) == 1 and len(second) == 1 and fodselsnummer.is_valid(body + first + second):
            return body + first + second


def make_personnummer(rng: random.Random, coordination: bool = False) -> str:
    born = _birth(rng)
    day = born.day + (60 if coordination else 0)
    body = f"{born.year % 100:02d}{born.month:02d}{day:02d}{rng.randrange(1000):03d}"
    number = body + luhn.calc_check_digit(body)
    if rng.random() < 0.2:
        return f"{born.year // 100}{number[:6]}-{number[6:]}"
    return f"{number[:6]}-{number[6:]}" if rng.random() < 0.8 else number


def make_bsn(rng: random.Random) -> str:
    while True:
        number = f"{rng.randrange(10_000_000, 99_999_999):08d}"
        for last in range(10):
            if bsn_mod.is_valid(number + str(last)):
                full = number + str(last)
                return f"{full[:4]}.{full[4:6]}.{full[6:]}" if rng.random() < 0.2 else full


def make_il_id(rng: random.Random) -> str:
    body = f"{rng.randrange(0, 40_000_000):08d}"
    return body + luhn.calc_check_digit(body)


def make_national_id(kind: str, rng: random.Random) -> str:
    if kind == "pesel":
        return make_pesel(rng)
    if kind == "fnr":
        number = make_fnr(rng, d_number=rng.random() < 0.15)
        return f"{number[:6]} {number[6:]}" if rng.random() < 0.2 else number
    if kind == "pnr":
        return make_personnummer(rng, coordination=rng.random() < 0.1)
    if kind == "bsn":
        return make_bsn(rng)
    return make_il_id(rng)


_PHONE_START = {"PL": ["5", "6", "7", "8", "22", "12", "58"], "NO": ["4", "9", "2", "5"], "SE": ["70", "72", "73", "8", "31"],
                "NL": ["6", "20", "10", "30"], "IL": ["50", "52", "54", "3", "2"], "GB": ["7", "20", "161"]}
_PHONE_LENGTH = {"PL": 9, "NO": 8, "SE": 9, "NL": 9, "IL": 9, "GB": 10}


def make_phone(region: str, rng: random.Random) -> str:
    while True:
        start = rng.choice(_PHONE_START[region])
        national = start + "".join(rng.choice("0123456789") for _ in range(_PHONE_LENGTH[region] - len(start)))
        number = phonenumbers.parse(national, region)
        if phonenumbers.is_valid_number(number):
            style = rng.random()
            if style < 0.45:
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            if style < 0.85:
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_BBAN = {"PL": [("n", 24)], "NO": [("n", 11)], "SE": [("n", 20)], "NL": [("a", 4), ("n", 10)],
         "IL": [("n", 19)], "GB": [("a", 4), ("n", 14)]}


def make_iban(region: str, rng: random.Random) -> str:
    while True:
        bban = ""
        for kind, count in _BBAN[region]:
            alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if kind == "a" else "0123456789"
            bban += "".join(rng.choice(alphabet) for _ in range(count))
        number = region + iban_mod.calc_check_digits(region + "00" + bban) + bban
        # Some countries (Norway) also check the national account number: keep real ones only.
        if iban_mod.is_valid(number):
            break
    style = rng.random()
    if region == "PL" and style < 0.3:  # the domestic NRB, as Poles usually write it
        digits = number[2:]
        return digits[:2] + " " + " ".join(digits[i:i + 4] for i in range(2, 26, 4))
    if region == "NO" and style < 0.3:  # the domestic kontonummer
        digits = number[4:]
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    return iban_mod.format(number) if style < 0.8 else number


_CARD_PREFIX = [("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("4", 13)]


def make_card(rng: random.Random) -> str:
    prefix, length = rng.choice(_CARD_PREFIX)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    number = body + luhn.calc_check_digit(body)
    style = rng.random()
    if style < 0.5 and length == 16:
        return " ".join(number[i:i + 4] for i in range(0, 16, 4))
    if style < 0.7 and length == 16:
        return "-".join(number[i:i + 4] for i in range(0, 16, 4))
    return number


_NAMES = {"en": ["john.smith", "emma.jones", "oliver.brown"], "pl": ["anna.kowalska", "piotr.nowak", "k.wisniewski"],
          "no": ["ola.nordmann", "kari.hansen", "per.olsen"], "sv": ["anna.svensson", "erik.johansson", "lars.karlsson"],
          "he": ["dana.levi", "yossi.cohen", "noa.mizrahi"], "nl": ["j.devries", "sanne.jansen", "daan.bakker"]}
#: Real providers, so that peers which check the top-level domain are not penalised.
_DOMAINS = ["gmail.com", "outlook.com", "hotmail.com", "wp.pl", "onet.pl", "online.no", "telia.se", "walla.co.il", "ziggo.nl"]


_AT_WORD = {"en": "at", "pl": "małpa", "no": "at", "sv": "snabel-a", "he": "at", "nl": "at"}


def make_email(language: str, rng: random.Random) -> str:
    local = f"{rng.choice(_NAMES[language])}{rng.choice(['', '', str(rng.randrange(99))])}"
    domain = rng.choice(_DOMAINS)
    if rng.random() < 0.15:  # written to dodge scrapers, as people do in public posts
        at = _AT_WORD[language] if rng.random() < 0.5 else "at"
        return f"{local} [{at}] " + " [dot] ".join(domain.split("."))
    return f"{local}@{domain}"


def make_negative_number(kind: str, rng: random.Random) -> str:
    """Numbers that are not personal data: order/tracking numbers, dates, broken checksums."""
    if kind == "order":
        return str(rng.randrange(10**(rng.randrange(5, 11)), 10**(rng.randrange(11, 12))))
    if kind == "date":
        day = _birth(rng)
        return rng.choice([day.isoformat(), day.strftime("%d.%m.%Y"), day.strftime("%d/%m/%Y")])
    if kind == "amount":
        return f"{rng.randrange(10, 99999)},{rng.randrange(100):02d}"
    if kind == "bad_pesel":
        good = make_pesel(rng)
        return good[:-1] + str((int(good[-1]) + 1) % 10)
    if kind == "bad_card":
        good = make_card(rng).replace(" ", "").replace("-", "")
        return good[:-1] + str((int(good[-1]) + 1) % 10)
    return f"{rng.choice(['PL', 'NO', 'SE'])}{rng.randrange(10**8, 10**9)}"  # tracking code
