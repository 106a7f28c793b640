"""Who may call the training endpoints: acknowledgements, completion, candidates, reminders, the quiz.

The quiz's answer and finish steps need an attempt of the caller's own, so test_training.py tests
them for every role (and anonymously) with that attempt.
"""
from __future__ import annotations

import uuid

from service_helpers import ALL, LEADS, Access, Elsewhere, Public

ROWS = [
    Access("PUT", "/api/v1/users/{username}/department", LEADS, {"department": "Sales"}),
    Access("POST", "/api/v1/training/acknowledgements", ALL, {}),
    Access("GET", "/api/v1/training/status", LEADS),
    Access("GET", "/api/v1/training/completion", LEADS),
    Access("POST", "/api/v1/training/candidates", LEADS, lambda: {"username": f"cand-{uuid.uuid4().hex[:6]}"}),
    Access("POST", "/api/v1/training/reminders", LEADS, {"dry_run": True}),
    Access("POST", "/api/v1/training/quiz", ALL, {}),
    Access("GET", "/api/v1/training/quiz/results", ALL),
]

PUBLIC = [
    Public("GET", "/api/v1/training/candidate-links/{token}",
           "a candidate has no account: the signed, expiring personal link is the credential (test_training.py)"),
    Public("POST", "/api/v1/training/candidate-links/{token}/acknowledge",
           "a candidate accepts the policy through the personal link, which is the credential (test_training.py)"),
]

ELSEWHERE = [
    Elsewhere("POST", "/api/v1/training/quiz/answer", "tests/service/test_training.py"),
    Elsewhere("POST", "/api/v1/training/quiz/finish", "tests/service/test_training.py"),
]
