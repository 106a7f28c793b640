"""The interface's training pages, which need the service's store (R8): read and accept the
active policy (signed in), a candidate's personal link (no account), the quiz one question at a
time with the explanation after each answer, and the completion report for HR.

Mounted into the interface through ``UISettings.routers``, and guarded like its other pages:
a visitor is sent to the interface's sign-in and back (``webui.access.guard``), and a signed-in
person's forms carry the session's CSRF token (``webui.signin.form_data``). The candidate's
form has no session to protect: the personal link is what authorises it.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..auth.permissions import Actor, allowed
from ..errors import AuthenticationError, ConflictError, ForbiddenError, InputError, NotFoundError, PostguardError
from ..languages import direction, normalise_language
from ..store import acknowledgements as acks
from ..store import quizzes
from ..store.people import get_user
from ..store.policies import active, parsed
from ..policy.handbook import build_handbook
from ..webui.access import guard
from ..webui.i18n import LANGUAGE_COOKIE
from ..webui.rendering import render
from ..webui.signin import form_data
from .deps import Service

_STATUS = ((AuthenticationError, 401), (ForbiddenError, 403), (NotFoundError, 404), (ConflictError, 409),
           (InputError, 422), (PostguardError, 422))


def _problem(request: Request, exc: PostguardError) -> HTMLResponse:
    status = next(code for cls, code in _STATUS if isinstance(exc, cls))
    return render(request, "training_problem.html", page="training", status_code=status, message=str(exc),
                  status=status)


def _candidate_language(request: Request, language: str) -> str:
    """A candidate reads the page in the language they were invited in, unless they chose another
    with the language switcher (they have no account whose language the interface would know)."""
    return normalise_language(request.cookies.get(LANGUAGE_COOKIE) or "") or language


def training_pages(service: Service) -> APIRouter:
    router = APIRouter()
    db = service.db

    def signed_in(request: Request) -> Actor:
        """The signed-in person (``guard`` answers sign-in-and-come-back instead for a visitor)."""
        return guard(request, "training").actor

    @router.get("/training", name="training", response_class=HTMLResponse)
    def training(request: Request, hl: str | None = None) -> Response:
        actor = signed_in(request)
        with db.reader() as session:
            user = get_user(session, username=actor.username)
            version = active(session)
            language = (normalise_language(hl) if hl else None) or user.language
            done = acks.acknowledgement_of(session, user_id=user.id, policy_version=version.number)
            results = quizzes.my_results(session, actor=actor)
            return render(request, "training.html", page="training", person=user, version=version.number,
                          acknowledged=done, handbook=build_handbook(parsed(version), language), handbook_lang=language,
                          handbook_dir=direction(language), results=[r for r in results
                                                                     if r.policy_version == version.number],
                          may_report=allowed(actor, "training.status"))

    @router.post("/training/acknowledge", name="training_acknowledge")
    async def acknowledge(request: Request) -> Response:
        actor = signed_in(request)
        form = await form_data(request)

        def save() -> None:
            with db.writer() as session:
                acks.acknowledge(session, actor=actor, language=form.get("language") or None,
                                 policy_version=_int(form.get("policy_version")))
                session.commit()

        try:
            await run_in_threadpool(save)
        except PostguardError as exc:
            return _problem(request, exc)
        return RedirectResponse(request.url_for("training"), status_code=303)

    @router.get("/training/candidate/{token}", name="training_candidate", response_class=HTMLResponse)
    def candidate(request: Request, token: str) -> Response:
        try:
            with db.reader() as session:
                user, number = acks.candidate_for_link(session, token=token)
                done = acks.already_acknowledged(session, user_id=user.id, policy_version=number)
                policy = parsed(active(session))
        except PostguardError as exc:
            return _problem(request, exc)
        return render(request, "training_candidate.html", page="training", person=user, version=number,
                      acknowledged=done, token=token, handbook=build_handbook(policy, user.language),
                      handbook_lang=user.language, handbook_dir=direction(user.language),
                      language=_candidate_language(request, user.language))

    @router.post("/training/candidate/{token}", name="training_candidate_accept")
    async def candidate_accept(request: Request, token: str) -> Response:
        form = await request.form()

        def save() -> None:
            with db.writer() as session:
                acks.acknowledge_with_link(session, token=token, policy_version=_int(form.get("policy_version")))
                session.commit()

        try:
            await run_in_threadpool(save)
        except PostguardError as exc:
            return _problem(request, exc)
        return RedirectResponse(request.url_for("training_candidate", token=token), status_code=303)

    @router.get("/training/quiz", name="training_quiz", response_class=HTMLResponse)
    def quiz(request: Request) -> Response:
        actor = signed_in(request)
        try:
            with db.writer() as session:  # the first attempt ever makes the signing key
                attempt = quizzes.start(session, actor=actor)
                session.commit()
        except PostguardError as exc:
            return _problem(request, exc)
        return _quiz_page(request, attempt, None)

    @router.post("/training/quiz", name="training_quiz_step", response_class=HTMLResponse)
    async def quiz_step(request: Request) -> Response:
        actor = signed_in(request)
        form = await form_data(request)
        return await run_in_threadpool(_step, request, actor, form)

    def _step(request: Request, actor: Actor, form: dict[str, str]) -> Response:
        try:
            token = form.get("attempt", "")
            if form.get("step") == "answer":
                with db.reader() as session:
                    attempt, feedback = quizzes.answer(session, actor=actor, token=token,
                                                       question=_int(form.get("question")) or 0,
                                                       choice=_int(form.get("choice")))
                return _quiz_page(request, attempt, feedback)
            with db.reader() as session:
                attempt = quizzes.resume(session, actor=actor, token=token)
            if attempt.next_question is not None:
                return _quiz_page(request, attempt, None)
            with db.writer() as session:
                row, graded = quizzes.finish(session, actor=actor, token=attempt.token)
                session.commit()
        except PostguardError as exc:
            return _problem(request, exc)
        return render(request, "training_quiz_result.html", page="training", result=row, graded=graded,
                      quiz=attempt.quiz, quiz_lang=attempt.language, quiz_dir=direction(attempt.language))

    @router.get("/training/report", name="training_report", response_class=HTMLResponse)
    def report(request: Request) -> Response:
        actor = signed_in(request)
        try:
            with db.reader() as session:
                version, departments, candidates = acks.completion(session, actor=actor)
                _version, quiz_rows = quizzes.report(session, actor=actor)
                _version, outstanding = acks.status(session, actor=actor, outstanding_only=True)
        except PostguardError as exc:
            return _problem(request, exc)
        quiz = {row.department: row for row in quiz_rows}
        return render(request, "training_report.html", page="training", version=version, departments=departments,
                      candidates=candidates, quiz=quiz, outstanding=outstanding)

    return router


def _quiz_page(request: Request, attempt: quizzes.Attempt, feedback: tuple[bool, int, str] | None) -> HTMLResponse:
    # With feedback the page shows the question just answered, else the next one.
    index = len(attempt.answers) - 1 if feedback is not None else len(attempt.answers)
    return render(request, "training_quiz.html", page="training", attempt=attempt, index=index,
                  question=attempt.quiz.questions[index], feedback=feedback,
                  chosen=attempt.answers[-1] if feedback is not None else None,
                  total=len(attempt.quiz.questions), quiz_lang=attempt.language, quiz_dir=direction(attempt.language))


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"{text!r} is not a number")
    return int(text)
