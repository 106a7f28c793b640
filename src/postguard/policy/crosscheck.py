"""Checks across sections that pydantic's per-field validation cannot make.

- Rule references (``rules.select``/``ignore``/``per_context``, ``rules.severity`` keys,
  ``guidelines[].rules``) must match a rule. A family prefix (``PG``, ``PG2``) or a
  category name (``conduct``) is always valid: the families are fixed by design, even
  before every rule of a family exists. A longer prefix (``PG20``) must match at least
  one rule; a severity override names one rule exactly.
- Owners (``situations.*.owner``, ``speakers.official_accounts[].owner``,
  ``redirect.owner``, ``final_responsibility``) must be keys of ``responsibilities``.
- Standard responses use only the placeholders the inbox fills in.
- **Warnings**, not errors: a text missing one of ``languages.supported`` (the reader gets
  the default language instead, so the policy still works, but the handbook in that
  language is mixed), and contradictions that do no harm but show a misunderstanding.
  ``postguard policy validate --strict`` turns warnings into errors.
"""
from __future__ import annotations

import difflib
import re
import string
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .schema import CATEGORIES, Policy

#: What the inbox fills in when it sends a standard response.
PLACEHOLDERS = frozenset({"customer_name", "support_url", "case_number", "company", "agent_name"})
#: The out-of-hours acknowledgement also says when the team is back.
ACK_PLACEHOLDERS = PLACEHOLDERS | {"opens_at"}
#: Localized fields that hold names: a term written the same way in a language has no entry there.
_NAMES_NOT_TEXTS = frozenset({"translations"})
_CODE_SHAPE = re.compile(r"^PG\d{0,3}$")


@dataclass(frozen=True)
class Finding:
    """A cross-check result: where (a pydantic-style location), what, and how bad."""

    loc: tuple[Any, ...]
    message: str
    warning: bool = False
    at_key: bool = False


def _known_codes() -> frozenset[str]:
    from ..rules.registry import known_codes  # the rules import the schema; import late

    return known_codes()


def rule_reference_problem(entry: str) -> str | None:
    """Why ``entry`` (a code prefix or category) selects nothing, or None when it is fine."""
    if entry in CATEGORIES:
        return None
    if not _CODE_SHAPE.match(entry.upper()):
        return (f"{entry!r} is neither a rule code or prefix (PG, PG2, PG201) "
                f"nor a category ({', '.join(CATEGORIES)})")
    if len(entry) <= 3:
        return None
    codes = _known_codes()
    if any(code.startswith(entry.upper()) for code in codes):
        return None
    return f"{entry!r} matches no rule; {family_hint(entry.upper()[:3], codes)}"


def family_hint(family: str, codes: frozenset[str]) -> str:
    """The codes of one family (``PG7``), the most useful hint for a mistyped code."""
    members = sorted(code for code in codes if code.startswith(family))
    if not members:
        return "`postguard rules` lists them"
    shown = ", ".join(members[:8]) + (", …" if len(members) > 8 else "")
    return f"the {family} rules are {shown}"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _rule_references(raw: dict[str, Any]) -> Iterator[Finding]:
    settings = _mapping(raw.get("rules"))
    lists: list[tuple[tuple[Any, ...], Any]] = [
        (("rules", "select"), settings.get("select")), (("rules", "ignore"), settings.get("ignore")),
    ]
    for i, extra in enumerate(_items(settings.get("per_context"))):
        extra = _mapping(extra)
        lists += [(("rules", "per_context", i, "select"), extra.get("select")),
                  (("rules", "per_context", i, "ignore"), extra.get("ignore"))]
    for i, guideline in enumerate(_items(raw.get("guidelines"))):
        lists.append((("guidelines", i, "rules"), _mapping(guideline).get("rules")))
    for loc, entries in lists:
        for index, entry in enumerate(_items(entries)):
            problem = rule_reference_problem(entry) if isinstance(entry, str) else None
            if problem:
                yield Finding((*loc, index), problem)
    codes = _known_codes()
    for code in _mapping(settings.get("severity")):
        if isinstance(code, str) and code.upper() not in codes:
            problem = rule_reference_problem(code) or f"{code!r} is a prefix; a severity override names one rule (PG201)"
            yield Finding(("rules", "severity", code), problem, at_key=True)


