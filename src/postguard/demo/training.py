"""The demo company's acknowledgements and training, partly done so the completion report and
the reminders have something to show: departments for everyone, three of five staff have
accepted the policy, one has passed the quiz, and the candidate has a personal link."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import CLI_ACTOR
from ..store import acknowledgements as acks
from ..store import quizzes
from ..store.people import actor_of, get_user
from ..store.training_models import Acknowledgement

#: username -> (department, accepted the active policy, took the quiz)
DEMO_TRAINING = {
    "admin": ("IT", False, False),
    "lead": ("Kommunikasjon", True, False),
    "reviewer": ("Kommunikasjon", True, False),
    "spokesperson": ("Kundeservice", True, True),
    "employee": ("Kundeservice", False, False),
    "candidate": ("Kundeservice", False, False),
}


def seed_training(session: Session, *, base_url: str) -> str | None:
    """Seed once per database (nothing when anyone has acknowledged already); returns the
    candidate's personal link, or None when the demo was seeded before."""
    if session.scalar(select(Acknowledgement.id).limit(1)) is not None:
        return None
    for username, (department, accepted, quiz) in DEMO_TRAINING.items():
        acks.set_department(session, actor=CLI_ACTOR, username=username, department=department)
        actor = actor_of(get_user(session, username=username))
        if accepted:
            acks.acknowledge(session, actor=actor, via="session")
        if quiz:  # answered right, as someone who read the handbook
            attempt = quizzes.start(session, actor=actor, seed=7)
            for number, question in enumerate(attempt.quiz.questions):
                attempt, _feedback = quizzes.answer(session, actor=actor, token=attempt.token, question=number,
                                                    choice=question.answer)
            quizzes.finish(session, actor=actor, token=attempt.token)
    return acks.invite_candidate(session, actor=CLI_ACTOR, username="candidate", base_url=base_url).url
