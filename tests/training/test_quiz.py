from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from postguard.errors import UsageError
from postguard.languages import LANGUAGES
from postguard.policy.loader import load_policy
from postguard.training.quiz import generate_quiz, grade, texts

POLICY = load_policy(Path(__file__).with_name("quiz_policy.yaml"))
BEFORE_LAUNCH = datetime(2026, 11, 23, tzinfo=timezone.utc)


@pytest.mark.parametrize("language", LANGUAGES)
def test_quiz_in_every_language_mixes_every_kind(language):
    quiz = generate_quiz(POLICY, language, seed=1, count=12, now=BEFORE_LAUNCH)
    kinds = {q.kind for q in quiz.questions}
    assert kinds == {"instead", "may_mention", "may_post", "which_reply"}
    for question in quiz.questions:
        assert 0 <= question.answer < len(question.options) and question.explanation
    assert texts(language)["yes"] in {o for q in quiz.questions for o in q.options}


def test_guideline_question_has_the_policy_do_as_answer():
    quiz = generate_quiz(POLICY, "pl", seed=3, count=12, now=BEFORE_LAUNCH)
    question = next(q for q in quiz.questions if q.kind == "instead" and "prywatnego profilu" in q.prompt)
    assert question.options[question.answer] == "Skieruj klienta na oficjalną stronę wsparcia"


def test_may_post_answers_come_from_the_checker():
    quiz = generate_quiz(POLICY, "en", seed=2, count=40, now=BEFORE_LAUNCH)
    posts = [q for q in quiz.questions if q.kind == "may_post"]
    friendly = next(q for q in posts if "team is doing great work" in q.prompt)
    assert friendly.options[friendly.answer] == "Yes"


def test_embargo_question_depends_on_the_date():
    seen = {}
    for seed in range(12):
        quiz = generate_quiz(POLICY, "en", seed=seed, count=40, now=BEFORE_LAUNCH)
        for q in quiz.questions:
            if q.kind == "may_mention" and "Aurora Battery" in q.prompt:
                seen[q.options[q.answer]] = q.explanation
    assert "under embargo until March 1, 2027" in seen["No"]
    assert "lifted on March 1, 2027" in seen["Yes"]


def test_reply_question_fills_placeholders():
    quiz = generate_quiz(POLICY, "he", seed=4, count=12, now=BEFORE_LAUNCH)
    reply = next(q for q in quiz.questions if q.kind == "which_reply")
    assert all("{" not in option for option in reply.options)
    assert any("https://fjordline.example/help" in o or "Kim" in o for o in reply.options)


def test_same_seed_same_quiz_and_grading_explains():
    first = generate_quiz(POLICY, "sv", seed=9, now=BEFORE_LAUNCH)
    assert first == generate_quiz(POLICY, "sv", seed=9, now=BEFORE_LAUNCH)
    answers = [q.answer for q in first.questions]
    result = grade(first, answers)
    assert result.score == 1.0 and result.passed
    wrong = [(q.answer + 1) % len(q.options) for q in first.questions]
    failed = grade(first, wrong)
    assert failed.score == 0 and not failed.passed and all(f.explanation for f in failed.feedback)
    with pytest.raises(UsageError):
        grade(first, answers[:-1])
    with pytest.raises(UsageError):
        generate_quiz(POLICY, "de")


def test_cli_quiz_grades_answers_given_on_stdin():
    from typer.testing import CliRunner

    from postguard.cli import app

    policy = str(Path(__file__).with_name("quiz_policy.yaml"))
    made = generate_quiz(POLICY, "nl", seed=5, count=4)
    right = "\n".join(str(q.answer + 1) for q in made.questions) + "\n"
    result = CliRunner().invoke(app, ["training", "quiz", "--lang", "nl", "--policy", policy, "--seed", "5", "--count", "4"], input=right)
    assert result.exit_code == 0, result.output
    assert "geslaagd" in result.output and "100%" in result.output
    wrong = "\n".join("9" for _ in made.questions) + "\n"
    result = CliRunner().invoke(app, ["training", "quiz", "--lang", "nl", "--policy", policy, "--seed", "5", "--count", "4"], input=wrong)
    assert result.exit_code == 1 and "nog niet geslaagd" in result.output
