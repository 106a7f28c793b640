"""`postguard advocacy …`: engagement import (and its refusal), reports, teams, hashtag counts."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from postguard.cli import app as cli_app
from service_helpers import PASSWORD

INBOX = Path(__file__).resolve().parents[2] / "src" / "postguard" / "demo" / "inbox.jsonl"


def _run(*args: str, stdin: str | None = None):
    result = CliRunner().invoke(cli_app, list(args), input=stdin)
    return result.exit_code, result.output


def test_import_report_and_team(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTGUARD_DATA_DIR", str(tmp_path / "data"))
    export = tmp_path / "li.csv"
    export.write_text("post_url,likes,comments,shares,impressions,date\n"
                      "https://www.linkedin.com/posts/1,4,1,0,80,2026-11-20\n", encoding="utf-8")
    code, out = _run("advocacy", "import-engagement", str(export))
    assert code == 0 and out.startswith("imported 1 post-day(s); 0 match a recorded share")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"post_url": "https://www.linkedin.com/posts/2", "likes": -1, "comments": 0, '
                      '"shares": 0, "impressions": 1}]', encoding="utf-8")
    code, out = _run("advocacy", "import-engagement", str(broken))
    assert code == 2 and "broken.json: item 1: likes must be a whole number" in out
    code, out = _run("advocacy", "report", "--by", "week", "--format", "json")
    assert code == 0 and json.loads(out) == []
    assert _run("advocacy", "report", "--by", "planet")[0] == 2
    assert _run("advocacy", "report", "--since", "yesterday")[0] == 2
    assert _run("users", "create", "ana", "--role", "employee", "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    assert _run("advocacy", "team", "sales", "ana") == (0, "1 person(s) in team sales\n")
    code, out = _run("advocacy", "team", "sales", "nobody")
    assert code == 2 and "no user 'nobody'" in out


def test_mentions_counts_campaign_hashtags_per_week(tmp_path):
    stream = tmp_path / "in.jsonl"
    line = json.loads(INBOX.read_text(encoding="utf-8").splitlines()[0])
    rows = [dict(line, external_id=f"m{i}", text=text) for i, text in enumerate(
        ["Love the #GreenerNorth park!", "#greenernorth again", "#GreenerNorthern is someone else", "Nordlys rocks"])]
    stream.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    code, out = _run("advocacy", "mentions", str(stream), "--keyword", "Nordlys")
    assert code == 0, out
    header, week = out.splitlines()[:2]
    columns = dict(zip(header.split("\t"), week.split("\t")))
    assert columns["#GreenerNorth"] == "2" and columns["Nordlys"] == "1" and columns["#NordlysEnergi"] == "0"
