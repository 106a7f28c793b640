"""Which rules run for a draft: one pure class, like flake8's DecisionEngine.

A rule runs when the most specific matching ``select`` entry is longer than the most
specific matching ``ignore`` entry (prefix length decides, as in ruff), where entries are
code prefixes (``PG``, ``PG2``, ``PG201``) or category names (``conduct``), and the
policy's ``per_context`` entries for the draft's channel and account add to both lists.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..policy.schema import CATEGORIES, RuleSettings
from .base import Rule


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...]
    ignore: tuple[str, ...]

    @classmethod
    def for_context(cls, settings: RuleSettings, channel: str, account: str) -> "Selection":
        select, ignore = list(settings.select), list(settings.ignore)
        for extra in settings.per_context:
            if (not extra.channels or channel in extra.channels) and (not extra.accounts or account in extra.accounts):
                select += extra.select
                ignore += extra.ignore
        return cls(tuple(select), tuple(ignore))

    @staticmethod
    def _specificity(entries: tuple[str, ...], rule: Rule) -> int:
        best = -1
        for entry in entries:
            if entry in CATEGORIES:
                if rule.category.value == entry:
                    best = max(best, 2)  # a category is as specific as a family prefix
            elif rule.code.startswith(entry.upper()):
                best = max(best, len(entry))
        return best

    def enabled(self, rule: Rule) -> bool:
        selected = self._specificity(self.select, rule)
        return selected >= 0 and selected > self._specificity(self.ignore, rule)
