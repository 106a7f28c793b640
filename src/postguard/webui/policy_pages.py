"""Policy versions for those who keep the policy: every stored version (old ones stay
readable), upload a new one (validation problems with their line and column, shown on the
uploaded text), the diff against the active version, and activation.

Reads and changes go through the service's ``/api/v1/policies`` as the signed-in person; the
API validates an upload exactly as ``postguard policy validate`` does.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from ..auth.permissions import allowed
from ..store.policies import MAX_POLICY_BYTES
from .access import Denied, guard
from .i18n import Translator
from .rendering import reader_language, render
from .service import Viewer, api_error_text, call_api
from .signin import form_data

PAGE = "policy"


def policy_router() -> APIRouter:
    router = APIRouter()

    @router.get("/policy/versions", name="policy_versions", response_class=HTMLResponse)
    async def versions(request: Request, done: str = "") -> Response:
        person = _guard(request)
        return await _versions_page(request, person, done=done)

    @router.post("/policy/versions", name="policy_upload")
    async def upload(request: Request) -> Response:
        person = _guard(request)
        _ = Translator(reader_language(request))
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        await form_data(request)  # the CSRF check (Starlette keeps the parsed form)
        # A browser sends a textarea's lines ending in CRLF (HTML form encoding), whatever was
        # pasted; stored like that, every line would differ from the active version.
        source, filename = fields.get("source", "").replace("\r\n", "\n"), "policy.yaml"
        upload_file = form.get("policy_file")
        if isinstance(upload_file, UploadFile) and upload_file.filename:
            raw = await upload_file.read(MAX_POLICY_BYTES + 1)
            filename = upload_file.filename
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError:
                return await _versions_page(request, person, status_code=422, source=source, error=_(
                    "The file %(name)s is not UTF-8 text. Save it as UTF-8 and upload it again.", name=filename))
        if not source.strip():
            return await _versions_page(request, person, status_code=422, error=_(
                "Paste the policy's YAML or choose a file."))
        answer = await call_api(request, "POST", "/api/v1/policies", json={"source": source, "filename": filename})
        if answer.ok:
            url = str(request.url_for("policy_version", number=answer.data["number"])) + "?done=uploaded"
            return RedirectResponse(url, status_code=303)
        problems = [p for p in answer.error.get("details", []) if isinstance(p, dict) and "line" in p]
        error = (_.ngettext("The policy was not stored: %(num)d problem to fix.",
                            "The policy was not stored: %(num)d problems to fix.", len(problems))
                 if problems else api_error_text(answer, _))
        return await _versions_page(request, person, status_code=answer.status, error=error, problems=problems,
                                    source=source, filename=filename)

    @router.get("/policy/versions/{number}", name="policy_version", response_class=HTMLResponse)
    async def version(request: Request, number: int, done: str = "") -> Response:
        person = _guard(request)
        return await _version_page(request, person, number, done=done)

    @router.post("/policy/versions/{number}/activate", name="policy_activate")
    async def activate(request: Request, number: int) -> Response:
        person = _guard(request)
        await form_data(request)
        answer = await call_api(request, "POST", f"/api/v1/policies/{number}/activate")
        if answer.ok:
            url = str(request.url_for("policy_version", number=number)) + "?done=activated"
            return RedirectResponse(url, status_code=303)
        _ = Translator(reader_language(request))
        return await _version_page(request, person, number, error=api_error_text(answer, _),
                                   status_code=answer.status)

    return router


def _guard(request: Request) -> Viewer:
    """Versions are for people who may upload a policy (the handbook is for everyone)."""
    person = guard(request, PAGE)
    if not allowed(person.actor, "policy.upload"):
        raise Denied(PAGE)
    return person


async def _versions_page(request: Request, person: Viewer, *, error: str | None = None,
                         problems: list[dict[str, Any]] | None = None, source: str = "", filename: str = "",
                         done: str = "", status_code: int = 200) -> HTMLResponse:
    _ = Translator(reader_language(request))
    answer = await call_api(request, "GET", "/api/v1/policies")
    versions = sorted(answer.data if answer.ok else [], key=lambda v: v["number"], reverse=True)
    return render(request, "policy_versions.html", page=PAGE, status_code=status_code, versions=versions,
                  error=error or api_error_text(answer, _), problems=problems or [],
                  source_lines=_numbered(source, problems or []), source=source, filename=filename,
                  done={"activated": _("This version is now active: every check uses it.")}.get(done),
                  may_activate=allowed(person.actor, "policy.activate"))


async def _version_page(request: Request, person: Viewer, number: int, *, error: str | None = None,
                        done: str = "", status_code: int = 200) -> HTMLResponse:
    _ = Translator(reader_language(request))
    answer = await call_api(request, "GET", f"/api/v1/policies/{number}")
    if not answer.ok:
        return render(request, "message.html", page=PAGE, status_code=answer.status,
                      title=_("Policy version %(number)s", number=str(number)), message=api_error_text(answer, _))
    version = answer.data
    diff = None
    if not version["active"]:
        diff_answer = await call_api(request, "GET", f"/api/v1/policies/{number}/diff")
        diff = diff_answer.data["diff"] if diff_answer.ok else None
    messages = {"uploaded": _("The policy is valid and stored as version %(number)s. It is not active yet: "
                              "read the changes, then activate it.", number=str(number)),
                "activated": _("This version is now active: every check uses it.")}
    return render(request, "policy_version.html", page=PAGE, status_code=status_code, version=version,
                  diff_lines=_diff_lines(diff) if diff is not None else None, error=error,
                  done=messages.get(done), source_lines=_numbered(version["source"], []),
                  may_activate=allowed(person.actor, "policy.activate") and not version["active"])


def _numbered(source: str, problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text's lines with their numbers and the problems found on each."""
    by_line: dict[int, list[dict[str, Any]]] = {}
    for problem in problems:
        by_line.setdefault(int(problem.get("line") or 0), []).append(problem)
    return [{"number": i, "text": line, "problems": by_line.get(i, [])}
            for i, line in enumerate(source.splitlines(), 1)] if source else []


def _diff_lines(diff: str) -> list[tuple[str, str]]:
    """(kind, text) per line of a unified diff: add, del, hunk or context."""
    out = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            kind = "file"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "context"
        out.append((kind, line))
    return out
