"""Load a policy file. Interim: plain validation; positions and upgrades come with the full loader."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import PolicyError, Problem
from .schema import Policy

DEMO_POLICY = "demo.yaml"


def load_policy_text(text: str, filename: str = "<policy>") -> Policy:
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PolicyError([Problem(filename, line, col, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    if not isinstance(data, dict):
        raise PolicyError([Problem(filename, 1, 1, "", "a policy is a YAML mapping with keys such as policy, organisation, speakers")])
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError([Problem(filename, 1, 1, ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]) from None


def load_policy(path: str | Path) -> Policy:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError([Problem(str(path), 1, exc.start + 1, "", "not UTF-8 text")]) from None
    except OSError as exc:
        raise PolicyError([Problem(str(path), 0, 0, "", f"cannot read: {exc.strerror}")]) from None
    return load_policy_text(text, str(path))


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The bundled demo company's policy."""
    text = resources.files("postguard.policy").joinpath("data", DEMO_POLICY).read_text(encoding="utf-8")
    return load_policy_text(text, DEMO_POLICY)
