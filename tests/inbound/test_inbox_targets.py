"""Naming an employee: full names, handles and inflected first or last names, without false alarms."""
from __future__ import annotations

import pytest

from postguard.inbound.targets import Employee, find_targets

STAFF = [Employee("Maria Berg", ("mberg",), id="u1"), Employee("Maria Nilsen", id="u2"),
         Employee("Tomasz Kowalski", id="u3"), Employee("Mark Olsen", id="u4"), Employee("מריה כהן", id="u5")]


@pytest.mark.parametrize("text,name,how", [
    ("Maria Berg is the most useless idiot", "Maria Berg", "full_name"),
    ("@mberg you are useless", "Maria Berg", "handle"),
    ("Rozmawiałem z Tomaszem Kowalskim wczoraj", "Tomasz Kowalski", "full_name"),
    ("Pana Kowalskiego nie było w biurze", "Tomasz Kowalski", "partial_name"),
    ("Olsens kollega var frekk", "Mark Olsen", "partial_name"),
    ("דיברתי עם מריה כהן אתמול", "מריה כהן", "full_name"),
    ("Mark is rude to customers", "Mark Olsen", "partial_name"),
])
def test_named(text, name, how):
    (target,) = find_targets(text, STAFF)
    assert (target.employee.name, target.how) == (name, how)
    assert text[target.start:target.end] == target.matched


@pytest.mark.parametrize("text", [
    "mark my words, this is bad",      # a lower-case word is not a name
    "Maria was rude",                  # two employees are called Maria: neither for sure
    "Bergen is a lovely city",         # not an inflection of Berg (ending too long)
    "Thanks for the help",
])
def test_not_named(text):
    assert find_targets(text, STAFF) == []


def test_full_name_does_not_also_name_the_namesake():
    names = [t.employee.name for t in find_targets("Maria Berg and Tomasz were rude", STAFF)]
    assert names == ["Maria Berg", "Tomasz Kowalski"]
