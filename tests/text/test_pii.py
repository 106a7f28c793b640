"""Personal-data detection: checksums, context words, and which kind wins an overlap."""
from __future__ import annotations

import pytest

from postguard.text.pii import find_pii


def kinds(text: str, language: str) -> list[tuple[str, str, str]]:
    return [(m.kind, m.detail, text[m.start:m.end]) for m in find_pii(text, language)]


@pytest.mark.parametrize("text,language,kind,detail,span", [
    ("PESEL 44051401359", "pl", "national_id", "pesel", "44051401359"),
    ("fødselsnummer 150590 10023", "no", "national_id", "fodselsnummer", "150590 10023"),
    ("D-nummer 55059010017", "no", "national_id", "fodselsnummer", "55059010017"),
    ("pnr 811228-9874", "sv", "national_id", "personnummer", "811228-9874"),
    ("samordningsnummer 811288-9871", "sv", "national_id", "personnummer", "811288-9871"),
    ("BSN 123456782", "nl", "national_id", "bsn", "123456782"),
    ("ת.ז. 039337423", "he", "national_id", "il_id", "039337423"),
    ("IBAN NL91 ABNA 0417 1643 00.", "nl", "iban", "NL", "NL91 ABNA 0417 1643 00"),
    ("card 4111-1111-1111-1111", "en", "card", "visa", "4111-1111-1111-1111"),
    ("ring +47 412 34 567", "no", "phone", "+4741234567", "+47 412 34 567"),
    ("tel. (22) 123 45 67", "pl", "phone", "+48221234567", "(22) 123 45 67"),
    ("mail ola@firma.example.no!", "no", "email", "", "ola@firma.example.no"),
    ("mail anna [at] gmail [dot] com", "en", "email", "obfuscated", "anna [at] gmail [dot] com"),
    ("konto 61 1090 1014 0000 0712 1981 2874", "pl", "iban", "PL", "61 1090 1014 0000 0712 1981 2874"),
    ("ring 0047 412 34 567", "no", "phone", "+4741234567", "0047 412 34 567"),
    ("נייד 054-4567890", "he", "phone", "+972544567890", "054-4567890"),
])
def test_each_kind_is_found_with_its_exact_span(text, language, kind, detail, span):
    assert (kind, detail, span) in kinds(text, language)


def test_a_valid_israeli_id_is_not_also_a_phone_number():
    # 039337423 is a valid IL landline number too; the checksum-valid ID wins.
    assert kinds("מספר זהות 039337423", "he") == [("national_id", "il_id", "039337423")]


def test_a_pesel_next_to_a_phone_number_is_two_findings():
    found = kinds("PESEL 85031212343, tel. 601 234 567", "pl")
    assert [k for k, _, _ in found] == ["national_id", "phone"]


@pytest.mark.parametrize("text,language", [
    ("Zamówienie nr 85031212343 wysłane", "pl"),
    ("Ordrenummer 15059010023 er sendt", "no"),
    ("Your order 123456782 has shipped", "en"),
    ("Faktura 2024/03/12, kwota 1 234,56 zł", "pl"),
    ("Meeting 2024-03-12 10:00", "en"),
    ("PESEL 85031212344", "pl"),  # wrong check digit
    ("Card 4111 1111 1111 1112", "en"),  # fails Luhn
    ("NL00 ABNA 0417 1643 00", "nl"),  # wrong IBAN check digits
])
def test_negatives_are_not_personal_data(text, language):
    assert kinds(text, language) == []
