"""``postguard inbox triage`` as a user runs it."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from postguard.cli import app

POLICY = str(Path(__file__).parent / "policy.yaml")
runner = CliRunner()
ROW = {"platform": "facebook", "author_handle": "ole", "author_name": "Ole Hansen",
       "received_at": "2026-11-24T10:00:00+01:00", "arrived_at": "official"}


def test_jsonl_one_line_per_message_and_redelivery_once(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [{**ROW, "external_id": "1", "text": "Jeg har ventet tre uker på svar. Uakseptabelt!"},
            {**ROW, "external_id": "2", "text": "Maria Berg is an idiot"},
            {**ROW, "external_id": "1", "text": "Jeg har ventet tre uker på svar. Uakseptabelt!"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["inbox", "triage", str(path), "--policy", POLICY, "--employee", "Maria Berg=mberg"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(d["external_id"], d["situation"]) for d in lines] == [("1", "complaint"), ("2", "harassment")]
    assert lines[0]["owner"]["name"] == "Kari Nordmann" and lines[0]["reply"]["language"] == "no"
    assert lines[0]["reply"]["check"]["verdict"] == "pass"
    assert lines[1]["not_assignable"] == ["Maria Berg"]
    assert "facebook:1 delivered again" in result.stderr


def test_csv(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("platform,external_id,author_handle,text,received_at,arrived_at\n"
                    "x,9,kari,Tusen takk for hjelpen!,2026-11-28T12:00:00+01:00,personal:lars\n", encoding="utf-8")
    result = runner.invoke(app, ["inbox", "triage", str(path), "--policy", POLICY])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["situation"] == "praise" and data["acknowledgement"]["language"] == "no"
    assert data["redirect"]["text"].startswith("Hei kari,")
    # Notes in the policy's default language, the owner as the handbook names it, and as codes with
    # params (the responsibility's key) to say them in another.
    assert data["notes_language"] == "en"
    assert data["notes"] == ["arrived on lars's personal profile: opened as a company conversation owned by "
                             "Customer service (Kari Nordmann)"]
    assert data["structured_notes"] == [{"code": "personal_profile_company_case",
                                         "params": {"employee": "lars", "owner": "customer_service"}}]


def test_broken_file_exits_2_with_positions(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"platform": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["inbox", "triage", str(path), "--policy", POLICY])
    assert result.exit_code == 2
    assert "in.jsonl:1:1: text: required field is missing" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_exits_2(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("hello", encoding="utf-8")
    result = runner.invoke(app, ["inbox", "triage", str(path)])
    assert result.exit_code == 2 and "use a .jsonl or .csv file" in result.output


def test_demo_inbox_runs_on_the_bundled_policy():
    import postguard

    demo = Path(postguard.__file__).parent / "demo" / "inbox.jsonl"
    result = runner.invoke(app, ["inbox", "triage", str(demo), "--no-check"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(demo.read_text(encoding="utf-8").splitlines())
