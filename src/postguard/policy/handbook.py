"""The employee handbook as data: sections of blocks, in one language, built from a policy.

``render.py`` lays it out as Markdown or HTML; the web interface can show the same
structure. Headings and fixed phrases come from ``data/handbook/<lang>.yaml``, the
policy's own texts from its ``Localized`` fields (falling back to the policy's default
language, marked with that language so a browser shows it the right way round). A
section the policy leaves empty is left out, never printed with a heading and nothing
under it. Dates are formatted for the language with Babel, in the organisation's zone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_percent
from ruamel.yaml import YAML

from ..errors import UsageError
from ..languages import BABEL_LOCALES, LANGUAGES, direction
from .loader import bundled_text
from .names import in_language, responsibility_name
from .schema import Localized, Policy

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is really written in."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Paragraph:
    text: Text
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[Text, ...]
    title: Text | None = None
    kind: str = "bullets"


@dataclass(frozen=True)
class DoDont:
    dont: Text
    do: Text
    why: Text | None
    labels: dict[str, str]
    kind: str = "dodont"


@dataclass(frozen=True)
class SituationBlock:
    title: str
    facts: tuple[Text, ...]
    guidance: Text | None
    response: Text | None
    labels: dict[str, str]
    kind: str = "situation"


@dataclass(frozen=True)
class ContactBlock:
    title: Text
    lines: tuple[str, ...]
    kind: str = "contact"


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Handbook:
    language: str
    direction: str
    title: str
    subtitle: str
    effective: str | None
    contents_label: str
    intro: Text | None
    sections: tuple[Section, ...]


@lru_cache(maxsize=None)
def phrases(language: str) -> dict[str, Any]:
    """The handbook's fixed phrases in ``language`` (``data/handbook/<lang>.yaml``)."""
    if language not in LANGUAGES:
        raise UsageError(f"no handbook in {language!r}; choose one of {', '.join(LANGUAGES)}")
    return YAML(typ="safe", pure=True).load(bundled_text("handbook", f"{language}.yaml"))


def format_moment(moment: datetime | date, language: str, zone: str) -> str:
    """A date, or a date and time, the way a reader of ``language`` writes it."""
    locale = BABEL_LOCALES[language]
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(ZoneInfo(zone))
        day = format_date(moment.date(), format="long", locale=locale)
        if moment.time() == time(0, 0):
            return day
        return f"{day}, {format_time(moment, format='short', locale=locale)}"
    return format_date(moment, format="long", locale=locale)


