"""Every kind of audit event has a name, and every payload field a label, in all six languages:
an event type added to ``store/*_events.py`` without them fails here."""
from __future__ import annotations

from dataclasses import fields

import pytest

from postguard.languages import LANGUAGES
from postguard.store.audit_events import event_types
from postguard.webui import audit_labels as names
from postguard.webui import catalogue

EVENTS = event_types()
ACTIONS = sorted(cls.action for cls in EVENTS)
TRANSLATED = [l for l in LANGUAGES if l != "en"]


@pytest.fixture(scope="module")
def catalogues():
    return {language: catalogue.load(language) for language in LANGUAGES}


def test_every_kind_of_event_is_found_in_every_events_module():
    modules = {cls.__module__.rpartition(".")[2] for cls in EVENTS}
    assert {"audit_events", "inbox_events", "incident_events"} <= modules
    assert len(ACTIONS) == len(set(ACTIONS)), "two event types log the same action"
    assert {"auth.login", "inbox.escalate", "incident.export"} <= set(ACTIONS)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_a_name(action):
    assert action in names.ACTIONS, f"audit action {action} has no name in webui/audit_labels.py ACTIONS"
    assert action.split(".")[0] in names.FAMILIES, f"the family of {action} has no name in FAMILIES"


def test_no_name_is_left_for_an_action_that_is_gone():
    assert set(names.ACTIONS) == set(ACTIONS)


@pytest.mark.parametrize("event", EVENTS, ids=lambda cls: cls.action)
def test_every_field_of_every_event_has_a_label(event):
    missing = [f.name for f in fields(event) if f.name not in names.FIELDS]
    assert missing == [], f"{event.action}: fields without a label in webui/audit_labels.py FIELDS: {missing}"


def _all_names() -> set[str]:
    found = set(names.ACTIONS.values()) | set(names.FAMILIES.values()) | set(names.FIELDS.values())
    found |= set(names.RESOURCES.values())
    for table in names.VALUES.values():
        found |= set(table.values())
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_name_and_label_is_in_the_languages_catalogue(language, catalogues):
    missing = sorted(message for message in _all_names()
                     if catalogues[language].get(message) is None or not catalogues[language].get(message).string)
    assert missing == [], f"{language} lacks {missing[:8]} (python -m postguard.webui.catalogue update --into audit)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_names_and_labels_are_not_left_in_english(language, catalogues):
    tables = (names.ACTIONS, names.FIELDS, names.FAMILIES, names.RESOURCES)
    english = sorted({message for table in tables for message in table.values()
                      if catalogues[language].get(message).string == message
                      and (message, language) not in names.SAME_AS_ENGLISH})
    assert english == [], f"{language}: still English: {english[:8]}"


def test_words_listed_as_the_same_as_in_english_are_the_same():
    for message, language in names.SAME_AS_ENGLISH:
        assert catalogue.load(language).get(message).string == message, (message, language)
