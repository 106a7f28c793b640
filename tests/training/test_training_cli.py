"""`postguard training invite-candidate|status|remind|set-department` and the demo's training data."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from postguard.cli import app


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_demo_company_has_acknowledgements_partly_done(tmp_path):
    assert run("demo", "--no-serve", "--no-color", "--data-dir", str(tmp_path)).exit_code == 0
    status = json.loads(run("training", "status", "--format", "json", "--data-dir", str(tmp_path)).stdout)
    done = {p["username"] for p in status["people"] if p["acknowledged_at"]}
    assert done == {"lead", "reviewer", "spokesperson"}
    departments = {d["department"]: (d["acknowledged"], d["total"], d["quiz_passed"]) for d in status["departments"]}
    # The advocacy demo's extra colleagues have no department: they are counted apart, under "".
    unassigned = departments.pop("", (0, 0, 0))
    assert departments == {"IT": (0, 1, 0), "Kommunikasjon": (2, 2, 0), "Kundeservice": (1, 2, 1)}
    assert unassigned[0] == 0 and unassigned[2] == 0
    assert status["candidates"] == {"acknowledged": 0, "total": 1}


def test_invite_status_remind_and_department(tmp_path):
    data = ["--data-dir", str(tmp_path)]
    invited = run("training", "invite-candidate", "jan", "--name", "Jan Kowalski", "--lang", "pl",
                  "--department", "Sprzedaż", "--base-url", "https://pg.example", *data)
    assert invited.exit_code == 0, invited.output
    assert invited.stdout.strip().startswith("https://pg.example/ui/training/candidate/")
    assert run("training", "set-department", "jan", "Handel", *data).exit_code == 0
    status = run("training", "status", "--outstanding", *data)
    assert status.exit_code == 0 and "jan\tcandidate\tHandel\tNOT acknowledged" in status.stdout

    dry = run("training", "remind", "--dry-run", *data)
    assert dry.exit_code == 0 and "would remind: jan" in dry.output
    sent = run("training", "remind", "--via", "stdout", "--base-url", "https://pg.example", *data)
    assert sent.exit_code == 0 and "Subject: Przeczytaj i zaakceptuj" in sent.stdout
    assert "https://pg.example/ui/training/candidate/" in sent.stdout  # a fresh personal link
    assert "1 reminder(s)" in run("training", "status", *data).stdout
    assert "reminded (stdout): nobody" in run("training", "remind", "--via", "stdout", *data).output


def test_bad_input_exits_2_with_the_reason(tmp_path):
    data = ["--data-dir", str(tmp_path)]
    bad_via = run("training", "remind", "--via", "pigeon", *data)
    assert bad_via.exit_code == 2 and "--via must be notification or stdout" in bad_via.output
    bad_lang = run("training", "invite-candidate", "x1", "--lang", "tlh", *data)
    assert bad_lang.exit_code == 2 and "unsupported language 'tlh'" in bad_lang.output
    unknown = run("training", "set-department", "nobody", "X", *data)
    assert unknown.exit_code == 2 and "no user 'nobody'" in unknown.output
