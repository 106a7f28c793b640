"""`postguard inbox import|forward|export-outbox` against the store (SQLite under a data directory)."""
from __future__ import annotations

import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from postguard.cli import app
from postguard.settings import Settings
from postguard.store.db import Database
from postguard.store.inbox_models import InboxConversation, InboxMessage

RECORD = {"platform": "facebook", "author_handle": "kari", "author_name": "Kari Nordmann",
          "received_at": "2026-11-23T10:00:00+01:00", "arrived_at": "official"}


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def _count(tmp_path, model) -> int:
    if not (tmp_path / "postguard.db").exists():
        return 0  # refused before the database was even opened
    db = Database.from_url(Settings(data_dir=tmp_path).effective_database_url)
    try:
        with db.reader() as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        db.dispose()


def test_import_stores_triages_and_skips_redeliveries(tmp_path):
    runner = CliRunner()
    good = tmp_path / "in.jsonl"
    _write(good, [{**RECORD, "external_id": "a1", "text": "Hvorfor er fakturaen min så høy?"},
                  {**RECORD, "external_id": "a2", "text": "Tusen takk for hjelpen!", "author_handle": "ola"}])
    args = ["--data-dir", str(tmp_path), "--classifier", "keywords"]
    first = runner.invoke(app, ["inbox", "import", str(good), *args])
    assert first.exit_code == 0, first.output
    assert "2 message(s) stored, 0 already there" in first.output and "triaged 2" in first.output
    again = runner.invoke(app, ["inbox", "import", str(good), *args])
    assert "0 message(s) stored, 2 already there" in again.output
    assert _count(tmp_path, InboxMessage) == 2 and _count(tmp_path, InboxConversation) == 2


def test_a_file_with_a_bad_message_stores_nothing(tmp_path):
    runner = CliRunner()
    runner.invoke(app, ["inbox", "import", str(tmp_path / "none.jsonl"), "--data-dir", str(tmp_path)])
    bad = tmp_path / "bad.jsonl"
    _write(bad, [{**RECORD, "external_id": "b1", "text": "fine"},
                 {**RECORD, "external_id": "b2", "text": "no zone", "received_at": "2026-11-23T10:00:00"}])
    result = runner.invoke(app, ["inbox", "import", str(bad), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad.jsonl:2:" in result.output and "received_at" in result.output and "nothing was imported" in result.output
    assert _count(tmp_path, InboxMessage) == 0


def test_forward_prints_the_redirect_reply_and_export_writes_the_outbox(tmp_path):
    runner = CliRunner()
    created = runner.invoke(app, ["users", "create", "lars", "--role", "employee", "--display-name", "Lars Eriksen",
                                  "--password-stdin", "--data-dir", str(tmp_path)], input="correct horse battery\n")
    assert created.exit_code == 0, created.output
    result = runner.invoke(app, ["inbox", "forward", "Hei Lars, kan du se på strømavtalen min igjen?",
                                 "--employee", "lars", "--platform", "messenger", "--author", "gunnar.l",
                                 "--name", "Gunnar Lie", "--received-at", "2026-11-22T21:15:00+01:00",
                                 "--classifier", "keywords", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "now belongs to customer_service" in result.output
    assert "Hei Gunnar Lie" in result.output and "nordlys.example/help" in result.output
    # Notes in the policy's default language (the bundled policy's: English).
    assert "note: arrived on lars's personal profile: opened as a company conversation owned by customer_service" \
        in result.stderr
    exported = runner.invoke(app, ["inbox", "export-outbox", "--data-dir", str(tmp_path)])
    assert exported.exit_code == 0 and "1 reply exported" in exported.output  # the Sunday-evening acknowledgement
    line = json.loads((tmp_path / "outbox" / "replies.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["kind"] == "acknowledgement" and line["to"] == "gunnar.l" and line["language"] == "no"
    assert "0 replies exported" in runner.invoke(app, ["inbox", "export-outbox", "--data-dir", str(tmp_path)]).output


def test_forward_speaks_the_language_asked_for_and_refuses_an_unknown_one(tmp_path):
    runner = CliRunner()
    created = runner.invoke(app, ["users", "create", "lars", "--role", "employee", "--password-stdin",
                                  "--data-dir", str(tmp_path)], input="correct horse battery\n")
    assert created.exit_code == 0, created.output
    wrong = runner.invoke(app, ["inbox", "forward", "Hei", "--employee", "lars", "--platform", "messenger",
                                "--author", "gunnar.l", "--lang", "de", "--data-dir", str(tmp_path)])
    assert wrong.exit_code == 2 and "--lang 'de': use one of en, pl, no, sv, he, nl" in wrong.output
    assert _count(tmp_path, InboxMessage) == 0  # refused before anything was stored
    polish = runner.invoke(app, ["inbox", "forward", "Hei, har du sett på avtalen min?", "--employee", "lars",
                                 "--platform", "messenger", "--author", "gunnar.l", "--classifier", "keywords",
                                 "--received-at", "2026-11-22T21:20:00+01:00", "--lang", "pl",
                                 "--data-dir", str(tmp_path)])
    assert polish.exit_code == 0, polish.output
    assert "należy teraz do: customer_service" in polish.output
    assert "wyślij tę odpowiedź ze swojego profilu (no; kontrola: " in polish.output
    assert "uwaga: " in polish.stderr and "note:" not in polish.stderr
