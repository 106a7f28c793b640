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
NO_TIME = "the policy's opening hours do not give"


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


def _fail_two(data_dir) -> list[str]:
    where = ["--data-dir", str(data_dir)]
    messages = data_dir / "in.jsonl"
    messages.write_text("\n".join(json.dumps({**RECORD, "external_id": f"l{i}", "text": text}, ensure_ascii=False)
                                  for i, text in enumerate(["Hvor er fakturaen min?", "Tusen takk!"])) + "\n",
                        encoding="utf-8")
    assert _run("import", str(messages), "--classifier", "keywords", *where).exit_code == 0
    return where


#: (--lang, the first failed line, the summary line, a retried message failing again) in each language.
SAID = {
    "en": ("message 1 (facebook l0, from kari, 2026-11-23T09:00:00+00:00): failed: the policy's opening hours do "
           "not give 8 business hours within 400 days",
           "2 failed message(s); once the cause is fixed, `postguard inbox retry-failed` sends them back to triage",
           "message 1 failed again: the policy's opening hours do not give 8 business hours within 400 days"),
    "pl": ("wiadomość 1 (facebook l0, od: kari, 2026-11-23T09:00:00+00:00): niepowodzenie: godziny pracy podane w "
           "polityce nie dają 8 godzin roboczych w ciągu 400 dni",
           "wiadomości, których segregacja się nie powiodła: 2; po usunięciu przyczyny `postguard inbox retry-failed` "
           "odsyła je z powrotem do segregacji",
           "segregacja wiadomości 1 znów się nie powiodła: godziny pracy podane w polityce nie dają 8 godzin "
           "roboczych w ciągu 400 dni"),
    "no": ("melding 1 (facebook l0, fra kari, 2026-11-23T09:00:00+00:00): feilet: åpningstidene i retningslinjene "
           "gir ikke 8 arbeidstimer innen 400 dager",
           "2 melding(er) feilet; når årsaken er rettet, sender `postguard inbox retry-failed` dem tilbake til "
           "sortering",
           "melding 1 feilet igjen: åpningstidene i retningslinjene gir ikke 8 arbeidstimer innen 400 dager"),
    "sv": ("meddelande 1 (facebook l0, från kari, 2026-11-23T09:00:00+00:00): misslyckades: öppettiderna i policyn "
           "ger inte 8 arbetstimmar inom 400 dagar",
           "2 meddelande(n) misslyckades; när orsaken är åtgärdad skickar `postguard inbox retry-failed` tillbaka "
           "dem till sortering",
           "meddelande 1 misslyckades igen: öppettiderna i policyn ger inte 8 arbetstimmar inom 400 dagar"),
    "he": ("הודעה 1 (facebook l0, מאת kari, 2026-11-23T09:00:00+00:00): נכשלה: שעות הפעילות שבמדיניות אינן "
           "מספקות 8 שעות עבודה בתוך 400 ימים",
           "הודעות שנכשלו: 2; לאחר תיקון הסיבה, `postguard inbox retry-failed` מחזיר אותן למיון",
           "הודעה 1 נכשלה שוב: שעות הפעילות שבמדיניות אינן מספקות 8 שעות עבודה בתוך 400 ימים"),
    "nl": ("bericht 1 (facebook l0, van kari, 2026-11-23T09:00:00+00:00): mislukt: de openingstijden in het beleid "
           "geven geen 8 werkuren binnen 400 dagen",
           "2 mislukt(e) bericht(en); zodra de oorzaak verholpen is, stuurt `postguard inbox retry-failed` ze terug "
           "naar de triage",
           "bericht 1 is opnieuw mislukt: de openingstijden in het beleid geven geen 8 werkuren binnen 400 dagen"),
}


#: What retry-failed prints for one message sent back that fails again, in each language.
RETRIED = {"en": ["1 message(s) back to triage: 1", "triaged 0 message(s)"],
           "pl": ["wiadomości odesłane do segregacji (1): 1", "posegregowane wiadomości: 0"],
           "no": ["1 melding(er) sendt tilbake til sortering: 1", "0 melding(er) sortert"],
           "sv": ["1 meddelande(n) tillbaka till sortering: 1", "0 meddelande(n) sorterade"],
           "he": ["הודעות שהוחזרו למיון (1): 1", "הודעות שמוינו: 0"],
           "nl": ["1 bericht(en) terug naar de triage: 1", "0 bericht(en) getrieerd"]}


@pytest.mark.parametrize("language", sorted(SAID))
def test_failed_and_retry_failed_say_why_in_the_language_asked_for(data_dir, language):
    where = _fail_two(data_dir)
    first, summary, again = SAID[language]
    listed = _run("failed", "--lang", language, *where)
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert (lines[0], lines[-1]) == (first, summary)
    retried = _run("retry-failed", "--id", "1", "--classifier", "keywords", "--lang", language, *where)
    assert retried.exit_code == 0, retried.output
    assert retried.stdout.splitlines() == RETRIED[language]
    assert retried.stderr.strip() == again
    if language != "en":
        words = set(re.findall(r"\w+", (listed.output + retried.output).replace("retry-failed", "")))
        assert not {"message", "messages", "failed", "again", "triaged", "back", "business", "hours"} & words


def test_a_reason_without_a_code_is_shown_as_stored_and_none_is_said_so(data_dir):
    """Messages that failed before failures had codes keep their English text; before reasons were kept, none."""
    where = _fail_two(data_dir)
    db = Database.from_url(Settings(data_dir=data_dir).effective_database_url)
    with db.writer() as session:
        old, older = session.get(InboxMessage, 1), session.get(InboxMessage, 2)
        old.triage_error = "UsageError: the policy's opening hours do not give 8.0 business hours"
        old.triage_failure = None
        older.triage_error, older.triage_failure = None, None
        session.commit()
    db.dispose()
    lines = _run("failed", "--lang", "sv", *where).output.splitlines()
    assert lines[0].endswith(": misslyckades: UsageError: the policy's opening hours do not give 8.0 business hours")
    assert lines[1].endswith(": misslyckades: ingen orsak sparad (felet inträffade innan orsaker sparades; se loggen)")
    assert _run("failed", "--lang", "de", *where).exit_code == 2


def test_without_lang_the_policys_default_language_is_used(data_dir):
    where = _fail_two(data_dir)
    db = Database.from_url(Settings(data_dir=data_dir).effective_database_url)
    with db.writer() as session:
        source = policies.active(session).source
        version = policies.upload(session, actor=CLI_ACTOR, source=source.replace("  default: en\n", "  default: nl\n"))
        policies.activate(session, actor=CLI_ACTOR, number=version.number)
        session.commit()
    db.dispose()
    assert _run("failed", *where).output.splitlines()[-1].startswith("2 mislukt(e) bericht(en); ")
