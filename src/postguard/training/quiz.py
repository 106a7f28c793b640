"""A quiz generated from the policy: its do/don't pairs, sensitive terms and standard responses.

Every answer comes from the policy or from the checker itself — "May you post this?" is
answered by running ``postguard.check`` on the draft — so the quiz can never teach
something the product would contradict. Deterministic for a given seed.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from ruamel.yaml import YAML

from ..context import CheckContext
from ..engine import check
from ..errors import UsageError
from ..findings import Verdict
from ..languages import LANGUAGES
from ..policy.schema import Policy, Term

_BABEL_LOCALE = {"en": "en", "pl": "pl", "no": "nb", "sv": "sv", "he": "he", "nl": "nl"}
_SAMPLE = {"customer_name": "Kim", "support_url": "", "case_number": "48213", "company": "", "agent_name": "Alex"}


@lru_cache(maxsize=None)
def texts(language: str) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise UsageError(f"unsupported language {language!r}; use one of {', '.join(LANGUAGES)}")
    path = resources.files("postguard.training").joinpath("data", f"{language}.yaml")
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Question:
    kind: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class Quiz:
    language: str
    policy_version: str
    pass_mark: float
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Feedback:
    question: int
    correct: bool
    chosen: int | None
    answer: int
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    score: float
    passed: bool
    feedback: tuple[Feedback, ...]


def _term_name(term: Term, language: str) -> str:
    return term.translations.get(language, term.name)  # type: ignore[call-overload]


def _date(moment: datetime, language: str) -> str:
    return format_date(moment.date(), format="long", locale=_BABEL_LOCALE[language])


def _shuffled(rng: random.Random, correct: str, wrong: list[str]) -> tuple[tuple[str, ...], int]:
    options = [correct] + [w for w in dict.fromkeys(wrong) if w and w != correct][:3]
    rng.shuffle(options)
    return tuple(options), options.index(correct)


def _guideline_questions(policy: Policy, language: str, rng: random.Random) -> list[Question]:
    words = texts(language)
    pairs = [(policy.text(g.dont, language), policy.text(g.do, language), policy.text(g.why, language))
             for g in policy.guidelines]
    questions = []
    for index, (dont, do, why) in enumerate(pairs):
        others = [d for i, (d, _, _) in enumerate(pairs) if i != index]
        rng.shuffle(others)
        if not others:
            continue
        options, answer = _shuffled(rng, do, others)
        questions.append(Question("instead", words["instead"].format(dont=dont), options, answer, why or do))
    return questions


def _term_questions(policy: Policy, language: str, now: datetime, rng: random.Random) -> list[Question]:
    words = texts(language)
    yes_no = (words["yes"], words["no"])
    questions = []
    for product in policy.sensitive.unreleased_products:
        if product.embargo_until is None:
            continue
        launch = product.embargo_until
        after = rng.random() < 0.5
        day = launch + timedelta(days=rng.randint(1, 60)) if after else min(now, launch - timedelta(days=1))
        name = _term_name(product, language)
        explanation = words["embargo_yes" if after else "embargo_no"].format(term=name, launch=_date(launch, language))
        questions.append(Question("may_mention", words["may_mention"].format(term=name, date=_date(day, language)),
                                  yes_no, 0 if after else 1, explanation))
    for kind in ("confidential_projects", "internal_tools", "security_routines"):
        for term in getattr(policy.sensitive, kind):
            name = _term_name(term, language)
            questions.append(Question(
                "may_mention", words["may_mention"].format(term=name, date=_date(now, language)), yes_no, 1,
                words["never_share"].format(term=name, kind=words["kinds"][kind])))
    return questions


def _draft_questions(policy: Policy, language: str, now: datetime, rng: random.Random) -> list[Question]:
    words = texts(language)
    values = {
        "product": [_term_name(p, language) for p in policy.sensitive.unreleased_products
                    if p.embargo_until and p.embargo_until > now],
        "tool": [_term_name(t, language) for t in policy.sensitive.internal_tools],
        "project": [_term_name(t, language) for t in policy.sensitive.confidential_projects],
    }
    context = CheckContext(language=language, account="personal", channel="facebook", at=now)
    questions = []
    for template in words["drafts"]:
        needed = [key for key in values if "{" + key + "}" in template]
        if any(not values[key] for key in needed):
            continue
        draft = template.format(**{key: rng.choice(values[key]) for key in needed})
        report = check(draft, policy, context)
        clean = report.verdict is Verdict.PASS
        explanation = words["clean"] if clean else " ".join(
            f"{f.message} {f.suggestion}".strip() for f in report.findings)
        questions.append(Question("may_post", words["may_post"].format(channel="Facebook", draft=draft),
                                  (words["yes"], words["no"]), 0 if clean else 1, explanation))
    return questions


def _reply_questions(policy: Policy, language: str, rng: random.Random) -> list[Question]:
    words = texts(language)
    sample = dict(_SAMPLE, support_url=policy.organisation.support_url, company=policy.organisation.name)
    replies = {name: policy.text(book.response, language).format_map(_Missing(sample))
               for name, book in policy.situations.items() if book.response}
    questions = []
    for name, reply in replies.items():
        others = [r for n, r in replies.items() if n != name]
        rng.shuffle(others)
        if not others:
            continue
        options, answer = _shuffled(rng, reply, others)
        questions.append(Question("which_reply", words["which_reply"].format(situation=words["situations"][name]),
                                  options, answer, words["reply_is"]))
    return questions


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def generate_quiz(policy: Policy, language: str, *, seed: int = 0, count: int | None = None,
                  now: datetime | None = None) -> Quiz:
    """A quiz of ``count`` questions (default: the policy's ``training.questions``), mixing every kind."""
    texts(language)  # validates the language
    rng = random.Random(f"{seed}:{language}:{policy.revision}")
    now = now or datetime.now(timezone.utc)
    pools = [
        _guideline_questions(policy, language, rng),
        _term_questions(policy, language, now, rng),
        _draft_questions(policy, language, now, rng),
        _reply_questions(policy, language, rng),
    ]
    for pool in pools:
        rng.shuffle(pool)
    wanted = count or policy.training.questions
    chosen: list[Question] = []
    while len(chosen) < wanted and any(pools):
        for pool in pools:  # round-robin so every kind is asked
            if pool and len(chosen) < wanted:
                chosen.append(pool.pop())
    if not chosen:
        raise UsageError("the policy has no guidelines, sensitive terms or standard responses to make a quiz from")
    return Quiz(language, policy.revision, policy.training.pass_mark, tuple(chosen))


def grade(quiz: Quiz, answers: list[int | None]) -> QuizResult:
    """Score the answers (option indices; None for unanswered) and explain every question."""
    if len(answers) != len(quiz.questions):
        raise UsageError(f"expected {len(quiz.questions)} answers, got {len(answers)}")
    feedback = tuple(
        Feedback(i, answer == q.answer, answer, q.answer, q.explanation)
        for i, (q, answer) in enumerate(zip(quiz.questions, answers))
    )
    score = sum(f.correct for f in feedback) / len(feedback)
    return QuizResult(score, score >= quiz.pass_mark, feedback)
