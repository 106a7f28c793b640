"""The dashboard: figures over stored drafts, charts as inline SVG, the numbers as CSV."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import update

from interface_helpers import signed_in
from postguard.store.base import utcnow
from postguard.store.models import Draft
from postguard.store.stats import draft_stats, iso_week

DRAFTS = [
    ("en", "Big news #a #b #c #d #e #f #g"),                    # spam
    ("pl", "Wielka nowina #a #b #c #d #e #f #g"),              # spam
    ("en", "Call me on +47 912 34 567 tomorrow, you idiot."),  # personal data + conduct
    ("en", "Proud of the team today."),                         # clean
]


def _submit_all(client, person):
    for language, text in DRAFTS:
        assert client.post("/api/v1/drafts", json={"text": text, "language": language},
                           headers=person.headers).status_code == 201


def test_the_figures_count_findings_by_category_language_week_and_outcome(client, staff, db):
    _submit_all(client, staff["employee"])
    with db.writer() as session:  # the first draft was written five weeks ago
        session.execute(update(Draft).where(Draft.id == session.query(Draft.id).order_by(Draft.id).limit(1)
                                            .scalar_subquery()).values(created_at=utcnow() - timedelta(weeks=5)))
        session.commit()
    stats = client.get("/api/v1/stats/drafts", params={"weeks": 12}, headers=staff["reviewer"].headers).json()
    reports = [d["report"] for d in client.get("/api/v1/drafts", headers=staff["employee"].headers).json()]
    findings = [f for r in reports for f in r["findings"]]
    assert stats["drafts"] == 4 and stats["findings"] == len(findings)
    assert stats["by_category"]["spam"] == sum(f["category"] == "spam" for f in findings)
    assert stats["by_language"]["pl"] == sum(1 for r in reports if r["language"] == "pl" for _f in r["findings"])
    weeks = list(stats["by_week"])
    assert len(weeks) in (12, 13) and weeks == sorted(weeks)
    five_weeks_ago = iso_week(utcnow() - timedelta(weeks=5))
    assert stats["by_week"][five_weeks_ago] >= 1
    assert sum(stats["by_outcome"].values()) == 4
    with db.reader() as session:
        four = draft_stats(session, weeks=4)
        assert four.drafts == 3  # the old one is outside four weeks
        # The stored counts say what the reports say, category by category and language by language.
        recent, old = reports[:-1], reports[-1]  # newest first: the first draft, moved back, is last
        assert four.findings == len(findings) - len(old["findings"])
        for category in {f["category"] for f in findings}:
            assert four.by_category[category] == sum(f["category"] == category for r in recent for f in r["findings"])
        for language in {r["language"] for r in reports}:
            assert four.by_language[language] == sum(len(r["findings"]) for r in recent if r["language"] == language)


def test_the_dashboard_draws_each_panel_and_offers_its_csv(client, staff):
    _submit_all(client, staff["employee"])
    signed_in(client, staff["reviewer"].username)
    html = client.get("/ui/dashboard").text
    panels = re.findall(r'data-panel="([\w-]+)"', html)
    # A reviewer reads drafts and incidents, not the inbox (tests/service/test_dashboard_panels.py).
    assert panels == ["findings-by-category", "findings-by-language", "findings-by-week", "drafts-by-outcome",
                      "incidents-by-week", "incidents-by-state"]
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 6
    assert '<title id="chart-category-title">Findings by category</title>' in html
    rows = list(csv.reader(io.StringIO(client.get("/ui/dashboard/findings-by-category.csv").text)))
    assert rows[0] == ["Category", "Findings"] and ["Spam", "2"] in rows
    outcome = list(csv.reader(io.StringIO(client.get("/ui/dashboard/drafts-by-outcome.csv", params={"weeks": 4}).text)))
    assert sum(int(count) for _label, count in outcome[1:]) == 4


def test_the_dashboard_in_hebrew_mirrors_its_bars(client, staff):
    _submit_all(client, staff["employee"])
    signed_in(client, staff["admin"].username)
    html = client.get("/ui/dashboard", headers={"Accept-Language": "he"}).text
    assert '<html lang="he" dir="rtl">' in html and "ממצאים לפי קטגוריה" in html
    chart = re.search(r'<svg[^>]*id="chart-category".*?</svg>', html, re.S).group(0)
    label_x = float(re.search(r'<text class="chart-label" x="([\d.]+)"', chart).group(1))
    bar_x = float(re.search(r'<rect class="chart-bar [^"]*" x="([\d.]+)"', chart).group(1))
    assert label_x > bar_x, "labels on the right, bars growing leftwards"


def test_the_dashboard_is_for_reviewers_and_leads(client, staff):
    signed_in(client, staff["employee"].username)
    assert client.get("/ui/dashboard").status_code == 403
    assert client.get("/ui/dashboard/findings-by-week.csv").status_code == 403
