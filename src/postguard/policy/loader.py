"""Load a policy file: every problem at once, each with its file position.

The steps, each of which reports what and where:

1. bytes → text: a missing or oversized file, a binary file (a NUL byte), invalid UTF-8
   (the line and column of the first bad byte);
2. text → YAML in ruamel's round-trip mode, which keeps the line and column of every key
   and item (syntax errors and duplicate keys are positioned by the parser); an empty
   file or a document that is not a mapping is refused;
3. the schema ``version``: older files are upgraded in place (``upgrade.py``), newer
   ones refused;
4. pydantic validation, its errors mapped back to positions (``diagnostics.py``);
5. cross-checks pydantic cannot make (``crosscheck.py``): rule codes, owners,
   placeholders; missing translations are warnings.

``load_policy``/``load_policy_text`` return the :class:`Policy` or raise
:class:`PolicyError` with every error; ``check_policy``/``check_policy_text`` also return
the warnings and the upgrade changes, for ``postguard policy validate`` and ``upgrade``.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import PolicyError, Problem, UsageError
from .crosscheck import cross_check_policy, cross_check_raw
from .diagnostics import problems_from_validation
from .positions import locate, to_plain
from .schema import SCHEMA_VERSION, Policy
from .upgrade import Change, UpgradeConflict, file_version, upgrade

DEMO_POLICY = "demo.yaml"
#: A policy is a few hundred lines; anything this large is the wrong file.
MAX_BYTES = 2 * 1024 * 1024
#: Values after aliases are expanded; a few "billion laughs" aliases must not hang the loader.
MAX_NODES = 200_000


@dataclass(frozen=True)
class Checked:
    """A policy that loaded, with what a person should still know about it."""

    policy: Policy
    warnings: list[Problem] = field(default_factory=list)
    #: The upgrade steps applied to an older file (empty for a current one).
    changes: list[Change] = field(default_factory=list)
    #: The round-trip YAML after upgrading, for ``policy upgrade`` to write back.
    document: Any = None


def _position_of(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def decode_policy_bytes(data: bytes, filename: str) -> str:
    """The text of a policy file, or a positioned error for a binary or non-UTF-8 file."""
    if len(data) > MAX_BYTES:
        raise PolicyError([Problem(filename, 1, 1, "", f"the file is {len(data) / 1e6:.1f} MB; "
                                   f"a policy file is at most {MAX_BYTES // (1024 * 1024)} MB")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position_of(data, nul)
        raise PolicyError([Problem(filename, line, column, "", "a binary file (NUL byte), not YAML text")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position_of(data, exc.start)
        raise PolicyError([Problem(filename, line, column, "",
                                   f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]) from None


class _PolicyConstructor(RoundTripConstructor):
    """Round-trip construction, except that an impossible date (2027-02-30) stays text.

    ruamel raises a bare ValueError without a position for it; kept as text, the schema
    rejects it with the line and column like any other value that is not a date.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_PolicyConstructor.add_constructor("tag:yaml.org,2002:timestamp", _PolicyConstructor.construct_yaml_timestamp)


def _round_trip_yaml() -> YAML:
    """ruamel in round-trip mode, set up to write a file back the way it was written."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _PolicyConstructor
    yaml.preserve_quotes = True  # keeps "no" (Norwegian) quoted for YAML 1.1 readers
    yaml.width = 4096  # never re-wrap a long text
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump_yaml(document: Any) -> str:
    """A round-trip document as YAML text, comments and key order kept."""
    stream = io.StringIO()
    _round_trip_yaml().dump(document, stream)
    return stream.getvalue()


def parse_yaml(text: str, filename: str) -> Any:
    """The round-trip YAML document of a policy; syntax errors carry the parser's position."""
    yaml = _round_trip_yaml()
    try:
        document = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        duplicate = re.search(r'found duplicate key "([^"]*)"', exc.problem or "")
        if duplicate and exc.context_mark:
            what = f"duplicate key {duplicate.group(1)!r} in the mapping that starts at line {exc.context_mark.line + 1}"
        elif "'\\t'" in (exc.problem or ""):
            what += " (indent with spaces, not tabs)"
        raise PolicyError([Problem(filename, line, column, "", f"not valid YAML: {what}")]) from None
    except YAMLError as exc:
        raise PolicyError([Problem(filename, 1, 1, "", f"not valid YAML: {exc}")]) from None
    if document is None:
        raise PolicyError([Problem(filename, 1, 1, "", "the file is empty; a policy needs at least the sections "
                                   "policy, organisation and speakers (`postguard policy init` writes a starter)")])
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else "a single value"
        raise PolicyError([Problem(filename, 1, 1, "", f"a policy is a mapping of sections (policy:, organisation:, "
                                   f"speakers: …), not {kind}")])
    return document


