"""The policy file's schema: one pydantic model per section, unknown keys are errors.

Schema version 1. The loader (``loader.py``) reads YAML with positions, upgrades older
schema versions, and turns pydantic's errors into ``file:line:column: key.path: message``.
Every human-facing text is a :class:`Localized` mapping language -> text, so the handbook,
the findings and the replies exist in each language the policy lists.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..languages import LANGUAGES

SCHEMA_VERSION = 1

LanguageCode = Literal["en", "pl", "no", "sv", "he", "nl"]
SeverityName = Literal["info", "warn", "block"]
CategoryName = Literal[
    "confidential", "personal_data", "safety", "conduct", "voice",
    "competitors", "spam", "copyright", "disclosure", "claims",
]
Strictness = Literal["relaxed", "balanced", "strict"]
RoleName = Literal["admin", "communications_lead", "reviewer", "spokesperson", "employee", "candidate"]
Situation = Literal[
    "praise", "question", "complaint", "refund_request", "public_review_complaint",
    "incorrect_information", "libel", "copyright_claim", "threat", "harassment", "spam", "other",
]
SITUATIONS: tuple[str, ...] = Situation.__args__  # type: ignore[attr-defined]
ROLES: tuple[str, ...] = RoleName.__args__  # type: ignore[attr-defined]
CATEGORIES: tuple[str, ...] = CategoryName.__args__  # type: ignore[attr-defined]

#: A text in several languages: ``{en: "...", pl: "..."}``.
Localized = dict[LanguageCode, str]

_CODE = re.compile(r"^PG\d{0,3}$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")


def _time_range(value: str) -> str:
    if not _HHMM.match(value):
        raise ValueError(f"{value!r} is not a range like 08:00-16:00")
    return value


#: Opening hours of one stretch, ``"08:00-16:00"``; each item is checked on its own, so a
#: mistake is reported at its own line and column.
TimeRange = Annotated[str, AfterValidator(_time_range)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PolicyMeta(Strict):
    name: str
    #: The policy's own revision, recorded with every check and decision.
    revision: str
    effective: date | None = None
    owner: str | None = None


class Organisation(Strict):
    name: str
    website: str | None = None
    #: Where customers are sent ("do instead" of answering in private).
    support_url: str
    support_email: str | None = None
    #: The official customer-service number; never reported as personal data.
    support_phone: str | None = None
    timezone: str = "UTC"
    #: E-mail domains that count as internal (R7).
    internal_domains: list[str] = []
    core_values: list[Localized] = []
    about: Localized = {}

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/Warsaw)") from None
        return value


class LanguageSettings(Strict):
    default: LanguageCode = "en"
    supported: list[LanguageCode] = list(LANGUAGES)

    @model_validator(mode="after")
    def _default_is_supported(self) -> "LanguageSettings":
        if self.default not in self.supported:
            raise ValueError(f"default language {self.default!r} is not in supported")
        return self


class OfficialAccount(Strict):
    platform: str
    handle: str
    url: str | None = None
    #: The responsibility (key of ``responsibilities``) that runs it.
    owner: str | None = None


class Speakers(Strict):
    """Who may speak for the company (R1)."""

    #: strict: only the official team; open: trained employees may, and are encouraged to share.
    model: Literal["strict", "open"]
    spokesperson_roles: list[RoleName] = ["spokesperson", "communications_lead"]
    official_accounts: list[OfficialAccount] = []
    #: Open model: employees who passed training may answer customers on personal accounts.
    trained_employees_may_answer: bool = False
    statement: Localized = {}


class Guideline(Strict):
    """A "don't" with its "do" (R2), optionally tied to the rules that enforce it."""

    id: str
    dont: Localized
    do: Localized
    rules: list[str] = []
    why: Localized = {}


class ContextRules(Strict):
    """select/ignore for some channels and account types only."""

    channels: list[str] = []
    accounts: list[Literal["personal", "official"]] = []
    select: list[str] = []
    ignore: list[str] = []


class RuleSettings(Strict):
    #: Code prefixes (``PG2``, ``PG201``) or category names to run; ``PG`` is all.
    select: list[str] = ["PG"]
    ignore: list[str] = []
    per_context: list[ContextRules] = []
    #: Severity overrides per code.
    severity: dict[str, SeverityName] = {}
    #: Findings at or above this severity make the check fail (exit code 1, draft rejected).
    blocking_severity: SeverityName = "block"
    #: Run the model-based rules (PG450–PG499, PG650); false keeps the check rules-only and fast.
    models: bool = True
    #: A directory of heads from ``postguard model train --out DIR`` (e.g. adapted with the
    #: company's own examples); default: the heads bundled with postguard.
    model_heads: str | None = None
    #: Per category: a named level or a model threshold in (0, 1).
    strictness: dict[CategoryName, Strictness | Annotated[float, Field(gt=0, lt=1)]] = {}
    #: Extra forbidden words per language, added to the bundled lists.
    extra_profanity: dict[LanguageCode, list[str]] = {}
    #: Absolute claims are checked only where the policy says so (R4 "check facts").
    check_claims: bool = True
    #: A personal-account post about the company needs the disclosure.
    require_disclosure: bool = True


class Term(Strict):
    """A name that must not be shared, in each language it is written in."""

    name: str
    aliases: list[str] = []
    translations: Localized = {}
    note: Localized = {}
    #: The responsibility (key of ``responsibilities``) to ask about this term; named in suggestions.
    owner: str | None = None


def zone_aware(value: datetime | None, info: ValidationInfo) -> datetime | None:
    """A date or a time without a zone is meant in the organisation's time zone.

    The loader passes ``organisation.timezone`` as validation context; without it
    (a policy built in Python) UTC is assumed. Comparing with an aware publication time
    (``check --at``) then never fails and never shifts a launch by an hour.
    """
    if value is None or value.tzinfo is not None:
        return value
    name = (info.context or {}).get("timezone", "UTC")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return value.replace(tzinfo=zone)


class Product(Term):
    #: Unreleased until this moment; allowed from it (R3 embargo). A bare date means its
    #: midnight in the organisation's time zone.
    embargo_until: datetime | None = None

    @field_validator("embargo_until")
    @classmethod
    def _aware(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        return zone_aware(value, info)


class Competitor(Strict):
    name: str
    aliases: list[str] = []


class Sensitive(Strict):
    """What must never be shared (R3)."""

    confidential_projects: list[Term] = []
    unreleased_products: list[Product] = []
    internal_tools: list[Term] = []
    security_routines: list[Term] = []
    #: Financial results are embargoed until published.
    financial_results_embargo_until: datetime | None = None
    competitors: list[Competitor] = []
    #: Words that mark a document or e-mail as confidential ("internal only", "poufne").
    confidential_markers: dict[LanguageCode, list[str]] = {}

    @field_validator("financial_results_embargo_until")
    @classmethod
    def _aware(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        return zone_aware(value, info)


class EmailRules(Strict):
    """E-mail is covered too (R7)."""

    enabled: bool = True
    #: Confidential material (terms, markers, attachments named so) to an external domain.
    block_confidential_to_external: bool = True
    #: Attachment name patterns (glob) that are internal documents.
    confidential_attachment_patterns: list[str] = []
    #: Personal data of customers to external recipients.
    personal_data_to_external: SeverityName = "block"


class Contact(Strict):
    name: str
    role: str | None = None
    department: str | None = None
    email: str | None = None
    phone: str | None = None


class Responsibility(Strict):
    """Who owns an area (R6): a person or a department, with contact."""

    title: Localized
    owner: Contact


class SituationPlaybook(Strict):
    """How to respond to a situation (R5): the owner, the deadline and the standard reply."""

    owner: str
    escalate: bool = False
    #: Response deadline in business hours.
    respond_within_hours: float = Field(default=24, gt=0)
    guidance: Localized = {}
    #: Placeholders: {customer_name}, {support_url}, {case_number}, {company}, {agent_name}.
    response: Localized = {}


class Availability(Strict):
    """Official availability (R12): outside these hours an acknowledgement is sent."""

    timezone: str = "UTC"
    #: ``mon``..``sun`` -> list of "HH:MM-HH:MM" ranges; a missing day is closed.
    hours: dict[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], list[TimeRange]] = {}
    holidays: list[date] = []
    acknowledgement: Localized = {}

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return Organisation._known_zone(value)


class Moderation(Strict):
    """Who may hide, delete and restore posts (R16); a reason is always required."""

    hide: list[RoleName] = ["communications_lead", "spokesperson"]
    delete: list[RoleName] = ["communications_lead"]
    restore: list[RoleName] = ["communications_lead", "admin"]
    notify_author: bool = True


class Review(Strict):
    """How drafts submitted to the service are reviewed (R10)."""

    #: A draft without findings is approved at once for these account types; others queue.
    auto_approve: list[Literal["personal", "official"]] = ["personal", "official"]
    #: Official-account drafts auto-approve only for these roles (strict speaker model: the team).
    official_auto_approve_roles: list[RoleName] = ["spokesperson", "communications_lead", "admin"]


class Advocacy(Strict):
    """Employee advocacy (R17–R19)."""

    enabled: bool = True
    #: Text an employee adds when sharing company content on a personal profile.
    disclosure: Localized = {}
    #: Patterns accepted as a disclosure (``#employee``, ``I work at``), per language.
    disclosure_patterns: dict[LanguageCode, list[str]] = {}
    campaign_hashtags: list[str] = []
    #: The company's products and brands: a personal post promoting them needs the disclosure.
    products: list[str] = []
    #: Tags and mentions that marketing has approved.
    approved_mentions: list[str] = []


class Training(Strict):
    pass_mark: float = Field(default=0.8, gt=0, le=1)
    questions: int = Field(default=10, ge=1, le=100)
    #: Candidates acknowledge the policy before hiring (R8).
    candidates_must_acknowledge: bool = True


class Redirect(Strict):
    """Customers on employees' private profiles are sent to company channels (R11)."""

    reply: Localized = {}
    owner: str = "customer_service"


