"""A sentence kept as data: a stable code with the params it is filled with, said in any first-class language.

What the inbox decides on its own is stored and logged this way (``{"code": ..., "params": {...}}``)
so each reader can read it later in their own language: a family of codes is a subclass that
names its labels' prefix (``kind``, ``assignment.<code>`` in ``output/labels.py``) and its codes.
Stored data from before a family had codes (English text only) and codes this version does not
know are shown as stored: :meth:`Coded.said_again` answers None for them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from ..languages import LANGUAGES
from ..output.labels import label


@dataclass(frozen=True)
class Coded:
    #: The family, as the labels' prefix ("assignment", "failure").
    kind: ClassVar[str] = ""
    #: Every code of the family; stable, because stored rows and audit events name them.
    codes: ClassVar[frozenset[str]] = frozenset()

    code: str
    #: The values the sentence is filled with: plain JSON values (names, numbers, times).
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in self.codes:
            raise ValueError(f"unknown {self.kind} code {self.code!r}; known: {', '.join(sorted(self.codes))}")

    def text(self, language: str) -> str:
        """The sentence in ``language`` (English for a language that is not first-class)."""
        return label(f"{self.kind}.{self.code}", language if language in LANGUAGES else "en").format_map(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(data["code"], dict(data.get("params") or {}))

    @classmethod
    def said_again(cls, coded: Any, language: str) -> str | None:
        """Stored ``{"code", "params"}`` said in ``language``; None when there is none (a row or event from
        before codes) or this version cannot say it (an unknown code, a missing param)."""
        if not isinstance(coded, Mapping):
            return None
        try:
            return cls.from_dict(coded).text(language)
        except (KeyError, TypeError, ValueError):
            return None
