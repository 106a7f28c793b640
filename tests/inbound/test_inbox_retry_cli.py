"""`postguard inbox failed|retry-failed`: why triage failed, and sending messages back once the cause is fixed."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from postguard.auth.permissions import CLI_ACTOR
from postguard.cli import app
from postguard.settings import Settings
from postguard.store import policies
from postguard.store.db import Database
from postguard.store.inbox_models import InboxMessage
from postguard.store.models import AuditEvent
from postguard.store.setup import prepare

RECORD = {"platform": "facebook", "author_handle": "kari", "author_name": "Kari Nordmann",
          "received_at": "2026-11-23T10:00:00+01:00", "arrived_at": "official"}
NO_TIME = "UsageError: the policy's opening hours do not give"


@pytest.fixture
def data_dir(tmp_path):
    """A data directory whose active policy is open one minute a week: triage fails for every message."""
    db = Database.from_url(Settings(data_dir=tmp_path).effective_database_url)
    prepare(db)
    source = policies.bundled_policy_source()
    hours = re.search(r"  hours:\n(    \w+: .*\n)+", source).group(0)
    one_minute = source.replace(hours, '  hours:\n    mon: ["09:00-09:01"]\n')
    with db.writer() as session:
        version = policies.upload(session, actor=CLI_ACTOR, source=one_minute)
        policies.activate(session, actor=CLI_ACTOR, number=version.number)
        session.commit()
    db.dispose()
    return tmp_path


def _run(*args: str):
    return CliRunner().invoke(app, ["inbox", *args])


def _restore_opening_hours(data_dir) -> None:
    db = Database.from_url(Settings(data_dir=data_dir).effective_database_url)
    with db.writer() as session:
        policies.activate(session, actor=CLI_ACTOR, number=1)
        session.commit()
    db.dispose()


def _states(data_dir) -> dict[int, tuple[str, str | None]]:
    db = Database.from_url(Settings(data_dir=data_dir).effective_database_url)
    with db.reader() as session:
        states = {m.id: (m.triage_state, m.triage_error) for m in session.scalars(select(InboxMessage))}
        states["retries"] = session.scalar(select(func.count()).select_from(AuditEvent)
                                           .where(AuditEvent.action == "inbox.retry"))
    db.dispose()
    return states


def test_failed_lists_the_reasons_and_retry_failed_triages_them_again(data_dir):
    where = ["--data-dir", str(data_dir)]
    messages = data_dir / "in.jsonl"
    messages.write_text("\n".join(json.dumps({**RECORD, "external_id": f"r{i}", "text": text}, ensure_ascii=False)
                                  for i, text in enumerate(["Hvor er fakturaen min?", "Tusen takk!"])) + "\n",
                        encoding="utf-8")
    imported = _run("import", str(messages), "--classifier", "keywords", *where)
    assert imported.exit_code == 0 and "triaged 2 message(s)" in imported.output, imported.output

    listed = _run("failed", *where)
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0].startswith("message 1 (facebook r0, from kari, 2026-11-23T09:00:00+00:00): failed: " + NO_TIME)
    assert lines[1].startswith("message 2 (facebook r1, from kari, ") and NO_TIME in lines[1]
    assert lines[2].startswith("2 failed message(s); once the cause is fixed, `postguard inbox retry-failed`")

    still_broken = _run("retry-failed", "--id", "1", "--classifier", "keywords", *where)
    assert still_broken.exit_code == 0, still_broken.output
    assert "1 message(s) back to triage: 1" in still_broken.stdout and "triaged 0 message(s)" in still_broken.stdout
    assert f"message 1 failed again: {NO_TIME}" in still_broken.stderr

    _restore_opening_hours(data_dir)
    later = _run("retry-failed", "--id", "1", "--no-triage", *where)
    assert later.exit_code == 0 and later.output == "1 message(s) back to triage: 1\n"
    assert _states(data_dir)[1] == ("pending", None)
    now = _run("retry-failed", "--classifier", "keywords", *where)
    assert now.exit_code == 0 and now.output == "1 message(s) back to triage: 2\ntriaged 1 message(s)\n"
    assert _states(data_dir) == {1: ("pending", None), 2: ("done", None), "retries": 3}
    assert _run("failed", *where).output == "0 failed message(s)\n"


def test_a_wrong_retry_names_the_id_and_why_and_changes_nothing(data_dir):
    where = ["--data-dir", str(data_dir)]
    messages = data_dir / "in.jsonl"
    messages.write_text(json.dumps({**RECORD, "external_id": "w1", "text": "Hei"}) + "\n", encoding="utf-8")
    _run("import", str(messages), "--classifier", "keywords", *where)
    before = _states(data_dir)
    assert before[1][0] == "failed" and before["retries"] == 0

    unknown = _run("retry-failed", "--id", "1", "--id", "42", *where)
    assert unknown.exit_code == 2
    assert "no inbox message 42; nothing was sent back to triage" in unknown.output
    _restore_opening_hours(data_dir)
    _run("retry-failed", "--id", "1", "--classifier", "keywords", *where)  # now done
    done = _run("retry-failed", "--id", "1", *where)
    assert done.exit_code == 2
    assert ("message 1 is done: only a failed message goes back to triage; nothing was sent back to triage"
            in done.output)
    assert _states(data_dir) == {1: ("done", None), "retries": 1}
