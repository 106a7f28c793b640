import json

import pytest
from typer.testing import CliRunner

from postguard.cli import app

runner = CliRunner()


def write_stream(path, comments):
    path.write_text("".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in comments), encoding="utf-8")


def invoke(*args):
    """Run the CLI; postguard's errors come back as exit code 2 and one line of text."""
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_scan_list_show_export(builder, tmp_path):
    builder.ordinary()
    builder.campaign()
    stream = tmp_path / "comments.jsonl"
    write_stream(stream, reversed(builder.stream()))  # any order: the scan sorts by time
    state = ("--data-dir", str(tmp_path / "data"))
    code, out = invoke("incidents", "scan", str(stream), *state)
    assert code == 0, out
    assert "1 incident(s) opened" in out and "INC-0001" in out
    code, out = invoke("incidents", "scan", str(stream), *state)
    assert code == 0 and "0 new; 0 incident(s) opened, 0 grown" in out
    code, out = invoke("incidents", "list", *state)
    assert "INC-0001" in out and "leader=ex_employee" in out
    code, out = invoke("incidents", "show", "INC-0001", *state, "--lang", "sv")
    assert "fake0" in out and "Så hanterar du en samordnad kampanj" in out
    code, out = invoke("incidents", "export", "INC-0001", "--out", str(tmp_path / "out"), *state)
    assert code == 0, out
    bundle = json.loads((tmp_path / "out" / "INC-0001.json").read_text(encoding="utf-8"))
    assert bundle["bundle_sha256"] in out and f"audit event {bundle['audit']['export_event']}" in out
    assert sorted(p.name for p in (tmp_path / "out").glob("*.html")) == [
        f"INC-0001.{lang}.html" for lang in sorted(["en", "pl", "no", "sv", "he", "nl"])]
    code, out = invoke("incidents", "ack", "INC-0001", *state, "--note", "lawyer informed")
    assert code == 0 and "acknowledged" in out
    code, out = invoke("incidents", "ack", "INC-0001", *state)
    assert code == 2 and "is acknowledged; it can move to resolved" in out
    code, out = invoke("incidents", "list", "--state", "acknowledged", *state)
    assert "INC-0001" in out
    # Every change and the export are links of the audit chain, which still verifies.
    code, out = invoke("audit", "verify", *state)
    assert code == 0, out


@pytest.mark.parametrize("line, message", [
    ("{not json", "not valid JSON"),
    ('{"platform": "x"}', "missing field(s): id, thread, author, text, at"),
    ('{"platform": "x", "id": 1, "thread": "t", "author": "a", "text": "hi", "at": "yesterday"}', "not an ISO 8601 time"),
    ('{"platform": "x", "id": 1, "thread": "t", "author": "a", "text": "hi", "at": 1, "colour": "red"}', "unknown field(s): colour"),
    ("[1, 2]", "expected a JSON object"),
])
def test_malformed_line_names_its_line(tmp_path, line, message):
    good = '{"platform": "x", "id": 1, "thread": "t", "author": "a", "text": "hi", "at": "2026-01-01T10:00:00Z"}'
    stream = tmp_path / "bad.jsonl"
    stream.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
    code, out = invoke("incidents", "scan", str(stream), "--data-dir", str(tmp_path / "data"))
    assert code == 2
    assert f"{stream}:3:" in out and message in out
    assert not (tmp_path / "data").exists()  # nothing was stored, not even the good first line


def test_invalid_utf8_empty_file_and_unknown_incident(tmp_path):
    stream = tmp_path / "bin.jsonl"
    good = b'{"platform": "x", "id": 1, "thread": "t", "author": "a", "text": "hi", "at": "2026-01-01T10:00:00Z"}'
    stream.write_bytes(good + b'\n\xff\xfe\n')
    data = ("--data-dir", str(tmp_path / "data"))
    code, out = invoke("incidents", "scan", str(stream), *data)
    assert code == 2 and f"{stream}:2: not UTF-8" in out
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, out = invoke("incidents", "scan", str(empty), *data)
    assert code == 2 and "no comments" in out
    code, out = invoke("incidents", "show", "INC-0042", *data)
    assert code == 2 and "no incident 'INC-0042'" in out


def test_the_real_command_exits_2_with_the_message(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    stream = tmp_path / "bad.jsonl"
    stream.write_text("{oops\n", encoding="utf-8")
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run([sys.executable, "-m", "postguard", "incidents", "scan", str(stream), "--data-dir", str(tmp_path / "data")],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(src)}, timeout=60)
    assert done.returncode == 2
    assert f"{stream}:1: not valid JSON" in done.stderr and "Traceback" not in done.stderr
