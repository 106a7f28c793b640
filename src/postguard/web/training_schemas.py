"""API models of acknowledgement and training (R8)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from pydantic import Field

from .schemas import Model


class AcknowledgeRequest(Model):
    #: The version the person read; refused when another one has become active meanwhile.
    policy_version: Optional[int] = None
    #: The handbook language read (default: the person's language).
    language: Optional[str] = Field(default=None, max_length=8)


class AcknowledgementPublic(Model):
    policy_version: int
    language: str
    via: str
    at: datetime


class PersonStatusPublic(Model):
    username: str
    display_name: str
    role: str
    kind: str
    department: str
    language: str
    acknowledged_at: Optional[datetime]
    reminders: int
    last_reminded_at: Optional[datetime]


class StatusPublic(Model):
    policy_version: int
    people: list[PersonStatusPublic]


class DepartmentRow(Model):
    department: str
    acknowledged: int
    total: int
    share: float
    quiz_attempted: int
    quiz_passed: int
    quiz_average_best: Optional[float]


class CompletionPublic(Model):
    policy_version: int
    departments: list[DepartmentRow]
    candidates_acknowledged: int
    candidates_total: int


class CandidateInvite(Model):
    username: str = Field(min_length=2, max_length=63)
    display_name: str = Field(default="", max_length=200)
    email: Optional[str] = Field(default=None, max_length=320)
    language: str = Field(default="en", max_length=8)
    department: str = Field(default="", max_length=100)


class InvitationPublic(Model):
    username: str
    policy_version: int
    url: str
    expires_at: datetime


class CandidateLinkPublic(Model):
    username: str
    display_name: str
    language: str
    policy_version: int
    acknowledged: bool
    handbook_url: str


class ReminderRequest(Model):
    dry_run: bool = False
    #: Nobody is reminded twice within this many days.
    every_days: float = Field(default=3, ge=0, le=365)


class ReminderPublic(Model):
    username: str
    language: str
    subject: str
    link: str


class RemindersPublic(Model):
    sent: bool
    channel: str
    reminders: list[ReminderPublic]


class DepartmentChange(Model):
    department: str = Field(max_length=100)


class QuizStart(Model):
    language: Optional[str] = Field(default=None, max_length=8)


class QuestionPublic(Model):
    number: int
    kind: str
    prompt: str
    options: list[str]


class QuizPublic(Model):
    attempt: str
    policy_version: int
    language: str
    pass_mark: float
    questions: list[QuestionPublic]


class QuizAnswer(Model):
    attempt: str = Field(max_length=4000)
    #: The next question's number: questions are answered in order, each once.
    question: int = Field(ge=0)
    #: The chosen option; null skips the question (it counts as wrong).
    choice: Optional[int] = Field(default=None, ge=0)


class AnswerFeedback(Model):
    question: int
    correct: bool
    answer: int
    explanation: str


class AnswerPublic(AnswerFeedback):
    #: The attempt with this answer recorded: send it with the next answer, or to finish.
    attempt: str
    next_question: Optional[int]


class QuizFinish(Model):
    attempt: str = Field(max_length=4000)


class QuizResultPublic(Model):
    id: int
    policy_version: int
    language: str
    score: float
    pass_mark: float
    passed: bool
    at: datetime
    feedback: list[AnswerFeedback] = []
