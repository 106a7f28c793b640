"""The dashboard's inbox and incident panels: the numbers, who sees them, their CSV."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from interface_helpers import signed_in
from postguard.store.base import utcnow
from postguard.store.inbox_models import InboxConversation, InboxReply
from postguard.store.incident_models import IncidentRecord
from postguard.store.stats import iso_week


def _conversation(session, number: int, situation: str, received, deadline, status: str = "open",
                  sent_after: timedelta | None = None, acknowledged: bool = False) -> InboxConversation:
    conversation = InboxConversation(platform="facebook", thread_key=f"t{number}|c{number}", case_number=f"C-{number}",
                                     status=status, customer_handle=f"c{number}", situation=situation,
                                     language="en", urgency="normal", arrived_via="official", received_at=received,
                                     deadline=deadline)
    session.add(conversation)
    session.flush()
    if acknowledged:  # the automatic acknowledgement is no answer
        session.add(InboxReply(conversation_id=conversation.id, kind="acknowledgement", status="sent", text="Thanks",
                               language="en", sent_at=received + timedelta(minutes=1)))
    if sent_after is not None:
        conversation.first_reply_at = received + sent_after  # as inbox_replies.send keeps it
        session.add(InboxReply(conversation_id=conversation.id, kind="reply", status="sent", text="Sorry", language="en",
                               sent_at=received + sent_after))
        session.add(InboxReply(conversation_id=conversation.id, kind="reply", status="sent", text="And more",
                               language="en", sent_at=received + sent_after + timedelta(hours=30)))
    return conversation


def _inbox(db):
    now = utcnow()
    hour = timedelta(hours=1)
    with db.writer() as session:
        made = {
            "on_time": _conversation(session, 1, "complaint", now - 10 * hour, now - 6 * hour, "answered", 2 * hour),
            "late": _conversation(session, 2, "complaint", now - 30 * hour, now - 26 * hour, "answered", 10 * hour,
                                  acknowledged=True),
            "overdue": _conversation(session, 3, "question", now - 5 * hour, now - hour, acknowledged=True),
            "waiting": _conversation(session, 4, "question", now - hour, now + 3 * hour),
            "closed": _conversation(session, 5, "spam", now - 2 * hour, None, "closed"),
            "old": _conversation(session, 6, "question", now - timedelta(weeks=20), now - timedelta(weeks=20) + hour,
                                 "answered", hour / 2),
        }
        session.commit()
        return {key: c.received_at for key, c in made.items()}


def test_response_times_count_each_conversation_once_against_its_deadline(client, staff, db):
    received = _inbox(db)
    stats = client.get("/api/v1/stats/inbox", params={"weeks": 12}, headers=staff["communications_lead"].headers).json()
    assert (stats["conversations"], stats["on_time"], stats["late"], stats["overdue"], stats["waiting"],
            stats["closed"]) == (5, 1, 1, 1, 1, 1)
    assert stats["median_hours"] == 6.0  # the first replies only: 2 h and 10 h
    assert stats["by_situation"]["complaint"] == {"conversations": 2, "on_time": 1, "late": 1, "overdue": 0,
                                                  "waiting": 0, "closed": 0, "median_hours": 6.0}
    assert stats["by_situation"]["question"]["overdue"] == 1 and stats["by_situation"]["question"]["waiting"] == 1
    assert stats["by_situation"]["question"]["median_hours"] is None
    assert stats["by_week"][iso_week(received["late"])]["late"] == 1
    assert sum(week["conversations"] for week in stats["by_week"].values()) == 5
    assert len(stats["by_week"]) in (12, 13) and list(stats["by_week"]) == sorted(stats["by_week"])
    year = client.get("/api/v1/stats/inbox", params={"weeks": 26}, headers=staff["admin"].headers).json()
    assert year["conversations"] == 6 and year["on_time"] == 2 and year["by_situation"]["question"]["median_hours"] == 0.5


def test_the_inbox_panels_show_those_numbers_to_the_social_team_only(client, staff, db):
    _inbox(db)
    signed_in(client, staff["communications_lead"].username)
    html = client.get("/ui/dashboard").text
    panels = re.findall(r'data-panel="([\w-]+)"', html)
    assert "inbox-response-by-week" in panels and "inbox-response-by-situation" in panels
    chart = re.search(r'<svg[^>]*id="chart-response-week".*?</svg>', html, re.S).group(0)
    assert chart.count('class="chart-bar response-') == 5  # five outcomes, each in one week's stack or two
    assert "5 conversations · 20% answered on time · median 6.0 h to the first reply" in html
    rows = list(csv.reader(io.StringIO(client.get("/ui/dashboard/inbox-response-by-situation.csv").text)))
    assert rows[0] == ["Situation", "Conversations", "Answered on time", "Answered late",
                       "Not answered, past the deadline", "Not answered yet, within the deadline",
                       "Closed without a reply", "Median hours to the first reply"]
    assert ["Complaint", "2", "1", "1", "0", "0", "0", "6.0"] in rows
    assert ["Spam", "1", "0", "0", "0", "0", "1", ""] in rows
    week_rows = list(csv.reader(io.StringIO(client.get("/ui/dashboard/inbox-response-by-week.csv").text)))
    assert sum(int(row[1]) for row in week_rows[1:]) == 5
    client.cookies.clear()
    signed_in(client, staff["reviewer"].username)  # reviews drafts; does not read the inbox
    html = client.get("/ui/dashboard").text
    assert "inbox-response" not in html
    assert client.get("/ui/dashboard/inbox-response-by-week.csv").status_code == 404


def _incidents(db):
    now = utcnow()
    with db.writer() as session:
        for number, (state, accounts, comments, age) in enumerate(
                [("open", 5, 40, timedelta(days=1)), ("resolved", 3, 12, timedelta(days=2)),
                 ("acknowledged", 9, 70, timedelta(weeks=20))], start=1):
            session.add(IncidentRecord(id=f"INC-{number:04d}", state=state, opened_at=now - age, accounts=accounts,
                                       waves=1, comments=comments, document={}))
        session.commit()


def test_incident_figures_count_what_was_opened_in_the_period(client, staff, db):
    _incidents(db)
    stats = client.get("/api/v1/stats/incidents", params={"weeks": 12}, headers=staff["reviewer"].headers).json()
    assert (stats["opened"], stats["accounts"], stats["comments"]) == (2, 8, 52)
    assert stats["by_state"] == {"open": 1, "acknowledged": 0, "resolved": 1}
    assert sum(week["opened"] for week in stats["by_week"].values()) == 2
    assert client.get("/api/v1/stats/incidents", params={"weeks": 26},
                      headers=staff["admin"].headers).json()["by_state"]["acknowledged"] == 1
    assert client.get("/api/v1/stats/incidents", headers=staff["spokesperson"].headers).status_code == 403


def test_the_incident_panels_and_their_csv(client, staff, db):
    _incidents(db)
    signed_in(client, staff["reviewer"].username)
    html = client.get("/ui/dashboard").text
    assert re.findall(r'data-panel="(incidents-[\w-]+)"', html) == ["incidents-by-week", "incidents-by-state"]
    assert "2 incidents · 8 accounts involved · 52 comments involved" in html
    rows = list(csv.reader(io.StringIO(client.get("/ui/dashboard/incidents-by-state.csv").text)))
    assert rows == [["State", "Incidents"], ["Open", "1"], ["Acknowledged", "0"], ["Resolved", "1"]]
    weeks = list(csv.reader(io.StringIO(client.get("/ui/dashboard/incidents-by-week.csv", params={"weeks": 4}).text)))
    assert weeks[0] == ["Week", "Incidents", "Accounts", "Comments"]
    assert [sum(int(row[i]) for row in weeks[1:]) for i in (1, 2, 3)] == [2, 8, 52]


def test_the_new_panels_speak_hebrew(client, staff, db):
    _inbox(db)
    _incidents(db)
    signed_in(client, staff["admin"].username)
    html = client.get("/ui/dashboard", headers={"Accept-Language": "he"}).text
    for english in ("Response times against deadlines", "Incidents by state", "Answered on time"):
        assert english not in html


def test_sending_a_reply_keeps_when_the_customer_was_first_answered(client, staff, db):
    from postguard.notify import Notifier
    from postguard.store import inbox_replies, people, policies
    from postguard.store.inbox_models import InboxMessage

    now = utcnow()
    with db.writer() as session:
        conversation = _conversation(session, 7, "question", now - timedelta(hours=3), now + timedelta(hours=5))
        session.add(InboxMessage(conversation_id=conversation.id, platform="facebook", external_id="m7",
                                 author_handle="c7", text="Where is my parcel?", received_at=now - timedelta(hours=3),
                                 arrival_account="official", source="import", accepted_by="cli", triage_state="done"))
        session.add(InboxReply(conversation_id=conversation.id, kind="reply", status="suggested", language="en",
                               text="We are looking into it and will write again today."))
        session.flush()
        actor = people.actor_of(people.get_user(session, username=staff["spokesperson"].username))
        number, policy = policies.active_policy(session)
        text = "We are looking into it and will write again today."
        first, _item = inbox_replies.send(session, actor=actor, conversation=conversation, policy=policy,
                                          number=number, notifier=Notifier(()), text=text)
        answered_at = first.sent_at
        # A second reply leaves the time of the first answer alone.
        inbox_replies.send(session, actor=actor, conversation=conversation, policy=policy, number=number,
                           notifier=Notifier(()), text=text + " Done.")
        session.commit()
        assert conversation.first_reply_at == answered_at
    stats = client.get("/api/v1/stats/inbox", headers=staff["spokesperson"].headers).json()
    assert stats["on_time"] == 1 and 2.9 < stats["median_hours"] < 3.1