def _owners(raw: dict[str, Any]) -> Iterator[Finding]:
    known = [key for key in _mapping(raw.get("responsibilities")) if isinstance(key, str)]
    references: list[tuple[tuple[Any, ...], Any]] = [
        (("situations", name, "owner"), _mapping(playbook).get("owner"))
        for name, playbook in _mapping(raw.get("situations")).items()
    ]
    references += [(("speakers", "official_accounts", i, "owner"), _mapping(account).get("owner"))
                   for i, account in enumerate(_items(_mapping(raw.get("speakers")).get("official_accounts")))]
    references.append((("redirect", "owner"), _mapping(raw.get("redirect")).get("owner")))
    references.append((("final_responsibility",), raw.get("final_responsibility")))
    references = [(loc, owner) for loc, owner in references if isinstance(owner, str)]
    if not known:
        if references:
            named = ", ".join(sorted({owner for _, owner in references}))
            yield Finding(("responsibilities",), f"no responsibilities are defined, so nobody can be reached for: {named}",
                          warning=True)
        return
    for loc, owner in references:
        if owner not in known:
            close = difflib.get_close_matches(owner, known, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"defined are: {', '.join(known)}"
            yield Finding(loc, f"{owner!r} is not a key of responsibilities; {hint}")


def _placeholders(raw: dict[str, Any]) -> Iterator[Finding]:
    texts: list[tuple[tuple[Any, ...], Any, frozenset[str]]] = [
        (("situations", name, "response"), _mapping(book).get("response"), PLACEHOLDERS)
        for name, book in _mapping(raw.get("situations")).items()
    ]
    texts += [(("redirect", "reply"), _mapping(raw.get("redirect")).get("reply"), PLACEHOLDERS),
              (("availability", "acknowledgement"), _mapping(raw.get("availability")).get("acknowledgement"),
               ACK_PLACEHOLDERS)]
    for loc, localized, allowed in texts:
        for language, text in _mapping(localized).items():
            if not isinstance(text, str):
                continue
            try:
                names = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
            except ValueError as exc:
                yield Finding((*loc, language), f"broken placeholder: {exc} (write {{{{ and }}}} for literal braces)")
                continue
            unknown = sorted(n for n in names if n not in allowed)
            if unknown:
                yield Finding((*loc, language), f"unknown placeholder {{{unknown[0]}}}; "
                              f"available: {', '.join('{' + p + '}' for p in sorted(allowed))}")


def _duplicate_ids(raw: dict[str, Any]) -> Iterator[Finding]:
    seen: dict[Any, int] = {}
    for i, guideline in enumerate(_items(raw.get("guidelines"))):
        key = _mapping(guideline).get("id")
        if key is None:
            continue
        if key in seen:
            yield Finding(("guidelines", i, "id"), f"id {key!r} is already used by guidelines[{seen[key]}]")
        seen.setdefault(key, i)


def _localized_texts(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict[str, str]]]:
    """Every Localized text in the policy with its location (nested models, lists, dicts)."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        annotation = field.annotation
        if name in _NAMES_NOT_TEXTS:
            continue
        if typing.get_origin(annotation) is list and typing.get_args(annotation) and _is_localized_text(typing.get_args(annotation)[0]):
            for i, item in enumerate(value):
                yield (*loc, name, i), item
        elif _is_localized_text(annotation):
            yield (*loc, name), value
        else:
            yield from _nested(value, (*loc, name))


def _is_localized_text(annotation: Any) -> bool:
    if typing.get_origin(annotation) is not dict:
        return False
    key, value = typing.get_args(annotation)
    return typing.get_origin(key) is typing.Literal and value is str


def _nested(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dict[str, str]]]:
    if isinstance(value, BaseModel):
        yield from _localized_texts(value, loc)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _nested(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nested(item, (*loc, key))


def _translations(policy: Policy) -> Iterator[Finding]:
    supported = policy.languages.supported
    for loc, localized in _localized_texts(policy):
        if not localized:
            continue  # not written at all: the section is left out, nothing is half-translated
        missing = [language for language in supported if not localized.get(language, "").strip()]
        if missing:
            yield Finding(loc, f"no text in {', '.join(missing)} (languages.supported lists it); "
                          f"readers get the {policy.languages.default!r} text instead", warning=True)


#: Per-language lists a language cannot do without: no markers or patterns means the check
#: in that language cannot recognise a confidential mark or a disclosure (extra profanity is optional).
_PER_LANGUAGE_LISTS = ((("sensitive", "confidential_markers"), "confidential markers"),
                       (("advocacy", "disclosure_patterns"), "disclosure patterns"))


def _language_lists(policy: Policy) -> Iterator[Finding]:
    supported = policy.languages.supported
    for (section, name), what in _PER_LANGUAGE_LISTS:
        lists = getattr(getattr(policy, section), name)
        if not lists:
            continue
        missing = [language for language in supported if not lists.get(language)]
        if missing:
            yield Finding((section, name), f"no {what} in {', '.join(missing)}; "
                          f"posts in that language are checked without them", warning=True)


def _contradictions(policy: Policy) -> Iterator[Finding]:
    if policy.speakers.model == "strict" and policy.speakers.trained_employees_may_answer:
        yield Finding(("speakers", "trained_employees_may_answer"),
                      "the strict model lets only the official team speak; this setting has no effect", warning=True)


def cross_check_raw(raw: dict[str, Any]) -> list[Finding]:
    """Cross-section errors found in the plain data, even when other parts fail validation."""
    return [*_rule_references(raw), *_owners(raw), *_placeholders(raw), *_duplicate_ids(raw)]


def cross_check_policy(policy: Policy) -> list[Finding]:
    """Warnings that need the validated policy: missing translations, contradictions."""
    return [*_contradictions(policy), *_translations(policy), *_language_lists(policy)]
