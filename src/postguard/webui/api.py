"""The JSON the compose page talks to: the live check, with texts in the reader's language.

``POST /api/check`` runs :func:`postguard.check` on the draft under the policy that
``UISettings.policy`` returns and answers the core's report (the same JSON as the CLI) with
what the page shows added: translated category, severity and verdict names, a summary
sentence, and offsets in UTF-16 code units (what a browser's string indices count) beside
the core's Python indices.
"""
from __future__ import annotations

import time
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from ..context import CheckContext
from ..engine import check
from ..errors import InputError, UsageError
from ..findings import Report
from ..languages import NATIVE_NAMES, normalise_language
from ..output.labels import unread_note
from . import labels
from .i18n import Translator
from .rendering import reader_language


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    account: Literal["personal", "official"] = "personal"
    channel: str = "linkedin"
    #: The draft's language; None detects it from the text.
    language: str | None = None
    #: The language the reader wants the findings explained in; None uses the interface's.
    ui_language: str | None = None


def error_response(status: int, code: str, message: str, details: list[Any] | None = None) -> JSONResponse:
    """The service's one error shape (``postguard.web.errors``), so a client reads both alike."""
    return JSONResponse({"error": {"status": status, "code": code, "message": message, "details": details or []}},
                        status_code=status)


def api_router() -> APIRouter:
    router = APIRouter()

    @router.post("/check", name="api_check")
    def live_check(body: CheckRequest, request: Request) -> Any:
        settings = request.app.state.settings
        if len(body.text) > settings.max_draft_chars:
            return error_response(
                413, "draft_too_long",
                f"the draft is {len(body.text):,} characters; the limit is {settings.max_draft_chars:,}")
        translator = Translator(_ui_language(body, request))
        started = time.perf_counter()
        try:
            context = CheckContext(account=body.account, channel=body.channel, language=body.language,
                                   message_language=translator.language)
            report = check(body.text, settings.policy(), context)
        except (UsageError, InputError) as exc:
            return error_response(422, "invalid_input", str(exc))
        elapsed_ms = (time.perf_counter() - started) * 1000
        response = JSONResponse(present(report, body.text, translator))
        response.headers["Server-Timing"] = f"check;dur={elapsed_ms:.2f}"
        response.headers["Cache-Control"] = "no-store"
        return response

    return router


def _ui_language(body: CheckRequest, request: Request) -> str:
    return (normalise_language(body.ui_language) if body.ui_language else None) or reader_language(request)


def present(report: Report, text: str, translator: Translator) -> dict[str, Any]:
    """The core's report plus what the compose page shows, in the reader's language."""
    data = present_report(report.to_dict(), text, translator)
    _ = translator
    count = len(data["findings"])
    data["ui"] = {
        "language": translator.language,
        "verdict_label": labels.label(labels.VERDICTS, data["verdict"], translator),
        "summary": (_.ngettext("%(num)d finding", "%(num)d findings", count) if count or report.unread_language
                    else _("No findings: this draft follows the policy.")),
        # Said when detected, so an author whose short post was taken for another language
        # knows to choose the language (the rules for a language only run on that language);
        # a draft in a language the checks cannot read says so and what to do.
        "language_note": (unread_note(report.unread_language, len(report.skipped), translator.language)
                          if report.unread_language else
                          _("Read as %(language)s", language=NATIVE_NAMES[report.language])
                          if report.language_detected and report.language in NATIVE_NAMES else ""),
    }
    return data


def present_report(data: dict[str, Any], text: str, translator: Translator) -> dict[str, Any]:
    """A report's JSON (fresh or stored with a draft) with each finding's translated category
    and severity names and its offsets in UTF-16 code units; ``data`` is not changed."""
    units = _utf16_offsets(text)
    findings = []
    for original in data.get("findings", []):
        finding = dict(original)
        finding["category_label"] = labels.label(labels.CATEGORIES, finding["category"], translator)
        finding["severity_label"] = labels.label(labels.SEVERITIES, finding["severity"], translator)
        finding["utf16_start"] = units[min(finding["start"], len(text))]
        finding["utf16_end"] = units[min(finding["end"], len(text))]
        findings.append(finding)
    return {**data, "findings": findings}


def _utf16_offsets(text: str) -> list[int]:
    """For each Python index 0..len(text), the matching UTF-16 index (emoji count twice there)."""
    offsets = [0] * (len(text) + 1)
    unit = 0
    for index, char in enumerate(text):
        offsets[index] = unit
        unit += 2 if ord(char) > 0xFFFF else 1
    offsets[len(text)] = unit
    return offsets

