"""The advocacy pages in the service: Share (library, share button with the checked text and
link), the leaderboard with opt-out, and the measurement report with SVG charts and CSV."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from service_helpers import PASSWORD

NOW = datetime.now(timezone.utc)
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Safari/537.36"}


@pytest.fixture
def programme(client, staff, make_person):
    """An approved item, a pending one, a competition, and an employee signed in with the browser cookie."""
    writer, lead = staff["spokesperson"].headers, staff["communications_lead"].headers
    make_person("employee", "ola")
    body = {"key": "park", "campaign": "Greener North", "texts": {"en": "Our solar park is open! #GreenerNorth",
                                                                   "he": "חוות השמש שלנו נפתחה! #GreenerNorth"},
            "link": "https://nordlys.example/park", "hashtags": ["#GreenerNorth"]}
    item = client.post("/api/v1/advocacy/items", json=body, headers=writer).json()
    client.post(f"/api/v1/advocacy/items/{item['id']}/approve", headers=lead)
    client.post("/api/v1/advocacy/items", json={**body, "key": "secret", "texts": {"en": "Not approved yet"}}, headers=writer)
    client.post("/api/v1/advocacy/competitions", headers=lead, json={
        "name": "Winter sprint", "starts_at": (NOW - timedelta(days=1)).isoformat(),
        "ends_at": (NOW + timedelta(days=9)).isoformat(), "points": {"share": 10, "click": 1}, "prizes": ["Headphones"]})
    assert client.post("/api/v1/auth/login", json={"username": "ola", "password": PASSWORD}).status_code == 200
    return item


def csrf(client) -> dict[str, str]:
    """The session's CSRF token, as the pages' forms carry it."""
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ui/share").text).group(1)}


def test_pages_need_the_service_and_a_signed_in_person(client):
    page = client.get("/ui/share", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].endswith("/ui/signin?next=%2Fui%2Fshare")


def test_employee_shares_from_the_library_and_sees_the_checked_text_and_link(client, programme):
    library = client.get("/ui/share")
    assert library.status_code == 200
    assert "Our solar park is open!" in library.text and "Not approved yet" not in library.text
    shared = client.post(f"/ui/share/{programme['id']}", data={"channel": "linkedin", **csrf(client)},
                         follow_redirects=False)
    assert shared.status_code == 303
    result = client.get(shared.headers["location"])
    assert "Your share is ready" in result.text and "I work at Nordlys Energi. #employee" in result.text
    link = result.text.split('<code id="share-link">')[1].split("</code>")[0]
    assert link.startswith("http://testserver/r/")
    assert client.get(link.removeprefix("http://testserver"), headers=BROWSER, follow_redirects=False).status_code == 302
    assert "1 person has followed it so far." in client.get(shared.headers["location"]).text


def test_forms_without_the_pages_token_change_nothing(client, programme):
    for form in ({"channel": "linkedin"}, {"channel": "linkedin", "csrf_token": "0" * 64}):
        refused = client.post(f"/ui/share/{programme['id']}", data=form)
        assert refused.status_code == 403 and "The form had expired" in refused.text
    assert client.post("/ui/leaderboard/opt-out", data={"hide": "yes"}).status_code == 403
    assert 'id="mine-title"' not in client.get("/ui/share").text  # no share was made
    assert "You are hidden" not in client.get("/ui/leaderboard").text


def test_leaderboard_and_opt_out(client, programme):
    client.post(f"/ui/share/{programme['id']}", data={"channel": "linkedin", **csrf(client)})
    board = client.get("/ui/leaderboard")
    assert "Winter sprint" in board.text and "Headphones" in board.text and 'class="is-viewer"' in board.text
    assert client.post("/ui/leaderboard/opt-out", data={"hide": "yes", **csrf(client)},
                       follow_redirects=False).status_code == 303
    hidden = client.get("/ui/leaderboard")
    assert "You are hidden" in hidden.text and "(hidden from others)" in hidden.text


def test_measurement_report_is_for_leads_with_svg_charts_and_csv(client, programme, staff):
    assert client.get("/ui/advocacy-report").status_code == 403  # ola is an employee
    client.post(f"/ui/share/{programme['id']}", data={"channel": "linkedin", **csrf(client)})
    client.cookies.clear()
    client.post("/api/v1/auth/login", json={"username": staff["communications_lead"].username, "password": PASSWORD})
    page = client.get("/ui/advocacy-report?by=week")
    assert page.status_code == 200 and page.text.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert "Clicks per week" in page.text
    by_campaign = client.get("/ui/advocacy-report?by=campaign")
    assert "Greener North" in by_campaign.text
    csv_answer = client.get("/ui/advocacy-report.csv?by=campaign")
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.text.splitlines()[1].startswith("Greener North,1,")


def test_hebrew_share_page_is_right_to_left(client, programme):
    client.cookies.set("pg_lang", "he")
    page = client.get("/ui/share")
    assert '<html lang="he" dir="rtl">' in page.text


def test_a_refused_share_says_why_with_the_findings(client, programme, staff):
    lead, writer = staff["communications_lead"].headers, staff["spokesperson"].headers
    leak = client.post("/api/v1/advocacy/items", headers=writer, json={
        "key": "leak", "campaign": "Oops", "texts": {"en": "Customer Jan Kowalski PESEL 44051401359 loves our roof"}}).json()
    client.post(f"/api/v1/advocacy/items/{leak['id']}/approve", headers=lead)
    refused = client.post(f"/ui/share/{leak['id']}", data={"channel": "linkedin", **csrf(client)})
    assert refused.status_code == 409 and "This share cannot go out" in refused.text
    assert 'data-code="PG201"' in refused.text and "Do instead" in refused.text