class Limits(Strict):
    """Thresholds of the spam rules and the campaign detector."""

    max_hashtags: int = Field(default=5, ge=0)
    max_mentions: int = Field(default=5, ge=0)
    max_links: int = Field(default=3, ge=0)
    max_caps_ratio: float = Field(default=0.7, gt=0, le=1)
    #: The same word (three letters or more) or sentence at most this many times in a row.
    max_repeats: int = Field(default=3, ge=1)
    #: The same emoji at most this many times in a row.
    max_repeated_emoji: int = Field(default=5, ge=1)
    max_quote_words: int = Field(default=60, ge=1)
    #: Campaign detection: an incident opens at this many coordinated accounts.
    campaign_min_accounts: int = Field(default=4, ge=2)
    campaign_window_hours: float = Field(default=24, gt=0)
    #: A wave of comments ends when its thread is quiet this long.
    campaign_quiet_hours: float = Field(default=6, gt=0)
    #: How long the detector remembers accounts and waves (its memory is bounded by this).
    campaign_memory_days: float = Field(default=45, gt=0)
    #: Similarity (Jaccard of character 4-grams) from which two comments count as paraphrases.
    campaign_similarity: float = Field(default=0.3, gt=0, le=1)
    #: Accounts younger than this many days are a reason (never alone enough).
    campaign_young_account_days: int = Field(default=90, ge=0)
    #: The responsibility (key of ``responsibilities``) that owns campaign incidents.
    campaign_owner: str = "communications"
    #: The incident playbook; empty means the bundled text in each language.
    campaign_playbook: dict[LanguageCode, str] = {}


