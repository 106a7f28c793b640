"""How a policy's keys read to a person: a responsibility (``customer_service``) by its title in the
reader's language and the person who holds it, as the handbook writes it.

A title the policy has not written in the reader's language falls back to the policy's default
language, else to any it has; the language it is really in goes with it, so a page can mark it
(``lang``) and show it the right way round.
"""
from __future__ import annotations

from dataclasses import dataclass

from .schema import Localized, Policy


def in_language(policy: Policy, localized: Localized, language: str) -> tuple[str, str] | None:
    """(text, its language): in ``language``, else the policy's default language, else any; None when empty."""
    if not localized:
        return None
    if language in localized:
        return localized[language], language  # type: ignore[index]
    fallback = policy.languages.default if policy.languages.default in localized else next(iter(localized))
    return localized[fallback], fallback  # type: ignore[index]


@dataclass(frozen=True)
class ResponsibilityName:
    """A responsibility as a person reads it. ``title`` and ``person`` are None when the policy does
    not name the key (a conversation triaged under an older policy version, say)."""

    key: str
    title: str | None
    title_language: str | None
    person: str | None

    def __str__(self) -> str:
        """``Customer service (Marta Zielińska)``; the person alone without a title; the key when unknown."""
        if self.title and self.person:
            return f"{self.title} ({self.person})"
        return self.title or self.person or self.key


def responsibility_name(policy: Policy, key: str, language: str) -> ResponsibilityName:
    """``key`` (a key of the policy's ``responsibilities``) by its title in ``language`` and its owner's name."""
    responsibility = policy.responsibilities.get(key)
    if responsibility is None:
        return ResponsibilityName(key, None, None, None)
    title = in_language(policy, responsibility.title, language)
    return ResponsibilityName(key, title[0] if title else None, title[1] if title else None,
                              responsibility.owner.name or None)