def _upgrade(document: Any, filename: str) -> list[Change]:
    version = file_version(document)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        where = locate(document, ("version",))
        raise PolicyError([Problem(filename, where.line, where.column, "version",
                                   f"expected a schema version number (the current one is {SCHEMA_VERSION}), got {version!r}")])
    if version > SCHEMA_VERSION:
        where = locate(document, ("version",))
        raise PolicyError([Problem(filename, where.line, where.column, "version",
                                   f"version {version} is newer than this postguard understands ({SCHEMA_VERSION}); "
                                   "upgrade postguard")])
    try:
        return upgrade(document)
    except UpgradeConflict as exc:
        where = locate(document, exc.loc, at_key=True)
        raise PolicyError([Problem(filename, where.line, where.column, where.path, str(exc))]) from None


def _hashtags_read_as_comments(document: Any, filename: str) -> list[Problem]:
    """Warnings for ``text: I work here. #employee``: YAML reads `` #employee`` as a comment.

    A comment that starts right after a text value with ``#`` and a letter is almost
    always a hashtag the writer meant to keep; quoting the text keeps it.
    """
    found: list[Problem] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            comments = getattr(getattr(node, "ca", None), "items", {})
            for key, value in node.items():
                token = (comments.get(key) or [None, None, None])[2]
                text = getattr(token, "value", "") or ""
                if isinstance(value, str) and len(text) > 1 and text[0] == "#" and text[1].isalnum():
                    line, column = token.start_mark.line + 1, token.start_mark.column + 1
                    path = locate(document, _path_to(document, node, key)).path
                    found.append(Problem(filename, line, column, path,
                                         f"{text.split()[0]!r} is read as a YAML comment and is not part of the text; "
                                         "put the whole text in quotes to keep the hashtag"))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return found


def _path_to(root: Any, target: Any, key: Any) -> tuple[Any, ...]:
    """The location of ``target[key]`` inside ``root`` (a breadth of a policy file: cheap)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if node is target:
            return (*loc, key)
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        stack.extend((child, (*loc, name)) for name, child in children)
    return (key,)


def _organisation_zone(plain: dict[str, Any]) -> str:
    organisation = plain.get("organisation")
    zone = organisation.get("timezone") if isinstance(organisation, dict) else None
    return zone if isinstance(zone, str) else "UTC"


def check_policy_text(text: str, filename: str = "<policy>") -> Checked:
    """Load and check a policy; raises :class:`PolicyError` listing every error."""
    if not isinstance(text, str):
        raise UsageError(f"a policy is given as text (str), not {type(text).__name__}; "
                         "load_policy(path) reads a file")
    if len(text) > MAX_BYTES:
        raise PolicyError([Problem(filename, 1, 1, "", f"the policy is {len(text) / 1e6:.1f} million characters; "
                                   f"a policy file is at most {MAX_BYTES // (1024 * 1024)} MB")])
    document = parse_yaml(text, filename)
    changes = _upgrade(document, filename)
    try:
        plain = to_plain(document, budget=MAX_NODES)
    except OverflowError:
        raise PolicyError([Problem(filename, 1, 1, "", f"more than {MAX_NODES} values once aliases are expanded; "
                                   "a policy does not need aliases that deep")]) from None
    def positioned(found) -> Problem:  # noqa: ANN001 - a crosscheck.Finding
        where = locate(document, found.loc, at_key=found.at_key)
        return Problem(filename, where.line, where.column, where.path, found.message)

    cross = cross_check_raw(plain)
    errors = [positioned(f) for f in cross if not f.warning]
    warnings = [positioned(f) for f in cross if f.warning]
    try:
        policy = Policy.model_validate(plain, context={"timezone": _organisation_zone(plain)})
    except ValidationError as exc:
        errors = problems_from_validation(exc, document, filename) + errors
        policy = None
    if errors:
        raise PolicyError(sorted(set(errors), key=lambda p: (p.line, p.column, p.path)))
    assert policy is not None
    warnings += [positioned(f) for f in cross_check_policy(policy)]
    warnings += _hashtags_read_as_comments(document, filename)
    return Checked(policy, sorted(warnings, key=lambda p: (p.line, p.column)), changes, document)


def read_policy_file(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such policy file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a policy file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    return decode_policy_bytes(data, str(path))


def check_policy(path: str | Path) -> Checked:
    return check_policy_text(read_policy_file(path), str(path))


def load_policy_text(text: str, filename: str = "<policy>") -> Policy:
    return check_policy_text(text, filename).policy


def load_policy(path: str | Path) -> Policy:
    return check_policy(path).policy


def bundled_text(*parts: str) -> str:
    """A file bundled under ``postguard/policy/data``."""
    return resources.files("postguard.policy").joinpath("data", *parts).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The bundled demo company's policy."""
    return load_policy_text(bundled_text(DEMO_POLICY), DEMO_POLICY)
