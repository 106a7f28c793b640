"""The policy quiz on the service: generated from the active version in the person's language,
answered one question at a time with the explanation after each, results stored and reported
per department.

An attempt is a signed token (seed, language, version, start time, person), so the questions
can be regenerated exactly for every step without storing anything until the quiz is finished.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
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
    #: The answers given so far, in question order (None: skipped); carried inside the token,
    #: so nobody can change an answer after reading its explanation.
    answers: tuple[int | None, ...] = ()

    @property
    def key(self) -> str:
        """Identifies the attempt (not its progress): one attempt is handed in once."""
        return hashlib.sha256(f"{self.user_id}:{self.seed}:{self.started.isoformat()}".encode()).hexdigest()

    @property
    def next_question(self) -> int | None:
        return len(self.answers) if len(self.answers) < len(self.quiz.questions) else None


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
    token = _serializer(session).dumps({"u": user.id, "v": version, "l": lang, "s": seed, "t": started.isoformat(),
                                        "a": []})
    return _attempt(session, token, user.id, version, lang, seed, started, ())


def _attempt(session: Session, token: str, user_id: int, version: int, language: str, seed: int,
             started: datetime, answers: tuple[int | None, ...]) -> Attempt:
    policy = parsed(active(session))
    quiz = generate_quiz(policy, language, seed=seed, now=started)
    return Attempt(token, user_id, version, language, seed, started, quiz, answers)


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
    started = datetime.fromisoformat(data["t"])
    if datetime.now(timezone.utc) - started > timedelta(hours=ATTEMPT_HOURS):
        raise InputError(f"this quiz was started more than {ATTEMPT_HOURS} hours ago; start it again")
    return _attempt(session, token, data["u"], data["v"], data["l"], data["s"], started, tuple(data.get("a", [])))


def answer(session: Session, *, actor: Actor, token: str, question: int,
           choice: int | None) -> tuple[Attempt, tuple[bool, int, str]]:
    """Answer the next question (None skips it): the attempt with the answer recorded in a new
    token, and (correct, the right option, the explanation). Questions are answered in order,
    each once; nothing is stored until :func:`finish`."""
    attempt = resume(session, actor=actor, token=token)
    expected = attempt.next_question
    if expected is None:
        raise ConflictError("every question of this attempt is answered; hand it in")
    if question != expected:
        raise InputError(f"question {question}: answer the questions in order, each once; question {expected} is next")
    asked = attempt.quiz.questions[question]
    if choice is not None and not 0 <= choice < len(asked.options):
        raise InputError(f"question {question}: choose an option from 0 to {len(asked.options) - 1}")
    answers = (*attempt.answers, choice)
    data = {"u": attempt.user_id, "v": attempt.policy_version, "l": attempt.language, "s": attempt.seed,
            "t": attempt.started.isoformat(), "a": list(answers)}
    moved = replace(attempt, token=_serializer(session).dumps(data), answers=answers)
    return moved, (choice == asked.answer, asked.answer, asked.explanation)


def finish(session: Session, *, actor: Actor, token: str) -> tuple[QuizResult, Graded]:
    """Hand in the attempt (questions not answered count as wrong): graded against the policy's
    pass mark, stored and audited. An attempt is handed in once."""
    attempt = resume(session, actor=actor, token=token)
    if session.scalar(select(QuizResult.id).where(QuizResult.attempt_key == attempt.key)) is not None:
        raise ConflictError("this quiz attempt was handed in already; start a new one")
    answers = list(attempt.answers) + [None] * (len(attempt.quiz.questions) - len(attempt.answers))
    graded = grade(attempt.quiz, answers)
    row = QuizResult(user_id=attempt.user_id, policy_version=attempt.policy_version, language=attempt.language,
                     seed=attempt.seed, score=graded.score, pass_mark=attempt.quiz.pass_mark, passed=graded.passed,
                     answers=answers, attempt_key=attempt.key)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the same attempt handed in twice at the same moment
        raise ConflictError("this quiz attempt was handed in already; start a new one") from None
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


