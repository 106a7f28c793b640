"""``postguard check`` as a user runs it: inputs, formats, exit codes, bad input."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from postguard.cli import app

DATA = Path(__file__).parent.parent / "data"
SPAMMY = "Nowa praca w zespole! #a #b #c #d #e #f #g"
runner = CliRunner()


def run(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_text_output_underlines_the_span_and_says_what_to_do():
    result = run("check", "--lang", "pl", "--no-color", SPAMMY)
    assert result.exit_code == 0, result.output  # a warning does not block
    lines = result.output.splitlines()
    caret_line = next(line for line in lines if "^" in line)
    source_line = lines[lines.index(caret_line) - 1]
    start = caret_line.index("^")
    assert source_line[start:start + 2] == "#f"
    assert "zamiast tego:" in result.output
    assert "PG701 too-many-hashtags [warn]" in result.output


def test_a_draft_the_checks_cannot_read_says_so_and_what_to_do():
    result = run("check", "--no-color", "Wann kommt endlich meine Rückerstattung? Ich warte seit drei Wochen.")
    assert result.exit_code == 0, result.output  # a warning does not block
    assert "written in a language the checks do not read (de)" in result.output
    assert "check before publishing" in result.output and "language: de (detected)" in result.output


def test_json_has_one_object_per_input_with_the_contract():
    result = run("check", "--format", "json", "--lang", "en", SPAMMY, "A calm sentence about work.")
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [o["verdict"] for o in objects] == ["warn", "pass"]
    assert objects[0]["findings"][0]["code"] == "PG701"
    assert objects[0]["policy"]["version"]


def test_sarif_is_valid_shape_with_rules_and_regions():
    result = run("check", "--format", "sarif", "--lang", "en", SPAMMY)
    sarif = json.loads(result.output)
    run0 = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    assert run0["tool"]["driver"]["rules"][0]["id"] == "PG701"
    region = run0["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert SPAMMY[region["charOffset"]:region["charOffset"] + region["charLength"]] == "#f #g"
    assert region["startLine"] == 1 and region["startColumn"] == region["charOffset"] + 1


def test_files_and_stdin(tmp_path):
    first = tmp_path / "one.txt"
    first.write_text(SPAMMY, encoding="utf-8")
    second = tmp_path / "two.txt"
    second.write_text("Spokojny wpis o pracy.", encoding="utf-8")
    result = run("check", "--format", "json", "-f", str(first), "-f", str(second))
    sources = [json.loads(line)["source"] for line in result.output.splitlines()]
    assert sources == [str(first), str(second)]
    piped = run("check", "--format", "json", "-", stdin=SPAMMY)
    assert json.loads(piped.output)["source"] == "<stdin>"


def test_bad_input_is_a_clear_error_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe broken")
    result = run("check", "-f", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:1: not valid UTF-8" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert "empty" in run("check", "-f", str(empty)).output
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "binary" in run("check", "-f", str(binary)).output
    huge = tmp_path / "huge.txt"
    huge.write_text("a" * 5_000_001, encoding="utf-8")
    result = run("check", "-f", str(huge))
    assert result.exit_code == 2 and "too large" in result.output
    assert run("check", "--format", "xml", "hi").exit_code == 2
    assert run("check", "--channel", "myspace", "hi").exit_code == 2
    assert run("check", "--at", "tomorrow", "hi").exit_code == 2
    assert run("check", "-f", str(tmp_path / "missing.txt")).exit_code == 2


def test_eml_parts_are_checked_and_reported_per_part():
    result = run("check", "--format", "json", "--eml", str(DATA / "external.eml"))
    report = json.loads(result.output)
    assert report["meta"]["parts"] == ["subject", "body", "attachment:1"]
    assert report["meta"]["recipients"] == ["partner@othercompany.example", "lars@fjordline.example"]
    spam = [f for f in report["findings"] if f["code"] == "PG701"]
    assert spam and spam[0]["part"] == "subject"


def test_an_email_in_a_language_the_checks_cannot_read_is_not_passed(tmp_path):
    mail = tmp_path / "german.eml"
    mail.write_text("From: anna@nordlys.example\nTo: kunde@example.de\nSubject: Ihre Rechnung\n\n"
                    "Guten Tag, vielen Dank für Ihre Nachricht. Wir prüfen Ihre Rechnung und melden uns morgen.\n",
                    encoding="utf-8")
    report = json.loads(run("check", "--format", "json", "--eml", str(mail)).output)
    assert report["unread_language"] == "de" and report["verdict"] == "warn"


def test_broken_eml_is_refused(tmp_path):
    broken = tmp_path / "broken.eml"
    broken.write_bytes(b"this is not an e-mail at all\n")
    result = run("check", "--eml", str(broken))
    assert result.exit_code == 2 and "not an e-mail" in result.output


def test_attached_media_without_source_is_reported_and_a_licence_clears_it():
    bare = run("check", "--format", "json", "--lang", "no", "--attach", "skjermbilde.png", "Nytt bilde fra messa")
    assert "PG801" in [f["code"] for f in json.loads(bare.output)["findings"]]
    credited = run("check", "--format", "json", "--lang", "no",
                   "--attach", "skjermbilde.png;source=Nordlys mediebank;licence=intern", "Nytt bilde fra messa")
    assert "PG801" not in [f["code"] for f in json.loads(credited.output)["findings"]]


def test_bad_attachment_and_recipient_options_are_usage_errors():
    assert run("check", "--attach", ";source=x", "hi").exit_code == 2
    assert run("check", "--attach", "a.png;author=me", "hi").exit_code == 2
    result = run("check", "--to", "not-an-address", "hi")
    assert result.exit_code == 2 and "--to" in result.output


def test_recipients_decide_whether_confidential_text_leaves_the_company():
    text = "Here is the plan for Project Falcon, details inside."
    args = ("check", "--format", "json", "--no-models", "--kind", "email", "--channel", "email", "--lang", "en")
    external = json.loads(run(*args, "--to", "partner@othercompany.example", text).output)
    internal = json.loads(run(*args, "--to", "ola@nordlys.example", text).output)
    assert "PG150" in [f["code"] for f in external["findings"]]
    assert "PG150" not in [f["code"] for f in internal["findings"]]
