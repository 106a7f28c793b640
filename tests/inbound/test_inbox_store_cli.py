"""`postguard inbox import|forward|export-outbox` against the store (SQLite under a data directory), and what
they and `postguard inbox triage` say in each language (`--lang`, else the policy's default language)."""
from __future__ import annotations

import json
import re

import pytest
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
    # The owner as the handbook names it: the responsibility's title and who holds it, not its key.
    assert "now belongs to Customer service (Marta Zielińska)" in result.output
    assert "Hei Gunnar Lie" in result.output and "nordlys.example/help" in result.output
    # Notes in the policy's default language (the bundled policy's: English), the owner named the same way.
    assert ("note: arrived on lars's personal profile: opened as a company conversation owned by "
            "Customer service (Marta Zielińska)") in result.stderr
    exported = runner.invoke(app, ["inbox", "export-outbox", "--data-dir", str(tmp_path)])
    # The Sunday-evening acknowledgement.
    assert exported.exit_code == 0
    assert exported.output == f"replies exported: 1 (appended to {tmp_path / 'outbox' / 'replies.jsonl'})\n"
    line = json.loads((tmp_path / "outbox" / "replies.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["kind"] == "acknowledgement" and line["to"] == "gunnar.l" and line["language"] == "no"
    again = runner.invoke(app, ["inbox", "export-outbox", "--data-dir", str(tmp_path)])
    assert again.output == "no replies waiting to be exported\n"


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
    assert "należy teraz do: Obsługa klienta (Marta Zielińska)" in polish.output
    assert "wyślij tę odpowiedź ze swojego profilu (no; kontrola: " in polish.output
    assert "uwaga: " in polish.stderr and "note:" not in polish.stderr


#: A message that arrives on a Sunday evening (acknowledged in the outbox), delivered twice in one file.
SUNDAY = {**RECORD, "external_id": "s1", "text": "Hvorfor er fakturaen min så høy?",
          "received_at": "2026-11-22T21:15:00+01:00"}

#: (import's two lines on a first import, export-outbox's line, its line with nothing left, triage's
#: line on stderr for a message delivered twice) in each language; {file} and {path} are filled in.
SAID = {
    "en": (["{file}: 1 message(s) stored, 0 already there", "triaged 1 message(s)"],
           "replies exported: 1 (appended to {path})", "no replies waiting to be exported",
           "postguard: facebook:s1 delivered again; triaged once"),
    "pl": (["{file}: zapisane wiadomości: 1; zapisane już wcześniej: 0", "posegregowane wiadomości: 1"],
           "wyeksportowane odpowiedzi: 1 (dopisane do {path})", "brak odpowiedzi czekających na eksport",
           "postguard: wiadomość facebook:s1 dostarczona ponownie; posegregowana tylko raz"),
    "no": (["{file}: 1 melding(er) lagret, 0 fantes fra før", "1 melding(er) sortert"],
           "svar eksportert: 1 (lagt til i {path})", "ingen svar venter på eksport",
           "postguard: melding facebook:s1 levert på nytt; sortert bare én gang"),
    "sv": (["{file}: 1 meddelande(n) sparade, 0 fanns redan", "1 meddelande(n) sorterade"],
           "exporterade svar: 1 (tillagda i {path})", "inga svar väntar på export",
           "postguard: meddelandet facebook:s1 levererades igen; sorterades bara en gång"),
    "he": (["{file}: הודעות שנשמרו: 1; כבר היו שמורות: 0", "הודעות שמוינו: 1"],
           "תשובות שיוצאו: 1 (נוספו לקובץ {path})", "אין תשובות שממתינות לייצוא",
           "postguard: ההודעה facebook:s1 נמסרה שוב; מוינה פעם אחת בלבד"),
    "nl": (["{file}: 1 bericht(en) opgeslagen, 0 waren er al", "1 bericht(en) getrieerd"],
           "geëxporteerde antwoorden: 1 (toegevoegd aan {path})", "geen antwoorden die wachten op export",
           "postguard: bericht facebook:s1 opnieuw afgeleverd; maar één keer getrieerd"),
}


@pytest.mark.parametrize("language", sorted(SAID))
def test_import_export_and_triage_speak_the_language_asked_for(tmp_path, language):
    runner = CliRunner()
    file, path = tmp_path / "in.jsonl", tmp_path / "outbox" / "replies.jsonl"
    _write(file, [SUNDAY, SUNDAY])
    imported_lines, exported_line, nothing_line, again_line = SAID[language]
    where = ["--data-dir", str(tmp_path), "--lang", language]
    imported = runner.invoke(app, ["inbox", "import", str(file), "--classifier", "keywords", *where])
    assert imported.exit_code == 0, imported.output
    assert imported.output.splitlines() == [line.format(file=file) for line in imported_lines]
    exported = runner.invoke(app, ["inbox", "export-outbox", *where])
    assert exported.exit_code == 0 and exported.output == exported_line.format(path=path) + "\n"
    assert runner.invoke(app, ["inbox", "export-outbox", *where]).output == nothing_line + "\n"
    triaged = runner.invoke(app, ["inbox", "triage", str(file), "--classifier", "keywords", "--no-check",
                                  "--lang", language])
    assert triaged.exit_code == 0, triaged.output
    assert triaged.stderr == again_line + "\n"
    assert json.loads(triaged.stdout)["external_id"] == "s1"  # the JSON line is the same in every language
    if language != "en":
        said = imported.output + exported.output + triaged.stderr
        words = set(re.findall(r"\w+", said.replace(str(path), "").replace(str(file), "")))
        assert not {"message", "stored", "already", "triaged", "replies", "exported", "delivered", "again"} & words


def test_an_unknown_lang_is_refused_before_anything_is_stored_or_exported(tmp_path):
    runner = CliRunner()
    file = tmp_path / "in.jsonl"
    _write(file, [SUNDAY])
    for command in (["import", str(file)], ["export-outbox"], ["triage", str(file)]):
        refused = runner.invoke(app, ["inbox", *command, "--lang", "de", "--data-dir", str(tmp_path)]
                                if command[0] != "triage" else ["inbox", *command, "--lang", "de"])
        assert refused.exit_code == 2 and "--lang 'de': use one of en, pl, no, sv, he, nl" in refused.output
        assert refused.stdout == ""
    assert _count(tmp_path, InboxMessage) == 0


def test_without_lang_import_and_export_speak_the_policys_default_language(tmp_path):
    from postguard.auth.permissions import CLI_ACTOR
    from postguard.cli._service import open_database
    from postguard.store import policies

    db = open_database(Settings(data_dir=tmp_path))
    with db.writer() as session:
        source = policies.active(session).source
        version = policies.upload(session, actor=CLI_ACTOR, source=source.replace("  default: en\n", "  default: he\n"))
        policies.activate(session, actor=CLI_ACTOR, number=version.number)
        session.commit()
    db.dispose()
    runner = CliRunner()
    file = tmp_path / "in.jsonl"
    _write(file, [SUNDAY])
    imported = runner.invoke(app, ["inbox", "import", str(file), "--classifier", "keywords", "--data-dir", str(tmp_path)])
    assert imported.output.splitlines() == [f"{file}: הודעות שנשמרו: 1; כבר היו שמורות: 0", "הודעות שמוינו: 1"]
    exported = runner.invoke(app, ["inbox", "export-outbox", "--data-dir", str(tmp_path)])
    assert exported.output.startswith("תשובות שיוצאו: 1 (")
    # The policy file a triage is given decides it too.
    policy = tmp_path / "policy.yaml"
    policy.write_text(source.replace("  default: en\n", "  default: pl\n"), encoding="utf-8")
    _write(file, [SUNDAY, SUNDAY])
    triaged = runner.invoke(app, ["inbox", "triage", str(file), "--policy", str(policy), "--classifier", "keywords",
                                  "--no-check"])
    assert triaged.exit_code == 0, triaged.output
    assert triaged.stderr.startswith("postguard: wiadomość facebook:s1 dostarczona ponownie")
