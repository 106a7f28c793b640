"""The policy wizard on the web (R9): the questionnaire of ``postguard policy wizard`` as a form,
in the interface language; the answers give a starter policy to read and download.

Needs no service: the wizard writes a file; uploading it is the policy pages' job.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from ..languages import LANGUAGES, NATIVE_NAMES
from ..policy.wizard import PLATFORMS, QUESTIONS, WizardAnswers, wizard_texts, write_policy
from .rendering import reader_language, render

#: Questions whose answer is several of a fixed set: shown as checkboxes.
CHECKBOXES = {"channels": [(p, p.capitalize() if p != "x" else "X") for p in PLATFORMS],
              "languages": [(code, NATIVE_NAMES[code]) for code in LANGUAGES]}


def _answers_from_form(form: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for key, (kind, _default) in QUESTIONS.items():
        if key in CHECKBOXES:
            raw[key] = form.getlist(key)
        elif kind == "bool":
            raw[key] = form.get(key) == "yes"
        elif kind == "list":
            raw[key] = [item.strip() for item in str(form.get(key, "")).split(",") if item.strip()]
        elif form.get(key, "") != "" or key == "company":
            raw[key] = str(form.get(key, ""))
    return raw


def _form_values(answers: dict[str, Any] | None) -> dict[str, Any]:
    """What each field shows: the answers given, else the defaults."""
    values = {key: default for key, (_kind, default) in QUESTIONS.items()}
    values["company"] = ""
    values.update(answers or {})
    for key, (kind, _default) in QUESTIONS.items():
        if kind == "list" and key not in CHECKBOXES:
            values[key] = ", ".join(values[key] or [])
    return values


def _errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        key = str(error["loc"][0]) if error["loc"] else "company"
        errors.setdefault(key, error["msg"].removeprefix("Value error, "))
    return errors


def wizard_router() -> APIRouter:
    router = APIRouter()

    def page(request: Request, *, answers: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
             policy: str | None = None, status_code: int = 200) -> HTMLResponse:
        language = reader_language(request)
        return render(request, "wizard.html", page="wizard", status_code=status_code, words=wizard_texts(language),
                      questions=QUESTIONS, checkboxes=CHECKBOXES, values=_form_values(answers),
                      errors=errors or {}, policy_yaml=policy)

    @router.get("/wizard", name="wizard", response_class=HTMLResponse)
    def wizard(request: Request) -> HTMLResponse:
        return page(request)

    async def _read(request: Request) -> tuple[dict[str, Any], WizardAnswers | None, dict[str, str]]:
        raw = _answers_from_form(await request.form())
        try:
            return raw, WizardAnswers.model_validate(raw), {}
        except ValidationError as exc:
            return raw, None, _errors(exc)

    @router.post("/wizard", name="wizard_preview", response_class=HTMLResponse)
    async def preview(request: Request) -> HTMLResponse:
        raw, answers, errors = await _read(request)
        if answers is None:
            return page(request, answers=raw, errors=errors, status_code=422)
        return page(request, answers=raw, policy=write_policy(answers))

    @router.post("/wizard/policy.yaml", name="wizard_download")
    async def download(request: Request) -> Response:
        raw, answers, errors = await _read(request)
        if answers is None:
            return page(request, answers=raw, errors=errors, status_code=422)
        return Response(write_policy(answers), media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="policy.yaml"'})

    return router
