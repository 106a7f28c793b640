"""The advocacy pages (R17–R19): Share (what I may share now, the checked text and my link),
the leaderboard with opt-out, and the measurement report with server-drawn charts and CSV.

They read and change the service's store through the same store functions as the API
(``store.advocacy``, ``store.competitions``, ``store.advocacy_metrics``), so permissions and
audit events are the API's. Forms are plain POSTs (no script needed) that carry the session's
CSRF token like every form of the interface (``signin.form_data``); access is ``access.guard``'s.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from ..advocacy.share import ShareRefused
from ..auth.permissions import Actor, allowed
from ..context import CHANNELS
from ..errors import ForbiddenError, NotFoundError
from ..languages import direction
from ..store import advocacy, advocacy_metrics, competitions
from ..store.advocacy_models import LinkClicksDaily
from ..store.base import utcnow
from . import labels
from .charts import Bar, bar_chart, column_chart
from .access import Denied, guard
from .i18n import Translator
from .rendering import reader_language, render
from .service import service_app
from .signin import form_data

N_ = labels.N_

METRIC_LABELS = {
    "shares": N_("Shares"), "clicks": N_("Clicks"), "bot_clicks": N_("Crawler and preview clicks"),
    "likes": N_("Likes"), "comments": N_("Comments"), "reshares": N_("Reshares"), "impressions": N_("Impressions"),
    "engagement": N_("Engagement"),
}
DIMENSION_LABELS = {"campaign": N_("Campaign"), "team": N_("Team"), "employee": N_("Employee"), "week": N_("Week")}
POINT_LABELS = {"share": N_("per share"), "click": N_("per click"), "like": N_("per like"), "comment": N_("per comment"),
                "reshare": N_("per reshare"), "impression": N_("per impression")}


def _notice(request: Request, page: str, status: int) -> HTMLResponse:
    """The page that says an item or share does not exist (or is not the reader's)."""
    return render(request, "advocacy_notice.html", page=page, status_code=status)


def _gate(request: Request, page: str, action: str) -> tuple[Any, Actor]:
    """(database, signed-in person allowed ``action``); ``access.guard`` answers instead for a
    visitor or without the service, and a role without the action is :class:`~.access.Denied`
    like on every other page."""
    person = guard(request, page)
    if not allowed(person.actor, action):
        raise Denied(page)
    app = service_app(request)
    assert app is not None  # guard answered the service page otherwise
    return app.state.service.db, person.actor


def _tabs(actor: Actor) -> list[str]:
    tabs = ["share", "leaderboard"]
    if allowed(actor, "advocacy.report"):
        tabs.append("advocacy_report")
    return tabs


def _site_root(request: Request) -> str:
    """The service's own address (``/r/<code>`` is served at its root, not under /ui)."""
    return f"{request.url.scheme}://{request.url.netloc}/"


def _clicks(session: Any, share_ids: list[int]) -> dict[int, int]:
    if not share_ids:
        return {}
    rows = session.execute(select(LinkClicksDaily.share_id, func.sum(LinkClicksDaily.clicks))
                           .where(LinkClicksDaily.share_id.in_(share_ids)).group_by(LinkClicksDaily.share_id))
    return {share_id: int(total or 0) for share_id, total in rows}


def advocacy_router() -> APIRouter:
    router = APIRouter()

    def share_page(request: Request, *, refusal: ShareRefused | None = None, status: int = 200) -> HTMLResponse:
        db, actor = _gate(request, "share", "advocacy.library")
        translator = Translator(reader_language(request))
        with db.reader() as session:
            entries = advocacy.library_entries(session, actor=actor)
            mine = advocacy.list_shares(session, actor=actor, limit=20)
            clicks = _clicks(session, [s.id for s in mine])
        return render(request, "share.html", page="share", status_code=status, tabs=_tabs(actor), entries=entries,
                      shares=mine, clicks=clicks, refusal=refusal, direction=direction,
                      channels=[(c, labels.channel_label(c, translator)) for c in CHANNELS if c not in ("email", "chat")])

    @router.get("/share", name="share", response_class=HTMLResponse)
    def share(request: Request) -> HTMLResponse:
        return share_page(request)

    @router.post("/share/{item_id}", name="share_post", response_class=HTMLResponse)
    async def share_post(request: Request, item_id: int) -> Response:
        db, actor = _gate(request, "share", "advocacy.share")
        channel = (await form_data(request)).get("channel", "linkedin")
        if channel not in CHANNELS:
            channel = "linkedin"
        try:  # the check and the write block: off the event loop
            outcome = await run_in_threadpool(advocacy.share_item, db, actor=actor, item_id=item_id, channel=channel,
                                              base_url=_site_root(request))
        except ShareRefused as refused:
            return await run_in_threadpool(share_page, request, refusal=refused, status=409)
        except NotFoundError:
            return _notice(request, "share", 404)
        return RedirectResponse(request.url_for("share_result", share_id=outcome.share.id), status_code=303)

    @router.get("/share/shares/{share_id}", name="share_result", response_class=HTMLResponse)
    def share_result(request: Request, share_id: int) -> HTMLResponse:
        db, actor = _gate(request, "share", "advocacy.library")
        try:
            with db.reader() as session:
                found = advocacy.get_share(session, actor=actor, share_id=share_id)
                clicks = _clicks(session, [found.id]).get(found.id, 0)
        except (NotFoundError, ForbiddenError):
            return _notice(request, "share", 404)
        link = f"{_site_root(request)}r/{found.link.code}" if found.link else None
        return render(request, "share_result.html", page="share", tabs=_tabs(actor), share=found, link=link,
                      clicks=clicks, share_dir=direction(found.language), verdicts=labels.VERDICTS)

    @router.get("/leaderboard", name="leaderboard", response_class=HTMLResponse)
    def leaderboard(request: Request, competition: int | None = None) -> HTMLResponse:
        db, actor = _gate(request, "leaderboard", "advocacy.competition.read")
        with db.reader() as session:
            contests = competitions.list_competitions(session, actor=actor)
            chosen = next((c for c in contests if c.id == competition), contests[0] if contests else None)
            board = competitions.leaderboard(session, actor=actor, competition_id=chosen.id) if chosen else None
            opted_out = advocacy.profile(session, user_id=actor.user_id).leaderboard_opt_out
        return render(request, "leaderboard.html", page="leaderboard", tabs=_tabs(actor), contests=contests,
                      chosen=chosen, board=board, opted_out=opted_out, point_labels=POINT_LABELS)

    @router.post("/leaderboard/opt-out", name="leaderboard_opt_out")
    async def opt_out(request: Request) -> Response:
        db, actor = _gate(request, "leaderboard", "advocacy.profile.own")
        hide = (await form_data(request)).get("hide", "yes") == "yes"

        def save() -> None:
            with db.writer() as session:
                advocacy.update_profile(session, actor=actor, username=actor.username, opt_out=hide)
                session.commit()

        await run_in_threadpool(save)
        return RedirectResponse(request.url_for("leaderboard"), status_code=303)

    def report_rows(request: Request, by: str, since: date | None, until: date | None):  # noqa: ANN202
        db, actor = _gate(request, "advocacy_report", "advocacy.report")
        if by not in advocacy_metrics.DIMENSIONS:
            by = "week"
        until = until or utcnow().date()
        since = since or until - timedelta(weeks=11, days=until.weekday())
        if since > until:
            since, until = until, since
        with db.reader() as session:
            rows = advocacy_metrics.report(session, actor=actor, by=by, since=since, until=until)
        return actor, by, since, until, rows

    @router.get("/advocacy-report", name="advocacy_report", response_class=HTMLResponse)
    def report(request: Request, by: str = "week", since: date | None = None, until: date | None = None) -> HTMLResponse:
        found = report_rows(request, by, since, until)
        actor, by, since, until, rows = found
        _ = Translator(reader_language(request))
        rtl = _.dir == "rtl"
        titles = (_("Clicks per week"), _("Shares per week")) if by == "week" else (_("Clicks"), _("Shares"))
        if by == "week":
            per_week = {r["week"]: r for r in rows}
            weeks = advocacy_metrics.weeks_between(since, until)
            clicks = column_chart([Bar(w, per_week.get(w, {}).get("clicks", 0)) for w in weeks], chart_id="chart-clicks",
                                  title=_("Clicks per week"), description=_("People's clicks on shared links, per ISO week."),
                                  rtl=rtl)
            shares = column_chart([Bar(w, per_week.get(w, {}).get("shares", 0), "series-1") for w in weeks],
                                  chart_id="chart-shares", title=_("Shares per week"),
                                  description=_("Items employees shared, per ISO week."), rtl=rtl)
        else:
            top = rows[:12]
            clicks = bar_chart([Bar(str(r[by]) or "—", r["clicks"]) for r in top], chart_id="chart-clicks",
                               title=_("Clicks"), description=_("People's clicks on shared links."), rtl=rtl)
            shares = bar_chart([Bar(str(r[by]) or "—", r["shares"], "series-1") for r in top], chart_id="chart-shares",
                               title=_("Shares"), description=_("Items employees shared."), rtl=rtl)
        return render(request, "advocacy_report.html", page="advocacy_report", tabs=_tabs(actor), rows=rows, by=by,
                      since=since, until=until, charts=list(zip(titles, (clicks, shares))), metric_labels=METRIC_LABELS,
                      dimension_labels=DIMENSION_LABELS, metrics=advocacy_metrics.METRICS)

    @router.get("/advocacy-report.csv", name="advocacy_report_csv")
    def report_csv(request: Request, by: str = "week", since: date | None = None, until: date | None = None) -> Response:
        found = report_rows(request, by, since, until)
        _actor_, by, since, until, rows = found
        return Response(advocacy_metrics.to_csv(rows, by), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="advocacy-{by}-{since}-{until}.csv"'})

    return router