class _Builder:
    def __init__(self, policy: Policy, language: str):
        self.policy = policy
        self.language = language
        self.words = phrases(language)
        self.zone = policy.organisation.timezone

    def text(self, localized: Localized) -> Text | None:
        found = in_language(self.policy, localized, self.language)
        return Text(*found) if found else None

    def own(self, phrase: str) -> Text:
        return Text(phrase, self.language)

    def roles(self, roles: list[str]) -> str:
        return ", ".join(self.words["roles"].get(role, role) for role in roles)

    def owner_name(self, key: str) -> str:
        return str(responsibility_name(self.policy, key, self.language))

    def fill(self, response: Text | None) -> Text | None:
        """A standard response with the company's name and support page filled in; the rest stay placeholders."""
        if response is None:
            return None
        organisation = self.policy.organisation
        filled = response.text.replace("{company}", organisation.name).replace("{support_url}", organisation.support_url)
        return Text(filled, response.lang)

    # -- sections ------------------------------------------------------------------

    def values(self) -> list[Any]:
        items = tuple(t for t in (self.text(v) for v in self.policy.organisation.core_values) if t)
        return [Bullets(items)] if items else []

    def speakers(self) -> list[Any]:
        words, speakers = self.words["speakers"], self.policy.speakers
        blocks: list[Any] = [Paragraph(self.own(words[speakers.model]))]
        if speakers.model == "open" and speakers.trained_employees_may_answer:
            blocks.append(Paragraph(self.own(words["trained_may_answer"])))
        statement = self.text(speakers.statement)
        if statement:
            blocks.append(Paragraph(statement))
        if speakers.spokesperson_roles:
            blocks.append(Paragraph(self.own(words["roles"].format(roles=self.roles(speakers.spokesperson_roles)))))
        accounts = tuple(
            Text(f"{a.platform}: {a.handle}" + (f" ({a.url})" if a.url else ""), self.language)
            for a in speakers.official_accounts
        )
        if accounts:
            blocks.append(Bullets(accounts, self.own(words["official_accounts"])))
        return blocks

    def guidelines(self) -> list[Any]:
        labels = self.words["guidelines"]
        blocks = []
        for guideline in self.policy.guidelines:
            dont, do = self.text(guideline.dont), self.text(guideline.do)
            if dont and do:
                blocks.append(DoDont(dont, do, self.text(guideline.why), labels))
        return blocks

    def never_share(self) -> list[Any]:
        words, sensitive = self.words["never_share"], self.policy.sensitive
        blocks: list[Any] = []
        for kind in ("confidential_projects", "unreleased_products", "internal_tools", "security_routines"):
            items = []
            for term in getattr(sensitive, kind):
                name = term.translations.get(self.language, term.name)  # type: ignore[call-overload]
                line = name if name == term.name else f"{name} ({term.name})"
                embargo = getattr(term, "embargo_until", None)
                if embargo is not None:
                    line += " – " + words["embargo"].format(date=format_moment(embargo, self.language, self.zone))
                note = self.text(term.note)
                if note:
                    line += f": {note}"
                items.append(self.own(line))
            if items:
                blocks.append(Bullets(tuple(items), self.own(words[kind])))
        if sensitive.financial_results_embargo_until:
            moment = format_moment(sensitive.financial_results_embargo_until, self.language, self.zone)
            blocks.append(Paragraph(self.own(words["financial_results"].format(date=moment))))
        markers = sensitive.confidential_markers.get(self.language) or sensitive.confidential_markers.get(  # type: ignore[call-overload]
            self.policy.languages.default)
        if markers:
            blocks.append(Bullets(tuple(self.own(f"“{m}”") for m in markers), self.own(words["markers"])))
        if sensitive.competitors:
            names = tuple(self.own(c.name) for c in sensitive.competitors)
            blocks.append(Bullets(names, self.own(words["competitors"])))
        return blocks

    def situations(self) -> list[Any]:
        words = self.words["situations"]
        blocks: list[Any] = []
        redirect = self.text(self.policy.redirect.reply)
        if redirect:
            owner = self.owner_name(self.policy.redirect.owner)
            blocks.append(Paragraph(self.own(words["redirect"].format(owner=owner))))
            blocks.append(Paragraph(self.fill(redirect)))
        labels = {"guidance": words["guidance"], "response": words["response"]}
        for name, book in self.policy.situations.items():
            facts = [self.own(f"{words['owner']}: {self.owner_name(book.owner)}"),
                     self.own(words["deadline_one" if book.respond_within_hours == 1 else "deadline"].format(
                         hours=f"{book.respond_within_hours:g}"))]
            if book.escalate:
                facts.append(self.own(words["escalate"]))
            blocks.append(SituationBlock(words["names"][name], tuple(facts), self.text(book.guidance),
                                         self.fill(self.text(book.response)), labels))
        return blocks

    def responsibilities(self) -> list[Any]:
        words = self.words["responsibilities"]
        blocks: list[Any] = []
        final = self.policy.final_responsibility
        if final and final in self.policy.responsibilities:
            owner = self.policy.responsibilities[final]
            title = self.text(owner.title) or Text(final, self.language)
            blocks.append(Paragraph(self.own(words["final"].format(title=title, name=owner.owner.name))))
        for key, responsibility in self.policy.responsibilities.items():
            contact = responsibility.owner
            lines = [", ".join(p for p in (contact.name, contact.role, contact.department) if p)]
            if contact.email:
                lines.append(f"{words['email']}: {contact.email}")
            if contact.phone:
                lines.append(f"{words['phone']}: {contact.phone}")
            blocks.append(ContactBlock(self.text(responsibility.title) or Text(key, self.language), tuple(lines)))
        return blocks

    def moderation(self) -> list[Any]:
        words, moderation = self.words["moderation"], self.policy.moderation
        lines = [words[action].format(roles=self.roles(getattr(moderation, action)))
                 for action in ("hide", "delete", "restore") if getattr(moderation, action)]
        if not lines:
            return []
        lines.append(words["reason"])
        if moderation.notify_author:
            lines.append(words["notify_author"])
        return [Bullets(tuple(self.own(line) for line in lines))]

    def email(self) -> list[Any]:
        words, email = self.words["email"], self.policy.email
        if not email.enabled:
            return []
        lines = [words["covered"]]
        if self.policy.organisation.internal_domains:
            lines.append(words["internal_domains"].format(domains=", ".join(self.policy.organisation.internal_domains)))
        if email.block_confidential_to_external:
            lines.append(words["confidential_to_external"])
        if email.confidential_attachment_patterns:
            lines.append(words["attachments"].format(patterns=", ".join(email.confidential_attachment_patterns)))
        if email.personal_data_to_external == "block":
            lines.append(words["personal_data"])
        return [Bullets(tuple(self.own(line) for line in lines))]

    def advocacy(self) -> list[Any]:
        words, advocacy = self.words["advocacy"], self.policy.advocacy
        if not advocacy.enabled:
            return []
        blocks: list[Any] = []
        disclosure = self.text(advocacy.disclosure)
        if disclosure:
            blocks += [Paragraph(self.own(words["disclosure"])), Paragraph(disclosure)]
        if advocacy.campaign_hashtags:
            blocks.append(Bullets(tuple(self.own(h) for h in advocacy.campaign_hashtags), self.own(words["hashtags"])))
        if advocacy.approved_mentions:
            blocks.append(Bullets(tuple(self.own(m) for m in advocacy.approved_mentions), self.own(words["mentions"])))
        return blocks

    def availability(self) -> list[Any]:
        words, availability = self.words["availability"], self.policy.availability
        if not availability.hours:
            return []
        days = self.words["days"]
        lines = tuple(self.own(f"{days[d]}: {', '.join(availability.hours.get(d, [])) or words['closed']}")  # type: ignore[call-overload]
                      for d in _DAYS)
        blocks: list[Any] = [Bullets(lines, self.own(words["intro"].format(timezone=availability.timezone)))]
        if availability.holidays:
            holidays = tuple(self.own(format_moment(d, self.language, self.zone)) for d in availability.holidays)
            blocks.append(Bullets(holidays, self.own(words["holidays"])))
        acknowledgement = self.text(availability.acknowledgement)
        if acknowledgement:
            blocks += [Paragraph(self.own(words["acknowledgement"])), Paragraph(self.fill(acknowledgement))]
        return blocks

    def training(self) -> list[Any]:
        words, training = self.words["training"], self.policy.training
        percent = format_percent(training.pass_mark, locale=BABEL_LOCALES[self.language])
        lines = [words["quiz"].format(questions=training.questions, percent=percent)]
        if training.candidates_must_acknowledge:
            lines.append(words["candidates"])
        return [Paragraph(self.own(line)) for line in lines]

    def working_time(self) -> list[Any]:
        text = self.text(self.policy.working_time)
        if not text:
            return []
        # Said in postguard's own words, whatever the policy's text says (R20).
        return [Paragraph(text), Paragraph(self.own(self.words["working_time"]["not_monitored"]))]


#: Section order in the handbook.
SECTIONS = ("values", "speakers", "guidelines", "never_share", "situations", "responsibilities",
            "moderation", "email", "advocacy", "availability", "training", "working_time")


def build_handbook(policy: Policy, language: str) -> Handbook:
    """The handbook of ``policy`` in ``language``; sections the policy leaves empty are left out."""
    builder = _Builder(policy, language)
    words = builder.words
    organisation = policy.organisation.name
    sections = []
    for section_id in SECTIONS:
        blocks = getattr(builder, section_id)()
        if blocks:
            sections.append(Section(section_id, words["sections"][section_id].format(organisation=organisation), blocks))
    effective = policy.policy.effective
    return Handbook(
        language=language,
        direction=direction(language),
        title=words["title"].format(organisation=organisation),
        subtitle=words["revision"].format(name=policy.name, revision=policy.revision),
        effective=words["effective"].format(date=format_moment(effective, language, builder.zone)) if effective else None,
        contents_label=words["contents"],
        intro=builder.text(policy.organisation.about),
        sections=tuple(sections),
    )
