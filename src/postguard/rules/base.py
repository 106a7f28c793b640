"""What a rule is: a stable code, a slug, a category, a default severity, docs, and a finder.

A rule's docstring is its documentation, with the headings *What it does*, *Why it
matters*, *Example* and *Do instead*; ``postguard rule CODE`` prints it. Its message and
suggestion live per language in ``rules/data/<family>/<lang>.yaml``, so a rule that
exists only in English fails the docs test.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from ..findings import Category, Severity

if TYPE_CHECKING:
    from ..context import CheckContext
    from ..policy.schema import Policy
    from ..text.document import Document

DOC_HEADINGS = ("What it does", "Why it matters", "Example", "Do instead")


@dataclass(frozen=True)
class Hit:
    """A span a rule found; the engine turns it into a :class:`Finding`."""

    start: int
    end: int
    #: Values for the message and suggestion templates (``{term}``, ``{kind}``…).
    params: dict[str, Any] = field(default_factory=dict)
    signal: str = "pattern"
    confidence: float = 1.0
    #: Overrides the rule's severity for this hit (an embargo that lifts tomorrow is still a block).
    severity: Severity | None = None
    #: Replaces the data file's suggestion, e.g. with the policy's own "do" text.
    suggestion: str | None = None


class Rule:
    code: ClassVar[str]
    slug: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity] = Severity.WARN
    #: The data family (``rules/data/<family>/``) holding messages and word lists.
    family: ClassVar[str]
    #: Languages this rule understands; None means it does not depend on language.
    languages: ClassVar[frozenset[str] | None] = None
    #: Runs on a draft in a language outside ``languages`` too (the multilingual model rules),
    #: its findings marked as less certain; other rules are skipped there.
    reads_other_languages: ClassVar[bool] = False
    #: Kinds of input it applies to; None means all (posts, replies, e-mails, comments).
    kinds: ClassVar[frozenset[str] | None] = None

    def applies(self, context: "CheckContext", policy: "Policy") -> bool:
        """Whether the rule is relevant at all (account type, policy settings)."""
        return True

    def find(self, doc: "Document", context: "CheckContext", policy: "Policy") -> Iterable[Hit]:
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        doc = cls.documentation()
        marker = "What it does"
        if marker in doc:
            body = doc.split(marker, 1)[1].strip().lstrip(":").strip()
            return body.split("\n\n", 1)[0].replace("\n", " ").strip()
        return doc.split("\n", 1)[0]
