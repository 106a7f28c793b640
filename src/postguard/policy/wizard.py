"""The policy wizard (R9): a needs-analysis questionnaire whose answers become a starter policy.

The answers pick a template (``strict`` when only the official team speaks for the company,
``open`` when trained employees may) and fill it in: organisation, channels, languages,
competitors, availability hours, who is responsible, sensitive names, and settings that follow
from the company's size and whether its industry is regulated. The result is the template's
YAML, comments kept, and it validates like any policy file (:func:`write_policy` checks it).

The questions and their texts live in ``data/wizard/<lang>.yaml`` in six languages; the CLI
(``postguard policy wizard``) and the web page ask the same questions from there.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML

from ..errors import PolicyError, Problem, UsageError
from ..languages import LANGUAGES, normalise_language
from .diagnostics import problems_from_validation
from .loader import bundled_text, check_policy_text, dump_yaml, parse_yaml
from .positions import to_plain

PLATFORMS = ("linkedin", "facebook", "instagram", "x", "tiktok", "youtube")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
_PLATFORM_URLS = {"linkedin": "https://www.linkedin.com/company/{slug}", "facebook": "https://www.facebook.com/{slug}",
                  "instagram": "https://www.instagram.com/{slug}", "x": "https://x.com/{slug}",
                  "tiktok": "https://www.tiktok.com/@{slug}", "youtube": "https://www.youtube.com/@{slug}"}


class WizardAnswers(BaseModel):
    """The questionnaire's answers; every one but the company's name has a default."""

    model_config = ConfigDict(extra="forbid")

    company: str = Field(min_length=1, max_length=200)
    website: str = Field(default="", max_length=300)
    support_url: str = Field(default="", max_length=300)
    size: Literal["small", "medium", "large"] = "medium"
    speakers: Literal["official_team", "trained_employees"] = "official_team"
    channels: list[Literal["linkedin", "facebook", "instagram", "x", "tiktok", "youtube"]] = ["linkedin"]
    regulated: Literal["none", "finance", "health", "energy", "public", "other"] = "none"
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)
    default_language: str | None = None
    competitors: list[str] = []
    timezone: str = "Europe/Oslo"
    hours: str = "08:00-16:00"
    days: Literal["weekdays", "sun_thu", "every_day"] = "weekdays"
    responsible_name: str = Field(default="", max_length=200)
    responsible_email: str = Field(default="", max_length=320)
    covers_email: bool = True
    advocacy: bool | None = None
    working_time: bool = True
    confidential_projects: list[str] = []
    unreleased_products: list[str] = []
    internal_tools: list[str] = []

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        codes = []
        for tag in value:
            code = normalise_language(tag)
            if code is None:
                raise ValueError(f"{tag!r} is not one of {', '.join(LANGUAGES)}")
            codes.append(code)
        return list(dict.fromkeys(codes))

    @field_validator("default_language")
    @classmethod
    def _default(cls, value: str | None) -> str | None:
        if value is not None and normalise_language(value) is None:
            raise ValueError(f"{value!r} is not one of {', '.join(LANGUAGES)}")
        return normalise_language(value) if value else None

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        if not _HOURS.match(value.strip()):
            raise ValueError("write opening hours as HH:MM-HH:MM, e.g. 08:00-16:00")
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Oslo") from None
        return value

    @field_validator("competitors", "confidential_projects", "unreleased_products", "internal_tools")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [name.strip() for name in value if name.strip()]

    @property
    def template(self) -> str:
        return "open" if self.speakers == "trained_employees" else "strict"


#: The questions in the order they are asked: answer name -> (kind, default). Kinds: text,
#: choice (labels under ``choices`` in the texts), list (comma-separated), bool.
QUESTIONS: dict[str, tuple[str, Any]] = {
    "company": ("text", None), "website": ("text", ""), "support_url": ("text", ""),
    "size": ("choice", "medium"), "speakers": ("choice", "official_team"), "channels": ("list", ["linkedin"]),
    "regulated": ("choice", "none"), "languages": ("list", list(LANGUAGES)), "default_language": ("text", "en"),
    "competitors": ("list", []), "timezone": ("text", "Europe/Oslo"), "hours": ("text", "08:00-16:00"),
    "days": ("choice", "weekdays"), "responsible_name": ("text", ""), "responsible_email": ("text", ""),
    "covers_email": ("bool", True), "advocacy": ("bool", False), "working_time": ("bool", True),
    "confidential_projects": ("list", []), "unreleased_products": ("list", []), "internal_tools": ("list", []),
}


@lru_cache(maxsize=None)
def wizard_texts(language: str) -> dict[str, Any]:
    """The questionnaire in ``language``: title, intro, each question's label and help, choice labels."""
    if language not in LANGUAGES:
        raise UsageError(f"no wizard in {language!r}; choose one of {', '.join(LANGUAGES)}")
    return YAML(typ="safe", pure=True).load(bundled_text("wizard", f"{language}.yaml"))


