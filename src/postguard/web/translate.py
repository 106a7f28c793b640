"""API error messages in the caller's language (``Accept-Language``: pl, no, sv, he, nl, en).

The machine ``code`` of an error never changes with the language; its ``message`` does. The
sentences live in one data file per language, ``web/messages/<lang>.yaml``: ``errors`` per
code, ``validation`` per pydantic error type. An English caller (or one who asks for no
supported language) gets the error's own specific message; another gets the sentence in their
language, and the specific English message is kept in ``details`` so nothing is lost.
"""
from __future__ import annotations

import string
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from ..languages import LANGUAGES

DEFAULT = "en"


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, dict[str, str]]:
    """The language's file: ``{"errors": {code: text}, "validation": {type: text}}``."""
    from ruamel.yaml import YAML

    if language not in LANGUAGES:
        raise ValueError(f"no error messages for language {language!r}")
    text = resources.files("postguard.web").joinpath("messages", f"{language}.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    return {"errors": dict(data.get("errors") or {}), "validation": dict(data.get("validation") or {})}


def requested_language(accept_language: str | None) -> str:
    """The best first-class language in an ``Accept-Language`` header (q-values honoured), else English."""
    return preferred_language(accept_language) or DEFAULT


def preferred_language(accept_language: str | None) -> str | None:
    """The best first-class language in an ``Accept-Language`` header, or None when it names none
    (for texts whose fallback is not English, such as triage notes in the policy's default language)."""
    from ..webui.i18n import from_accept_language

    return from_accept_language(accept_language)


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}


def _fill(text: str, params: Mapping[str, Any]) -> str | None:
    try:
        return text.format_map({k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                                for k, v in params.items()})
    except (KeyError, IndexError, ValueError):  # a parameter this error did not provide
        return None


def error_message(language: str, code: str, params: Mapping[str, Any] | None = None) -> str | None:
    """The sentence for ``code`` in ``language`` with ``params`` filled in, or None when there is none."""
    text = catalogue(language)["errors"].get(code)
    return None if text is None else _fill(text, params or {})


def validation_problem(language: str, error_type: str, context: Mapping[str, Any] | None = None) -> str | None:
    """What is wrong with one field (pydantic's ``type`` and ``ctx``) in ``language``, or None."""
    text = catalogue(language)["validation"].get(error_type)
    return None if text is None else _fill(text, context or {})
