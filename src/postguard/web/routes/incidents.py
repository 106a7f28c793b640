"""Coordinated-campaign incidents (R15): feed comments, list, read, acknowledge, resolve, export evidence."""
from __future__ import annotations

from typing import Any, Literal, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from ...campaigns.bundle import bundle_json
from ...campaigns.model import comment_from_dict
from ...campaigns.notify import send_all
from ...campaigns.report import reason_text, render_report
from ...errors import InputError, UsageError
from ...languages import LANGUAGES, normalise_language
from ...store import incidents, policies
from ..deps import ActorDep, ReadSession, WriteSession
from ..schemas import Model

router = APIRouter(prefix="/incidents", tags=["incidents"])


class IncidentSummary(Model):
    id: str
    state: str
    opened_at: Any
    first_seen: Any
    last_seen: Any
    owner: Optional[str]
    accounts: int
    waves: int
    comments: int
    policy_version: Optional[int]


class ScanRequest(Model):
    #: Comments as the CLI reads them: platform, id, thread, author, text, at (+ permalink, reply_to, …).
    comments: list[dict[str, Any]] = Field(min_length=1, max_length=incidents.MAX_SCAN_COMMENTS)


class ScanPublic(Model):
    received: int
    new: int
    opened: list[str]
    grown: list[str]
    notified: int


class TransitionRequest(Model):
    note: Optional[str] = Field(default=None, max_length=2000)


def _language(tag: str) -> str:
    language = normalise_language(tag)
    if language is None:
        raise UsageError(f"lang: unsupported language {tag!r} (use one of {', '.join(LANGUAGES)})")
    return language


def incident_view(document: dict[str, Any], language: str) -> dict[str, Any]:
    """The stored incident with every reason also as text in ``language`` (the page and the API share it)."""
    def texts(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "text": reason_text(r, language)} for r in reasons]

    view = dict(document)
    view["accounts"] = [{**a, "reasons": texts(a["reasons"])} for a in document["accounts"]]
    view["comments"] = [{**c, "reasons": texts(c["reasons"])} for c in document["comments"]]
    view["playbook"] = document["playbook"].get(language) or document["playbook"].get("en")
    view["language"] = language
    return view


@router.get("", response_model=list[IncidentSummary], summary="Incidents, newest first")
def list_incidents(actor: ActorDep, session: ReadSession,
                   state: Optional[Literal["open", "acknowledged", "resolved"]] = None):
    return incidents.list_incidents(session, actor=actor, state=state)


@router.post("/scan", response_model=ScanPublic,
             summary="Feed comments to the campaign detector; opens or grows incidents and notifies")
def scan(body: ScanRequest, request: Request, actor: ActorDep, session: WriteSession):
    comments = []
    for number, data in enumerate(body.comments):
        try:
            comments.append(comment_from_dict(data))
        except InputError as exc:
            raise InputError(f"comments[{number}]: {exc}") from None
    number, policy = policies.active_policy(session)
    result = incidents.scan(session, actor=actor, comments=comments, policy=policy, number=number)
    session.commit()
    # After the commit: a receiver is never told about an incident that was rolled back.
    notified = send_all(getattr(request.app.state, "incident_notifier", None), result.events)
    return ScanPublic(received=result.received, new=result.new, opened=result.opened, grown=result.grown,
                      notified=notified)


@router.get("/{incident_id}", summary="One incident: accounts with score and reasons, comments, waves, targets, "
                                      "playbook (reasons and playbook in ?lang=)")
def show(incident_id: str, actor: ActorDep, session: ReadSession, lang: str = "en") -> dict[str, Any]:
    return incident_view(incidents.get(session, actor=actor, incident_id=incident_id).to_dict(), _language(lang))


def _transition(state: Literal["acknowledged", "resolved"]):
    def change(incident_id: str, body: TransitionRequest, actor: ActorDep, session: WriteSession,
               lang: str = "en") -> dict[str, Any]:
        language = _language(lang)
        incident = incidents.transition(session, actor=actor, incident_id=incident_id, state=state, note=body.note,
                                        number=policies.active_number(session))
        session.commit()
        return incident_view(incident.to_dict(), language)

    change.__name__ = f"{state}_incident"
    return change


router.add_api_route("/{incident_id}/acknowledge", _transition("acknowledged"), methods=["POST"],
                     summary="Acknowledge an open incident (audited)")
router.add_api_route("/{incident_id}/resolve", _transition("resolved"), methods=["POST"],
                     summary="Resolve an incident (audited)")


@router.get("/{incident_id}/evidence", summary="The evidence bundle (JSON with SHA-256 hashes) or its HTML report; "
                                               "every export is an audit event recording the bundle's SHA-256",
            responses={200: {"description": "JSON: the bundle (every comment verbatim with platform id, permalink, author "
                                            "and UTC time, the detector's reasons, SHA-256 of every item and of the "
                                            "bundle, the audit event); HTML: the same as a readable report",
                             "content": {"application/json": {"schema": {"type": "object"}},
                                         "text/html": {"schema": {"type": "string"}}}}})
def evidence(incident_id: str, actor: ActorDep, session: WriteSession,
             format: Literal["json", "html"] = "json", lang: str = "en") -> Response:
    language = _language(lang)
    bundle = incidents.export(session, actor=actor, incident_id=incident_id, fmt=format,
                              language=language if format == "html" else None, number=policies.active_number(session))
    session.commit()
    headers = {"X-Bundle-SHA256": bundle["bundle_sha256"], "X-Audit-Event": str(bundle["audit"]["export_event"])}
    if format == "html":
        headers["Content-Disposition"] = f'attachment; filename="{incident_id}.{language}.html"'
        return HTMLResponse(render_report(bundle, language), headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{incident_id}.json"'
    return Response(bundle_json(bundle), media_type="application/json", headers=headers)