def read_answers(text: str, filename: str = "answers.yaml") -> WizardAnswers:
    """Answers from YAML; every problem is reported as file:line:column like a policy's."""
    document = parse_yaml(text, filename)
    if not isinstance(document, dict):
        raise PolicyError([Problem(filename, 1, 1, "", "the answers are a mapping of question: answer")])
    plain = to_plain(document)
    known = WizardAnswers.model_fields
    unknown = [Problem(filename, *_key_position(document, key), str(key),
                       f"unknown question {key!r}; the questions are: {', '.join(known)}")
               for key in plain if key not in known]
    try:
        answers = WizardAnswers.model_validate({k: v for k, v in plain.items() if k in known})
    except ValidationError as exc:
        raise PolicyError(sorted(unknown + problems_from_validation(exc, document, filename),
                                 key=lambda p: (p.line, p.column))) from None
    if unknown:
        raise PolicyError(unknown)
    return answers


def _key_position(document: Any, key: str) -> tuple[int, int]:
    line, column = document.lc.key(key)
    return line + 1, column + 1


def _domain(answers: WizardAnswers) -> str:
    for source in (answers.website, answers.responsible_email.partition("@")[2]):
        host = re.sub(r"^[a-z]+://", "", source.strip().lower()).split("/")[0].removeprefix("www.")
        if "." in host:
            return host
    return re.sub(r"[^a-z0-9]+", "", answers.company.lower())[:40] + ".example"


def _slug(company: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", company.lower()) or "company"


def build_policy(answers: WizardAnswers, *, today: date | None = None) -> str:
    """The starter policy as YAML text (the template's comments kept)."""
    domain = _domain(answers)
    source = bundled_text("templates", f"{answers.template}.yaml")
    body = source[source.index("\nversion:") + 1:]  # the template's "fill in the Example values" header goes
    source = (f"# {answers.company}: starter policy written by `postguard policy wizard` from a needs analysis\n"
              f"# (template: {answers.template}). Refine it, then run\n"
              "#   postguard policy validate policy.yaml\n"
              "#   postguard policy render policy.yaml --lang en --format html --output handbook.html\n" + body)
    source = source.replace("Example Company", answers.company.replace('"', "'")).replace("example.com", domain)
    doc = parse_yaml(source, f"{answers.template}.yaml")

    website = answers.website.strip() or f"https://www.{domain}"
    meta, org = doc["policy"], doc["organisation"]
    meta["name"] = wizard_texts(answers.default_language or answers.languages[0])["policy_name"].format(
        company=answers.company)
    meta["revision"] = "1"
    meta["effective"] = today or date.today()
    meta["owner"] = answers.responsible_name or "Communications"
    org["website"] = website
    org["support_url"] = answers.support_url.strip() or website.rstrip("/") + "/help"
    org["timezone"] = answers.timezone
    org["internal_domains"] = [domain]

    default = answers.default_language or answers.languages[0]
    supported = list(dict.fromkeys([default, *answers.languages]))
    doc["languages"]["default"] = default
    doc["languages"]["supported"] = supported

    slug = _slug(answers.company)
    doc["speakers"]["official_accounts"] = [
        {"platform": p, "handle": answers.company, "url": _PLATFORM_URLS[p].format(slug=slug), "owner": "communications"}
        for p in answers.channels]

    sensitive = doc["sensitive"]
    sensitive["competitors"] = [{"name": name} for name in answers.competitors]
    sensitive["confidential_projects"] = [{"name": name} for name in answers.confidential_projects]
    sensitive["unreleased_products"] = [{"name": name} for name in answers.unreleased_products]
    sensitive["internal_tools"] = [{"name": name} for name in answers.internal_tools]

    doc["email"]["enabled"] = answers.covers_email
    owner = doc["responsibilities"]["communications"]["owner"]
    owner["name"] = answers.responsible_name or "Communications"
    owner["email"] = answers.responsible_email or f"communications@{domain}"
    for key in ("legal", "security", "hr"):  # a department until a person is named
        contact = doc["responsibilities"][key]["owner"]
        contact["name"] = contact.get("department", key)
        contact.pop("role", None)

    availability = doc["availability"]
    availability["timezone"] = answers.timezone
    open_days = {"weekdays": DAYS[:5], "sun_thu": ("sun", *DAYS[:4]), "every_day": DAYS}[answers.days]
    availability["hours"] = {day: [answers.hours] for day in open_days}
    availability["holidays"] = []

    regulated = answers.regulated != "none"
    doc["training"]["questions"] = {"small": 8, "medium": 10, "large": 15}[answers.size]
    doc["training"]["pass_mark"] = 0.9 if regulated else 0.8
    if regulated or answers.size == "large":
        # Official posts of a regulated or large company are read by a second person first.
        doc.setdefault("review", {})["auto_approve"] = ["personal"]

    advocacy = doc["advocacy"]
    advocacy["enabled"] = answers.advocacy if answers.advocacy is not None else answers.template == "open"
    advocacy["campaign_hashtags"] = [f"#{answers.company.title().replace(' ', '')}"] if advocacy["enabled"] else []
    if not answers.working_time and "working_time" in doc:
        del doc["working_time"]
    return dump_yaml(doc)


def write_policy(answers: WizardAnswers, *, today: date | None = None) -> str:
    """:func:`build_policy`, checked as ``postguard policy validate`` would check it."""
    text = build_policy(answers, today=today)
    check_policy_text(text, "wizard-policy.yaml")  # a wizard that writes an invalid policy is a bug
    return text
