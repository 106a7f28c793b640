"""Older policy files, upgraded step by step to the current schema version on load.

Each step turns version N into N+1 by editing the loaded YAML in place (ruamel's
round-trip mapping), so comments, key order and positions survive and
``postguard policy upgrade FILE`` can write the file back as a person wrote it. A file
without ``version`` is taken to be the current version.

Version 0 → 1 (the shape of the first pilot, before the schema was split into sections):

- ``company`` became ``organisation``;
- ``speakers.model`` values ``official_team`` / ``everyone`` became ``strict`` / ``open``;
- a guideline's ``instead`` became ``do``;
- ``sensitive.projects`` / ``products`` / ``tools`` became ``confidential_projects`` /
  ``unreleased_products`` / ``internal_tools``, and a product's ``launch`` became
  ``embargo_until``;
- a situation's ``reply`` became ``response``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .positions import format_path
from .schema import SCHEMA_VERSION


@dataclass(frozen=True)
class Change:
    """One edit an upgrade step made, for the person who runs ``policy upgrade``."""

    path: str
    description: str


class UpgradeConflict(Exception):
    """Both the old and the new key are present, so the step cannot decide which wins."""

    def __init__(self, loc: tuple[Any, ...], message: str):
        self.loc = loc
        super().__init__(message)


def rename_key(mapping: Any, old: str, new: str, loc: tuple[Any, ...], changes: list[Change]) -> None:
    """Rename a key where it stands, keeping its comments and recorded position."""
    if not isinstance(mapping, Mapping) or old not in mapping:
        return
    if new in mapping:
        raise UpgradeConflict((*loc, old), f"both {old!r} (version 0) and {new!r} are present; keep only {new!r}")
    keys = list(mapping.keys())
    position = keys.index(old)
    value = mapping[old]
    comment = getattr(mapping, "ca", None) and mapping.ca.items.pop(old, None)
    line_column = getattr(mapping, "lc", None) and mapping.lc.data.pop(old, None)
    del mapping[old]
    if hasattr(mapping, "insert"):
        mapping.insert(position, new, value)
    else:
        mapping[new] = value
    if comment:
        mapping.ca.items[new] = comment
    if line_column:
        mapping.lc.data[new] = line_column
    changes.append(Change(format_path((*loc, new)), f"renamed from {old!r}"))


def _step_0_to_1(data: Any) -> list[Change]:
    changes: list[Change] = []
    rename_key(data, "company", "organisation", (), changes)
    speakers = data.get("speakers")
    if isinstance(speakers, Mapping):
        old_models = {"official_team": "strict", "everyone": "open"}
        if speakers.get("model") in old_models:
            old = speakers["model"]
            speakers["model"] = old_models[old]
            changes.append(Change("speakers.model", f"{old!r} is now called {speakers['model']!r}"))
    guidelines = data.get("guidelines")
    if isinstance(guidelines, list):
        for i, guideline in enumerate(guidelines):
            rename_key(guideline, "instead", "do", ("guidelines", i), changes)
    sensitive = data.get("sensitive")
    if isinstance(sensitive, Mapping):
        for old, new in (("projects", "confidential_projects"), ("products", "unreleased_products"),
                         ("tools", "internal_tools")):
            rename_key(sensitive, old, new, ("sensitive",), changes)
        products = sensitive.get("unreleased_products")
        if isinstance(products, list):
            for i, product in enumerate(products):
                rename_key(product, "launch", "embargo_until", ("sensitive", "unreleased_products", i), changes)
    situations = data.get("situations")
    if isinstance(situations, Mapping):
        for name, playbook in situations.items():
            rename_key(playbook, "reply", "response", ("situations", name), changes)
    return changes


#: Version N -> the step that turns a version-N file into version N+1.
STEPS: dict[int, Callable[[Any], list[Change]]] = {0: _step_0_to_1}


def file_version(data: Mapping[str, Any]) -> Any:
    """The version a loaded file declares; a file without one is the current version."""
    return data.get("version", SCHEMA_VERSION)


def upgrade(data: Any) -> list[Change]:
    """Upgrade ``data`` in place to :data:`SCHEMA_VERSION`; the changes made, oldest first.

    The caller has checked that the version is a whole number no newer than the current one.
    """
    version = file_version(data)
    changes: list[Change] = []
    while version < SCHEMA_VERSION:
        changes += STEPS[version](data)
        version += 1
        data["version"] = version
    if changes:
        changes.append(Change("version", f"set to {SCHEMA_VERSION}"))
    return changes
