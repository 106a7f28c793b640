"""Acknowledgement and training (R8): accept the active policy version, candidates' personal
links, who has not acknowledged, reminders, completion per department, the policy quiz."""
from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request

from ...store import acknowledgements as acks
from ...store import quizzes
from ...store.acknowledgements import NotificationSender
from ..deps import ActorDep, ReadSession, ServiceDep, WriteSession
from ..schemas import UserPublic
from ..training_schemas import (AcknowledgementPublic, AcknowledgeRequest, AnswerFeedback, AnswerPublic, CandidateInvite,
                                CandidateLinkPublic, CompletionPublic, DepartmentChange, DepartmentRow,
                                InvitationPublic, PersonStatusPublic, QuestionPublic, QuizAnswer, QuizFinish,
                                QuizPublic, QuizResultPublic, QuizStart, ReminderPublic, ReminderRequest,
                                RemindersPublic, StatusPublic)

router = APIRouter(tags=["training"])


def base_url(request: Request) -> str:
    """The service's own address, for the links it hands out."""
    return str(request.base_url).rstrip("/")


@router.post("/training/acknowledgements", response_model=AcknowledgementPublic, status_code=201,
             summary="Accept the active policy version (one's own acknowledgement)")
def acknowledge(body: AcknowledgeRequest, request: Request, actor: ActorDep, session: WriteSession):
    via = "token" if request.headers.get("authorization") else "session"
    row = acks.acknowledge(session, actor=actor, language=body.language, via=via, policy_version=body.policy_version)
    session.commit()
    return row


@router.get("/training/status", response_model=StatusPublic,
            summary="Everyone who must acknowledge the active version, and whether they have")
def status(actor: ActorDep, session: ReadSession, outstanding: bool = False):
    version, rows = acks.status(session, actor=actor, outstanding_only=outstanding)
    return StatusPublic(policy_version=version, people=[
        PersonStatusPublic(**{**row.__dict__, "kind": row.kind}) for row in rows])


@router.get("/training/completion", response_model=CompletionPublic,
            summary="Acknowledgement and quiz completion per department, for the active version")
def completion(actor: ActorDep, session: ReadSession):
    version, departments, candidates = acks.completion(session, actor=actor)
    _version, quiz_rows = quizzes.report(session, actor=actor)
    by_name = {row.department: row for row in quiz_rows}
    rows = []
    for dep in departments:
        quiz = by_name.get(dep.department)
        rows.append(DepartmentRow(department=dep.department, acknowledged=dep.done, total=dep.total, share=dep.share,
                                  quiz_attempted=quiz.attempted if quiz else 0, quiz_passed=quiz.passed if quiz else 0,
                                  quiz_average_best=quiz.average_best if quiz else None))
    return CompletionPublic(policy_version=version, departments=rows, candidates_acknowledged=candidates.done,
                            candidates_total=candidates.total)


@router.post("/training/candidates", response_model=InvitationPublic, status_code=201,
             summary="Invite a candidate: a personal, expiring link to read and accept the policy (no account)")
def invite(body: CandidateInvite, request: Request, actor: ActorDep, service: ServiceDep, session: WriteSession):
    invitation = acks.invite_candidate(session, actor=actor, username=body.username, passwords=service.passwords,
                                       base_url=base_url(request), display_name=body.display_name, email=body.email,
                                       language=body.language, department=body.department)
    session.commit()
    return InvitationPublic(username=invitation.username, policy_version=invitation.policy_version,
                            url=invitation.url, expires_at=invitation.expires_at)


@router.post("/training/reminders", response_model=RemindersPublic,
             summary="Remind who has not acknowledged the active version (in-app notifications; dry_run lists them)")
def remind(body: ReminderRequest, request: Request, actor: ActorDep, session: WriteSession):
    sender = NotificationSender(session)
    messages = acks.remind(session, actor=actor, sender=sender, base_url=base_url(request),
                           every=timedelta(days=body.every_days), dry_run=body.dry_run)
    session.commit()
    return RemindersPublic(sent=not body.dry_run, channel=sender.name, reminders=[
        ReminderPublic(username=m.username, language=m.language, subject=m.subject, link=m.link) for m in messages])


@router.put("/users/{username}/department", response_model=UserPublic,
            summary="Set someone's department (for completion reports)")
def set_department(username: str, body: DepartmentChange, actor: ActorDep, session: WriteSession):
    user = acks.set_department(session, actor=actor, username=username, department=body.department)
    session.commit()
    return user


@router.get("/training/candidate-links/{token}", response_model=CandidateLinkPublic,
            summary="What a candidate's personal link is for (no account: the link is the credential)")
def candidate_link(token: str, request: Request, session: ReadSession):
    user, version = acks.candidate_for_link(session, token=token)
    done = acks.already_acknowledged(session, user_id=user.id, policy_version=version)
    return CandidateLinkPublic(username=user.username, display_name=user.display_name, language=user.language,
                               policy_version=version, acknowledged=done,
                               handbook_url=base_url(request) + acks.CANDIDATE_PATH + token)


@router.post("/training/candidate-links/{token}/acknowledge", response_model=AcknowledgementPublic, status_code=201,
             summary="A candidate accepts the policy through their personal link")
def candidate_acknowledge(token: str, body: AcknowledgeRequest, session: WriteSession):
    row = acks.acknowledge_with_link(session, token=token, language=body.language, policy_version=body.policy_version)
    session.commit()
    return row


@router.post("/training/quiz", response_model=QuizPublic, status_code=201,
             summary="Start the quiz generated from the active policy, in one's language")
def start_quiz(body: QuizStart, actor: ActorDep, session: WriteSession):
    attempt = quizzes.start(session, actor=actor, language=body.language)
    session.commit()  # the first attempt ever makes the signing key
    return QuizPublic(attempt=attempt.token, policy_version=attempt.policy_version, language=attempt.language,
                      pass_mark=attempt.quiz.pass_mark, questions=[
                          QuestionPublic(number=i, kind=q.kind, prompt=q.prompt, options=list(q.options))
                          for i, q in enumerate(attempt.quiz.questions)])


@router.post("/training/quiz/answer", response_model=AnswerPublic,
             summary="Answer the next question and read the explanation; returns the attempt with the answer in it")
def answer_quiz(body: QuizAnswer, actor: ActorDep, session: ReadSession):
    attempt, (correct, answer, explanation) = quizzes.answer(session, actor=actor, token=body.attempt,
                                                            question=body.question, choice=body.choice)
    return AnswerPublic(question=body.question, correct=correct, answer=answer, explanation=explanation,
                        attempt=attempt.token, next_question=attempt.next_question)


@router.post("/training/quiz/finish", response_model=QuizResultPublic, status_code=201,
             summary="Hand in the attempt (once): graded against the policy's pass mark and stored")
def finish_quiz(body: QuizFinish, actor: ActorDep, session: WriteSession):
    row, graded = quizzes.finish(session, actor=actor, token=body.attempt)
    session.commit()
    return QuizResultPublic(id=row.id, policy_version=row.policy_version, language=row.language, score=row.score,
                            pass_mark=row.pass_mark, passed=row.passed, at=row.at, feedback=[
                                AnswerFeedback(question=f.question, correct=f.correct, answer=f.answer,
                                               explanation=f.explanation) for f in graded.feedback])


@router.get("/training/quiz/results", response_model=list[QuizResultPublic], summary="One's own quiz results")
def my_quiz_results(actor: ActorDep, session: ReadSession):
    return quizzes.my_results(session, actor=actor)
