"""What changed between two versions of a policy, as key paths.

The service records the paths with each new revision (who changed what), and
``postguard policy diff A B`` prints them. Lists of things with an identity
(guidelines by ``id``, terms by ``name``) are matched by it, so inserting one guideline
reports one added path rather than every later guideline as changed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .schema import Policy

ChangeKind = Literal["added", "removed", "changed"]
_IDENTITY_KEYS = ("id", "name", "platform")


@dataclass(frozen=True)
class PolicyChange:
    kind: ChangeKind
    path: str

    def __str__(self) -> str:
        return f"{ {'added': '+', 'removed': '-', 'changed': '~'}[self.kind]} {self.path}"


def _join(path: str, part: str) -> str:
    return f"{path}{part}" if part.startswith("[") else (f"{path}.{part}" if path else part)


def _identity(items: list[Any]) -> str | None:
    """The key that identifies every item of a list of mappings uniquely, if there is one."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in _IDENTITY_KEYS:
        values = [item.get(key) for item in items]
        if all(isinstance(v, str) for v in values) and len(set(values)) == len(values):
            return key
    return None


def _compare(old: Any, new: Any, path: str, out: list[PolicyChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key not in new:
                out.append(PolicyChange("removed", _join(path, str(key))))
            else:
                _compare(old[key], new[key], _join(path, str(key)), out)
        out.extend(PolicyChange("added", _join(path, str(key))) for key in new if key not in old)
        return
    if isinstance(old, list) and isinstance(new, list) and old != new:
        key = _identity(old) if _identity(old) == _identity(new) else None
        if key:
            _compare({item[key]: item for item in old}, {item[key]: item for item in new}, path, out)
            return
        for index in range(max(len(old), len(new))):
            where = _join(path, f"[{index}]")
            if index >= len(new):
                out.append(PolicyChange("removed", where))
            elif index >= len(old):
                out.append(PolicyChange("added", where))
            else:
                _compare(old[index], new[index], where, out)
        return
    if old != new:
        out.append(PolicyChange("changed", path))


def policy_changes(old: Policy, new: Policy) -> list[PolicyChange]:
    """Every added, removed and changed key path from ``old`` to ``new``."""
    out: list[PolicyChange] = []
    _compare(old.model_dump(mode="json"), new.model_dump(mode="json"), "", out)
    return out


def policy_diff(old: Policy, new: Policy) -> list[str]:
    """The key paths that differ between two policies (``guidelines.claims.do.pl``)."""
    return [change.path for change in policy_changes(old, new)]
