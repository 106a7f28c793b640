"""Every rule's fixtures, in every language: marked spans must be found, nothing else.

A fixture file ``fixtures/<CODE>.yaml`` maps each language to a list of cases. A case is a
string or a mapping with ``text`` and optional context (``account``, ``channel``, ``role``,
``kind``, ``at``, ``recipients``, ``attachments``, ``colleagues``). ``[[`` and ``]]`` mark each span the
rule must report (in the original text, markers removed); a case without markers must
produce no finding of that rule.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import postguard
from postguard.context import Attachment, CheckContext
from postguard.languages import LANGUAGES
from postguard.policy.loader import load_policy
from postguard.rules.registry import all_rules

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"


def _spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    text, spans, i = "", [], 0
    start = None
    while i < len(marked):
        if marked.startswith("[[", i):
            start = len(text)
            i += 2
        elif marked.startswith("]]", i) and start is not None:
            spans.append((start, len(text)))
            start = None
            i += 2
        else:
            text += marked[i]
            i += 1
    return text, spans


def _context(case: dict, language: str) -> CheckContext:
    at = case.get("at")
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return CheckContext(
        language=language,
        account=case.get("account", "personal"),
        channel=case.get("channel", "linkedin"),
        role=case.get("role", "employee"),
        kind=case.get("kind", "post"),
        at=at,
        recipients=tuple(case.get("recipients", ())),
        attachments=tuple(Attachment(**a) for a in case.get("attachments", ())),
        colleagues=tuple(case.get("colleagues", ())),
    )


def _cases():
    for path in sorted(FIXTURES.glob("PG*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
        for language, cases in data.items():
            for index, case in enumerate(cases):
                case = {"text": case} if isinstance(case, str) else case
                yield pytest.param(path.stem, language, case, id=f"{path.stem}-{language}-{index}")


@pytest.fixture(scope="module")
def fixture_policy():
    return load_policy(HERE / "fixture_policy.yaml")


@pytest.mark.parametrize("code,language,case", list(_cases()))
def test_fixture(fixture_policy, code, language, case):
    text, expected = _spans(case["text"])
    report = postguard.check(text, fixture_policy, _context(case, language))
    found = sorted((f.start, f.end) for f in report.findings if f.code == code)
    assert found == sorted(expected), f"{code} [{language}] {text!r}: found {[text[s:e] for s, e in found]}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_fixtures_in_every_language(rule):
    path = FIXTURES / f"{rule.code}.yaml"
    assert path.exists(), f"{rule.code} has no fixture file {path.name}"
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
    for language in LANGUAGES:
        cases = data.get(language) or []
        assert any("[[" in (c if isinstance(c, str) else c["text"]) for c in cases), f"{rule.code}: no hit case in {language}"
        assert any("[[" not in (c if isinstance(c, str) else c["text"]) for c in cases), f"{rule.code}: no clean case in {language}"
