from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from itsdangerous import URLSafeTimedSerializer

from postguard.errors import InputError
from postguard.training.acknowledgement import (
    Acknowledgement, Person, candidate_token, completion_by_department, outstanding, read_candidate_token, reminders_due,
)

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
PEOPLE = [Person("ana", "employee", "sales"), Person("bo", "employee", "sales"), Person("cy", "employee", "it"),
          Person("old", "employee", "it", active=False), Person("cand", "candidate")]
ACKS = [Acknowledgement("ana", "2026.11", NOW), Acknowledgement("bo", "2026.10", NOW), Acknowledgement("cy", "2026.11", NOW)]


def test_a_new_revision_must_be_acknowledged_again():
    assert [p.id for p in outstanding(PEOPLE, ACKS, "2026.11")] == ["bo", "cand"]
    assert [p.id for p in outstanding(PEOPLE, ACKS, "2026.12")] == ["ana", "bo", "cy", "cand"]


def test_completion_per_department_counts_active_employees_only():
    completion = completion_by_department(PEOPLE, ACKS, "2026.11")
    assert {d: (c.done, c.total) for d, c in completion.items()} == {"it": (1, 1), "sales": (1, 2)}
    assert completion["sales"].share == 0.5


def test_reminders_respect_the_interval():
    due = reminders_due(PEOPLE, ACKS, "2026.11", last_reminded={"bo": NOW - timedelta(days=1)}, now=NOW)
    assert [p.id for p in due] == ["cand"]
    due = reminders_due(PEOPLE, ACKS, "2026.11", last_reminded={"bo": NOW - timedelta(days=3)}, now=NOW)
    assert [p.id for p in due] == ["bo", "cand"]


def test_candidate_link_round_trip_tamper_and_expiry():
    token = candidate_token("s3cret", "cand", "2026.11")
    assert read_candidate_token("s3cret", token) == ("cand", "2026.11")
    with pytest.raises(InputError, match="not valid"):
        read_candidate_token("other-secret", token)
    with pytest.raises(InputError, match="not valid"):
        read_candidate_token("s3cret", token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    old = URLSafeTimedSerializer("s3cret", salt="postguard.acknowledgement")
    stale = old.dumps({"c": "cand", "r": "2026.11"})
    with pytest.raises(InputError, match="expired"):
        read_candidate_token("s3cret", stale, max_age=timedelta(seconds=-1))
