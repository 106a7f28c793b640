"""Per-language rule texts and word lists, from ``rules/data/<family>/<lang>.yaml``.

Each file holds ``messages: {CODE: {message: ..., suggestion: ...}}`` and any lists the
family's rules need. Files are read once and cached.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from ..languages import LANGUAGES

@lru_cache(maxsize=None)
def family_data(family: str, language: str) -> dict[str, Any]:
    """The parsed data file of a family in a language ({} when the file does not exist)."""
    path = resources.files("postguard.rules").joinpath("data", family, f"{language}.yaml")
    if not path.is_file():
        return {}
    # A YAML object per file: one shared object is not thread-safe, and the service's worker
    # threads load these files lazily at the same time (that broke parsing with a 500).
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def rule_text(family: str, code: str, field: str, language: str, params: dict[str, Any] | None = None) -> str:
    """The rule's ``message`` or ``suggestion`` in ``language`` (English if missing), filled in."""
    for lang in (language, "en"):
        entry = family_data(family, lang).get("messages", {}).get(code, {})
        if field in entry:
            return entry[field].format_map(_Default(params or {}))
    return ""


def missing_texts(family: str, code: str) -> list[str]:
    """Languages lacking this rule's message or suggestion (the docs test fails on any)."""
    missing = []
    for lang in LANGUAGES:
        entry = family_data(family, lang).get("messages", {}).get(code, {})
        for field in ("message", "suggestion"):
            if not entry.get(field):
                missing.append(f"{lang}.{field}")
    return missing