class Policy(Strict):
    """A whole policy file."""

    version: Literal[1] = SCHEMA_VERSION
    policy: PolicyMeta
    organisation: Organisation
    languages: LanguageSettings = LanguageSettings()
    speakers: Speakers
    guidelines: list[Guideline] = []
    rules: RuleSettings = RuleSettings()
    sensitive: Sensitive = Sensitive()
    email: EmailRules = EmailRules()
    #: Key (``legal``, ``communications``, ``customer_service`` …) -> owner.
    responsibilities: dict[str, Responsibility] = {}
    #: The responsibility that is finally responsible for online communication (R6).
    final_responsibility: str | None = None
    situations: dict[Situation, SituationPlaybook] = {}
    availability: Availability = Availability()
    moderation: Moderation = Moderation()
    review: Review = Review()
    advocacy: Advocacy = Advocacy()
    training: Training = Training()
    redirect: Redirect = Redirect()
    limits: Limits = Limits()
    #: Personal social media use during working hours (R20); rendered, never monitored.
    working_time: Localized = {}

    @property
    def name(self) -> str:
        return self.policy.name

    @property
    def revision(self) -> str:
        return self.policy.revision

    def text(self, localized: Localized, language: str) -> str:
        """The text in ``language``, else the policy's default language, else any."""
        if language in localized:
            return localized[language]  # type: ignore[index]
        if self.languages.default in localized:
            return localized[self.languages.default]
        return next(iter(localized.values()), "")
