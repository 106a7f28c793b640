"""The employee handbook as the Policy page shows it, in one of the six languages.

Interim: the policy package's own handbook renderer (``postguard.policy.render``) is being
written; until it lands this module lays the policy's sections out itself. Headings come
from the interface's catalogue *in the handbook's language* (a Hebrew handbook is Hebrew
throughout, whatever the interface language), the texts from the policy's ``Localized``
fields. A text the policy lacks in that language falls back to the policy's default
language and is marked with its own ``lang`` so screen readers and the browser's direction
handling stay right.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..languages import direction
from ..policy.schema import Localized, Policy
from . import labels
from .i18n import Translator


@dataclass(frozen=True)
class Text:
    """A piece of policy text and the language it is really written in."""

    text: str
    lang: str

    @property
    def dir(self) -> str:
        return direction(self.lang)


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[Text] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    #: How the template lays the items out: "list", "guidelines", "contacts", "situations".
    layout: str = "list"


def localized(policy: Policy, values: Localized, language: str) -> Text | None:
    if not values:
        return None
    if language in values:
        return Text(values[language], language)  # type: ignore[index]
    fallback = policy.languages.default if policy.languages.default in values else next(iter(values))
    return Text(values[fallback], fallback)  # type: ignore[index]


def handbook(policy: Policy, language: str) -> dict[str, Any]:
    """The sections of the handbook in ``language``; empty sections are left out."""
    _ = Translator(language)
    text = lambda values: localized(policy, values, language)  # noqa: E731
    sections = [
        _speakers(policy, _, text),
        _guidelines(policy, _, text),
        _never_share(policy, _),
        _customers(policy, _, text),
        _contacts(policy, _, text),
        _working_time(policy, _, text),
    ]
    intro = [t for t in (text(policy.organisation.about),) if t]
    return {
        "title": _("%(organisation)s: social media handbook", organisation=policy.organisation.name),
        "revision": _("Policy %(name)s, revision %(revision)s", name=policy.name, revision=policy.revision),
        "effective": policy.policy.effective.isoformat() if policy.policy.effective else None,
        "effective_label": _("In force from"),
        "intro": intro,
        "sections": [s for s in sections if s.paragraphs or s.items],
        "contents_label": _("Contents"),
    }


def _speakers(policy: Policy, _: Translator, text) -> Section:
    section = Section("speakers", _("Who speaks for %(organisation)s", organisation=policy.organisation.name))
    if policy.speakers.model == "strict":
        section.paragraphs.append(Text(_("Only the communications team speaks for the company. "
                                         "On your own profiles you speak for yourself, never on the company's behalf."),
                                       _.language))
    else:
        section.paragraphs.append(Text(_("Everyone may talk about their work, and we encourage it. "
                                         "Say that you work here, speak for yourself, and leave official answers to the communications team."),
                                       _.language))
    if policy.speakers.trained_employees_may_answer:
        section.paragraphs.append(Text(_("Employees who passed the training may answer customers on their personal accounts."),
                                       _.language))
    statement = text(policy.speakers.statement)
    if statement:
        section.paragraphs.append(statement)
    section.items = [f"{a.platform}: {a.handle}" for a in policy.speakers.official_accounts]
    return section


def _guidelines(policy: Policy, _: Translator, text) -> Section:
    section = Section("guidelines", _("Do and don't"), layout="guidelines")
    section.items = [
        {"dont": text(g.dont), "do": text(g.do), "why": text(g.why),
         "dont_label": _("Don't"), "do_label": _("Do instead"), "why_label": _("Why")}
        for g in policy.guidelines
    ]
    return section


def _never_share(policy: Policy, _: Translator) -> Section:
    sensitive = policy.sensitive
    section = Section("never-share", _("Never share"), layout="terms")
    groups = [
        (_("Confidential projects"), [t.name for t in sensitive.confidential_projects]),
        (_("Unreleased products"), [p.name for p in sensitive.unreleased_products]),
        (_("Internal tools"), [t.name for t in sensitive.internal_tools]),
        (_("Security routines"), [t.name for t in sensitive.security_routines]),
    ]
    section.items = [{"label": label, "names": names} for label, names in groups if names]
    if sensitive.financial_results_embargo_until:
        section.paragraphs.append(Text(
            _("Financial results stay internal until %(date)s.", date=sensitive.financial_results_embargo_until.date().isoformat()),
            _.language))
    return section


def _customers(policy: Policy, _: Translator, text) -> Section:
    section = Section("customers", _("When customers contact you"), layout="situations")
    redirect = text(policy.redirect.reply)
    if redirect:
        section.paragraphs.append(Text(_("If a customer writes to your personal profile, answer like this:"), _.language))
        section.paragraphs.append(redirect)
    section.items = [
        {"situation": labels.label(labels.SITUATIONS, key, _), "guidance": text(playbook.guidance),
         "hours": _("Answer within %(hours)s business hours", hours=f"{playbook.respond_within_hours:g}")}
        for key, playbook in policy.situations.items()
    ]
    return section


def _contacts(policy: Policy, _: Translator, text) -> Section:
    section = Section("contacts", _("Who to ask"), layout="contacts")
    for key, responsibility in policy.responsibilities.items():
        owner = responsibility.owner
        section.items.append({
            "title": text(responsibility.title),
            "name": owner.name,
            "details": [d for d in (owner.role, owner.department, owner.email, owner.phone) if d],
            "final": key == policy.final_responsibility,
            "final_label": _("Finally responsible for online communication"),
        })
    return section


def _working_time(policy: Policy, _: Translator, text) -> Section:
    section = Section("working-time", _("Social media during working hours"))
    body = text(policy.working_time)
    if body:
        from ..policy.handbook import phrases

        # postguard's own promise (R20), in the handbook's language whatever the policy says.
        section.paragraphs += [body, Text(phrases(_.language)["working_time"]["not_monitored"], _.language)]
    return section
