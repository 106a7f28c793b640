"""Why triage reassigned a conversation and why it could not handle a message: codes with params, said
in every first-class language; stored text from before codes, and codes this version does not know,
shown as stored."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from postguard.errors import UsageError
from postguard.inbound.assignment_reasons import AssignmentReason
from postguard.inbound.failures import CannotTriage, TriageFailure, failure_text, shown_failure
from postguard.inbound.sla import BusinessHours
from postguard.languages import LANGUAGES

HEBREW = re.compile(r"[\u0590-\u05FF]")
#: An example of each code's params, and the English words its translations must not keep.
ASSIGNMENT_PARAMS = {"taken_off_attacked_employee": {"employee": "Marta Lund"}}
FAILURE_PARAMS = {"no_time_to_answer": {"hours": 8.0, "days": 400},
                  "never_open": {"days": 400, "after": "2026-11-23T09:00:00+00:00"}}
ENGLISH = {"taken", "attacks", "whom", "employee", "protection", "policy", "opening", "hours", "business",
           "within", "days", "after", "give"}


def test_every_code_has_an_example():
    assert set(ASSIGNMENT_PARAMS) == AssignmentReason.codes
    assert set(FAILURE_PARAMS) == TriageFailure.codes


@pytest.mark.parametrize("family,code", [(AssignmentReason, c) for c in sorted(ASSIGNMENT_PARAMS)]
                         + [(TriageFailure, c) for c in sorted(FAILURE_PARAMS)])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_is_said_in_every_language(family, code, language):
    params = {**ASSIGNMENT_PARAMS, **FAILURE_PARAMS}[code]
    text = family(code, params).text(language)
    assert text and "{" not in text and "}" not in text
    assert bool(HEBREW.search(text)) == (language == "he")
    for value in params.values():  # every param is in the sentence ("8", not "8.0")
        assert (f"{value:g}" if isinstance(value, float) else str(value)) in text
    if language != "en":
        assert not ENGLISH & set(re.findall(r"\w+", text)), f"{code} in {language}: {text}"


def test_english_sentences():
    assert AssignmentReason("taken_off_attacked_employee", {"employee": "Marta Lund"}).text("en") == (
        "taken off Marta Lund, whom the message attacks (employee protection)")
    assert TriageFailure("no_time_to_answer", {"hours": 8.0, "days": 400}).text("en") == (
        "the policy's opening hours do not give 8 business hours within 400 days")
    assert TriageFailure("no_time_to_answer", {"hours": 2.5, "days": 400}).text("nl") == (
        "de openingstijden in het beleid geven geen 2.5 werkuren binnen 400 dagen")


def test_a_code_is_data_and_comes_back_from_it():
    reason = AssignmentReason("taken_off_attacked_employee", {"employee": "Marta Lund"})
    assert reason.to_dict() == {"code": "taken_off_attacked_employee", "params": {"employee": "Marta Lund"}}
    assert AssignmentReason.from_dict(reason.to_dict()) == reason
    assert AssignmentReason.said_again(reason.to_dict(), "sv") == (
        "har tagits från Marta Lund, som meddelandet angriper (skydd av anställda)")


@pytest.mark.parametrize("family", [AssignmentReason, TriageFailure])
def test_an_unknown_code_cannot_be_made_and_is_not_said(family):
    with pytest.raises(ValueError, match=f"unknown {family.kind} code 'from_the_future'"):
        family("from_the_future")
    for stored in ({"code": "from_the_future", "params": {}}, {"params": {}}, "text", None, ["a list"]):
        assert family.said_again(stored, "pl") is None


def test_a_missing_param_is_not_said():
    assert TriageFailure.said_again({"code": "no_time_to_answer", "params": {"days": 400}}, "he") is None
    assert AssignmentReason.said_again({"code": "taken_off_attacked_employee"}, "he") is None


def test_a_language_that_is_not_first_class_is_said_in_english():
    assert TriageFailure("never_open", FAILURE_PARAMS["never_open"]).text("de") == (
        "no opening hours in the 400 days after 2026-11-23T09:00:00+00:00")


def test_the_failures_triage_can_meet_are_raised_with_their_code():
    class Availability:
        timezone = "Europe/Oslo"
        hours = {"mon": ["09:00-09:01"]}
        holidays: list = []

    hours = BusinessHours(Availability())
    at = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    with pytest.raises(CannotTriage) as raised:
        hours.deadline(at, 8)
    assert isinstance(raised.value, UsageError)  # what callers catch, as before
    assert raised.value.failure == TriageFailure("no_time_to_answer", {"hours": 8, "days": 400})
    assert failure_text(raised.value) == ("the policy's opening hours do not give 8 business hours within 400 days",
                                          raised.value.failure)

    closed = BusinessHours(Availability())
    closed._day_intervals = lambda day: ()  # no opening at all, as with a year of holidays
    with pytest.raises(CannotTriage) as never:
        closed.next_open(at)
    assert never.value.failure == TriageFailure("never_open", {"days": 400, "after": "2026-11-23T09:00:00+00:00"})


def test_an_error_postguard_does_not_say_keeps_its_text_and_no_code():
    assert failure_text(UsageError("broken pattern")) == ("UsageError: broken pattern", None)


def test_a_stored_failure_is_shown_in_the_readers_language_else_as_stored():
    coded = {"code": "no_time_to_answer", "params": {"hours": 24.0, "days": 400}}
    assert shown_failure("the policy's …", coded, "he") == (
        "שעות הפעילות שבמדיניות אינן מספקות 24 שעות עבודה בתוך 400 ימים")
    assert shown_failure("UsageError: from before codes", None, "he") == "UsageError: from before codes"
    assert shown_failure("said by a newer version", {"code": "from_the_future"}, "he") == "said by a newer version"
    assert shown_failure(None, None, "he") is None
