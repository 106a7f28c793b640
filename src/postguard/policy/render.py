"""The employee handbook as Markdown or HTML, through Jinja2 templates.

HTML is autoescaped and carries ``<html lang=.. dir=..>`` (``rtl`` for Hebrew). Markdown
escapes what Markdown or inline HTML would interpret in a policy text, and a Hebrew
handbook is wrapped in ``<div dir="rtl">`` so it reads right to left where Markdown is
shown (GitLab, GitHub, most editors' previews).
"""
from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..errors import UsageError
from ..languages import direction
from .handbook import build_handbook
from .schema import Policy

FORMATS = ("md", "html")

#: Characters Markdown (or HTML inside it) would interpret: emphasis, code, links, tags, entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)(\s)", re.MULTILINE)


def escape_markdown(value: object) -> str:
    text = str(value).replace("&", "&amp;")
    text = _MARKDOWN_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), text)
    text = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", text)
    return text.replace("\n", " ")


@lru_cache(maxsize=None)
def _environment(fmt: str) -> Environment:
    env = Environment(
        loader=PackageLoader("postguard.policy", "data/handbook/templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = escape_markdown
    env.globals["dir_of"] = direction
    return env


def render_handbook(policy: Policy, language: str, fmt: str = "md") -> str:
    """The handbook of ``policy`` in ``language`` as ``md`` or ``html``."""
    if fmt not in FORMATS:
        raise UsageError(f"no handbook format {fmt!r}; choose one of {', '.join(FORMATS)}")
    handbook = build_handbook(policy, language)
    text = _environment(fmt).get_template(f"handbook.{fmt}.j2").render(handbook=handbook)
    return re.sub(r"\n{3,}", "\n\n", text)
