"""The policy quiz on the service: generated from the active version in the person's language,
answered one question at a time with the explanation after each, results stored and reported
per department.

An attempt is a signed token (seed, language, version, start time, person), so the questions
can be regenerated exactly for every step without storing anything until the quiz is finished.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import Actor
from ..errors import ConflictError, InputError, UsageError
from ..languages import normalise_language
from ..training.quiz import Quiz, QuizResult as Graded, generate_quiz, grade
from . import audit_events as ev
from .audit import record
from .models import User
from .people import get_user, require
from .policies import active, parsed
from .signing import signing_secret
from .training_models import QuizResult

QUIZ_KEY = "quiz_attempts"
_SALT = "postguard.quiz"
#: An attempt left open longer than this must be started again.
ATTEMPT_HOURS = 12


@dataclass(frozen=True)
class Attempt:
    token: str
    user_id: int
    policy_version: int
    language: str
    seed: int
    started: datetime
    quiz: Quiz


def _serializer(session: Session) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(signing_secret(session, name=QUIZ_KEY), salt=_SALT)


def start(session: Session, *, actor: Actor, language: str | None = None, seed: int | None = None,
          now: datetime | None = None) -> Attempt:
    """A new attempt at the quiz of the active policy, in ``language`` (default: the person's)."""
    require(actor, "training.quiz")
    user = get_user(session, username=actor.username)
    lang = normalise_language(language) if language else user.language
    if lang is None:
        raise UsageError(f"unsupported language {language!r}; use one of pl, no, sv, he, nl, en")
    version = active(session).number
    seed = secrets.randbelow(2**31) if seed is None else seed
    started = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    token = _serializer(session).dumps({"u": user.id, "v": version, "l": lang, "s": seed, "t": started.isoformat()})
    return _attempt(session, token, user.id, version, lang, seed, started)


def _attempt(session: Session, token: str, user_id: int, version: int, language: str, seed: int,
             started: datetime) -> Attempt:
    policy = parsed(active(session))
    quiz = generate_quiz(policy, language, seed=seed, now=started)
    return Attempt(token, user_id, version, language, seed, started, quiz)


def resume(session: Session, *, actor: Actor, token: str) -> Attempt:
    """The attempt behind ``token``, only for the person who started it, under the same version."""
    require(actor, "training.quiz")
    try:
        data = _serializer(session).loads(token, max_age=ATTEMPT_HOURS * 3600)
    except SignatureExpired:
        raise InputError(f"this quiz was started more than {ATTEMPT_HOURS} hours ago; start it again") from None
    except BadSignature:
        raise InputError("this quiz attempt is not valid; start the quiz again") from None
    if data.get("u") != actor.user_id:
        raise InputError("this quiz attempt belongs to someone else; start your own")
    if data["v"] != active(session).number:
        raise ConflictError("a new policy version became active during the quiz; start it again")
    return _attempt(session, token, data["u"], data["v"], data["l"], data["s"], datetime.fromisoformat(data["t"]))


def explain(attempt: Attempt, *, question: int, choice: int) -> tuple[bool, int, str]:
    """(correct, the right option, the explanation) for one answer; nothing is stored."""
    if not 0 <= question < len(attempt.quiz.questions):
        raise InputError(f"question {question}: the quiz has questions 0 to {len(attempt.quiz.questions) - 1}")
    asked = attempt.quiz.questions[question]
    if not 0 <= choice < len(asked.options):
        raise InputError(f"question {question}: choose an option from 0 to {len(asked.options) - 1}")
    return choice == asked.answer, asked.answer, asked.explanation


def finish(session: Session, *, actor: Actor, token: str, answers: list[int | None]) -> tuple[QuizResult, Graded]:
    """Grade the attempt against the policy's pass mark, store the result, audit it."""
    attempt = resume(session, actor=actor, token=token)
    for index, choice in enumerate(answers):
        if choice is not None and index < len(attempt.quiz.questions):
            explain(attempt, question=index, choice=choice)  # refuses an option that does not exist
    graded = grade(attempt.quiz, answers)
    row = QuizResult(user_id=attempt.user_id, policy_version=attempt.policy_version, language=attempt.language,
                     seed=attempt.seed, score=graded.score, pass_mark=attempt.quiz.pass_mark, passed=graded.passed,
                     answers=list(answers))
    session.add(row)
    session.flush()
    record(session, ev.QuizCompleted(username=actor.username, policy_version=attempt.policy_version,
                                     language=attempt.language, score=round(graded.score, 4), passed=graded.passed),
           actor=actor.label, policy_version=attempt.policy_version)
    return row, graded


def my_results(session: Session, *, actor: Actor) -> list[QuizResult]:
    require(actor, "training.quiz")
    return list(session.scalars(select(QuizResult).where(QuizResult.user_id == actor.user_id).order_by(QuizResult.id)))


@dataclass(frozen=True)
class DepartmentQuiz:
    department: str
    people: int
    attempted: int
    passed: int
    #: Mean of each person's best score, over those who attempted.
    average_best: float | None


def report(session: Session, *, actor: Actor) -> tuple[int, list[DepartmentQuiz]]:
    """Per department, for the active version: staff, who attempted, who passed, mean best score."""
    require(actor, "training.status")
    version = active(session).number
    staff = session.execute(select(User.id, User.department).where(User.is_active.is_(True), User.role != "candidate"))
    best: dict[int, tuple[float, bool]] = {}
    for user_id, score, passed in session.execute(select(QuizResult.user_id, QuizResult.score, QuizResult.passed)
                                                  .where(QuizResult.policy_version == version)):
        old = best.get(user_id, (0.0, False))
        best[user_id] = (max(old[0], score), old[1] or passed)
    groups: dict[str, list[int]] = {}
    for user_id, department in staff:
        groups.setdefault(department, []).append(user_id)
    rows = []
    for department in sorted(groups):
        ids = groups[department]
        tried = [best[i] for i in ids if i in best]
        rows.append(DepartmentQuiz(department, len(ids), len(tried), sum(p for _s, p in tried),
                                   sum(s for s, _p in tried) / len(tried) if tried else None))
    return version, rows


