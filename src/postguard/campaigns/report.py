"""The readable side of the evidence bundle: one HTML page per language, escaped, RTL for Hebrew.

The page is rendered from the bundle itself (not from live objects), so what a reader sees
is exactly what the hashes cover.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from ruamel.yaml import YAML

from ..errors import UsageError
from ..languages import LANGUAGES, direction, normalise_language


@lru_cache(maxsize=None)
def report_texts(language: str) -> dict[str, Any]:
    path = resources.files("postguard.campaigns").joinpath("data", "report", f"{language}.yaml")
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("postguard.campaigns", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def reason_text(reason: dict[str, Any], language: str) -> str:
    """A detector reason (code + params) in ``language``."""
    template = report_texts(language)["reasons"].get(reason["code"], reason["code"])
    return template.format_map(_Default(reason.get("params", {})))


def render_report(bundle: dict[str, Any], language: str = "en") -> str:
    """The bundle as an HTML page with headings, reasons and playbook in ``language``."""
    lang = normalise_language(language)
    if lang is None:
        raise UsageError(f"unsupported report language {language!r} (use one of {', '.join(LANGUAGES)})")
    texts = report_texts(lang)
    incident = bundle["incident"]
    playbook = (incident.get("playbook") or {}).get(lang)
    return _environment().get_template("report.html.j2").render(
        lang=lang, dir=direction(lang), h=texts["headings"], bundle=bundle, incident=incident,
        playbook=playbook, reason=lambda r: reason_text(r, lang),
        title=texts["headings"]["title"].format(id=incident["id"]),
    )
