"""Drafts in the interface: the review queue, one's own drafts, a draft with its findings,
the reviewer's decision (approve, reject, request changes, allow once) and the author's
request for review of a draft the policy rejected.

Everything is read from and written to the service's drafts API (``/api/v1/drafts``), as
the signed-in person; the pages add the highlighting, the translated names and the forms.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..auth.permissions import allowed
from ..output.labels import unread_note
from . import labels
from .access import guard
from .api import present_report
from .highlight import pieces
from .i18n import Translator
from .rendering import reader_language, render
from .service import Viewer, api_error_text as _api_error, call_api
from .signin import form_data

#: Drafts per page of the review queue and of "my drafts".
PAGE_SIZE = 50


#: Flash messages after a change, by the ``done`` query parameter.
def _done_messages(_: Translator) -> dict[str, str]:
    return {
        "approve": _("The draft is approved; its author is told."),
        "reject": _("The draft is rejected; its author sees your comment."),
        "request_changes": _("The draft went back to its author with your comment."),
        "review_requested": _("Your draft is waiting for a reviewer, with your justification."),
    }


def drafts_router() -> APIRouter:
    router = APIRouter()

    @router.get("/review", name="review", response_class=HTMLResponse)
    async def review_queue(request: Request, done: str = "", page: int = 1) -> Response:
        person = guard(request, "review")
        return await _list_page(request, "review.html", "review", "/api/v1/drafts/queue/lines", page,
                                done=_done_messages(Translator(reader_language(request))).get(done))

    @router.get("/drafts", name="drafts", response_class=HTMLResponse)
    async def my_drafts(request: Request, page: int = 1) -> Response:
        person = guard(request, "drafts")
        return await _list_page(request, "drafts.html", "drafts", "/api/v1/drafts/lines", page)

    @router.get("/drafts/{draft_id}", name="draft", response_class=HTMLResponse)
    async def show_draft(request: Request, draft_id: int, done: str = "") -> Response:
        person = guard(request, "compose")
        return await _draft_page(request, person, draft_id, done=done)

    @router.post("/drafts/{draft_id}/decision", name="draft_decide")
    async def decide(request: Request, draft_id: int) -> Response:
        person = guard(request, "review")
        form = await form_data(request)
        _ = Translator(reader_language(request))
        decision, comment = form.get("decision", ""), form.get("comment", "").strip()
        allow_once = form.get("allow_once") == "yes"
        reason = form.get("reason", "").strip()
        problem = None
        if decision not in ("approve", "reject", "request_changes"):
            problem = _("Choose a decision: approve, reject or request changes.")
        elif decision != "approve" and not comment:
            problem = _("Write a comment for the author: what should change, or why the draft is rejected.")
        elif allow_once and (decision != "approve" or not reason):
            problem = _("Allowing a blocked draft once means approving it with a reason; the reason is recorded in the audit log.")
        if problem is None:
            answer = await call_api(request, "POST", f"/api/v1/drafts/{draft_id}/decision",
                                    json={"decision": decision, "comment": comment, "allow_once": allow_once,
                                          "reason": reason or None})
            if answer.ok:
                return RedirectResponse(str(request.url_for("review")) + f"?done={decision}", status_code=303)
            problem = _api_error(answer, _)
        return await _draft_page(request, person, draft_id, error=problem, form=form, status_code=422)

    @router.post("/drafts/{draft_id}/review-request", name="draft_review_request")
    async def review_request(request: Request, draft_id: int) -> Response:
        person = guard(request, "drafts")
        form = await form_data(request)
        _ = Translator(reader_language(request))
        justification = form.get("justification", "").strip()
        if not justification:
            problem = _("Explain why this draft should be published despite the findings.")
        else:
            answer = await call_api(request, "POST", f"/api/v1/drafts/{draft_id}/review-request",
                                    json={"justification": justification})
            if answer.ok:
                url = str(request.url_for("draft", draft_id=draft_id)) + "?done=review_requested"
                return RedirectResponse(url, status_code=303)
            problem = _api_error(answer, _)
        return await _draft_page(request, person, draft_id, error=problem, form=form, status_code=422)

    return router


async def _list_page(request: Request, template: str, page_name: str, path: str, page: int, *,
                     done: str | None = None) -> HTMLResponse:
    """A page of a list of drafts, read as list rows (``…/lines``: counts, no reports)."""
    _ = Translator(reader_language(request))
    page = max(page, 1)
    # One row more than a page tells whether there is a next page, without counting them all.
    answer = await call_api(request, "GET", path, params={"limit": PAGE_SIZE + 1, "offset": (page - 1) * PAGE_SIZE})
    lines = answer.data if answer.ok else []
    return render(request, template, page=page_name, error=_api_error(answer, _), done=done,
                  drafts=[_summary(line, _) for line in lines[:PAGE_SIZE]],
                  paging={"page": page, "previous": page - 1 if page > 1 else None,
                         "next": page + 1 if len(lines) > PAGE_SIZE else None, "size": PAGE_SIZE})


async def _draft_page(request: Request, person: Viewer, draft_id: int, *, error: str | None = None,
                      form: dict[str, str] | None = None, done: str = "", status_code: int = 200) -> HTMLResponse:
    _ = Translator(reader_language(request))
    answer = await call_api(request, "GET", f"/api/v1/drafts/{draft_id}")
    if not answer.ok:
        return render(request, "message.html", page="drafts", status_code=answer.status,
                      title=_("Draft %(number)s", number=str(draft_id)), message=_api_error(answer, _))
    draft = answer.data
    report = present_report(draft["report"], draft["text"], _)
    mine = draft["author"] == person.username
    waiting = draft["status"] == "pending_review"
    last = draft["history"][-1]["kind"] if draft["history"] else ""
    return render(
        request, "draft.html", page="review" if not mine and allowed(person.actor, "draft.queue") else "drafts",
        status_code=status_code, draft=draft, summary=_summary(_line(draft), _), findings=report["findings"],
        pieces=pieces(draft["text"], report["findings"]),
        unread=(unread_note(report["unread_language"], len(report.get("skipped", [])), _.language)
                if report.get("unread_language") else ""),
        history=[_event(e, _) for e in reversed(draft["history"])],
        may_decide=waiting and not mine and allowed(person.actor, "draft.queue"),
        may_override=draft["verdict"] == "block" and not mine and allowed(person.actor, "draft.override"),
        may_request_review=mine and draft["status"] == "rejected" and last == "rejected_by_policy",
        error=error, form=form or {}, done=_done_messages(_).get(done),
    )


def _line(draft: dict[str, Any]) -> dict[str, Any]:
    """A whole draft (``DraftPublic``) as a list row (``DraftLinePublic``)."""
    findings = draft["report"].get("findings", [])
    comments = [e["comment"] for e in draft["history"]
                if e.get("comment") and e["kind"] in ("approved", "rejected", "changes_requested")]
    text = draft["text"]
    return {**{key: draft[key] for key in ("id", "author", "account", "channel", "language", "status", "verdict",
                                           "created_at", "updated_at")},
            "excerpt": text if len(text) <= 140 else text[:139] + "…", "finding_count": len(findings),
            "categories": sorted({f["category"] for f in findings}), "latest_comment": comments[-1] if comments else None}


def _summary(line: dict[str, Any], _: Translator) -> dict[str, Any]:
    """What a list row and a page head show of a draft (from ``DraftLinePublic``)."""
    return {
        "id": line["id"], "author": line["author"], "status": line["status"],
        "status_label": labels.label(labels.DRAFT_STATUSES, line["status"], _),
        "verdict": line["verdict"], "verdict_label": labels.label(labels.VERDICTS, line["verdict"], _),
        "channel": labels.channel_label(line["channel"], _),
        "account": labels.label(labels.ACCOUNTS, line["account"], _),
        "excerpt": line["excerpt"],
        "findings": _.ngettext("%(num)d finding", "%(num)d findings", line["finding_count"]),
        "categories": sorted({labels.label(labels.CATEGORIES, c, _) for c in line["categories"]}),
        "created_at": line["created_at"][:16].replace("T", " "),
        "updated_at": line["updated_at"][:16].replace("T", " "),
        "language": line.get("language") or "",
        "latest_comment": line["latest_comment"] or "",
    }


def _event(event: dict[str, Any], _: Translator) -> dict[str, Any]:
    return {**event, "label": labels.label(labels.DRAFT_EVENTS, event["kind"], _),
            "at_text": event["at"][:16].replace("T", " ")}
