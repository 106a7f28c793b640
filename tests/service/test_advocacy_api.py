"""Employee advocacy through the API: library, approval, sharing, the /r/ redirect, engagement,
reports and competitions — on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import func, select

from postguard.store import audit
from postguard.store.advocacy_models import Engagement, LinkClick, LinkClicksDaily
from service_helpers import assert_error

NOW = datetime.now(timezone.utc)
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"}


def item_body(key: str = "sun-1", **overrides):
    body = {"key": key, "campaign": "Greener North",
            "texts": {"en": "Our new solar park powers 20,000 homes! #GreenerNorth",
                      "pl": "Nasza nowa farma słoneczna zasila 20 000 domów! #GreenerNorth"},
            "link": "https://nordlys.example/solar", "hashtags": ["#GreenerNorth"],
            "media": [{"name": "park.jpg", "source": "Nordlys photo archive", "licence": "internal use"}]}
    body.update(overrides)
    return body


@pytest.fixture
def team(client, staff, make_person):
    """A spokesperson who writes content, the lead who approves it, and two employees (one Polish)."""
    ana, bo = make_person("employee", "ana"), make_person("employee", "bo")
    lead = staff["communications_lead"]
    for person, team_name in ((ana, "sales"), (bo, "it")):
        answer = client.put(f"/api/v1/advocacy/profiles/{person.username}/team", json={"team": team_name},
                            headers=lead.headers)
        assert answer.status_code == 200, answer.text
    client.put("/api/v1/users/ana/role", json={"role": "employee"}, headers=staff["admin"].headers)
    return {"writer": staff["spokesperson"], "lead": lead, "ana": ana, "bo": bo, "admin": staff["admin"]}


def _set_language(db, username: str, language: str) -> None:
    from postguard.store.models import User

    with db.writer() as session:
        session.scalar(select(User).where(User.username == username)).language = language
        session.commit()


def approved_item(client, team, **overrides) -> dict:
    created = client.post("/api/v1/advocacy/items", json=item_body(**overrides), headers=team["writer"].headers)
    assert created.status_code == 201, created.text
    approved = client.post(f"/api/v1/advocacy/items/{created.json()['id']}/approve", headers=team["lead"].headers)
    assert approved.status_code == 200, approved.text
    return approved.json()


def test_content_waits_for_approval_and_nobody_approves_their_own(client, team):
    created = client.post("/api/v1/advocacy/items", json=item_body(), headers=team["lead"].headers).json()
    assert created["status"] == "pending"
    assert client.get("/api/v1/advocacy/library", headers=team["ana"].headers).json() == []
    assert_error(client.post(f"/api/v1/advocacy/items/{created['id']}/approve", headers=team["lead"].headers), 403)
    assert client.post(f"/api/v1/advocacy/items/{created['id']}/approve", headers=team["admin"].headers).json()["status"] == "approved"
    assert [i["key"] for i in client.get("/api/v1/advocacy/library", headers=team["ana"].headers).json()] == ["sun-1"]
    assert_error(client.post("/api/v1/advocacy/items", json=item_body(), headers=team["lead"].headers), 409, "conflict")
    bad = client.post("/api/v1/advocacy/items", json=item_body("x-2", hashtags=["no-hash"]), headers=team["lead"].headers)
    assert "hashtags" in assert_error(bad, 422)["message"]
    naive = client.post("/api/v1/advocacy/items", json=item_body("x-3", embargo_until="2030-01-01T09:00:00"),
                        headers=team["lead"].headers)
    assert "time zone" in assert_error(naive, 422)["message"]


def test_library_honours_embargo_expiry_and_teams(client, team):
    approved_item(client, team, key="now")
    approved_item(client, team, key="later", embargo_until=(NOW + timedelta(days=2)).isoformat())
    approved_item(client, team, key="over", expires_at=(NOW - timedelta(minutes=1)).isoformat())
    approved_item(client, team, key="sales-only", teams=["sales"])
    ana = {i["key"] for i in client.get("/api/v1/advocacy/library", headers=team["ana"].headers).json()}
    bo = {i["key"] for i in client.get("/api/v1/advocacy/library", headers=team["bo"].headers).json()}
    assert ana == {"now", "sales-only"} and bo == {"now"}


def test_share_gives_my_language_my_link_hashtag_and_disclosure_checked_and_recorded(client, team, db):
    _set_language(db, "ana", "pl")
    item = approved_item(client, team)
    shared = client.post(f"/api/v1/advocacy/items/{item['id']}/shares", json={"channel": "linkedin"},
                         headers=team["ana"].headers)
    assert shared.status_code == 201, shared.text
    share = shared.json()
    assert share["language"] == "pl" and share["text"].startswith("Nasza nowa farma")
    assert share["tracked_link"].startswith("http://testserver/r/") and share["tracked_link"] in share["text"]
    assert share["text"].count("#GreenerNorth") == 1 and "#pracownik" in share["text"]
    assert share["verdict"] in ("pass", "warn") and share["team"] == "sales"
    again = client.post(f"/api/v1/advocacy/items/{item['id']}/shares", json={"channel": "linkedin"},
                        headers=team["ana"].headers)
    assert again.status_code == 200 and again.json()["id"] == share["id"]
    assert [s["id"] for s in client.get("/api/v1/advocacy/shares", headers=team["ana"].headers).json()] == [share["id"]]
    assert client.get("/api/v1/advocacy/shares", headers=team["bo"].headers).json() == []
    with db.reader() as session:
        actions = [e["action"] for e in audit.events(session, audit.AuditFilter(action="advocacy."))]
    assert actions.count("advocacy.share") == 1 and "advocacy.content.approve" in actions


def test_refused_shares_say_why_and_store_nothing(client, team):
    later = approved_item(client, team, key="later", embargo_until=(NOW + timedelta(days=2)).isoformat())
    refused = assert_error(client.post(f"/api/v1/advocacy/items/{later['id']}/shares", json={},
                                       headers=team["ana"].headers), 409, "conflict")
    assert "embargo" in refused["message"] and refused["details"][0] == {"status": "embargoed"}
    leak = approved_item(client, team, key="leak",
                         texts={"en": "Customer Jan Kowalski PESEL 44051401359 loves our roof #GreenerNorth"})
    blocked = assert_error(client.post(f"/api/v1/advocacy/items/{leak['id']}/shares", json={},
                                       headers=team["ana"].headers), 409)
    assert blocked["details"][0] == {"status": "blocked"} and blocked["details"][1]["code"] == "PG201"
    assert client.get("/api/v1/advocacy/shares", headers=team["ana"].headers).json() == []
    assert_error(client.post("/api/v1/advocacy/items/999999/shares", json={}, headers=team["ana"].headers), 404)


def _share(client, team, person="ana", key="sun-1"):
    item = approved_item(client, team, key=key)
    return client.post(f"/api/v1/advocacy/items/{item['id']}/shares", json={}, headers=team[person].headers).json()


def test_redirect_counts_people_apart_from_bots_and_never_redirects_elsewhere(client, team, db):
    share = _share(client, team)
    path = share["tracked_link"].removeprefix("http://testserver")
    for _ in range(3):
        answer = client.get(path, headers=BROWSER, follow_redirects=False)
        assert answer.status_code == 302 and answer.headers["location"] == "https://nordlys.example/solar"
        assert answer.headers["cache-control"] == "no-store"
    assert client.get(path, headers={"User-Agent": "LinkedInBot/1.0"}, follow_redirects=False).status_code == 302
    assert client.get(path, headers={**BROWSER, "Sec-Purpose": "prefetch"}, follow_redirects=False).status_code == 302
    assert client.head(path, headers=BROWSER, follow_redirects=False).status_code == 302
    for bad in ("/r/AAAAAAAAAA", "/r/..%2Fetc", "/r/https:%2F%2Fevil.example", "/r/" + "a" * 11):
        assert_error(client.get(bad, follow_redirects=False), 404)
    with db.reader() as session:
        daily = session.execute(select(LinkClicksDaily.clicks, LinkClicksDaily.bot_clicks)).all()
        visitors = session.scalar(select(func.count(func.distinct(LinkClick.visitor))).where(LinkClick.bot.is_(False)))
    assert daily == [(3, 3)] and visitors == 1


def test_concurrent_clicks_are_all_counted(app, client, team, db):
    share = _share(client, team)
    path = share["tracked_link"].removeprefix("http://testserver")

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            answers = await asyncio.gather(*(http.get(path, headers=BROWSER) for _ in range(300)))
        return [a.status_code for a in answers]

    assert set(asyncio.run(burst())) == {302}
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(LinkClick)) == 300
        assert session.scalar(select(LinkClicksDaily.clicks)) == 300
    assert app.state.clicks.commits < 300, "clicks that arrive together share a transaction"


def test_engagement_import_matches_published_shares_and_bad_files_change_nothing(client, team, db):
    share = _share(client, team)
    marked = client.put(f"/api/v1/advocacy/shares/{share['id']}/post-url",
                        json={"post_url": "https://www.LinkedIn.com/posts/ana-1/?utm_source=share"},
                        headers=team["ana"].headers)
    assert marked.json()["post_url"] == "https://www.linkedin.com/posts/ana-1"
    assert_error(client.put(f"/api/v1/advocacy/shares/{share['id']}/post-url", json={"post_url": "https://x.example/1"},
                            headers=team["bo"].headers), 403)
    export = ("post_url,likes,comments,shares,impressions,date\n"
              "https://www.linkedin.com/posts/ana-1,12,3,1,900,2026-11-20\n"
              "https://www.linkedin.com/posts/someone-else,5,0,0,100,2026-11-20\n")
    answer = client.post("/api/v1/advocacy/engagement?source=li.csv", content=export.encode(),
                         headers={**team["lead"].headers, "Content-Type": "text/csv"})
    assert answer.json() == {"rows": 2, "matched": 1, "unmatched_urls": ["https://www.linkedin.com/posts/someone-else"]}
    # The same post and day again replaces the numbers instead of adding them.
    client.post("/api/v1/advocacy/engagement", content=export.replace(",12,", ",15,").encode(), headers=team["lead"].headers)
    broken = "post_url,likes,comments,shares,impressions\nhttps://www.linkedin.com/posts/ana-1,12,lots,1,9\n"
    error = assert_error(client.post("/api/v1/advocacy/engagement?source=bad.csv", content=broken.encode(),
                                     headers=team["lead"].headers), 422)
    assert error["message"].startswith("bad.csv:2:3: comments")
    with db.reader() as session:
        assert sorted(session.scalars(select(Engagement.likes))) == [5, 15]


def test_reports_per_campaign_team_employee_and_week_as_json_and_csv(client, team):
    ana_share, bo_share = _share(client, team, "ana", "a-1"), _share(client, team, "bo", "b-1")
    for _ in range(2):
        client.get(ana_share["tracked_link"].removeprefix("http://testserver"), headers=BROWSER, follow_redirects=False)
    client.get(bo_share["tracked_link"].removeprefix("http://testserver"), headers=BROWSER, follow_redirects=False)
    lead = team["lead"].headers
    by_team = client.get("/api/v1/advocacy/reports?by=team", headers=lead).json()
    assert [(r["team"], r["shares"], r["clicks"]) for r in by_team] == [("sales", 1, 2), ("it", 1, 1)]
    by_employee = client.get("/api/v1/advocacy/reports?by=employee", headers=lead).json()
    assert [r["employee"] for r in by_employee] == ["ana", "bo"]
    week = client.get("/api/v1/advocacy/reports?by=week", headers=lead).json()
    assert len(week) == 1 and week[0]["week"].startswith(str(NOW.isocalendar()[0])) and week[0]["clicks"] == 3
    assert client.get("/api/v1/advocacy/reports?by=campaign&campaign=Nope", headers=lead).json() == []
    assert client.get(f"/api/v1/advocacy/reports?by=team&until={(NOW - timedelta(days=30)).date()}", headers=lead).json() == []
    csv_answer = client.get("/api/v1/advocacy/reports?by=campaign&format=csv", headers=lead)
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.splitlines()[:2] == ["campaign,shares,clicks,bot_clicks,likes,comments,reshares,impressions,engagement",
                                                "Greener North,2,3,0,0,0,0,0,0"]
    assert_error(client.get("/api/v1/advocacy/reports?by=planet", headers=lead), 422)


def test_competition_leaderboard_prizes_opt_out_and_audit(client, team, db):
    _share(client, team, "ana", "a-1")
    bo_share = _share(client, team, "bo", "b-1")
    client.get(bo_share["tracked_link"].removeprefix("http://testserver"), headers=BROWSER, follow_redirects=False)
    rules = {"name": "November", "starts_at": (NOW - timedelta(days=1)).isoformat(),
             "ends_at": (NOW + timedelta(days=10)).isoformat(), "points": {"share": 10, "click": 1},
             "prizes": ["Headphones"]}
    contest = client.post("/api/v1/advocacy/competitions", json=rules, headers=team["lead"].headers).json()
    board = client.get(f"/api/v1/advocacy/competitions/{contest['id']}/leaderboard", headers=team["ana"].headers).json()
    assert [(s["rank"], s["username"], s["points"], s["prize"]) for s in board["standings"]] == [
        (1, "bo", 11, "Headphones"), (2, "ana", 10, None)]
    assert client.put("/api/v1/advocacy/profile", json={"leaderboard_opt_out": True}, headers=team["bo"].headers).json()["leaderboard_opt_out"]
    seen_by_ana = client.get(f"/api/v1/advocacy/competitions/{contest['id']}/leaderboard", headers=team["ana"].headers).json()
    assert [s["username"] for s in seen_by_ana["standings"]] == ["ana"] and seen_by_ana["standings"][0]["rank"] == 1
    seen_by_bo = client.get(f"/api/v1/advocacy/competitions/{contest['id']}/leaderboard", headers=team["bo"].headers).json()
    assert seen_by_bo["viewer_opted_out"] and seen_by_bo["standings"][-1] | {"breakdown": {}} == {
        "rank": 0, "username": "bo", "name": "bo", "points": 11, "prize": None, "breakdown": {}, "is_viewer": True}
    changed = client.put(f"/api/v1/advocacy/competitions/{contest['id']}", json={**rules, "points": {"share": 1}},
                         headers=team["lead"].headers)
    assert changed.json()["points"] == {"share": 1}
    wrong = client.put(f"/api/v1/advocacy/competitions/{contest['id']}", json={**rules, "ends_at": rules["starts_at"]},
                       headers=team["lead"].headers)
    assert "end after it starts" in assert_error(wrong, 422)["message"]
    assert client.delete(f"/api/v1/advocacy/competitions/{contest['id']}", headers=team["lead"].headers).json()["cancelled_at"]
    assert client.get("/api/v1/advocacy/competitions", headers=team["ana"].headers).json() == []
    with db.reader() as session:
        changes = [e["payload"]["change"] for e in audit.events(session, audit.AuditFilter(action="advocacy.competition"))]
        assert audit.verify(session).ok
    assert changes == ["created", "changed", "cancelled"]
