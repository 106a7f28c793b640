"""Every per-language data file exists in all six languages with the same keys.

A message that exists only in English is unfinished: for each folder of per-language
files (``<lang>.yaml``) under the package, the six files must exist and define the same
set of keys (nested mappings compared by their key paths; lists are data, not compared).
"""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import postguard
from postguard.languages import LANGUAGES
from postguard.inbound.notes import NOTE_CODES
from postguard.inbound.assignment_reasons import AssignmentReason
from postguard.inbound.escalation_reasons import REASON_CODES
from postguard.inbound.failures import TriageFailure
from postguard.output.assignment_labels import ASSIGNMENT_LABELS
from postguard.output.escalation_labels import ESCALATION_LABELS
from postguard.output.failure_labels import FAILED_COMMAND_LABELS, FAILURE_LABELS
from postguard.output.inbox_command_labels import INBOX_COMMAND_LABELS
from postguard.output.labels import label, missing_labels
from postguard.output.model_labels import MODEL_LABELS, SAME_AS_ENGLISH
from postguard.output.note_labels import NOTE_LABELS

PACKAGE = Path(postguard.__file__).parent
#: Folders whose per-language files hold word lists that legitimately differ per language.
_LISTS_ONLY_KEYS: set[str] = set()


def _folders() -> list[Path]:
    found = set()
    for path in PACKAGE.rglob("*.yaml"):
        if path.stem in LANGUAGES:
            found.add(path.parent)
    return sorted(found)


def _key_paths(data, prefix: str = "") -> set[str]:
    if not isinstance(data, dict):
        return set()
    paths = set()
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        paths.add(path)
        paths |= _key_paths(value, path)
    return paths


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_folder_has_all_languages_with_the_same_keys(folder):
    yaml = YAML(typ="safe", pure=True)
    keys = {}
    for language in LANGUAGES:
        path = folder / f"{language}.yaml"
        assert path.exists(), f"{path.relative_to(PACKAGE)} is missing"
        keys[language] = _key_paths(yaml.load(path.read_text(encoding="utf-8")) or {})
    messages_only = {k for k in keys["en"] if k.startswith("messages")}
    for language in LANGUAGES:
        missing = (keys["en"] - keys[language]) if folder.name not in _LISTS_ONLY_KEYS else (messages_only - keys[language])
        assert not missing, f"{folder.relative_to(PACKAGE)}/{language}.yaml lacks {sorted(missing)[:8]}"


def test_report_labels_exist_in_every_language():
    assert missing_labels() == []


#: ``label("inbox.import.stored", ...)`` in the package's code; a key built at run time (``f"note.{code}"``,
#: ``"verdict_" + verdict``) is covered by its family's test instead.
_LABEL_CALL = re.compile(r"""(?<![.\w])label\(\s*(["'])([\w.]+)\1\s*,""")


def test_every_label_the_code_asks_for_by_name_exists():
    """A typo in a line printed only now and then (``inbox.forward.company``) fails here, not in front of a user."""
    asked = {(match.group(2), str(path.relative_to(PACKAGE))) for path in PACKAGE.rglob("*.py")
             for match in _LABEL_CALL.finditer(path.read_text(encoding="utf-8"))}
    assert any(key == "inbox.forward.company" for key, _ in asked)  # the pattern finds what it is meant to
    assert [(key, where) for key, where in sorted(asked) if not _is_label(key)] == []


def _is_label(key: str) -> bool:
    try:
        label(key, "en")
    except KeyError:
        return False
    return True


def _placeholders(text: str) -> set[tuple[str, str]]:
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


#: Every family of coded sentences, by its prefix in ``output/labels.py``: a new family joins here.
_FAMILIES: dict[str, dict[str, dict[str, str]]] = {
    "note": NOTE_LABELS, "escalation": ESCALATION_LABELS, "assignment": ASSIGNMENT_LABELS,
    "failure": FAILURE_LABELS, "failed": FAILED_COMMAND_LABELS, "model": MODEL_LABELS,
    "inbox": INBOX_COMMAND_LABELS,
}


@pytest.mark.parametrize("key,texts", sorted((f"{prefix}.{key}", texts) for prefix, family in _FAMILIES.items()
                                             for key, texts in family.items()))
def test_every_coded_sentence_is_translated_with_the_same_placeholders(key, texts):
    assert set(texts) == set(LANGUAGES), f"{key} lacks {sorted(set(LANGUAGES) - set(texts))}"
    prefix, _, name = key.partition(".")
    for language in LANGUAGES:
        assert _placeholders(texts[language]) == _placeholders(texts["en"]), f"{key} in {language}"
        if language != "en" and not (prefix == "model" and (name, language) in SAME_AS_ENGLISH):
            assert texts[language] != texts["en"], f"{key} in {language} is still English"
        assert label(key, language) == texts[language]


def test_every_code_is_a_label():
    assert NOTE_CODES == set(NOTE_LABELS)
    assert REASON_CODES == set(ESCALATION_LABELS)
    assert AssignmentReason.codes == set(ASSIGNMENT_LABELS)
    assert TriageFailure.codes == set(FAILURE_LABELS)


def test_a_model_label_listed_as_the_same_word_as_in_english_is_that_word():
    assert all(MODEL_LABELS[key][language] == MODEL_LABELS[key]["en"] for key, language in SAME_AS_ENGLISH)


def test_every_word_model_variant_has_words():
    # describe.py and train.py name a word model's variant by these codes (lexical.py's files record them)
    for variant in ("everywhere", "gated", "gated+prior", "not_written"):
        assert f"variant.{variant}" in MODEL_LABELS
