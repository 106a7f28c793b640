"""Building blocks for the rule unit tests: the fixture policy, variants of it, a check."""
from __future__ import annotations

from pathlib import Path

import postguard
from postguard.context import CheckContext
from postguard.policy.loader import load_policy

FIXTURE_POLICY = load_policy(Path(__file__).parent / "fixture_policy.yaml")


def variant(policy=FIXTURE_POLICY, **sections):
    """The policy with some sections' fields replaced: ``variant(speakers={"model": "open"})``."""
    update = {}
    for name, fields in sections.items():
        update[name] = getattr(policy, name).model_copy(update=fields)
    return policy.model_copy(update=update)


def findings(text: str, code: str, policy=FIXTURE_POLICY, **context):
    context.setdefault("language", "en")
    report = postguard.check(text, policy, CheckContext(**context))
    return [f for f in report.findings if f.code == code]
