from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from postguard.advocacy.competition import Competition, Event, leaderboard
from postguard.advocacy.content import ContentItem, availability, shareable_now
from postguard.advocacy.engagement import parse_export
from postguard.advocacy.links import is_code, new_code, tracked_url
from postguard.advocacy.measure import count_mentions
from postguard.advocacy.share import ShareRefused, compose_share, fallback_note
from postguard.errors import InputError
from postguard.policy.loader import load_policy

POLICY = load_policy(Path(__file__).with_name("advocacy_policy.yaml"))
LAUNCH = datetime(2027, 3, 1, 9, tzinfo=timezone.utc)
ITEM = ContentItem(
    id="sun-1", campaign="Fjordline Sun", approved_by="comms-lead",
    texts={"en": "Our new solar roof is here! #FjordlineSun", "pl": "Nasz nowy dach solarny już jest! #FjordlineSun"},
    hashtags=("#FjordlineSun",), embargo_until=LAUNCH, expires_at=LAUNCH + timedelta(days=30),
)


def test_embargo_and_expiry_decide_what_may_be_shared():
    assert availability(ITEM, LAUNCH - timedelta(seconds=1)).status == "embargoed"
    assert availability(ITEM, LAUNCH).ok
    assert availability(ITEM, LAUNCH + timedelta(days=30)).status == "expired"
    unapproved = ITEM.model_copy(update={"approved_by": None})
    assert availability(unapproved, LAUNCH).status == "not_approved"
    team_only = ITEM.model_copy(update={"teams": ("sales",)})
    assert availability(team_only, LAUNCH, team="it").status == "not_for_team"
    assert shareable_now([ITEM, team_only], LAUNCH, team="sales") == [ITEM, team_only]


def test_share_adds_link_and_disclosure_in_the_employee_language():
    link = tracked_url("https://pg.fjordline.example", new_code())
    share = compose_share(ITEM, POLICY, language="pl", at=LAUNCH + timedelta(hours=1), tracked_link=link)
    assert share.text.startswith("Nasz nowy dach solarny")
    assert link in share.text and share.text.endswith("#pracownik")
    assert share.text.count("#FjordlineSun") == 1


def test_share_falls_back_to_the_default_language_and_says_so():
    share = compose_share(ITEM, POLICY, language="he", at=LAUNCH, tracked_link=None)
    assert share.language == "en" and share.language_fallback
    assert "English" in fallback_note(share, "he")


def test_embargoed_share_is_refused_with_the_moment_in_the_employee_language():
    with pytest.raises(ShareRefused) as refused:
        compose_share(ITEM, POLICY, language="nl", at=LAUNCH - timedelta(days=2), tracked_link=None)
    assert refused.value.status == "embargoed"
    assert "embargo tot 1 maart 2027" in str(refused.value)


def test_content_items_are_validated():
    with pytest.raises(ValidationError, match="hashtag"):
        ContentItem(id="x", campaign="c", texts={"en": "hi"}, hashtags=("no-hash",))
    with pytest.raises(ValidationError, match="time zone"):
        ContentItem(id="x", campaign="c", texts={"en": "hi"}, embargo_until=datetime(2027, 1, 1))
    with pytest.raises(ValidationError):
        ContentItem(id="x", campaign="c", texts={"de": "hallo"})


def test_codes_are_random_and_only_their_shape_is_accepted():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500 and all(is_code(c) for c in codes)
    for bad in ("../etc", "https://evil.example", "abc", "", "a" * 11):
        assert not is_code(bad)


def test_engagement_export_csv_and_json(tmp_path):
    csv_rows = parse_export(b"post_url,likes,comments,shares,impressions,date\n"
                            b"https://www.linkedin.com/posts/1,12,3,1,900,2026-11-20\n", "e.csv")
    assert csv_rows[0].likes == 12 and csv_rows[0].day.isoformat() == "2026-11-20"
    json_rows = parse_export(b'[{"post_url": "https://x.com/a/status/1", "likes": 1, "comments": 0, "shares": 0, "impressions": 5}]', "e.json")
    assert json_rows[0].impressions == 5


@pytest.mark.parametrize("data,where", [
    (b"post_url,likes,comments,shares,impressions\nhttps://a.example/1,12,x,1,9\n", "e.csv:2:3: comments"),
    (b"post_url,likes,comments,shares\nhttps://a.example/1,1,1,1\n", "e.csv:1: missing column(s) impressions"),
    (b"post_url,likes,comments,shares,impressions,reach\n", "e.csv:1:6: unknown column 'reach'"),
    (b"post_url,likes,comments,shares,impressions\nnot-a-url,1,1,1,1\n", "e.csv:2:1: post_url"),
    (b"", "the file is empty"),
    (b'{"post_url": "https://a.example/1", "likes": 1}\n', "e.csv:1: missing comments"),
    (b'[{"post_url": 1,]', "e.csv:1:17: not valid JSON"),
    (b"\xff\xfe", "not valid UTF-8"),
])
def test_engagement_export_errors_name_line_and_column(data, where):
    with pytest.raises(InputError) as error:
        parse_export(data, "e.csv")
    assert where in str(error.value)


def test_leaderboard_ranks_ties_prizes_and_opt_out():
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    contest = Competition("November", start, start + timedelta(days=30), {"share": 10, "click": 1}, ("Headphones", "Book"))
    events = [Event("ana", "share", start, 2), Event("bo", "share", start, 1), Event("bo", "click", start, 10),
              Event("cy", "click", start, 5), Event("dee", "share", start, 3), Event("ana", "share", start - timedelta(days=1), 9)]
    board = leaderboard(contest, events, opted_out=frozenset({"dee"}))
    assert [(s.rank, s.employee, s.points) for s in board] == [(1, "ana", 20), (1, "bo", 20), (3, "cy", 5)]
    assert board[0].prize == "Headphones" and board[2].prize is None
    own = leaderboard(contest, events, opted_out=frozenset({"dee"}), viewer="dee")
    assert own[-1].employee == "dee" and own[-1].rank == 0 and own[-1].points == 30
    with pytest.raises(ValueError):
        Competition("bad", start, start, {})


def test_hashtags_and_keywords_counted_per_week():
    monday = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
    messages = [("Love the #fjordlinesun roof!", monday), ("#FjordlineSunny is not ours", monday),
                ("Fjordline Sun rocks", monday + timedelta(days=7)), ("nothing", monday)]
    weeks = count_mentions(messages, ["#FjordlineSun"], ["Fjordline Sun"])
    assert weeks["2026-W48"]["#FjordlineSun"] == 1
    assert weeks["2026-W49"]["Fjordline Sun"] == 1
