"""Personal data (PG2xx): customers' and colleagues' identifiers must not be posted.

Detection lives in :mod:`postguard.text.pii` (patterns, checksums, numbering plans,
context words per language as data); the rules here only pick their kind of match and
leave out the company's own official contact data named in the policy.
"""
from __future__ import annotations

from ..findings import Category, Severity
from ..rules.messages import family_data
from ..text.pii import phone_key
from .base import Hit, Rule


_CONTACTS: dict[int, tuple[object, tuple[frozenset[str], frozenset[str]]]] = {}


def _official_contacts(policy) -> tuple[frozenset[str], frozenset[str]]:
    """(e-mail addresses, E.164 phone numbers) the policy publishes as official contacts."""
    cached = _CONTACTS.get(id(policy))
    if cached is not None and cached[0] is policy:
        return cached[1]
    if len(_CONTACTS) > 16:
        _CONTACTS.clear()
    result = _collect_contacts(policy)
    _CONTACTS[id(policy)] = (policy, result)
    return result


def _collect_contacts(policy) -> tuple[frozenset[str], frozenset[str]]:
    emails: set[str] = set()
    phones: set[str] = set()
    org = policy.organisation
    if org.support_email:
        emails.add(org.support_email.lower())
    if org.support_phone:
        phones.add(phone_key(org.support_phone) or org.support_phone)
    for responsibility in policy.responsibilities.values():
        owner = responsibility.owner
        if owner.email:
            emails.add(owner.email.lower())
        if owner.phone:
            phones.add(phone_key(owner.phone) or owner.phone)
    return frozenset(emails), frozenset(phones)


#: What made the finding: a checksum, the phone numbering plan, or the pattern alone.
_SIGNAL = {"national_id": "checksum", "iban": "checksum", "card": "checksum", "phone": "numbering-plan",
           "email": "pattern"}


def _id_name(kind: str, language: str) -> str:
    names = family_data("personal_data", language).get("id_names") or {}
    return names.get(kind) or family_data("personal_data", "en").get("id_names", {}).get(kind, kind)


class _PersonalDataRule(Rule):
    abstract = True
    category = Category.PERSONAL_DATA
    family = "personal_data"
    kind: str

    def find(self, doc, context, policy):
        emails, phones = _official_contacts(policy)
        language = context.language or doc.language
        for match in doc.pii:
            if match.kind != self.kind:
                continue
            if match.kind == "email" and match.value.lower() in emails:
                continue
            if match.kind == "phone" and match.detail in phones:
                continue
            params = {"kind": _id_name(match.detail, language) if match.kind == "national_id" else match.detail}
            yield Hit(match.start, match.end, params, signal=_SIGNAL[self.kind], confidence=match.confidence)


class NationalIdNumber(_PersonalDataRule):
    """
    What it does:
        Finds national identity numbers — Polish PESEL, Norwegian fødselsnummer and
        D-nummer, Swedish personnummer and samordningsnummer, Dutch BSN, Israeli ID
        (teudat zehut) — validated by their checksums and birth dates. Words such as
        "PESEL", "personnummer" or "order no." around the number raise or lower confidence.

    Why it matters:
        A national ID number is the key to a person's bank, health and tax records. A
        customer's or colleague's number in a post is a data breach the company must report.

    Example:
        ``Klientka podała PESEL 44051401359, proszę sprawdzić``

    Do instead:
        Never post identity numbers. Handle the case in the customer system and refer to
        it by its case number.
    """

    code = "PG201"
    slug = "national-id-number"
    severity = Severity.BLOCK
    kind = "national_id"


class PhoneNumber(_PersonalDataRule):
    """
    What it does:
        Finds phone numbers of any country (international form, or national form of the
        post's country and its neighbours), valid in the numbering plan. The company's
        official numbers from the policy are not reported, and a checksum-valid national
        ID number is reported as an ID, not as a phone number.

    Why it matters:
        A private number in a public post invites calls, harassment and fraud; employees'
        private numbers in particular must never be exposed.

    Example:
        ``Ring Kari direkte på 912 34 567, hun fikser det``

    Do instead:
        Send customers to the official support number or channel; share private numbers
        only in a private message, with the owner's consent.
    """

    code = "PG202"
    slug = "phone-number"
    severity = Severity.WARN
    kind = "phone"


class EmailAddress(_PersonalDataRule):
    """
    What it does:
        Finds e-mail addresses, also when written to dodge scrapers
        (``anna [at] gmail [dot] com``, ``piotr(małpa)wp.pl``), except the official contact
        addresses named in the policy (``organisation.support_email`` and the
        responsibilities' contacts).

    Why it matters:
        A customer's or colleague's address in a post is personal data published without
        consent, and a target for spam and phishing.

    Example:
        ``Kunden anna.svensson@example.se klagar igen``

    Do instead:
        Refer to the official support address; leave people's own addresses out.
    """

    code = "PG203"
    slug = "email-address"
    severity = Severity.WARN
    kind = "email"


class Iban(_PersonalDataRule):
    """
    What it does:
        Finds international bank account numbers (IBAN) of any country, validated by the
        IBAN checksum and the country's format, and the domestic forms people write
        without the country code: the Polish NRB (26 digits) and the Norwegian
        kontonummer (``8601.11.17947``).

    Why it matters:
        A bank account number identifies a person and is used in payment fraud; a
        customer's account number never belongs in a post.

    Example:
        ``Zwrot poszedł na konto PL61 1090 1014 0000 0712 1981 2874``

    Do instead:
        Handle payments in the payment system and refer to the case number.
    """

    code = "PG204"
    slug = "iban"
    severity = Severity.BLOCK
    kind = "iban"


class PaymentCard(_PersonalDataRule):
    """
    What it does:
        Finds payment card numbers: 12 to 19 digits with a real card network prefix and
        length (Visa, Mastercard, Amex, …) that pass the Luhn check.

    Why it matters:
        A card number in public is direct financial harm to its owner and a breach of the
        card industry's rules (PCI DSS) for the company.

    Example:
        ``Card 4111 1111 1111 1111 was charged twice``

    Do instead:
        Never write card numbers; refer to the last four digits or the order number.
    """

    code = "PG205"
    slug = "payment-card"
    severity = Severity.BLOCK
    kind = "card"
