"""The audit page: newest first, a hundred events a page, filters kept from page to page."""
from __future__ import annotations

import re
from html import unescape

from interface_helpers import signed_in
from postguard.store import audit_events as ev
from postguard.store.audit import record


def _log(db, count: int) -> None:
    """``count`` decisions by alice, each followed by one by bob."""
    with db.writer() as session:
        for number in range(count):
            record(session, ev.DraftDecided(draft_id=number, decision="approve", comment=""), actor="user:alice",
                   policy_version=None)
            record(session, ev.DraftDecided(draft_id=number, decision="reject", comment="no"), actor="user:bob",
                   policy_version=None)
        session.commit()


def _rows(html: str) -> list[tuple[int, str]]:
    return [(int(seq), actor) for seq, actor in
            re.findall(r'<tr data-action="[\w.]+">\s*<td class="num">(\d+)</td>.*?<td dir="ltr">([^<]*)</td>', html, re.S)]


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


def test_the_newest_events_come_first_a_page_at_a_time(client, staff, db):
    _log(db, 120)  # 240 events, after those of making the staff
    signed_in(client, staff["admin"].username)
    first = client.get("/ui/audit").text
    rows = _rows(first)
    assert len(rows) == 100 and [seq for seq, _a in rows] == sorted((seq for seq, _a in rows), reverse=True)
    assert rows[0][1] == f"user:{staff['admin'].username}"  # the sign-in just now is the newest event
    assert _link(first, "prev") is None
    second = client.get(_link(first, "next")).text
    assert _rows(second)[0][0] == rows[-1][0] - 1  # no event skipped, none repeated
    back = client.get(_link(second, "prev")).text
    assert _rows(back) == rows


def test_filters_are_kept_across_pages(client, staff, db):
    _log(db, 130)
    signed_in(client, staff["communications_lead"].username)
    first = client.get("/ui/audit", params={"actor": "alice", "action": "draft."}).text
    assert {actor for _s, actor in _rows(first)} == {"user:alice"} and len(_rows(first)) == 100
    older = _link(first, "next")
    assert "actor=alice" in older and "action=draft." in older
    second = client.get(older).text
    alice = _rows(second)
    assert len(alice) == 30 and {actor for _s, actor in alice} == {"user:alice"}
    assert _link(second, "next") is None and "actor=alice" in _link(second, "prev")
    assert 'value="alice"' in second  # the filter form still shows the filter
