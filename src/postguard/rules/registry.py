"""Every rule by its stable code. Codes are never reused; a renamed code keeps a redirect."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from ..errors import UsageError
from .base import Rule

#: Old code -> new code, for rules that were renumbered.
REDIRECTS: dict[str, str] = {}

_FAMILY_PACKAGE = "postguard.rules"


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """One instance of every rule, sorted by code. Imports each family module once."""
    package = importlib.import_module(_FAMILY_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("base", "registry", "messages", "selection"):
            importlib.import_module(f"{_FAMILY_PACKAGE}.{info.name}")
    seen: dict[str, type[Rule]] = {}
    for cls in _subclasses(Rule):
        if inspect_is_concrete(cls):
            if cls.code in seen:
                raise RuntimeError(f"rule code {cls.code} used twice: {seen[cls.code].__name__}, {cls.__name__}")
            seen[cls.code] = cls
    return tuple(seen[code]() for code in sorted(seen))


def inspect_is_concrete(cls: type[Rule]) -> bool:
    return "code" in cls.__dict__ and not cls.__dict__.get("abstract", False)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def get_rule(code_or_slug: str) -> Rule:
    """The rule with this code (``PG201``, case-insensitive, redirects followed) or slug."""
    key = code_or_slug.strip()
    key = REDIRECTS.get(key.upper(), key)
    for rule in all_rules():
        if rule.code == key.upper() or rule.slug == key.lower():
            return rule
    raise UsageError(f"no rule {code_or_slug!r}; `postguard rules` lists them all")


def known_codes() -> frozenset[str]:
    return frozenset(r.code for r in all_rules()) | frozenset(REDIRECTS)
